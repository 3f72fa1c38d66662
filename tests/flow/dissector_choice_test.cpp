// SPDX-License-Identifier: GPL-2.0-or-later
//
// How the flow table picks a dissector (port first, then a probe on the
// first bytes) and what a dissector's output becomes.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tracelab/flow.hpp"

using namespace tracelab;

namespace {

struct Summaries : FrameSummarySink, SessionSink {
  std::vector<std::string> rows;
  std::vector<Session> sessions;
  void frame_summary(uint64_t frame, std::string_view protocol,
                     std::string_view info) override {
    rows.push_back(std::to_string(frame) + " " + std::string(protocol) + " " +
                   std::string(info));
  }
  void session_done(Session&& s) override { sessions.push_back(std::move(s)); }
};

// Reports each delivery as a frame summary, an event and (at the end) an
// artifact, and renames the session.
class Talker : public Dissector {
 public:
  Talker(DissectorOutput& out, std::string name)
      : out_(out), name_(std::move(name)) {
    out_.set_protocol(name_);
  }
  Consumed on_data(Direction dir, std::span<const uint8_t> d,
                   const StreamClock& c) override {
    const std::string text(reinterpret_cast<const char*>(d.data()), d.size());
    if (PacketColumns* const columns = out_.columns())
      columns->frame_summary(c.frame, name_, text);
    Event e;
    e.frame = c.frame;
    e.dir = dir;
    e.kind =
        dir == Direction::ClientToServer ? StepKind::Command : StepKind::Reply;
    e.text = text;
    out_.event(std::move(e));
    // Everything the client says is one artifact, left open: the session's
    // end must close it with a note.
    if (dir == Direction::ClientToServer) {
      if (!artifact_) {
        Artifact a;
        a.kind = "test";
        a.name = "said";
        artifact_ = out_.artifact_open(std::move(a), c.frame);
      }
      out_.artifact_write(artifact_, d, c.frame);
    }
    return {d.size(), 0};
  }
  void on_gap(Direction, uint64_t, const StreamClock&) override {}
  void on_end(EndReason, const StreamClock&) override {
    out_.artifact_close(9999, "");  // an unknown handle is ignored
  }

 private:
  DissectorOutput& out_;
  std::string name_;
  uint32_t artifact_ = 0;
};

std::vector<DissectorInfo> registry() {
  DissectorInfo byport;
  byport.name = "PORTY";
  byport.tcp_ports = {2525};
  byport.udp_ports = {5353};
  byport.make = [](DissectorOutput& o) {
    return std::make_unique<Talker>(o, "PORTY");
  };
  DissectorInfo probed;
  probed.name = "HELLO";
  probed.probe = [](Direction, std::span<const uint8_t> b) {
    return b.size() >= 5 && std::string(b.begin(), b.begin() + 5) == "HELLO";
  };
  probed.make = [](DissectorOutput& o) {
    return std::make_unique<Talker>(o, "HELLO");
  };
  // A datagram protocol with the same greeting: UDP flows are probed by
  // it, never by the stream dissector above.
  DissectorInfo datagram;
  datagram.name = "DGRAM";
  datagram.datagrams = true;
  datagram.probe = [](Direction, std::span<const uint8_t> b) {
    return b.size() >= 5 && std::string(b.begin(), b.begin() + 5) == "HELLO";
  };
  datagram.make = [](DissectorOutput& o) {
    return std::make_unique<Talker>(o, "DGRAM");
  };
  return {byport, probed, datagram};
}

struct Net {
  Summaries out;
  std::vector<DissectorInfo> reg = registry();
  std::unique_ptr<FlowTable> table;
  uint64_t frame = 0;
  explicit Net(bool dissect = true) {
    FlowTable::Options opt;
    opt.registry = &reg;
    opt.dissect = dissect;
    table = std::make_unique<FlowTable>(opt, &out, &out);
  }
  void send(L4 l4, bool c2s, uint16_t cport, uint16_t sport, uint32_t seq,
            uint16_t flags, const std::string& data) {
    DecodedPacket p;
    p.l3 = L3::Ipv4;
    p.l4 = l4;
    p.src.family = p.dst.family = 4;
    p.src.bytes[3] = c2s ? 1 : 2;
    p.dst.bytes[3] = c2s ? 2 : 1;
    p.sport = c2s ? cport : sport;
    p.dport = c2s ? sport : cport;
    p.tcp.seq = seq;
    p.tcp.flags = flags;
    p.tcp.header_len = 20;
    p.payload = reinterpret_cast<const uint8_t*>(data.data());
    p.payload_len = p.payload_wire_len = static_cast<uint32_t>(data.size());
    FlowFrameResult r;
    ++frame;
    table->process(frame, static_cast<int64_t>(frame), p, r);
  }
};

}  // namespace

