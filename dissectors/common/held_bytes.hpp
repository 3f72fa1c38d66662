// SPDX-License-Identifier: GPL-2.0-or-later
//
// The bytes one holder in a dissector keeps (a buffer that grows and is let
// go), charged to the run's memory budget through DissectorOutput::reserve
// and given back when they shrink or the holder goes.
#pragma once

#include <cstdint>

#include "tracelab/dissector.hpp"

namespace tracelab::lines {

class HeldBytes {
 public:
  explicit HeldBytes(DissectorOutput& out) : out_(&out) {}
  ~HeldBytes() { resize(0); }
  HeldBytes(const HeldBytes&) = delete;
  HeldBytes& operator=(const HeldBytes&) = delete;

  /// The holder now keeps `total` bytes: charges the growth, gives back the
  /// shrinking.  false when the budget refused the growth (nothing changed:
  /// the holder must not keep them).
  bool resize(uint64_t total) {
    if (total > held_) {
      if (!out_->reserve(total - held_)) return false;
    } else if (total < held_) {
      out_->release(held_ - total);
    }
    held_ = total;
    return true;
  }
  uint64_t held() const { return held_; }

 private:
  DissectorOutput* out_;
  uint64_t held_ = 0;
};

}  // namespace tracelab::lines
