// SPDX-License-Identifier: GPL-2.0-or-later
//
// Pure parsers for the pieces of the FTP dialog that carry numbers: reply
// lines, the data-connection addresses of PORT, PASV, EPRT and EPSV
// (RFC 959, RFC 2428) and transfer sizes announced in replies.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "tracelab/decode.hpp"

namespace tracelab::ftp {

/// An address and port; addr.family is 0 when only a port was given (EPSV).
struct HostPort {
  IpAddr addr;
  uint16_t port = 0;
};

/// "h1,h2,h3,h4,p1,p2" (the PORT argument).
std::optional<HostPort> parse_port_arg(std::string_view arg);
/// The six numbers of a 227 reply, wherever they stand in its text
/// ("227 Entering Passive Mode (10,0,0,1,4,1).").
std::optional<HostPort> parse_pasv_reply(std::string_view text);
/// "|1|10.0.0.1|6446|" or "|2|2001:db8::1|6446|" (the EPRT argument; any
/// delimiter character, as RFC 2428 allows).
std::optional<HostPort> parse_eprt_arg(std::string_view arg);
/// The port of a 229 reply: "(|||6446|)".
std::optional<uint16_t> parse_epsv_reply(std::string_view text);
/// A size announced in a reply: "(39424 bytes)" in a 150, the number of a
/// 213 reply to SIZE.
std::optional<uint64_t> parse_bytes_note(std::string_view text);
std::optional<uint64_t> parse_decimal(std::string_view s);

/// The start of a reply line: three digits then ' ' (last line) or '-'
/// (more lines follow).
struct ReplyStart {
  int code = 0;
  bool more = false;
};
std::optional<ReplyStart> parse_reply_start(std::string_view line);

}  // namespace tracelab::ftp
