// SPDX-License-Identifier: GPL-2.0-or-later
//
// The packet-list Info of POP frames as tshark 4.0 writes it.  tshark looks
// at each segment alone: a client segment is "C: " and its first line; a
// server segment is "S: " and its first line when that starts with "+OK" or
// "-ERR", else a "DATA fragment" of a RETR/TOP answer.  Fragments are
// reassembled until they add up to the octet count of the "+OK n" that
// answered RETR/TOP (a count that never includes the bytes sharing the +OK
// segment, so often never); without a count each fragment is a message of
// its own.  A completed reassembly shows as POP/IMF with the IMF Info.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/held_bytes.hpp"
#include "mail/imf_summary.hpp"

namespace tracelab::pop3 {

class Pop3Columns {
 public:
  /// A message held whole is charged to `out`'s memory budget
  /// (DissectorOutput::reserve); past it the line-by-line summary reads on.
  explicit Pop3Columns(DissectorOutput& out) : charge_(out) {}

  /// Info of a segment; true when it completed a message (POP/IMF).
  bool client(std::string_view segment, std::string& info);
  bool server(std::string_view segment, std::string& info);

 private:
  // Lets the message held whole go: the line-by-line summary reads on.
  void spill();

  lines::HeldBytes charge_;  // whole_'s bytes, on the run's budget
  bool message_request_ = false;
  uint64_t total_ = 0, read_ = 0;
  // The message so far, whole while it is small enough (tshark's IMF parse
  // needs it whole: see mail::append_imf_info); beyond that it goes to the
  // line-by-line summary, which reads the rest.
  static constexpr size_t kMaxWhole = 1 << 20;
  std::string whole_;
  bool whole_overflow_ = false;
  mail::ImfSummary reassembled_;
};

}  // namespace tracelab::pop3
