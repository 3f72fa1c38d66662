// SPDX-License-Identifier: GPL-2.0-or-later
//
// The packet-list columns tshark 4.0 gives an HTTP message: Info is the
// start line and a space, then what the body's own dissector adds (" (text/
// html)" from the media dissector, " (GIF89a)" from the GIF one, ",
// JavaScript Object Notation (application/json)" with protocol HTTP/JSON,
// protocol HTTP/XML for XML and nothing added...).
#pragma once

#include <string>
#include <string_view>

namespace tracelab::http {

struct Columns {
  std::string protocol = "HTTP";
  std::string info;
};

/// `line`: the start line; `media_type`: lower case, no parameters ("" when
/// there was no Content-Type); `body`: the first bytes of the decoded body
/// (empty when there is none or it could not be decoded); `body_size`: its
/// whole size.
Columns message_columns(std::string_view line, std::string_view media_type,
                        std::string_view body, uint64_t body_size);

/// Info of the segment that starts a message still incomplete:
/// "GET / HTTP/1.1  [TCP segment of a reassembled PDU]" (protocol TCP).
std::string start_segment_info(std::string_view line);

}  // namespace tracelab::http
