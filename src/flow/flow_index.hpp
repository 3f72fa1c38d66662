// SPDX-License-Identifier: GPL-2.0-or-later
//
// An open-addressing hash index from FlowKey to a slot number.  Linear
// probing over a power-of-two array of (hash, slot) pairs: a lookup touches
// one or two cache lines and never allocates; the array grows (the only
// allocation) when a new flow pushes the load factor past one half.  Keys
// themselves live in the caller's slots, which `key_of` returns.
#pragma once

#include <cstdint>
#include <vector>

#include "flow_key.hpp"

namespace tracelab::flow {

template <class KeyOf>
class FlowIndex {
 public:
  static constexpr uint32_t kNone = UINT32_MAX;

  explicit FlowIndex(KeyOf key_of) : key_of_(key_of) { buckets_.resize(1024); }

  /// Slot of `k`, or kNone.
  uint32_t find(const FlowKey& k, uint64_t h) const {
    const size_t mask = buckets_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      const Bucket& b = buckets_[i];
      if (b.slot == kNone) return kNone;
      if (b.hash == h && key_of_(b.slot) == k) return b.slot;
    }
  }

  /// Adds `slot` under hash `h` (the key must not be present).
  void insert(uint64_t h, uint32_t slot) {
    if ((count_ + 1) * 2 > buckets_.size()) grow();
    place(h, slot);
    ++count_;
  }

  /// Removes `slot`, stored under hash `h` (it must be present).  Later
  /// entries of the probe run shift back, so lookups need no tombstones.
  void erase(uint64_t h, uint32_t slot) {
    const size_t mask = buckets_.size() - 1;
    size_t i = h & mask;
    while (buckets_[i].slot != slot) {
      if (buckets_[i].slot == kNone) return;
      i = (i + 1) & mask;
    }
    for (size_t j = i;;) {
      j = (j + 1) & mask;
      if (buckets_[j].slot == kNone) break;
      const size_t home = buckets_[j].hash & mask;
      // Move j into the hole at i unless its home lies cyclically in (i, j].
      const bool stays =
          i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (!stays) {
        buckets_[i] = buckets_[j];
        i = j;
      }
    }
    buckets_[i] = Bucket{};
    --count_;
  }

  size_t size() const { return count_; }

 private:
  struct Bucket {
    uint64_t hash = 0;
    uint32_t slot = kNone;
  };

  void place(uint64_t h, uint32_t slot) {
    const size_t mask = buckets_.size() - 1;
    size_t i = h & mask;
    while (buckets_[i].slot != kNone) i = (i + 1) & mask;
    buckets_[i] = Bucket{h, slot};
  }

  void grow() {
    std::vector<Bucket> old(buckets_.size() * 2);
    old.swap(buckets_);
    for (const Bucket& b : old)
      if (b.slot != kNone) place(b.hash, b.slot);
  }

  KeyOf key_of_;
  std::vector<Bucket> buckets_;
  size_t count_ = 0;
};

}  // namespace tracelab::flow
