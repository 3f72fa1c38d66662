// SPDX-License-Identifier: GPL-2.0-or-later
//
// A DNS message (RFC 1035 4.1) read into plain facts: the header, the
// questions, and the records of the three other sections with the data the
// packet list and the dialog show.  Names are decompressed with a bound on
// pointer jumps; whatever could be read before damage is kept and the
// damage is marked, as tshark keeps what it showed before "[Malformed
// Packet]".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tracelab::dns {

struct Question {
  std::string name;
  uint16_t type = 0;
  uint16_t cls = 0;  ///< bit 15 is mDNS's "unicast response wanted" (QU)
};

/// What the packet list shows after a record's type (tshark's choice).
enum class Shown : uint8_t {
  Nothing,  ///< TXT, OPT, DNSSEC records and most others
  Owner,    ///< the record's own name (MB, MINFO, TLSA... in tshark 4.0)
  Data,     ///< `data` below: an address, a name, "10 mail.example.com"
};

struct Record {
  std::string owner;
  uint16_t type = 0;
  uint16_t cls = 0;  ///< bit 15 is mDNS's cache-flush bit
  uint32_t ttl = 0;
  std::string data;  ///< the decoded data, where `shown` is Data
  Shown shown = Shown::Nothing;
  bool malformed = false;  ///< the data ran past the message
};

struct Message {
  uint16_t id = 0;
  uint16_t flags = 0;
  std::vector<Question> questions;
  std::vector<Record> records;  ///< answer, authority, additional, in order
  size_t answers = 0;           ///< how many of `records` are answers
  /// The message ended (or a name broke) before all it announced was read;
  /// `questions` and `records` hold what came before.
  bool malformed = false;

  bool response() const { return flags & 0x8000; }
  unsigned opcode() const { return (flags >> 11) & 15; }
  unsigned rcode() const { return flags & 15; }
};

/// Reads `wire`; false only when not even the 12-byte header is there.
/// At most 256 questions and 1024 records are kept.
bool parse(std::span<const uint8_t> wire, Message& out);

/// tshark's name for a record type ("A", "HTTPS", "Unknown (56)").
std::string type_name(uint16_t type);
/// "Standard query", "Dynamic update", "Unknown operation (7)".
std::string opcode_name(unsigned opcode);
/// "No such name", "Refused", "Unknown error (15)".
std::string rcode_name(unsigned rcode);

}  // namespace tracelab::dns
