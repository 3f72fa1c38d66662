// SPDX-License-Identifier: GPL-2.0-or-later
//
// Drives one TCP dissector from a fuzz input the way the flow layer does.
// The input is a byte stream dealt out in pieces: each piece starts with a
// control byte (bit 0: direction, bits 1 and 7 both set: a gap first, the
// other bits: the piece's length), so lines, bodies and end marks are cut
// at arbitrary places in both directions; unconsumed tails are presented
// again with the next piece, once as many bytes as the dissector said it
// needs are there.  Besides the sanitizers it checks the contract: never
// more consumed than delivered, and every artifact opened is written and
// closed through a known handle and closed by the end, a step answers
// only an earlier one, and findings use registered ids.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "tracelab/dissector.hpp"
#include "tracelab/findings.hpp"

namespace tracelab::fuzz {

// Also keeps the connections a dissector announces (FTP, TFTP), so that a
// target can build their dissectors.
struct CheckingOutput final : DissectorOutput, PacketColumns {
  uint64_t summaries_taken = 0;
  std::set<uint32_t> open;
  uint32_t next = 1;
  std::vector<ExpectedConnection> expected;  ///< at most 64 kept
  StepIndex events = 0;
  // A step answers one before it; a finding names a registered id.
  StepIndex event(Event&& e) override {
    if (e.answers != kNoStep && (e.answers < 0 || e.answers >= events))
      std::abort();
    return events++;
  }
  void finding(Finding&& f) override {
    if (!findings::find(f.id)) std::abort();
  }
  uint32_t artifact_open(Artifact&&, uint64_t) override {
    open.insert(next);
    return next++;
  }
  void artifact_write(uint32_t h, std::span<const uint8_t>, uint64_t) override {
    if (!open.count(h)) std::abort();
  }
  void artifact_close(uint32_t h, std::string_view) override {
    if (!open.erase(h)) std::abort();
  }
  // Columns are asked for, so that the packet-list imitations are fuzzed
  // too.
  void frame_summary(uint64_t, std::string_view, std::string_view) override {
    ++summaries_taken;
  }
  uint64_t summaries() const override { return summaries_taken; }
  PacketColumns* columns() override { return this; }
  void set_protocol(std::string_view) override {}
  void expect(ExpectedConnection&& x, int64_t) override {
    if (expected.size() < 64) expected.push_back(std::move(x));
  }
};

inline void drive(const DissectorInfo& info, const uint8_t* data, size_t size) {
  CheckingOutput out;
  auto d = info.make(out);
  std::string tail[2];
  size_t need[2] = {0, 0};
  StreamClock clock;
  size_t pos = 0;
  while (pos < size) {
    const uint8_t ctl = data[pos++];
    const int dir = ctl & 1;
    const size_t len = std::min<size_t>(size - pos, (ctl >> 2) * 7 + 1);
    ++clock.frame;
    const Direction direction =
        dir ? Direction::ServerToClient : Direction::ClientToServer;
    if ((ctl & 0x82) == 0x82) {
      tail[dir].clear();
      need[dir] = 0;
      d->on_gap(direction, len, clock);
    }
    tail[dir].append(reinterpret_cast<const char*>(data + pos), len);
    pos += len;
    if (tail[dir].empty() || tail[dir].size() < need[dir]) continue;
    const Consumed c = d->on_data(
        direction,
        {reinterpret_cast<const uint8_t*>(tail[dir].data()), tail[dir].size()},
        clock);
    if (c.bytes > tail[dir].size()) std::abort();
    tail[dir].erase(0, c.bytes);
    need[dir] = c.need;
  }
  for (int dir = 0; dir < 2; ++dir)
    if (!tail[dir].empty())
      d->on_data(dir ? Direction::ServerToClient : Direction::ClientToServer,
                 {reinterpret_cast<const uint8_t*>(tail[dir].data()),
                  tail[dir].size()},
                 clock);
  d->on_end(EndReason::Fin, clock);
  d.reset();
  if (!out.open.empty()) std::abort();
}

}  // namespace tracelab::fuzz
