// SPDX-License-Identifier: GPL-2.0-or-later
//
// HTTP/2 (RFC 9113) over TLS (ALPN "h2") or in the clear with prior
// knowledge (the connection preface): the 9-byte frame header frames the
// stream, reassembly is left to the caller through Consumed (a frame still
// arriving is asked for whole), header blocks (HEADERS or PUSH_PROMISE plus
// CONTINUATION) are decompressed with HPACK, and each frame is named in the
// Info column as tshark names it: "HEADERS[1]: GET /", "DATA[3]",
// "SETTINGS[0]".  Requests and responses become events; DATA of each stream
// and direction is streamed out as an "http-body" artifact.
#pragma once

#include "tracelab/dissector.hpp"

namespace tracelab {

DissectorInfo http2_dissector_info();

}  // namespace tracelab
