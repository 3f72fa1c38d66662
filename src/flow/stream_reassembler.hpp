// SPDX-License-Identifier: GPL-2.0-or-later
//
// Reassembly of one direction of a TCP connection.
//
// Sequence numbers are turned into 64-bit stream offsets (0 = the first data
// byte) by their signed 32-bit distance from the next expected byte, so
// wrap-around needs no special case.  In-order data goes straight from the
// packet to the listener; only out-of-order segments are copied, into a
// bounded list of non-overlapping pieces.
//
// Overlap policy: first data wins (the bytes seen first for an offset are
// the ones delivered), as most operating-system stacks behave and as the IDS
// models built on them assume.  Later bytes that differ from what was kept
// are reported as a conflict.  For data already delivered the comparison
// uses a small history of sampled bytes per recent segment, so it catches a
// conflicting retransmission without copying in-order payload.
//
// Holes become gaps of a known size, never silently joined: when the peer
// acknowledges data past the hole (the receiver had it; the capture lost it),
// when the held data would break a memory bound, or at the end.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "buffer_budget.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab::flow {

/// Where a direction's reassembled stream goes.
class StreamListener {
 public:
  virtual ~StreamListener() = default;
  virtual void stream_data(std::span<const uint8_t> bytes,
                           const StreamClock& clock) = 0;
  virtual void stream_gap(uint64_t bytes, const StreamClock& clock) = 0;
  /// Overlapping data differed from the bytes kept.
  virtual void stream_conflict(const StreamClock& clock) = 0;
  /// A memory bound forced held data out (a gap follows).
  virtual void stream_limit(const StreamClock& clock) = 0;
  /// `bytes` of this segment were held behind a hole (delivered later).
  virtual void stream_held(uint64_t /*bytes*/, const StreamClock& /*clock*/) {}
};

/// One TCP segment as the reassembler needs it.
struct SegmentView {
  uint32_t seq = 0;  ///< sequence number of the first payload byte
  const uint8_t* data = nullptr;
  uint32_t caplen = 0;   ///< payload bytes present
  uint32_t wirelen = 0;  ///< payload bytes per the headers
  bool fin = false;
  /// A keep-alive probe: its byte is old garbage, not a conflict.
  bool keepalive = false;
};

class StreamReassembler {
 public:
  /// Most out-of-order pieces one direction holds, whatever their size
  /// (keeps insertion linear-time and bounds the bookkeeping).
  static constexpr size_t kMaxHeldPieces = 2048;

  explicit StreamReassembler(BufferBudget& budget) : budget_(&budget) {}
  ~StreamReassembler();
  StreamReassembler(const StreamReassembler&) = delete;
  StreamReassembler& operator=(const StreamReassembler&) = delete;

  /// False: held pieces keep only their extent, no bytes (nobody reads them).
  void set_keep_data(bool keep);

  bool started() const { return started_; }
  /// The stream's first data byte has sequence number `seq`.
  void start(uint32_t seq);

  void segment(const SegmentView& s, const StreamClock& clock,
               StreamListener& l);
  /// The other side acknowledged up to `ack`.
  void peer_ack(uint32_t ack, const StreamClock& clock, StreamListener& l);
  /// End of the stream: every hole becomes a gap, held data is delivered.
  void flush(const StreamClock& clock, StreamListener& l);
  /// Drops held data without delivering it (the session is gone).
  void discard();

  bool fin_seen() const { return fin_known_; }
  /// The FIN was acknowledged by the peer.
  bool fin_acked() const { return fin_acked_; }

 private:
  struct Held {
    uint64_t off = 0;
    uint32_t len = 0;
    std::unique_ptr<uint8_t[]> data;  // null when data is not kept
  };
  struct Sample {  // a few bytes of a delivered segment, for conflicts
    uint64_t off = 0;
    uint32_t len = 0;
    std::array<uint8_t, 8> bytes{};
  };

  int64_t offset_of(uint32_t seq) const {
    return static_cast<int64_t>(next_off_) +
           static_cast<int32_t>(seq - next_seq_);
  }
  void advance(uint64_t n) {
    next_off_ += n;
    next_seq_ += static_cast<uint32_t>(n);
  }
  void deliver(uint64_t off, const uint8_t* data, uint64_t len,
               const StreamClock& clock, StreamListener& l);
  void gap_to(uint64_t off, const StreamClock& clock, StreamListener& l);
  void drain(const StreamClock& clock, StreamListener& l);
  void hold(uint64_t off, const uint8_t* data, uint64_t len);
  void resolve_acked(const StreamClock& clock, StreamListener& l);
  void enforce_limits(const StreamClock& clock, StreamListener& l);
  void trim_past_fin();
  bool differs_from_delivered(uint64_t off, const uint8_t* data,
                              uint64_t len) const;
  bool differs_from_held(uint64_t off, const uint8_t* data, uint64_t len,
                         const Held& h) const;

  BufferBudget* budget_;
  bool started_ = false;
  bool keep_data_ = true;
  uint32_t next_seq_ = 0;  // sequence number of next_off_
  uint64_t next_off_ = 0;  // next byte to deliver
  bool fin_known_ = false;
  bool fin_acked_ = false;
  uint64_t fin_off_ = 0;  // offset of the FIN (one past the last data byte)
  bool acked_known_ = false;
  uint64_t acked_off_ = 0;  // highest offset the peer acknowledged
  std::vector<Held> held_;  // sorted, disjoint, all past next_off_
  uint64_t held_bytes_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> pieces_;  // scratch
  std::array<Sample, 8> history_{};
  uint8_t history_next_ = 0;
};

}  // namespace tracelab::flow
