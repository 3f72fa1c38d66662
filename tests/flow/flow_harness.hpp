// SPDX-License-Identifier: GPL-2.0-or-later
//
// Test harness for the flow table: synthetic TCP/UDP packets between a fixed
// client and server, and a recording dissector that writes what it is given
// (bytes, gaps as "[N missing]", the end) per direction.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tracelab/flow.hpp"

namespace tracelab::test {

/// What one recording dissector saw.
struct Recording {
  std::string dir[2];                // bytes, with "[N missing]" for gaps
  std::vector<size_t> presented[2];  // size of each on_data span
  std::vector<const uint8_t*> pointers[2];  // data() of each on_data span
  // (frame, bytes) of each segment held behind a hole (on_held)
  std::vector<std::pair<uint64_t, uint64_t>> held[2];
  bool ended = false;
  EndReason why = EndReason::Open;
};

/// Decides what the recording dissector consumes; default: everything.
using ConsumePolicy =
    std::function<Consumed(Direction, std::span<const uint8_t>)>;

/// A registry with one catch-all dissector (its probe accepts anything) that
/// records into `out` (one Recording per session, in creation order).
std::vector<DissectorInfo> recording_registry(
    std::vector<std::shared_ptr<Recording>>& out, ConsumePolicy policy = {});

struct FlowHarness : SessionSink {
  explicit FlowHarness(ReassemblyLimits limits = {}, ConsumePolicy policy = {},
                       bool dissect = true);

  void session_done(Session&& s) override { sessions.push_back(std::move(s)); }

  /// A new table whose sessions keep no steps: what they would be charged
  /// (FlowStats::held_event_bytes) stays out of the buffered bytes a test
  /// of reassembly looks at.
  FlowHarness& no_steps();

  /// Sends a TCP segment; `c2s` picks the sender.  Returns the frame result.
  FlowFrameResult tcp(bool c2s, uint32_t seq, uint32_t ack, uint16_t flags,
                      const std::string& payload = "", uint32_t wirelen = 0);
  FlowFrameResult udp(bool c2s, const std::string& payload);
  /// Handshake with ISNs `cisn` and `sisn`: three frames.
  void handshake(uint32_t cisn, uint32_t sisn);
  void finish() { table->finish(frame, ts); }
  /// A packet from client (c2s) or server, without transport details.
  DecodedPacket base(bool c2s, L4 l4, const std::string& payload) const;
  FlowFrameResult send(const DecodedPacket& p);

  const FlowStats& stats() const { return table->stats(); }
  Recording& rec(size_t i = 0) { return *recordings.at(i); }

  std::vector<std::shared_ptr<Recording>> recordings;
  std::vector<DissectorInfo> registry;
  std::vector<Session> sessions;
  std::unique_ptr<FlowTable> table;
  FlowTable::Options options;  ///< the table's
  uint64_t frame = 0;
  int64_t ts = 1'000'000'000;
  int64_t step_ns = 1'000'000;  // time between packets
  uint16_t client_port = 40000, server_port = 8080;
};

}  // namespace tracelab::test
