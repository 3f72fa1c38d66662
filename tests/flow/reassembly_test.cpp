// SPDX-License-Identifier: GPL-2.0-or-later
//
// TCP reassembly through the flow table, with synthetic segments.
#include <doctest/doctest.h>

#include "flow_harness.hpp"

using namespace tracelab;
using tracelab::test::FlowHarness;

namespace {

constexpr uint16_t kA = kTcpAck;
constexpr uint16_t kPA = kTcpAck | kTcpPsh;
constexpr uint32_t C = 1000, S = 5000;  // ISNs: data starts at C+1, S+1

}  // namespace

TEST_CASE("in-order data both ways, FIN close, handshake events") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "hello ");
  h.tcp(true, C + 7, S + 1, kPA, "world");
  h.tcp(false, S + 1, C + 12, kPA, "HI");
  h.tcp(true, C + 12, S + 3, kA | kTcpFin);
  h.tcp(false, S + 3, C + 13, kA | kTcpFin);
  REQUIRE(h.sessions.empty());
  h.tcp(true, C + 13, S + 4, kA);  // the last ACK ends the session
  REQUIRE(h.sessions.size() == 1);
  const Session& s = h.sessions[0];
  CHECK(s.end_reason == EndReason::Fin);
  CHECK(s.protocol == "TCP");
  CHECK(s.client.port == h.client_port);
  CHECK(s.server.port == h.server_port);
  CHECK(s.bytes_c2s == 11);
  CHECK(s.bytes_s2c == 2);
  CHECK(s.packets_c2s == 6);
  CHECK(s.packets_s2c == 3);
  CHECK(s.first_frame == 1);
  CHECK(s.last_frame == 9);
  CHECK(s.gaps == 0);
  REQUIRE(s.events.size() == 5);
  CHECK(s.events[0].text == "SYN");
  CHECK(s.events[0].frame == 1);
  CHECK(s.events[1].text == "SYN-ACK");
  CHECK(s.events[1].dir == Direction::ServerToClient);
  CHECK(s.events[2].text == "ACK");
  CHECK(s.events[2].frame == 3);
  CHECK(s.events[3].kind == StepKind::Close);
  CHECK(s.events[3].dir == Direction::ClientToServer);
  CHECK(s.events[4].dir == Direction::ServerToClient);
  CHECK(h.rec().dir[0] == "hello world");
  CHECK(h.rec().dir[1] == "HI");
  CHECK(h.rec().ended);
  CHECK(h.rec().why == EndReason::Fin);
}

TEST_CASE("out-of-order segments are held and delivered in order") {
  FlowHarness h;
  h.no_steps();
  h.handshake(C, S);
  h.tcp(true, C + 7, S + 1, kPA, "world");
  h.tcp(true, C + 4, S + 1, kPA, "lo ");
  CHECK(h.recordings.empty());  // nothing in order yet: no bytes presented
  CHECK(h.stats().buffered_bytes == 8);
  h.tcp(true, C + 1, S + 1, kPA, "hel");
  CHECK(h.rec().dir[0] == "hello world");
  CHECK(h.stats().buffered_bytes == 0);
  CHECK(h.stats().buffered_bytes_peak == 8);
}

TEST_CASE("retransmissions are dropped; identical overlaps are no conflict") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "abcdef");
  h.tcp(true, C + 1, S + 1, kPA, "abcdef");  // full retransmission
  h.tcp(true, C + 4, S + 1, kPA, "defghi");  // partial overlap, same bytes
  h.tcp(true, C + 13, S + 1, kPA, "mn");     // held
  h.tcp(true, C + 11, S + 1, kPA, "klmn");   // overlaps the held piece
  h.tcp(true, C + 10, S + 1, kPA, "j");
  CHECK(h.rec().dir[0] == "abcdefghijklmn");
  CHECK(h.stats().overlap_conflicts == 0);
}

TEST_CASE("conflicting overlap: first data wins, counted and noted") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "GOOD");
  h.tcp(true, C + 1, S + 1, kPA, "EVIL");  // exact overlap, other bytes
  CHECK(h.stats().overlap_conflicts == 1);
  // Against held out-of-order data too.
  h.tcp(true, C + 9, S + 1, kPA, "1234");
  h.tcp(true, C + 5, S + 1, kPA, "++++XX34");
  CHECK(h.stats().overlap_conflicts == 2);
  h.finish();
  CHECK(h.rec().dir[0] == "GOOD++++1234");
  REQUIRE(h.sessions.size() == 1);
  REQUIRE(h.sessions[0].notes.size() == 1);
  CHECK(h.sessions[0].notes[0].find("differed") != std::string::npos);
}

