// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the IMAP dissector (fragmentizer, grammar, tshark columns, mail
// artifacts and the MIME parser behind them).  The input is one byte stream
// dealt out in pieces: each piece takes a control byte (bit 0: direction,
// bit 1: a gap before it, the rest: its length), so literals, lines and
// messages end up cut at arbitrary places in both directions.  Unconsumed
// tails are presented again as the flow layer does.  Besides the
// sanitizers it checks that every artifact opened is closed once.
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>

#include "../dissectors/imap/imap_dissector.hpp"

using namespace tracelab;

namespace {

struct Output final : DissectorOutput {
  std::set<uint32_t> open;
  uint32_t next = 1;
  void event(Event&&) override {}
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
  void frame_summary(uint64_t, std::string_view, std::string_view) override {}
  void set_protocol(std::string_view) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const DissectorInfo info = imap_dissector_info();
  Output out;
  auto d = info.make(out);
  std::string tail[2];
  StreamClock clock;
  size_t pos = 0;
  while (pos < size) {
    const uint8_t ctl = data[pos++];
    const int dir = ctl & 1;
    const size_t len = std::min<size_t>(size - pos, (ctl >> 2) * 7 + 1);
    clock.frame++;
    const Direction direction =
        dir ? Direction::ServerToClient : Direction::ClientToServer;
    if (ctl & 2 && ctl & 0x80) {
      tail[dir].clear();
      d->on_gap(direction, len, clock);
    }
    tail[dir].append(reinterpret_cast<const char*>(data + pos), len);
    pos += len;
    if (tail[dir].empty()) continue;
    const Consumed c = d->on_data(
        direction,
        {reinterpret_cast<const uint8_t*>(tail[dir].data()), tail[dir].size()},
        clock);
    if (c.bytes > tail[dir].size()) std::abort();
    tail[dir].erase(0, c.bytes);
  }
  d->on_end(EndReason::Fin, clock);
  d.reset();
  // The dissector closes what it opened (the flow layer would otherwise).
  if (!out.open.empty()) std::abort();
  return 0;
}
