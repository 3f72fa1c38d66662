// SPDX-License-Identifier: GPL-2.0-or-later
//
// The progress line on stderr.  Shown only when stderr is a terminal and the
// run has lasted over a second; checked every few thousand records so the
// clock is not read per packet.
#pragma once

#include <chrono>
#include <cstdint>

namespace tracelab {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  /// Cheap; call per record.
  void tick(uint64_t records, uint64_t bytes_done, uint64_t bytes_total) {
    if (enabled_ && (records & 4095) == 0)
      update(records, bytes_done, bytes_total);
  }
  /// Erases the line if one was drawn.
  void clear();

 private:
  void update(uint64_t records, uint64_t bytes_done, uint64_t bytes_total);
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace tracelab
