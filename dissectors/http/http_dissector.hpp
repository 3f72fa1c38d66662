// SPDX-License-Identifier: GPL-2.0-or-later
//
// HTTP/1.0 and 1.1 over TCP: requests and responses paired in order
// (keep-alive, pipelining), bodies framed by Content-Length, chunked
// encoding or the end of the connection, content codings undone, each body
// streamed out as an "http-body" artifact.  CONNECT and Upgrade hand the
// rest of the connection to something else: it is noted and skipped.
#pragma once

#include "tracelab/dissector.hpp"

namespace tracelab {

DissectorInfo http_dissector_info();

}  // namespace tracelab
