// SPDX-License-Identifier: GPL-2.0-or-later
// The harness itself: a line dissector that asks for whole lines must see
// the same lines whether the stream comes whole or a byte at a time.
#include <doctest/doctest.h>

#include "dissector_harness.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

class Lines final : public Dissector {
 public:
  explicit Lines(DissectorOutput& out) : out_(out) {}
  Consumed on_data(Direction dir, std::span<const uint8_t> d,
                   const StreamClock& c) override {
    const std::string_view s(reinterpret_cast<const char*>(d.data()), d.size());
    size_t used = 0;
    for (size_t nl; (nl = s.find('\n', used)) != s.npos; used = nl + 1) {
      Event e;
      e.frame = c.frame;
      e.dir = dir;
      e.kind = StepKind::Note;
      e.text = std::string(s.substr(used, nl - used));
      const bool starts_file = e.text == "FILE";
      out_.event(std::move(e));
      if (starts_file) {
        Artifact a;
        a.kind = "test";
        file_ = out_.artifact_open(std::move(a), c.frame);
      } else if (file_) {
        out_.artifact_write(file_, d.subspan(used, nl - used), c.frame);
      }
    }
    return {used, 0};
  }
  void on_gap(Direction, uint64_t, const StreamClock&) override {}
  void on_end(EndReason, const StreamClock&) override {}

 private:
  DissectorOutput& out_;
  uint32_t file_ = 0;
};

DissectorInfo lines_info() {
  DissectorInfo i;
  i.name = "lines";
  i.make = [](DissectorOutput& o) { return std::make_unique<Lines>(o); };
  return i;
}

}  // namespace

TEST_CASE("the harness re-presents unconsumed tails") {
  const std::vector<Piece> talk = {
      {Direction::ClientToServer, "HELLO\nFI", 0},
      {Direction::ServerToClient, "OK\n", 0},
      {Direction::ClientToServer, "LE\nab\ncd\n", 0},
  };
  const Recorded r = run_dissector(lines_info(), talk);
  REQUIRE(r.events.size() == 5);
  CHECK(r.events[1].text == "OK");
  CHECK(r.events[2].text == "FILE");
  CHECK(r.events[2].frame == 3);
  CHECK(r.mid_pdu_frames == std::vector<uint64_t>{1});
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].size == 4);
  CHECK(r.artifacts[0].note == "incomplete: the session ended first");
  const auto [whole, bytewise] = whole_and_bytewise(lines_info(), talk);
  CHECK(whole == bytewise);
}
