// SPDX-License-Identifier: GPL-2.0-or-later
//
// The memory bounds shared by every flow: how many payload bytes may be held
// (out-of-order segments and dissector tails) per direction and in total --
// the total also bounds what dissectors hold and the steps open sessions
// hold -- and the counters that report them.
#pragma once

#include <cstdint>

#include "tracelab/flow.hpp"

namespace tracelab::flow {

struct BufferBudget {
  ReassemblyLimits limits;
  FlowStats stats;

  void take(uint64_t n) {
    stats.buffered_bytes += n;
    if (stats.buffered_bytes > stats.buffered_bytes_peak)
      stats.buffered_bytes_peak = stats.buffered_bytes;
  }
  void give(uint64_t n) { stats.buffered_bytes -= n; }
  /// True when `n` more bytes fit in the total.
  bool fits(uint64_t n) const {
    return stats.buffered_bytes + n <= limits.total_bytes;
  }
  /// Takes `n` bytes held outside any one flow's bound (what dissectors
  /// hold) if the total allows; counts a refusal otherwise.
  bool try_take(uint64_t n) {
    if (!fits(n)) {
      ++stats.refused_holds;
      return false;
    }
    take(n);
    return true;
  }
  /// Charges one step an open session holds, of footprint `n`, if the
  /// total allows and steps hold at most half of it: reassembly and the
  /// dissectors keep the other half, and the run's RSS its margin (a
  /// refusal is counted by the caller: dropped_events).
  bool try_take_step(uint64_t n) {
    if (!fits(n) || stats.held_event_bytes + n > limits.total_bytes / 2)
      return false;
    take(n);
    ++stats.held_events;
    stats.held_event_bytes += n;
    return true;
  }
  /// Gives back `steps` steps of footprint `n` in all.
  void give_steps(uint64_t steps, uint64_t n) {
    give(n);
    stats.held_events -= steps;
    stats.held_event_bytes -= n;
  }
  bool over_total() const { return stats.buffered_bytes > limits.total_bytes; }
  /// True when holding `n` more bytes in one direction that already holds
  /// `held` would break a bound.
  bool would_exceed(uint64_t held, uint64_t n) const {
    return held + n > limits.per_flow_bytes ||
           stats.buffered_bytes + n > limits.total_bytes;
  }
};

}  // namespace tracelab::flow
