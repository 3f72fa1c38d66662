// SPDX-License-Identifier: GPL-2.0-or-later
#include "../../src/flow/tcp_analysis.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "tcp_scenario.hpp"

using namespace tracelab;
using tracelab::test::run_tcp_scenario;
using tracelab::test::ScriptedSegment;

TEST_CASE("each analysis note fires where tshark reports it") {
  // Per segment of the scripted conversation, the notes tshark printed.
  const std::vector<uint32_t> want = {
      0,
      0,
      0,
      0,
      0,
      kNotePrevSegmentNotCaptured,
      kNoteDupAck,
      kNoteDupAck,
      kNoteFastRetransmission,
      0,
      kNoteSpuriousRetransmission,
      kNoteKeepAlive,
      kNoteKeepAliveAck,
      kNoteWindowUpdate,
      kNoteZeroWindow,
      kNoteZeroWindowProbe,
      kNoteZeroWindowProbeAck | kNoteZeroWindow,
      kNoteWindowUpdate,
      kNoteWindowFull,
      kNoteOutOfOrder,
      kNoteRetransmission,
      kNoteAckedUnseenSegment,
      0,
      kNotePortNumbersReused,
      0,
      0,
  };
  size_t i = 0;
  run_tcp_scenario([&](const ScriptedSegment& s, const DecodedPacket&,
                       const TcpFrameAnalysis& a) {
    REQUIRE(i < want.size());
    INFO("segment " << i + 1 << ": " << s.tshark_info);
    CHECK(a.notes == want[i]);
    ++i;
  });
  CHECK(i == want.size());
}

TEST_CASE("relative numbers, scaled windows and dup ACK numbering") {
  std::vector<TcpFrameAnalysis> got;
  run_tcp_scenario([&](const ScriptedSegment&, const DecodedPacket&,
                       const TcpFrameAnalysis& a) { got.push_back(a); });
  REQUIRE(got.size() == 26);
  // SYN and SYN/ACK: relative 0, windows never scaled.
  CHECK(got[0].rel_seq == 0);
  CHECK(got[0].window == 8192);
  CHECK(got[1].rel_ack == 1);
  CHECK(got[1].window == 16384);
  // After the handshake both sides scale (shift 2 client, 3 server).
  CHECK(got[2].window == 4000);
  CHECK(got[4].window == 16000);
  CHECK(got[4].rel_ack == 101);
  // Dup ACKs count from the last ACK that moved (frame 5).
  CHECK(got[6].dup_ack_of_frame == 5);
  CHECK(got[6].dup_ack_count == 1);
  CHECK(got[7].dup_ack_count == 2);
  // SACK edges print relative to the other side's ISN.
  CHECK(got[6].sack_base == 1000);
  // A RST does not carry an ACK: the ack is not relative.
  CHECK_FALSE(got[22].ack_valid);
  // The new connection starts its own numbering; no WS on its SYN, so raw.
  CHECK(got[23].stream == 1);
  CHECK(got[25].rel_seq == 1);
  CHECK(got[25].rel_ack == 1);
  CHECK(got[25].window == 100);
}

namespace {

DecodedPacket segment(uint16_t sport, uint16_t dport, uint32_t seq,
                      uint32_t ack, uint16_t flags, uint16_t win,
                      uint32_t len = 0, int wscale = -1) {
  DecodedPacket p;
  p.l4 = L4::Tcp;
  p.sport = sport;
  p.dport = dport;
  p.tcp.seq = seq;
  p.tcp.ack = ack;
  p.tcp.flags = flags;
  p.tcp.window = win;
  p.tcp.header_len = 20;
  if (wscale >= 0) {
    p.tcp.has_wscale = true;
    p.tcp.wscale = static_cast<uint8_t>(wscale);
  }
  p.payload_wire_len = p.payload_len = len;
  return p;
}

constexpr Direction kC2S = Direction::ClientToServer;
constexpr Direction kS2C = Direction::ServerToClient;

}  // namespace

TEST_CASE("without the SYN the first byte seen is numbered 1") {
  TcpAnalysisState st;
  TcpFrameAnalysis a;
  tcp_analyze(st, kC2S, 1, 1000, segment(1, 2, 5000, 9000, kTcpAck, 100, 10),
              a);
  CHECK(a.rel_seq == 1);
  CHECK(a.rel_ack == 1);
  CHECK(a.window == 100);  // scale unknown: raw
  CHECK(a.notes == 0);
  tcp_analyze(st, kS2C, 2, 2000, segment(2, 1, 9000, 5010, kTcpAck, 100), a);
  CHECK(a.rel_seq == 1);
  CHECK(a.rel_ack == 11);
}

TEST_CASE("window scaling needs the option on both SYNs") {
  SUBCASE("SYN without WS: nobody scales, even if the SYN/ACK has it") {
    TcpAnalysisState st;
    TcpFrameAnalysis a;
    tcp_analyze(st, kC2S, 1, 1, segment(1, 2, 10, 0, kTcpSyn, 100), a);
    tcp_analyze(st, kS2C, 2, 2,
                segment(2, 1, 50, 11, kTcpSyn | kTcpAck, 100, 0, 7), a);
    tcp_analyze(st, kS2C, 3, 3, segment(2, 1, 51, 11, kTcpAck, 100), a);
    CHECK(a.window == 100);
  }
  SUBCASE("SYN missed: the SYN/ACK's scale applies to the server only") {
    TcpAnalysisState st;
    TcpFrameAnalysis a;
    tcp_analyze(st, kS2C, 1, 1,
                segment(2, 1, 50, 11, kTcpSyn | kTcpAck, 100, 0, 20), a);
    tcp_analyze(st, kS2C, 2, 2, segment(2, 1, 51, 11, kTcpAck, 100), a);
    CHECK(a.window == (100u << 14));  // shifts above 14 count as 14
    tcp_analyze(st, kC2S, 3, 3, segment(1, 2, 11, 51, kTcpAck, 100), a);
    CHECK(a.window == 100);
  }
}

TEST_CASE("a new ISN on a SYN starts a new stream, the same ISN does not") {
  TcpAnalysisState st;
  TcpFrameAnalysis a;
  const DecodedPacket syn = segment(1, 2, 10, 0, kTcpSyn, 100);
  CHECK_FALSE(tcp_starts_new_stream(st, kC2S, syn));
  tcp_analyze(st, kC2S, 1, 1, syn, a);
  CHECK_FALSE(tcp_starts_new_stream(st, kC2S, syn));
  tcp_analyze(st, kC2S, 2, 2, syn, a);
  CHECK(a.notes == kNoteRetransmission);
  CHECK(tcp_starts_new_stream(st, kC2S, segment(1, 2, 99, 0, kTcpSyn, 100)));
  // A SYN/ACK is never a new stream; with a new ISN it renumbers in place.
  const DecodedPacket synack = segment(2, 1, 70, 11, kTcpSyn | kTcpAck, 100);
  CHECK_FALSE(tcp_starts_new_stream(st, kS2C, synack));
  tcp_analyze(st, kS2C, 3, 3, synack, a);
  tcp_analyze(st, kS2C, 4, 4, segment(2, 1, 80, 11, kTcpSyn | kTcpAck, 100), a);
  CHECK((a.notes & kNotePortNumbersReused) != 0);
  CHECK(a.rel_seq == 0);
}
