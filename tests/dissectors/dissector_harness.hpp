// SPDX-License-Identifier: GPL-2.0-or-later
//
// Drives one dissector directly, the way the flow layer does (the
// Consumed/need contract of dissector.hpp, unconsumed tails re-presented),
// and records everything it reports.  Used by every protocol's tests, in
// particular for "fed in 1-byte pieces gives the same facts as fed whole".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/dissector.hpp"

namespace tracelab::test {

/// The registered dissector called `name` (fails the test when absent).
const DissectorInfo& registered(std::string_view name);

/// One direction's bytes as they were delivered (a whole segment, a piece).
struct Piece {
  Direction dir;
  std::string bytes;
  uint64_t frame = 0;  ///< 0: numbered in order from 1
};

/// What the dissector reported.
struct Recorded {
  std::vector<Event> events;
  std::vector<Artifact> artifacts;                 ///< closed ones, in order
  std::map<uint32_t, std::string> artifact_bytes;  ///< by handle
  std::map<uint64_t, std::pair<std::string, std::string>> frames;  ///< last
  std::string protocol;
  std::vector<uint64_t> mid_pdu_frames;  ///< frames left inside a message
  std::vector<Finding> findings;
  std::vector<Session::Awaiting> awaiting;

  /// Events as one line each ("c2s command MAIL args=FROM:<a> code=..").
  std::vector<std::string> event_lines() const;
  /// The typed part: each event's outcome, the step it answers and its
  /// fields, then each finding ("finding no-quit error 12,14 detail").
  std::vector<std::string> typed_lines() const;
  /// The findings' ids, in order.
  std::vector<std::string> finding_ids() const;
};

class DissectorHarness final : public DissectorOutput, private PacketColumns {
 public:
  explicit DissectorHarness(const DissectorInfo& info);
  ~DissectorHarness() override;

  /// Delivers bytes in one direction as one arrival in frame `frame`.
  void deliver(Direction dir, std::string_view bytes, uint64_t frame);
  void gap(Direction dir, uint64_t bytes, uint64_t frame);
  /// Ends the session (last chance for tails, then on_end).
  void end(EndReason why, uint64_t frame);

  const Recorded& recorded() const { return rec_; }

  // DissectorOutput
  StepIndex event(Event&& e) override;
  void finding(Finding&& f) override;
  void await(Session::Awaiting&& a) override;
  uint32_t artifact_open(Artifact&& meta, uint64_t frame) override;
  void artifact_write(uint32_t handle, std::span<const uint8_t> bytes,
                      uint64_t frame) override;
  void artifact_close(uint32_t handle, std::string_view note) override;
  void set_protocol(std::string_view protocol) override;
  PacketColumns* columns() override { return this; }

 private:
  // PacketColumns
  void frame_summary(uint64_t frame, std::string_view protocol,
                     std::string_view info) override;
  uint64_t summaries() const override { return summaries_; }
  uint64_t summaries_ = 0;

  struct Tail {
    std::string buf;
    size_t need = 0;
  };
  Tail tail_[2];
  Recorded rec_;
  std::map<uint32_t, Artifact> open_;
  uint32_t next_handle_ = 1;
  // Last: a dissector may report (set_protocol) while it is being made,
  // and everything above must exist by then.
  std::unique_ptr<Dissector> d_;
};

/// Runs `pieces` through a fresh dissector, then ends the session.
Recorded run_dissector(const DissectorInfo& info,
                       const std::vector<Piece>& pieces,
                       EndReason end = EndReason::Fin);

/// The same conversation cut into 1-byte deliveries (frame numbers kept).
std::vector<Piece> one_byte_pieces(const std::vector<Piece>& pieces);

/// Runs whole and byte by byte and returns both event lists, for
/// CHECK(whole == bytewise).  Artifacts' sizes and digests are appended as
/// lines too, so they are compared as well.
std::pair<std::vector<std::string>, std::vector<std::string>>
whole_and_bytewise(const DissectorInfo& info, const std::vector<Piece>& pieces);

}  // namespace tracelab::test
