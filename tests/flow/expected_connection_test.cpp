// SPDX-License-Identifier: GPL-2.0-or-later
//
// Connections a dissector announces (ExpectedConnection): the matching flow
// gets the announced dissector, the sessions are related both ways, and
// expectations are one-shot, expire and never match the wrong transport.
#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "tracelab/flow.hpp"

using namespace tracelab;

namespace {

IpAddr addr(uint8_t last) {
  IpAddr a;
  a.family = 4;
  a.bytes[0] = 10;
  a.bytes[3] = last;
  return a;
}

struct Sink : SessionSink {
  std::vector<Session> sessions;
  void session_done(Session&& s) override { sessions.push_back(std::move(s)); }
  const Session& by_id(uint64_t id) const {
    for (const Session& s : sessions)
      if (s.id == id) return s;
    FAIL("no session " << id);
    return sessions.front();
  }
};

// What the announced dissector saw, shared with the announcer (the link
// back that FTP and TFTP use).
struct Shared {
  std::string seen;
};

class Child : public Dissector {
 public:
  Child(DissectorOutput& out, std::shared_ptr<Shared> sh) : sh_(std::move(sh)) {
    out.set_protocol("CHILD");
  }
  Consumed on_data(Direction, std::span<const uint8_t> d,
                   const StreamClock&) override {
    sh_->seen.append(d.begin(), d.end());
    return {d.size(), 0};
  }
  void on_gap(Direction, uint64_t, const StreamClock&) override {}
  void on_end(EndReason, const StreamClock&) override {}

 private:
  std::shared_ptr<Shared> sh_;
};

// On UDP port 69: each datagram announces "any port of the server to the
// client's port", like a TFTP request.
class Announcer : public Dissector {
 public:
  Announcer(DissectorOutput& out, std::shared_ptr<Shared> sh)
      : out_(out), sh_(std::move(sh)) {}
  Consumed on_data(Direction, std::span<const uint8_t>,
                   const StreamClock& c) override {
    ExpectedConnection e;
    e.tcp = false;
    e.server = {addr(2), 0};
    e.client = {addr(1), 40000};
    e.ttl_ns = 5'000'000'000;
    e.make = [sh = sh_](DissectorOutput& o) {
      return std::make_unique<Child>(o, sh);
    };
    out_.expect(std::move(e), c.ts_ns);
    return {};
  }
  void on_gap(Direction, uint64_t, const StreamClock&) override {}
  void on_end(EndReason, const StreamClock&) override {}

 private:
  DissectorOutput& out_;
  std::shared_ptr<Shared> sh_;
};

struct Fixture {
  std::shared_ptr<Shared> shared = std::make_shared<Shared>();
  std::vector<DissectorInfo> registry;
  Sink sink;
  std::unique_ptr<FlowTable> table;
  uint64_t frame = 0;

  Fixture() {
    DissectorInfo info;
    info.name = "announcer";
    info.udp_ports = {69};
    info.make = [sh = shared](DissectorOutput& o) {
      return std::make_unique<Announcer>(o, sh);
    };
    registry.push_back(info);
    FlowTable::Options opt;
    opt.registry = &registry;
    table = std::make_unique<FlowTable>(opt, &sink, nullptr);
  }
  void udp(uint8_t src, uint16_t sport, uint8_t dst, uint16_t dport,
           const std::string& payload, int64_t ts_ns) {
    DecodedPacket p;
    p.l3 = L3::Ipv4;
    p.l4 = L4::Udp;
    p.src = addr(src);
    p.dst = addr(dst);
    p.sport = sport;
    p.dport = dport;
    p.payload = reinterpret_cast<const uint8_t*>(payload.data());
    p.payload_len = p.payload_wire_len = static_cast<uint32_t>(payload.size());
    FlowFrameResult r;
    table->process(++frame, ts_ns, p, r);
  }
};

}  // namespace

TEST_CASE("an announced connection gets its dissector and both are related") {
  Fixture f;
  f.udp(1, 40000, 2, 69, "request", 1'000'000'000);
  // The server answers from a new port: not 69, no registered dissector.
  f.udp(2, 51000, 1, 40000, "data-1", 1'100'000'000);
  f.udp(1, 40000, 2, 51000, "ack-1", 1'200'000'000);
  f.table->finish(f.frame, 1'300'000'000);
  REQUIRE(f.sink.sessions.size() == 2);
  CHECK(f.shared->seen == "data-1ack-1");
  const Session& req = f.sink.by_id(0);
  const Session& xfer = f.sink.by_id(1);
  CHECK(xfer.protocol == "CHILD");
  CHECK(req.related == std::vector<Link>{{1, LinkWhy::FtpData}});
  CHECK(xfer.related == std::vector<Link>{{0, LinkWhy::FtpControl}});
  // The announcement named the sides: the first sender is the server.
  CHECK(xfer.server.port == 51000);
  CHECK(xfer.client.port == 40000);
}

TEST_CASE("expectations are one-shot and expire") {
  Fixture f;
  f.udp(1, 40000, 2, 69, "request", 1'000'000'000);
  f.udp(2, 51000, 1, 40000, "first", 1'100'000'000);
  f.udp(2, 52000, 1, 40000, "second: not announced", 1'200'000'000);
  f.udp(1, 40000, 2, 69, "another request", 2'000'000'000);
  f.udp(2, 53000, 1, 40000, "too late", 9'000'000'000);  // ttl is 5 s
  f.table->finish(f.frame, 9'000'000'000);
  CHECK(f.shared->seen == "first");
  for (const Session& s : f.sink.sessions)
    if (s.server.port == 52000 || s.client.port == 53000 ||
        s.server.port == 53000)
      CHECK(s.related.empty());
}
