// SPDX-License-Identifier: GPL-2.0-or-later
//
// TFTP datagrams (RFC 1350; options RFC 2347-2349, windowsize RFC 7440):
// parsing one datagram and its packet-list Info as tshark 4.0 writes it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tracelab::tftp {

enum Opcode : uint16_t {
  kRrq = 1,
  kWrq = 2,
  kData = 3,
  kAck = 4,
  kError = 5,
  kOack = 6,
};

struct Packet {
  uint16_t opcode = 0;
  std::string file, mode;                                    // RRQ, WRQ
  std::vector<std::pair<std::string, std::string>> options;  // RRQ..OACK
  uint16_t block = 0;                                        // DATA, ACK
  std::span<const uint8_t> data;                             // DATA
  uint16_t error_code = 0;                                   // ERROR
  std::string error_message;
};

/// Options kept per request (more are ignored).
constexpr size_t kMaxOptions = 16;

/// False when the datagram is too short to hold an opcode (or a block
/// number / error code for the opcodes that carry one).
bool parse(std::span<const uint8_t> d, Packet& out);

/// "File not found"... as tshark names RFC 1350's codes (and 8, RFC 2347).
const char* error_name(uint16_t code);

/// The value of option `name` (case-insensitive) or "".
std::string_view option(const Packet& p, std::string_view name);

/// Info as tshark shows it.  `blksize` decides the "(last)" of a DATA.
void info(const Packet& p, uint32_t blksize, std::string& out);

/// netascii to local text (RFC 1350 via RFC 764): CR LF is a line end,
/// CR NUL a carriage return.  `pending_cr` carries a CR that ended the
/// previous block.
void netascii_decode(std::span<const uint8_t> in, bool& pending_cr,
                     std::string& out);

}  // namespace tracelab::tftp
