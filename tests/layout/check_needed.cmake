# SPDX-License-Identifier: GPL-2.0-or-later
# The command line must not load libpcap at start: reading files never uses
# it, and with the D-Bus and systemd libraries Debian builds it against it
# was a third of a small capture's run (src/capture/libpcap_loader.hpp loads
# it for filters and live capture).  Usage: cmake -DBIN=... -P this file.
find_program(READELF readelf REQUIRED)
execute_process(COMMAND ${READELF} -d ${BIN} OUTPUT_VARIABLE dyn
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "readelf -d ${BIN} failed")
endif()
string(REGEX MATCHALL "Shared library: \\[[^]]+\\]" needed "${dyn}")
if(NOT needed)
  message(FATAL_ERROR "${BIN} names no shared library: not a dynamic ELF?")
endif()
foreach(lib IN LISTS needed)
  if(lib MATCHES "libpcap|libdbus|libsystemd")
    message(FATAL_ERROR "${BIN} loads ${lib} at start")
  endif()
endforeach()
message(STATUS "${BIN}: ${needed}")
