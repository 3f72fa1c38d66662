// SPDX-License-Identifier: GPL-2.0-or-later
// Sessions linked by a key one offers and a later one presents (what TLS
// resumption uses), and the bound on remembered keys.
#include "../../src/flow/session_keys.hpp"

#include <doctest/doctest.h>

#include "flow_harness.hpp"

using namespace tracelab;
using tracelab::test::FlowHarness;

namespace {

// "OFFER k" offers k; "REFER k" presents it and records what came back.
class KeyedDissector final : public Dissector {
 public:
  KeyedDissector(DissectorOutput& out,
                 std::vector<std::optional<uint64_t>>& found)
      : out_(out), found_(found) {}
  Consumed on_data(Direction, std::span<const uint8_t> d,
                   const StreamClock&) override {
    const std::string s(reinterpret_cast<const char*>(d.data()), d.size());
    if (s.starts_with("OFFER ")) out_.offer_key(s.substr(6));
    if (s.starts_with("REFER "))
      found_.push_back(out_.refer_key(s.substr(6), LinkWhy::TlsResumedFrom,
                                      LinkWhy::TlsResumedBy));
    return {d.size(), 0, false};
  }
  void on_gap(Direction, uint64_t, const StreamClock&) override {}
  void on_end(EndReason, const StreamClock&) override {}

 private:
  DissectorOutput& out_;
  std::vector<std::optional<uint64_t>>& found_;
};

constexpr uint16_t kPA = kTcpAck | kTcpPsh;

}  // namespace

TEST_CASE("a later session presenting an offered key is related to it") {
  FlowHarness h;
  std::vector<std::optional<uint64_t>> found;
  DissectorInfo keyed;
  keyed.name = "keyed";
  keyed.probe = [](Direction, std::span<const uint8_t>) { return true; };
  keyed.make = [&found](DissectorOutput& out) -> std::unique_ptr<Dissector> {
    return std::make_unique<KeyedDissector>(out, found);
  };
  h.registry = {keyed};

  h.handshake(100, 500);
  h.tcp(false, 501, 101, kPA, "OFFER sid:abcd");
  h.tcp(true, 101, 515, kTcpAck | kTcpFin);
  h.tcp(false, 515, 102, kTcpAck | kTcpFin);
  h.tcp(true, 102, 516, kTcpAck);
  REQUIRE(h.sessions.size() == 1);
  const uint64_t first = h.sessions[0].id;

  h.client_port += 1;  // a new connection resumes it
  h.handshake(200, 600);
  h.tcp(true, 201, 601, kPA, "REFER sid:abcd");
  h.tcp(true, 215, 601, kPA, "REFER sid:unknown");
  h.finish();
  REQUIRE(h.sessions.size() == 2);
  REQUIRE(found.size() == 2);
  CHECK(found[0] == first);
  CHECK_FALSE(found[1].has_value());
  CHECK(h.sessions[1].related ==
        std::vector<Link>{{first, LinkWhy::TlsResumedFrom}});
}

TEST_CASE("remembered keys are bounded, oldest forgotten, first offer kept") {
  flow::SessionKeys keys;
  keys.offer("k0", 1);
  keys.offer("k0", 2);  // already owned
  CHECK(keys.owner("k0") == 1u);
  for (size_t i = 1; i <= flow::SessionKeys::kMaxKeys; ++i)
    keys.offer("k" + std::to_string(i), 3);
  CHECK(keys.size() == flow::SessionKeys::kMaxKeys);
  CHECK_FALSE(keys.owner("k0").has_value());
  CHECK(keys.owner("k1") == 3u);
  keys.offer(std::string(flow::SessionKeys::kMaxKeyBytes + 1, 'x'), 4);
  CHECK_FALSE(
      keys.owner(std::string(flow::SessionKeys::kMaxKeyBytes + 1, 'x')));
}