TEST_CASE("a hole the peer acknowledges becomes a gap of known size") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "abc");
  // "defg" (4 bytes) is lost by the capture.
  h.tcp(true, C + 8, S + 1, kPA, "hij");
  CHECK(h.rec().dir[0] == "abc");
  // The dissector hears of the held segment in its own frame (5).
  REQUIRE(h.rec().held[0].size() == 1);
  CHECK(h.rec().held[0][0] == std::pair<uint64_t, uint64_t>(5, 3));
  h.tcp(false, S + 1, C + 11, kA);  // the server got everything
  CHECK(h.rec().dir[0] == "abc[4 missing]hij");
  CHECK(h.stats().gaps == 1);
  CHECK(h.stats().gap_bytes == 4);
  h.finish();
  const Session& s = h.sessions.at(0);
  CHECK(s.gaps == 1);
  CHECK(s.gap_bytes == 4);
  bool gap_event = false;
  for (const Event& e : s.events)
    gap_event = gap_event || (e.kind == StepKind::Gap && e.frame == 6);
  CHECK(gap_event);
  CHECK(s.end_reason == EndReason::CaptureEnd);
}

TEST_CASE("an ACK inside a hole declares only the acknowledged part") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 11, S + 1, kPA, "klm");  // bytes 0..9 not seen yet
  h.tcp(false, S + 1, C + 5, kA);          // server has 0..3
  CHECK(h.stats().gap_bytes == 4);  // told to the dissector once it exists
  h.tcp(true, C + 5, S + 1, kPA, "efghij");  // the rest arrives late
  CHECK(h.rec().dir[0] == "[4 missing]efghijklm");
}

TEST_CASE("held data at the end of capture follows a gap") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "ab");
  h.tcp(true, C + 6, S + 1, kPA, "fg");
  h.finish();
  CHECK(h.rec().dir[0] == "ab[3 missing]fg");
  CHECK(h.rec().why == EndReason::CaptureEnd);
}

TEST_CASE("sequence numbers wrap around") {
  FlowHarness h;
  const uint32_t isn = 0xfffffff8u;
  h.handshake(isn, S);
  h.tcp(true, isn + 1, S + 1, kPA, "0123456");  // crosses 2^32
  h.tcp(true, isn + 12, S + 1, kPA, "BCD");     // after the wrap, early
  h.tcp(true, isn + 8, S + 1, kPA, "789A");
  h.tcp(true, isn + 3, S + 1, kPA, "23456789");  // retransmission
  CHECK(h.rec().dir[0] == "0123456789ABCD");
  h.tcp(false, S + 1, isn + 15, kA);
  CHECK(h.stats().gaps == 0);
}

TEST_CASE("one-byte segments, in order and reversed") {
  FlowHarness h;
  h.no_steps();
  h.handshake(C, S);
  std::string want;
  for (int i = 0; i < 50; ++i) {
    const std::string b(1, static_cast<char>('a' + i % 26));
    want += b;
    h.tcp(true, C + 1 + i, S + 1, kPA, b);
  }
  for (int i = 99; i >= 50; --i)
    h.tcp(true, C + 1 + i, S + 1, kPA, std::string(1, 'A' + i % 26));
  for (int i = 50; i < 100; ++i) want += static_cast<char>('A' + i % 26);
  CHECK(h.rec().dir[0] == want);
  CHECK(h.stats().buffered_bytes == 0);
}

TEST_CASE("keep-alive probes are neither data nor conflicts") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "abc");
  h.tcp(true, C + 3, S + 1, kA, std::string(1, '\0'));  // seq = next - 1
  h.tcp(true, C + 3, S + 1, kA);                        // zero-length form
  h.tcp(true, C + 4, S + 1, kPA, "d");
  CHECK(h.rec().dir[0] == "abcd");
  CHECK(h.stats().overlap_conflicts == 0);
}

TEST_CASE("a zero-window probe's byte is the next byte, delivered once") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "abc");
  h.tcp(false, S + 1, C + 4, kA);          // (a zero window, in real life)
  h.tcp(true, C + 4, S + 1, kA, "d");      // the probe: one new byte
  h.tcp(true, C + 4, S + 1, kPA, "defg");  // sent again with the rest
  CHECK(h.rec().dir[0] == "abcdefg");
  CHECK(h.stats().overlap_conflicts == 0);
}

