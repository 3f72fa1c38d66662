// SPDX-License-Identifier: GPL-2.0-or-later
//
// A scripted TCP conversation that exercises every analysis note, with the
// Info column tshark 4.0.17 printed for the same segments written to a pcap
// (client 10.0.0.1:4000, server 10.0.0.2:80).  Shared by the flow tests
// (notes) and the output tests (Info text).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "../../src/flow/tcp_analysis.hpp"
#include "tracelab/decode.hpp"

namespace tracelab::test {

struct ScriptedSegment {
  int64_t t_us;  ///< capture time, microseconds
  bool from_client;
  uint32_t seq, ack;
  uint16_t flags;
  uint16_t window;
  uint32_t len;
  std::string_view tshark_info;
  // Options, in this order when present.
  int mss = -1, wscale = -1;
  bool sack_perm = false;
  uint32_t sack_left = 0, sack_right = 0;  ///< one SACK block when non-zero
  bool ts_first = false;                   ///< timestamps before MSS
  uint32_t ts_val = 0, ts_ecr = 0;
  uint16_t urgent = 0;
};

inline const std::vector<ScriptedSegment>& tcp_scenario() {
  constexpr uint16_t S = kTcpSyn, A = kTcpAck, P = kTcpPsh, R = kTcpRst,
                     U = kTcpUrg, E = kTcpEce;
  static const std::vector<ScriptedSegment> segs = {
      {1000000, true, 1000, 0, S, 8192, 0,
       "4000 \u2192 80 [SYN] Seq=0 Win=8192 Len=0 MSS=1460 WS=4 SACK_PERM",
       1460, 2, true},
      {1001000, false, 5000, 1001, S | A, 16384, 0,
       "80 \u2192 4000 [SYN, ACK] Seq=0 Ack=1 Win=16384 Len=0 MSS=1400 WS=8",
       1400, 3},
      {1002000, true, 1001, 5001, A, 1000, 0,
       "4000 \u2192 80 [ACK] Seq=1 Ack=1 Win=4000 Len=0"},
      {1010000, true, 1001, 5001, P | A, 1000, 100,
       "4000 \u2192 80 [PSH, ACK] Seq=1 Ack=1 Win=4000 Len=100"},
      {1020000, false, 5001, 1101, A, 2000, 0,
       "80 \u2192 4000 [ACK] Seq=1 Ack=101 Win=16000 Len=0"},
      {1030000, true, 1201, 5001, A, 1000, 100,
       "[TCP Previous segment not captured] 4000 \u2192 80 [ACK] Seq=201 "
       "Ack=1 Win=4000 Len=100"},
      {1031000, false, 5001, 1101, A, 2000, 0,
       "[TCP Dup ACK 5#1] 80 \u2192 4000 [ACK] Seq=1 Ack=101 Win=16000 Len=0 "
       "SLE=201 SRE=301",
       -1, -1, false, 1201, 1301},
      {1032000, false, 5001, 1101, A, 2000, 0,
       "[TCP Dup ACK 5#2] 80 \u2192 4000 [ACK] Seq=1 Ack=101 Win=16000 Len=0"},
      {1040000, true, 1101, 5001, A, 1000, 100,
       "[TCP Fast Retransmission] 4000 \u2192 80 [ACK] Seq=101 Ack=1 Win=4000 "
       "Len=100"},
      {1050000, false, 5001, 1301, A, 2000, 0,
       "80 \u2192 4000 [ACK] Seq=1 Ack=301 Win=16000 Len=0"},
      {2050000, true, 1101, 5001, A, 1000, 100,
       "[TCP Spurious Retransmission] 4000 \u2192 80 [ACK] Seq=101 Ack=1 "
       "Win=4000 Len=100"},
      {3000000, true, 1300, 5001, A, 1000, 1,
       "[TCP Keep-Alive] 4000 \u2192 80 [ACK] Seq=300 Ack=1 Win=4000 Len=1"},
      {3001000, false, 5001, 1301, A, 2000, 0,
       "[TCP Keep-Alive ACK] 80 \u2192 4000 [ACK] Seq=1 Ack=301 Win=16000 "
       "Len=0"},
      {3002000, false, 5001, 1301, A, 3000, 0,
       "[TCP Window Update] 80 \u2192 4000 [ACK] Seq=1 Ack=301 Win=24000 "
       "Len=0"},
      {3003000, false, 5001, 1301, A, 0, 0,
       "[TCP ZeroWindow] 80 \u2192 4000 [ACK] Seq=1 Ack=301 Win=0 Len=0"},
      {3100000, true, 1301, 5001, A, 1000, 1,
       "[TCP ZeroWindowProbe] 4000 \u2192 80 [ACK] Seq=301 Ack=1 Win=4000 "
       "Len=1"},
      {3101000, false, 5001, 1301, A, 0, 0,
       "[TCP ZeroWindowProbeAck] [TCP ZeroWindow] 80 \u2192 4000 [ACK] Seq=1 "
       "Ack=301 Win=0 Len=0"},
      {3200000, false, 5001, 1301, A, 2000, 0,
       "[TCP Window Update] 80 \u2192 4000 [ACK] Seq=1 Ack=301 Win=16000 "
       "Len=0"},
      {3300000, true, 1301, 5001, A, 1000, 16000,
       "[TCP Window Full] 4000 \u2192 80 [ACK] Seq=301 Ack=1 Win=4000 "
       "Len=16000"},
      {3300500, true, 1401, 5001, A, 1000, 100,
       "[TCP Out-Of-Order] 4000 \u2192 80 [ACK] Seq=401 Ack=1 Win=4000 "
       "Len=100"},
      {4300000, true, 1401, 5001, A, 1000, 100,
       "[TCP Retransmission] 4000 \u2192 80 [ACK] Seq=401 Ack=1 Win=4000 "
       "Len=100"},
      {4400000, false, 5001, 20000, A, 2000, 0,
       "[TCP ACKed unseen segment] 80 \u2192 4000 [ACK] Seq=1 Ack=19000 "
       "Win=16000 Len=0"},
      {4500000, true, 17301, 5001, R, 0, 0,
       "4000 \u2192 80 [RST] Seq=16301 Win=0 Len=0"},
      {5000000, true, 77777, 0, S, 8192, 0,
       "[TCP Port numbers reused] 4000 \u2192 80 [SYN] Seq=0 Win=8192 Len=0 "
       "MSS=1460",
       1460},
      {5001000, false, 9000, 77778, S | A | E, 8192, 0,
       "80 \u2192 4000 [SYN, ACK, ECE] Seq=0 Ack=1 Win=8192 Len=0 TSval=5 "
       "TSecr=6 MSS=1460",
       1460, -1, false, 0, 0, true, 5, 6},
      {5002000, true, 77778, 9001, A | U, 100, 5,
       "4000 \u2192 80 [ACK, URG] Seq=1 Ack=1 Win=100 Urg=3 Len=5", -1, -1,
       false, 0, 0, false, 0, 0, 3},
  };
  return segs;
}

inline void add_option(TcpHeader& h, TcpOptKind k) {
  h.options[h.option_count++] = TcpOption{k, 0};
}

/// The DecodedPacket the decoder would give for `s`.
inline DecodedPacket scripted_packet(const ScriptedSegment& s) {
  DecodedPacket p;
  p.l3 = L3::Ipv4;
  p.l4 = L4::Tcp;
  p.sport = s.from_client ? 4000 : 80;
  p.dport = s.from_client ? 80 : 4000;
  TcpHeader& h = p.tcp;
  h.seq = s.seq;
  h.ack = s.ack;
  h.flags = s.flags;
  h.window = s.window;
  h.urgent = s.urgent;
  h.header_len = 20;
  if (s.ts_first) {
    h.has_ts = true;
    h.ts_val = s.ts_val;
    h.ts_ecr = s.ts_ecr;
    add_option(h, TcpOptKind::Timestamp);
  }
  if (s.mss >= 0) {
    h.has_mss = true;
    h.mss = static_cast<uint16_t>(s.mss);
    add_option(h, TcpOptKind::Mss);
  }
  if (s.wscale >= 0) {
    h.has_wscale = true;
    h.wscale = static_cast<uint8_t>(s.wscale);
    add_option(h, TcpOptKind::WindowScale);
  }
  if (s.sack_perm) {
    h.sack_perm = true;
    add_option(h, TcpOptKind::SackPerm);
  }
  if (s.sack_right != 0) {
    h.sack_count = 1;
    h.sack[0] = {s.sack_left, s.sack_right};
    add_option(h, TcpOptKind::Sack);
  }
  h.header_len = static_cast<uint8_t>(20 + 4 * h.option_count);
  p.payload_len = p.payload_wire_len = s.len;
  return p;
}

/// Runs the scenario through the analysis the way the flow table does
/// (a SYN with a new ISN starts a fresh state), calling `each` per segment.
template <typename F>
void run_tcp_scenario(F&& each) {
  TcpAnalysisState st;
  uint64_t stream = 0, frame = 0;
  for (const ScriptedSegment& s : tcp_scenario()) {
    ++frame;
    const DecodedPacket p = scripted_packet(s);
    const Direction dir =
        s.from_client ? Direction::ClientToServer : Direction::ServerToClient;
    TcpFrameAnalysis a;
    if (tcp_starts_new_stream(st, dir, p)) {
      st = TcpAnalysisState{};
      ++stream;
      a.notes = kNotePortNumbersReused;
    }
    a.stream = stream;
    tcp_analyze(st, dir, frame, s.t_us * 1000, p, a);
    each(s, p, a);
  }
}

}  // namespace tracelab::test
