// SPDX-License-Identifier: GPL-2.0-or-later
//
// tcp.stream and udp.stream of every frame of every shared capture equal
// tshark's, and the flow table's UDP side and session numbering.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "flow_harness.hpp"
#include "test_support.hpp"
#include "tracelab/capture.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;
using tracelab::test::FlowHarness;

namespace {

struct NullSessions : SessionSink {
  void session_done(Session&&) override {}
};

/// "tcp.stream\tudp.stream" per frame, as tshark or we number them.
std::vector<std::string> our_streams(const std::string& path) {
  std::vector<std::string> out;
  NullSessions sink;
  FlowTable::Options opt;
  const std::vector<DissectorInfo> none;
  opt.registry = &none;
  FlowTable table(opt, &sink, nullptr);
  CaptureError err;
  auto src = open_capture_file(path, err);
  if (!src) return out;
  Defragmenter defrag;
  DecodedPacket p;
  Record rec;
  uint64_t frame = 0;
  while (src->next(rec)) {
    ++frame;
    std::string row = "\t";
    if (rec.kind == RecordKind::Packet && decode_packet(rec, p, &defrag)) {
      FlowFrameResult r;
      table.process(frame, rec.ts_ns, p, r);
      if (r.is_tcp) row = std::to_string(r.tcp.stream) + "\t";
      if (r.is_udp) row = "\t" + std::to_string(r.udp.stream);
      if (p.l4 == L4::Icmp || p.l4 == L4::Icmpv6) row = "icmp";
    }
    out.push_back(row);
  }
  table.finish(frame, 0);
  return out;
}

std::vector<std::string> tshark_streams(const std::string& path) {
  std::vector<std::string> out;
  std::istringstream in(test::run_oracle(
      "tshark -n -r " + test::sh_quote(path) +
          " -T fields -E separator=/t -e tcp.stream -e udp.stream 2>/dev/null",
      path));
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("tcp.stream and udp.stream equal tshark's on every frame") {
  const auto files = test::shared_capture_files();
  REQUIRE_FALSE(files.empty());  // nothing to compare must not pass
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(test::have_tool("tshark"), "tshark is not installed");
  size_t frames = 0;
  for (const auto& path : files) {
    CAPTURE(path.string());
    const auto ours = our_streams(path.string());
    auto theirs = tshark_streams(path.string());
    REQUIRE(ours.size() == theirs.size());
    for (size_t i = 0; i < ours.size(); ++i) {
      // tshark lists every stream a frame touches (ICMP errors quoting a
      // TCP/UDP header add one); the outer transport is the first.
      const std::string& row = theirs[i];
      const size_t tab = std::min(row.find('\t'), row.size());
      auto first = [](std::string f) { return f.substr(0, f.find(',')); };
      const std::string t =
          first(row.substr(0, tab)) + "\t" +
          first(tab < row.size() ? row.substr(tab + 1) : std::string());
      // An ICMP error quoting a TCP/UDP header carries that flow's stream
      // number in tshark (a field, not a packet-list column); the flow table
      // deliberately does not feed quoted headers into conversations.
      if (ours[i] == "icmp") continue;
      CAPTURE(i + 1);
      CHECK(ours[i] == t);
    }
    frames += ours.size();
  }
  MESSAGE(frames << " frames numbered as tshark numbers them");
}

TEST_CASE("UDP datagrams are delivered whole, one stream per 5-tuple") {
  FlowHarness h;
  auto a = h.udp(true, "query");
  auto b = h.udp(false, "answer");
  CHECK(a.is_udp);
  CHECK(a.udp.stream == 0);
  CHECK(b.udp.stream == 0);
  CHECK(a.udp.dir == Direction::ClientToServer);
  CHECK(b.udp.dir == Direction::ServerToClient);
  h.client_port = 40001;
  auto c = h.udp(true, "other");
  CHECK(c.udp.stream == 1);
  CHECK(c.session_id == 1);
  h.finish();
  REQUIRE(h.sessions.size() == 2);
  CHECK(h.sessions[0].protocol == "UDP");
  CHECK(h.sessions[0].transport == "udp");
  CHECK(h.sessions[0].end_reason == EndReason::CaptureEnd);
  CHECK(h.sessions[0].bytes_c2s == 5);
  CHECK(h.sessions[0].bytes_s2c == 6);
  CHECK(h.rec(0).dir[0] == "query");
  CHECK(h.rec(0).dir[1] == "answer");
  CHECK(h.rec(0).presented[1].size() == 1);
}

TEST_CASE("idle UDP flows time out; a returning flow keeps its udp.stream") {
  ReassemblyLimits lim;
  lim.udp_idle_timeout_ns = 10'000'000'000;
  FlowHarness h(lim);
  h.udp(true, "one");
  h.ts += 30'000'000'000;  // 30 s of silence
  h.client_port = 40001;
  auto other = h.udp(true, "x");  // any packet moves the clock
  REQUIRE(h.sessions.size() == 1);
  CHECK(h.sessions[0].end_reason == EndReason::Timeout);
  CHECK(h.sessions[0].id == 0);
  CHECK(other.udp.stream == 1);
  h.client_port = 40000;
  auto back = h.udp(true, "two");
  CHECK(back.udp.stream == 0);  // tshark's number for the 5-tuple
  CHECK(back.session_id == 2);  // but a new session
  h.finish();
  CHECK(h.sessions.size() == 3);
}

TEST_CASE("retired flows beyond the bound are forgotten") {
  ReassemblyLimits lim;
  lim.udp_idle_timeout_ns = 1'000'000'000;
  FlowHarness h(lim);
  FlowTable::Options opt;
  opt.limits = lim;
  opt.registry = &h.registry;
  opt.max_retired_flows = 2;
  h.table = std::make_unique<FlowTable>(opt, &h, nullptr);
  for (uint16_t f = 0; f < 4; ++f) {  // four flows, each idle after one packet
    h.client_port = 40000 + f;
    CHECK(h.udp(true, "x").udp.stream == f);
    h.ts += 5'000'000'000;
  }
  h.client_port = 40003;
  CHECK(h.udp(true, "y").udp.stream == 3);  // remembered
  h.client_port = 40000;
  CHECK(h.udp(true, "z").udp.stream == 4);  // forgotten: a new number
  h.finish();
  CHECK(h.sessions.size() == 6);
}

TEST_CASE("the number of live conversations is bounded") {
  FlowHarness h;
  FlowTable::Options opt;
  opt.registry = &h.registry;
  opt.max_live_flows = 2;
  h.table = std::make_unique<FlowTable>(opt, &h, nullptr);
  for (uint16_t f = 0; f < 3; ++f) {
    h.client_port = 40000 + f;
    h.tcp(true, 100, 0, kTcpSyn);
  }
  REQUIRE(h.sessions.size() == 1);  // the least recently active went
  CHECK(h.sessions[0].client.port == 40000);
  CHECK(h.sessions[0].end_reason == EndReason::Timeout);
  REQUIRE(h.sessions[0].notes.size() == 1);
  // An eviction is counted as one, not as a reassembly bound reached.
  CHECK(h.stats().evicted_flows == 1);
  CHECK(h.stats().limit_hits == 0);
  // A finished connection is dropped before any live one.
  h.client_port = 40001;
  h.tcp(true, 101, 0, kTcpRst);
  h.client_port = 40003;
  h.tcp(true, 100, 0, kTcpSyn);
  CHECK(h.sessions.size() == 2);  // only the RST session, ended by itself
  CHECK(h.sessions[1].end_reason == EndReason::Rst);
  CHECK(h.stats().evicted_flows == 1);  // dropping it ended nothing
  h.finish();
  CHECK(h.sessions.size() == 4);
}

TEST_CASE("session ids count TCP and UDP sessions together") {
  FlowHarness h;
  auto t0 = h.tcp(true, 100, 0, kTcpSyn);
  auto u0 = h.udp(true, "dns");
  h.client_port = 40001;
  auto t1 = h.tcp(true, 200, 0, kTcpSyn);
  CHECK(t0.tcp.stream == 0);
  CHECK(t0.session_id == 0);
  CHECK(u0.udp.stream == 0);
  CHECK(u0.session_id == 1);
  CHECK(t1.tcp.stream == 1);
  CHECK(t1.session_id == 2);
  CHECK(h.stats().tcp_streams == 2);
  CHECK(h.stats().udp_streams == 1);
}

TEST_CASE("idle TCP sessions end with Timeout") {
  ReassemblyLimits lim;
  lim.tcp_idle_timeout_ns = 5'000'000'000;
  FlowHarness h(lim);
  h.handshake(10, 20);
  h.tcp(true, 11, 21, kTcpAck | kTcpPsh, "data");
  h.ts += 10'000'000'000;
  h.udp(true, "tick");
  REQUIRE(h.sessions.size() == 1);
  CHECK(h.sessions[0].end_reason == EndReason::Timeout);
  CHECK(h.rec(0).why == EndReason::Timeout);
  // The 5-tuple comes back: same tcp.stream (no SYN), a new session.
  auto r = h.tcp(true, 15, 21, kTcpAck | kTcpPsh, "more");
  CHECK(r.tcp.stream == 0);
  CHECK(r.session_id == 2);
}

TEST_CASE("sessions without a dissector are still tracked") {
  FlowHarness h({}, {}, /*dissect=*/false);
  h.no_steps();
  h.handshake(10, 20);
  h.tcp(true, 11, 21, kTcpAck | kTcpPsh, "data");
  h.tcp(true, 20, 21, kTcpAck | kTcpPsh, "late");  // held: a hole
  h.tcp(false, 21, 24, kTcpAck);                   // acked past it
  h.finish();
  CHECK(h.recordings.empty());
  REQUIRE(h.sessions.size() == 1);
  CHECK(h.sessions[0].bytes_c2s == 8);
  CHECK(h.sessions[0].gaps == 1);
  CHECK(h.sessions[0].gap_bytes == 5);
  CHECK(h.stats().buffered_bytes_peak == 0);  // nothing copied for nobody
}

namespace {

// Three connections open at once, a handshake each (three steps), and a
// fourth whose SYN comes when the first three are still open.
void three_handshakes_and_a_syn(FlowHarness& h) {
  for (uint16_t f = 0; f < 3; ++f) {
    h.client_port = 40000 + f;
    h.handshake(100, 500);
  }
  h.client_port = 40003;
  h.tcp(true, 100, 0, kTcpSyn);
}

uint64_t footprints(const std::vector<Event>& steps, size_t n) {
  uint64_t sum = 0;
  for (size_t i = 0; i < n && i < steps.size(); ++i) sum += footprint(steps[i]);
  return sum;
}

}  // namespace

TEST_CASE("the steps open sessions hold are charged to the memory budget") {
  // Room for all: what the steps are charged is their footprint, part of
  // the buffered bytes, and all of it is given back with the sessions.
  FlowHarness roomy;
  three_handshakes_and_a_syn(roomy);
  CHECK(roomy.stats().held_events == 10);
  const uint64_t charged = roomy.stats().held_event_bytes;
  CHECK(charged >= 10 * sizeof(Event));
  CHECK(roomy.stats().buffered_bytes == charged);
  roomy.finish();
  REQUIRE(roomy.sessions.size() == 4);
  uint64_t listed_bytes = 0;
  for (const Session& s : roomy.sessions)
    listed_bytes += footprints(s.events, s.events.size());
  CHECK(listed_bytes == charged);
  CHECK(roomy.stats().held_events == 0);
  CHECK(roomy.stats().held_event_bytes == 0);
  CHECK(roomy.stats().buffered_bytes == 0);
  CHECK(roomy.stats().dropped_events == 0);

  // A budget whose half (the steps' share) holds the first seven steps:
  // the third session lists its
  // SYN, then is cut for good; the fourth lists nothing (its SYN, which
  // SYN-ACK would answer, is dropped before a field is added to it).
  ReassemblyLimits lim;
  const uint64_t seven = footprints(roomy.sessions[0].events, 3) +
                         footprints(roomy.sessions[1].events, 3) +
                         footprints(roomy.sessions[2].events, 1);
  lim.total_bytes = 2 * seven;
  FlowHarness h(lim);
  three_handshakes_and_a_syn(h);
  CHECK(h.stats().held_events == 7);
  CHECK(h.stats().held_event_bytes == seven);
  CHECK(h.stats().dropped_events == 3);
  CHECK(h.stats().refused_holds == 0);        // dissectors were not refused
  h.tcp(false, 500, 101, kTcpSyn | kTcpAck);  // the fourth's SYN-ACK
  CHECK(h.stats().dropped_events == 4);
  h.finish();
  REQUIRE(h.sessions.size() == 4);
  std::vector<size_t> listed;
  size_t told = 0;
  for (const Session& s : h.sessions) {
    listed.push_back(s.events.size());
    for (const auto& n : s.notes)
      if (n ==
          "the steps' half of the run's memory budget (--total-buffer) "
          "was spent: later steps of this session are not listed")
        ++told;
  }
  CHECK(listed == std::vector<size_t>{3, 3, 1, 0});
  CHECK(told == 2);
  CHECK(h.sessions[2].events[0].text == "SYN");
  CHECK(h.stats().held_events == 0);  // all given back at the end
  CHECK(h.stats().held_event_bytes == 0);
  CHECK(h.stats().buffered_bytes == 0);
}
