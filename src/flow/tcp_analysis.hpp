// SPDX-License-Identifier: GPL-2.0-or-later
//
// TCP sequence analysis: relative sequence numbers, window scaling and the
// notes tshark 4.0 puts in front of a segment's Info ("[TCP Retransmission]",
// "[TCP Dup ACK 5#2]", ...).  The rules follow Wireshark's TCP dissector so
// that the packet list agrees with tshark frame by frame, including its
// heuristics' quirks (a SYN/ACK carrying a new ISN, windows before the
// handshake completes, out-of-order thresholds taken from the first RTT).
//
// The state is a fixed-size value: nothing here allocates.
#pragma once

#include <cstdint>

#include "tracelab/decode.hpp"
#include "tracelab/flow.hpp"
#include "tracelab/session.hpp"

namespace tracelab {

/// What one side of a conversation has sent so far.
struct TcpFlowState {
  uint32_t base_seq = 0;  ///< subtracted to print relative numbers
  bool base_set = false;
  /// Window scale shift: -1 unknown, -2 known not to be used, else 0..14.
  int8_t win_scale = -1;
  /// Set by a SYN, cleared by the first pure ACK: until then the advertised
  /// window is taken unscaled when testing for a full window.
  bool first_ack_pending = false;
  uint32_t window = UINT32_MAX;  ///< last raw window field
  uint32_t next_seq = 0;         ///< highest sequence end seen (0: none yet)
  int64_t next_seq_ts = 0;
  uint32_t last_ack = 0;  ///< ack field of the last segment
  int64_t last_ack_ts = 0;
  /// Highest contiguous sequence end, to notice ACKs of unseen data.
  uint32_t max_seq_to_be_acked = 0;
  /// Duplicate ACK counter; -1 right after "[TCP ACKed unseen segment]".
  int32_t dup_ack_num = 0;
  uint64_t last_non_dup_ack = 0;  ///< frame of the last ACK that moved
  uint32_t last_segment_notes = 0;
};

/// Both directions of one TCP conversation (index: Direction).
struct TcpAnalysisState {
  TcpFlowState flow[2];
  int64_t mru_syn_ts = 0;    ///< time of the most recent pure SYN (0: none)
  int64_t first_rtt_ns = 0;  ///< SYN to first pure ACK (0: unknown)
};

/// Analyses one segment sent in direction `dir` and fills `out` (all but
/// `stream`, which the flow table owns).  `ts_ns` is the capture time.
void tcp_analyze(TcpAnalysisState& st, Direction dir, uint64_t frame,
                 int64_t ts_ns, const DecodedPacket& p, TcpFrameAnalysis& out);

/// True when this segment begins a new tcp.stream: a SYN (without ACK) from
/// a side whose initial sequence number is already known and differs.  The
/// flow table then starts a fresh conversation for it and adds
/// kNotePortNumbersReused.
bool tcp_starts_new_stream(const TcpAnalysisState& st, Direction dir,
                           const DecodedPacket& p);

}  // namespace tracelab