TEST_CASE("RST ends the session; later data is ignored") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "abc");
  h.tcp(false, S + 1, C + 4, kTcpRst | kTcpAck);
  REQUIRE(h.sessions.size() == 1);
  CHECK(h.sessions[0].end_reason == EndReason::Rst);
  CHECK(h.sessions[0].events.back().text == "RST");
  CHECK(h.sessions[0].events.back().dir == Direction::ServerToClient);
  auto r = h.tcp(true, C + 4, S + 1, kPA, "def");
  CHECK(r.tcp.stream == 0);  // still the same conversation
  CHECK(r.session_id == 0);
  h.finish();
  CHECK(h.sessions.size() == 1);
  CHECK(h.rec().dir[0] == "abc");
  CHECK(h.rec().why == EndReason::Rst);
}

TEST_CASE("data past the FIN is not part of the stream") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA | kTcpFin, "abc");
  h.tcp(true, C + 4, S + 1, kPA, "xyz");  // after the FIN's sequence number
  h.finish();
  CHECK(h.rec().dir[0] == "abc");
  CHECK(h.sessions.at(0).end_reason == EndReason::Fin);
}

TEST_CASE("held data past a FIN that arrives later is dropped, not a gap") {
  FlowHarness h;
  h.no_steps();
  h.handshake(C, S);
  h.tcp(true, C + 5, S + 1, kPA, "efg");           // straddles the FIN
  h.tcp(true, C + 10, S + 1, kPA, "zz");           // wholly past it
  h.tcp(true, C + 4, S + 1, kPA | kTcpFin, "de");  // FIN at offset 5
  CHECK(h.stats().buffered_bytes == 2);            // "d" and "e" only
  h.tcp(true, C + 1, S + 1, kPA, "abc");
  h.finish();
  CHECK(h.rec().dir[0] == "abcde");
  CHECK(h.sessions.at(0).gaps == 0);
}

TEST_CASE("a stream picked up mid-connection") {
  FlowHarness h;
  h.client_port = 80;  // the first sender is the server (a service port)
  h.server_port = 51000;
  h.tcp(true, 777, 999, kPA, "HTTP/1.1 200 OK\r\n");
  h.tcp(false, 999, 794, kA);
  h.tcp(true, 794, 999, kPA, "x");
  h.finish();
  const Session& s = h.sessions.at(0);
  CHECK(s.client.port == 51000);
  CHECK(s.server.port == 80);
  CHECK(h.rec().dir[1] == "HTTP/1.1 200 OK\r\nx");
  CHECK(h.rec().dir[0].empty());
  CHECK(s.events.empty());
}

TEST_CASE("out-of-order buffer bound: held data becomes a gap") {
  ReassemblyLimits lim;
  lim.per_flow_bytes = 100;
  FlowHarness h(lim);
  h.no_steps();
  h.handshake(C, S);
  // Byte 0 never arrives; 30-byte segments pile up behind it.
  for (int i = 0; i < 10; ++i)
    h.tcp(true, C + 2 + 30 * i, S + 1, kPA, std::string(30, 'a' + i));
  CHECK(h.stats().limit_hits >= 1);
  CHECK(h.stats().buffered_bytes_peak <= 130);
  CHECK(h.rec().dir[0].rfind("[1 missing]aaaa", 0) == 0);
  h.finish();
  std::string want = "[1 missing]";
  for (int i = 0; i < 10; ++i) want += std::string(30, 'a' + i);
  CHECK(h.rec().dir[0] == want);
  bool noted = false;
  for (const std::string& n : h.sessions.at(0).notes)
    noted = noted || n.find("bound") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("total buffer bound across flows") {
  ReassemblyLimits lim;
  lim.total_bytes = 64;
  FlowHarness h(lim);
  for (uint16_t f = 0; f < 4; ++f) {
    h.client_port = 40000 + f;
    h.handshake(C, S);
    h.tcp(true, C + 5, S + 1, kPA, std::string(30, 'x'));
  }
  CHECK(h.stats().buffered_bytes <= 64);
  CHECK(h.stats().limit_hits >= 1);
}

TEST_CASE("port reuse starts a new tcp.stream and session") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "one");
  h.tcp(true, C + 4, S + 1, kA | kTcpFin);
  h.tcp(false, S + 1, C + 5, kA | kTcpFin);
  h.tcp(true, C + 5, S + 2, kA);
  REQUIRE(h.sessions.size() == 1);
  auto r = h.tcp(true, 90000, 0, kTcpSyn);
  CHECK(r.tcp.stream == 1);
  CHECK(r.session_id == 1);
  CHECK((r.tcp.notes & kNotePortNumbersReused) != 0);
  h.tcp(false, 70000, 90001, kTcpSyn | kTcpAck);
  h.tcp(true, 90001, 70001, kPA, "two");
  h.finish();
  REQUIRE(h.sessions.size() == 2);
  CHECK(h.sessions[1].id == 1);
  CHECK(h.rec(0).dir[0] == "one");
  CHECK(h.rec(1).dir[0] == "two");
}

