// SPDX-License-Identifier: GPL-2.0-or-later
#include <doctest/doctest.h>

#include <string>

#include "../../src/columns/info.hpp"
#include "../flow/tcp_scenario.hpp"

using namespace tracelab;
using tracelab::test::run_tcp_scenario;
using tracelab::test::ScriptedSegment;

TEST_CASE("TCP Info matches tshark for every analysis note") {
  std::string info;
  int n = 0;
  run_tcp_scenario([&](const ScriptedSegment& s, const DecodedPacket& p,
                       const TcpFrameAnalysis& a) {
    format_tcp_info(p, a, info);
    CHECK(info == s.tshark_info);
    ++n;
  });
  CHECK(n == 26);
}

namespace {

std::string info_for(uint16_t flags, uint8_t header_len = 20) {
  DecodedPacket p;
  p.l4 = L4::Tcp;
  p.sport = 1;
  p.dport = 2;
  p.tcp.flags = flags;
  p.tcp.header_len = header_len;
  TcpFrameAnalysis a;
  a.window = 7;
  a.notes = kNoteRetransmission;
  std::string info;
  format_tcp_info(p, a, info);
  return info;
}

}  // namespace

TEST_CASE("flag names, in tshark's order") {
  CHECK(info_for(0) ==
        "[TCP Retransmission] 1 \u2192 2 [<None>] Seq=0 Win=7 Len=0");
  CHECK(info_for(kTcpAe | kTcpCwr | kTcpEce | kTcpUrg | kTcpFin | kTcpRst) ==
        "[TCP Retransmission] 1 \u2192 2 [FIN, RST, URG, ECE, CWR, AE] Seq=0 "
        "Win=7 Urg=0 Len=0");
  CHECK(info_for(0x800 | kTcpAck) ==
        "[TCP Retransmission] 1 \u2192 2 [ACK, Reserved] Seq=0 Ack=0 Win=7 "
        "Len=0");
}

TEST_CASE("a bogus header length ends the Info early, without notes") {
  CHECK(info_for(kTcpAck, 12) ==
        "1 \u2192 2 [ACK] Seq=0 Ack=0 Win=7, bogus TCP header length (12, "
        "must be at least 20)");
}
