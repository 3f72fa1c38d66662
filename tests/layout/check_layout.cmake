# SPDX-License-Identifier: GPL-2.0-or-later
#
# The one direction of flow, checked on the sources (cmake -DROOT=... -P):
#   capture -> decoding -> flows and reassembly -> dissectors -> session
#   model -> outputs.
# 1. A protocol folder under dissectors/ includes its own headers, the
#    shared folders and the engine's public headers up to the dissector
#    interface -- never another protocol's folder, never src/.
# 2. The shared dissector folders include only shared folders below them.
# 3. A public header in include/tracelab/ includes only headers of its own
#    stage or an earlier one.
# 4. A stage under src/ reaches into another stage's folder ("../x/") only
#    when that stage comes earlier.
# Every violation is listed; any fails the test.

cmake_minimum_required(VERSION 3.20)

if(NOT ROOT)
  message(FATAL_ERROR "usage: cmake -DROOT=<source dir> -P check_layout.cmake")
endif()

set(problems "")
set(checked 0)

# Shared dissector folders and what each may include besides itself.
set(shared_common "")
set(shared_mail "common")
set(shared_content "common")
set(shared_folders common mail content)

# Stage of each public header (a header may include ranks <= its own).
set(rank_text 0)
set(rank_files 0)
set(rank_keylog 0)
set(rank_capture 1)
set(rank_bpf 1)
set(rank_live 1)
set(rank_pcapng_writer 1)
set(rank_capture_files 1)
set(rank_decode 2)
set(rank_session 3)
set(rank_dissector 4)
set(rank_findings 4)
set(rank_flow 5)
set(rank_frame_sink 6)
set(rank_pipeline 7)
set(rank_model 7)
set(rank_explain 8)
set(rank_output 9)
set(rank_extract 9)
set(rank_grade 9)
# Dissectors see the public headers up to their own interface.
set(dissector_rank 4)

# Order of the stages under src/.
set(stage_order core capture decode flow model explain columns output pipeline
    grade cli)

function(includes_of file out)
  file(STRINGS "${file}" lines REGEX "^[ \t]*#[ \t]*include[ \t]*\"")
  set(result "")
  foreach(l IN LISTS lines)
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"]+)\".*" "\\1" inc "${l}")
    list(APPEND result "${inc}")
  endforeach()
  set(${out} "${result}" PARENT_SCOPE)
endfunction()

# 1 and 2: dissectors/.
file(GLOB_RECURSE dissector_files RELATIVE "${ROOT}/dissectors"
     "${ROOT}/dissectors/*.hpp" "${ROOT}/dissectors/*.cpp")
foreach(rel IN LISTS dissector_files)
  math(EXPR checked "${checked} + 1")
  string(FIND "${rel}" "/" slash)
  if(slash LESS 0)  # registry.cpp: the one place that names every protocol
    continue()
  endif()
  string(SUBSTRING "${rel}" 0 ${slash} folder)
  includes_of("${ROOT}/dissectors/${rel}" incs)
  foreach(inc IN LISTS incs)
    string(FIND "${inc}" "/" s)
    if(s LESS 0)  # a header beside the file
      continue()
    endif()
    string(SUBSTRING "${inc}" 0 ${s} target)
    if(target STREQUAL "tracelab")
      string(REGEX REPLACE "^tracelab/([a-z_]+)\\.hpp$" "\\1" h "${inc}")
      if(NOT DEFINED rank_${h})
        list(APPEND problems "dissectors/${rel}: ${inc} has no stage in this check")
      elseif(rank_${h} GREATER dissector_rank)
        list(APPEND problems "dissectors/${rel}: ${inc} belongs to a later stage than the dissectors")
      endif()
      continue()
    endif()
    if(target STREQUAL folder)
      continue()
    endif()
    if(folder IN_LIST shared_folders)
      if(NOT target IN_LIST shared_${folder})
        list(APPEND problems "dissectors/${rel}: shared folder ${folder}/ includes ${inc}")
      endif()
    elseif(NOT target IN_LIST shared_folders)
      list(APPEND problems "dissectors/${rel}: protocol ${folder}/ includes ${inc} (another protocol's or the engine's internals)")
    endif()
  endforeach()
endforeach()

# 3: include/tracelab/.
file(GLOB public_headers "${ROOT}/include/tracelab/*.hpp")
foreach(file IN LISTS public_headers)
  math(EXPR checked "${checked} + 1")
  get_filename_component(name "${file}" NAME_WE)
  if(NOT DEFINED rank_${name})
    list(APPEND problems "include/tracelab/${name}.hpp has no stage in this check")
    continue()
  endif()
  includes_of("${file}" incs)
  foreach(inc IN LISTS incs)
    if(NOT inc MATCHES "^tracelab/([a-z_]+)\\.hpp$")
      list(APPEND problems "include/tracelab/${name}.hpp includes ${inc}, outside the public headers")
      continue()
    endif()
    set(h "${CMAKE_MATCH_1}")
    if(rank_${h} GREATER rank_${name})
      list(APPEND problems "include/tracelab/${name}.hpp includes ${inc}, a later stage")
    endif()
  endforeach()
endforeach()

# 4: src/.
foreach(stage IN LISTS stage_order)
  list(FIND stage_order ${stage} mine)
  file(GLOB stage_files "${ROOT}/src/${stage}/*.hpp" "${ROOT}/src/${stage}/*.cpp")
  foreach(file IN LISTS stage_files)
    math(EXPR checked "${checked} + 1")
    includes_of("${file}" incs)
    foreach(inc IN LISTS incs)
      if(inc MATCHES "dissectors/")
        list(APPEND problems "${file}: includes ${inc}; the engine sees dissectors only through the registry")
      elseif(inc MATCHES "^\\.\\./([a-z]+)/")
        list(FIND stage_order "${CMAKE_MATCH_1}" theirs)
        if(theirs LESS 0 OR theirs GREATER mine)
          list(APPEND problems "${file}: includes ${inc}, from a later stage")
        endif()
      endif()
    endforeach()
  endforeach()
endforeach()

if(checked LESS 100)
  message(FATAL_ERROR "only ${checked} files checked under ${ROOT}: wrong ROOT?")
endif()
list(LENGTH problems n)
if(n GREATER 0)
  string(REPLACE ";" "\n  " text "${problems}")
  message(FATAL_ERROR "${n} layout violation(s):\n  ${text}")
endif()
message(STATUS "layout: ${checked} files, the flow goes one way")
