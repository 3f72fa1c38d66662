// SPDX-License-Identifier: GPL-2.0-or-later
//
// HTTP/1.x message heads: recognising a start line, finding the end of the
// header block, and reading the fields the dissector acts on.  Pure
// functions over bytes; nothing here keeps state between deliveries.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tracelab::http {

/// Longest header block we wait for; a longer one is not HTTP we can follow.
inline constexpr size_t kMaxHeadBytes = 64 * 1024;

/// A request line starts with a method token tshark knows, followed by a
/// space or the end of the line; a status line starts with "HTTP/".
enum class StartKind { None, Request, Response };
StartKind classify_start(std::string_view bytes);

/// Offset just past the empty line ending the head (CRLF CRLF or bare LF
/// LF, as servers and tshark accept), or npos while it is incomplete.
size_t find_head_end(std::string_view bytes);

/// The first line without its terminator (all of `bytes` if it has none).
std::string_view first_line(std::string_view bytes);

/// What one message head says.
struct MessageHead {
  bool request = false;
  std::string line;  ///< the start line as sent
  // Request line.
  std::string method, target;
  // Both; "HTTP/1.1", or "" when the line had none.
  std::string version;
  // Status line.
  int status = -1;
  std::string reason;
  // Fields (values trimmed; the first occurrence wins).
  std::string content_type;  ///< full value, parameters included
  std::string content_encoding, transfer_encoding, host, location, connection,
      upgrade, content_disposition;
  int64_t content_length = -1;  ///< -1: absent or unreadable
  bool chunked = false;         ///< Transfer-Encoding ends with chunked
  bool expect_continue = false;
};

/// Parses a complete head (start line through the empty line).
void parse_head(std::string_view head, MessageHead& out);

/// "text/html" from "Text/HTML; charset=utf-8" (lower case, no parameters).
std::string media_type_of(std::string_view content_type);

/// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

}  // namespace tracelab::http