TEST_CASE("a dissector is chosen by the server port") {
  Net n;
  n.send(L4::Tcp, true, 40000, 2525, 10, kTcpSyn, "");
  n.send(L4::Tcp, true, 40000, 2525, 11, kTcpAck, "EHLO x");
  n.send(L4::Udp, true, 40001, 5353, 0, 0, "q");
  n.table->finish(n.frame, 0);
  REQUIRE(n.out.rows.size() == 2);
  CHECK(n.out.rows[0] == "2 PORTY EHLO x");
  CHECK(n.out.rows[1] == "3 PORTY q");
  REQUIRE(n.out.sessions.size() == 2);
  CHECK(n.out.sessions[0].protocol == "PORTY");
  CHECK(n.out.sessions[0].transport == "tcp");
  REQUIRE(n.out.sessions[0].events.size() == 2);  // SYN, then the command
  CHECK(n.out.sessions[0].events[1].kind == StepKind::Command);
  REQUIRE(n.out.sessions[0].artifacts.size() == 1);
  const Artifact& a = n.out.sessions[0].artifacts[0];
  CHECK(a.name == "said");
  CHECK(a.size == 6);
  CHECK(a.first_frame == 2);
  CHECK(a.last_frame == 2);
  // sha256("EHLO x")
  CHECK(a.sha256 ==
        "bfbd5457e3e9672bee62162650b77be89a48f4660d042c45f99f7923a9ebc328");
  CHECK(a.note == "incomplete: the session ended first");
}

TEST_CASE("other ports are probed on their first bytes") {
  Net n;
  n.send(L4::Tcp, true, 40000, 9999, 10, kTcpSyn, "");
  n.send(L4::Tcp, false, 40000, 9999, 50, kTcpSyn | kTcpAck, "");
  n.send(L4::Tcp, false, 40000, 9999, 51, kTcpAck, "HELLO there");
  n.send(L4::Tcp, true, 40000, 9999, 11, kTcpAck, "hi");
  // A session whose first bytes match nothing keeps its transport name.
  n.send(L4::Tcp, true, 40002, 9999, 10, kTcpSyn, "");
  n.send(L4::Tcp, true, 40002, 9999, 11, kTcpAck, "nothing known");
  n.table->finish(n.frame, 0);
  REQUIRE(n.out.sessions.size() == 2);
  CHECK(n.out.sessions[0].protocol == "HELLO");
  CHECK(n.out.sessions[1].protocol == "TCP");
  REQUIRE(n.out.rows.size() == 2);
  CHECK(n.out.rows[0] == "3 HELLO HELLO there");
  CHECK(n.out.rows[1] == "4 HELLO hi");
}

TEST_CASE("probes run only on the transport their dissector reads") {
  Net n;
  n.send(L4::Udp, true, 40003, 9999, 0, 0, "HELLO datagram");
  n.send(L4::Tcp, true, 40004, 9999, 10, kTcpSyn, "");
  n.send(L4::Tcp, true, 40004, 9999, 11, kTcpAck, "HELLO stream");
  n.table->finish(n.frame, 0);
  REQUIRE(n.out.rows.size() == 2);
  CHECK(n.out.rows[0] == "1 DGRAM HELLO datagram");
  CHECK(n.out.rows[1] == "3 HELLO HELLO stream");
}

TEST_CASE("with dissection off, sessions are tracked without dissectors") {
  Net n(/*dissect=*/false);
  n.send(L4::Tcp, true, 40000, 2525, 10, kTcpSyn, "");
  n.send(L4::Tcp, true, 40000, 2525, 11, kTcpAck, "EHLO x");
  n.table->finish(n.frame, 0);
  CHECK(n.out.rows.empty());
  REQUIRE(n.out.sessions.size() == 1);
  CHECK(n.out.sessions[0].protocol == "TCP");
  CHECK(n.out.sessions[0].bytes_c2s == 6);
}
