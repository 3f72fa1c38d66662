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

#include "mail/imf_summary.hpp"

namespace tracelab::pop3 {

class Pop3Columns {
 public:
  /// Info of a segment; true when it completed a message (POP/IMF).
  bool client(std::string_view segment, std::string& info);
  bool server(std::string_view segment, std::string& info);
  /// Bytes of a message held whole (charged to the run's budget), and
  /// letting them go: the line-by-line summary reads on from there.
  size_t held() const { return whole_.size(); }
  void spill();

 private:
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
