// SPDX-License-Identifier: GPL-2.0-or-later
//
// The packet-list columns of IMAP frames as tshark 4.0 writes them.  tshark
// does not know literals: it reads each segment as lines, waits for another
// segment while the last line has no end, shows the first line that is not
// untagged ("Request: a1 LOGIN ...", "Response: a1 OK ...") or else the
// first line, and for an untagged FETCH waits until a "{n}" size, the n
// bytes and a ")" have arrived, then hands those bytes to its IMF
// dissector, whose Info ("from: ..., subject: ..., ") replaces IMAP's and
// whose name is appended to the protocol ("IMAP/IMF").  Reproducing that,
// quirks included, is this file's only job; the real parsing is elsewhere.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/held_bytes.hpp"

namespace tracelab::imap {

class TsharkColumns {
 public:
  /// What waits is charged to `out`'s memory budget (DissectorOutput::
  /// reserve); when the budget is spent it is let go, as after a hole.
  explicit TsharkColumns(DissectorOutput& out) : charge_(out) {}

  /// tshark keeps at most this much of one direction waiting; beyond it we
  /// stop imitating until the next segment that starts fresh.
  static constexpr size_t kMaxPending = 4u << 20;

  struct Columns {
    bool set = false;  ///< false: tshark shows the segment as TCP
    std::string protocol, info;
    bool pending = false;  ///< bytes wait for a later segment
  };

  /// One segment's new bytes in one direction (requests flow to the
  /// server).  Returns the columns tshark gives that segment.
  const Columns& segment(bool request, std::span<const uint8_t> fresh);

  /// A hole in the stream: what was waiting is lost.
  void reset(bool request) {
    pending_[request ? 0 : 1].clear();
    wait_size_[request ? 0 : 1] = 0;
    charge_.resize(pending_[0].size() + pending_[1].size());
  }

 private:
  void read_segment(bool request, std::span<const uint8_t> fresh);

  lines::HeldBytes charge_;  // pending_'s bytes, on the run's budget
  std::string pending_[2];
  size_t wait_size_[2] = {0, 0};  ///< nothing changes below this size
  Columns out_;
};

}  // namespace tracelab::imap
