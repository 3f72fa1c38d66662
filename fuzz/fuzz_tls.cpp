// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the TLS dissector: record layer, handshake reassembly, hello and
// certificate parsing.  The input is one byte stream dealt out in pieces:
// each piece takes a control byte (bit 0: direction, bit 1 with bit 7: a
// gap before it, the rest: its length), so records and handshake messages
// end up cut at arbitrary places in both directions.  Unconsumed tails are
// presented again as the flow layer does.  Seeds (fuzz/corpus/fuzz_tls) are
// the streams of real TLS captures in this format.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "../dissectors/tls/tls_dissector.hpp"

using namespace tracelab;

namespace {

struct Output final : DissectorOutput {
  void event(Event&&) override {}
  uint32_t artifact_open(Artifact&&, uint64_t) override { return 0; }
  void artifact_write(uint32_t, std::span<const uint8_t>, uint64_t) override {}
  void artifact_close(uint32_t, std::string_view) override {}
  void frame_summary(uint64_t, std::string_view, std::string_view) override {}
  void set_protocol(std::string_view) override {}
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Output out;
  auto d = make_tls_dissector(out, nullptr);
  std::string tail[2];
  size_t need[2] = {0, 0};
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
  d->on_end(EndReason::Fin, clock);
  return 0;
}