TEST_CASE("Consumed/need: tails kept, no re-presentation before need") {
  // A length-prefixed protocol: one digit of length, then the body.
  auto policy = [](Direction, std::span<const uint8_t> d) -> Consumed {
    size_t used = 0;
    while (used < d.size()) {
      const size_t len = static_cast<size_t>(d[used] - '0');
      if (d.size() - used < 1 + len) return {used, 1 + len};
      used += 1 + len;
    }
    return {used, 0};
  };
  FlowHarness h({}, policy);
  h.no_steps();
  h.handshake(C, S);
  const std::string seg1 = "3ab";
  h.tcp(true, C + 1, S + 1, kPA, seg1);  // needs 4, has 3: tail "3ab"
  h.tcp(true, C + 4, S + 1, kPA, "c");   // complete: consumes 4
  h.tcp(true, C + 5, S + 1, kPA, "9");   // needs 10
  for (int i = 0; i < 8; ++i)            // not presented while short
    h.tcp(true, C + 6 + i, S + 1, kPA, "x");
  const auto& sizes = h.rec().presented[0];
  REQUIRE(sizes.size() == 3);
  CHECK(sizes[0] == 3);
  CHECK(sizes[1] == 4);  // the tail with the new byte appended
  CHECK(sizes[2] == 1);
  h.tcp(true, C + 14, S + 1, kPA, "y2zz");
  CHECK(h.rec().presented[0].size() == 4);
  CHECK(h.rec().presented[0][3] == 13);
  CHECK(h.rec().dir[0] == "3abc9xxxxxxxxy2zz");
  CHECK(h.stats().buffered_bytes == 0);
}

TEST_CASE("in-order data the dissector consumes is never copied") {
  FlowHarness h;
  h.no_steps();
  h.handshake(C, S);
  const std::string a = "first segment", b = "second";
  h.tcp(true, C + 1, S + 1, kPA, a);
  h.tcp(true, C + 1 + a.size(), S + 1, kPA, b);
  REQUIRE(h.rec().pointers[0].size() == 2);
  CHECK(h.rec().pointers[0][0] == reinterpret_cast<const uint8_t*>(a.data()));
  CHECK(h.rec().pointers[0][1] == reinterpret_cast<const uint8_t*>(b.data()));
  CHECK(h.stats().buffered_bytes_peak == 0);
}

TEST_CASE("a dissector that never consumes is bounded") {
  ReassemblyLimits lim;
  lim.per_flow_bytes = 50;
  FlowHarness h(lim, [](Direction, std::span<const uint8_t>) {
    return Consumed{0, 0};
  });
  h.no_steps();
  h.handshake(C, S);
  for (int i = 0; i < 10; ++i)
    h.tcp(true, C + 1 + 20 * i, S + 1, kPA, std::string(20, 'q'));
  CHECK(h.stats().buffered_bytes_peak <= 50);
  CHECK(h.stats().limit_hits >= 1);
  CHECK(h.rec().dir[0].find("missing]") != std::string::npos);
}

TEST_CASE("snaplen-cut segments leave a gap of the uncaptured bytes") {
  FlowHarness h;
  h.handshake(C, S);
  h.tcp(true, C + 1, S + 1, kPA, "abcd", 10);  // 6 bytes not captured
  h.tcp(true, C + 11, S + 1, kPA, "klm");
  h.tcp(false, S + 1, C + 14, kA);
  CHECK(h.rec().dir[0] == "abcd[6 missing]klm");
}
