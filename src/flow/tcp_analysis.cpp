// SPDX-License-Identifier: GPL-2.0-or-later
#include "tcp_analysis.hpp"

namespace tracelab {
namespace {

constexpr uint16_t kSynFinRst = kTcpSyn | kTcpFin | kTcpRst;
constexpr int8_t kScaleUnknown = -1;
constexpr int8_t kScaleNone = -2;
constexpr int8_t kMaxShift = 14;  // RFC 7323: larger shifts are taken as 14
/// Fast retransmissions follow duplicate ACKs closely (tshark: 20 ms).
constexpr uint64_t kFastRetransmitWindowNs = 20'000'000;
/// Out-of-order threshold while no handshake RTT is known (tshark: 3 ms).
constexpr uint64_t kDefaultOutOfOrderNs = 3'000'000;

// Serial-number comparisons (RFC 1982) on 32-bit sequence space.
bool seq_gt(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(b - a) < 0;
}
bool seq_lt(uint32_t a, uint32_t b) {
  return static_cast<int32_t>(a - b) < 0;
}
bool seq_le(uint32_t a, uint32_t b) {
  return !seq_gt(a, b);
}

// Time since `then`; a capture going back in time gives a huge value, so the
// "recent" tests below fail, as they do in tshark's unsigned arithmetic.
uint64_t since(int64_t now, int64_t then) {
  return static_cast<uint64_t>(now) - static_cast<uint64_t>(then);
}

/// Window-state notes: probes, zero windows, lost segments, keep-alives,
/// window updates and duplicate ACKs.  Mirrors the first half of tshark's
/// sequence analysis, whose early exits skip the later tests.
uint32_t window_and_ack_notes(TcpFlowState& fwd, const TcpFlowState& rev,
                              uint32_t seq, uint32_t ack, uint16_t flags,
                              uint32_t window, uint32_t seglen,
                              TcpFrameAnalysis& out) {
  uint32_t notes = 0;
  if (seglen == 1 && seq == fwd.next_seq && rev.window == 0)
    return kNoteZeroWindowProbe;
  const bool plain = (flags & kSynFinRst) == 0;
  if (window == 0 && plain) notes |= kNoteZeroWindow;
  if (fwd.next_seq != 0 && seq_gt(seq, fwd.next_seq) && !(flags & kTcpRst))
    notes |= kNotePrevSegmentNotCaptured;
  if (seglen <= 1 && seq == fwd.next_seq - 1 && plain) notes |= kNoteKeepAlive;

  const bool repeats =
      seglen == 0 && seq == fwd.next_seq && ack == fwd.last_ack && plain;
  if (repeats && window != 0 && window != fwd.window)
    notes |= kNoteWindowUpdate;

  if (seglen > 0 && rev.win_scale != kScaleUnknown && plain) {
    const int shift = (rev.first_ack_pending || rev.win_scale == kScaleNone)
                          ? 0
                          : rev.win_scale;
    // 32-bit arithmetic on purpose: tshark wraps here too.
    const uint32_t edge = rev.last_ack + (rev.window << shift);
    if (seq + seglen == edge) notes |= kNoteWindowFull;
  }

  if (!repeats || window != fwd.window) return notes;
  if (window != 0 && (rev.last_segment_notes & kNoteKeepAlive))
    return notes | kNoteKeepAliveAck;
  if (window == 0 && (rev.last_segment_notes & kNoteZeroWindowProbe))
    return notes | kNoteZeroWindowProbeAck;
  if (window != 0) {
    fwd.dup_ack_num = fwd.dup_ack_num == -1 ? 1 : fwd.dup_ack_num + 1;
    notes |= kNoteDupAck;
    out.dup_ack_count = static_cast<uint32_t>(fwd.dup_ack_num);
    out.dup_ack_of_frame = fwd.last_non_dup_ack;
  }
  return notes;
}

/// Retransmission, spurious retransmission, fast retransmission or
/// out-of-order, for segments that occupy sequence space.  Fast
/// retransmission is tested before out-of-order (tshark's default).
uint32_t resend_note(const TcpAnalysisState& st, const TcpFlowState& fwd,
                     const TcpFlowState& rev, uint32_t notes, uint32_t seq,
                     uint16_t flags, uint32_t seglen, int64_t ts_ns) {
  if (seglen == 0 && !(flags & (kTcpSyn | kTcpFin))) return 0;
  if (notes & kNoteKeepAlive) return 0;
  bool not_advanced = fwd.next_seq != 0 && seq_lt(seq, fwd.next_seq);
  // One byte short of nextseq with more data: new data after a probe.
  if (seglen > 1 && fwd.next_seq - 1 == seq) not_advanced = false;

  if (seglen > 0 && rev.last_ack != 0 && seq_le(seq + seglen, rev.last_ack))
    return kNoteSpuriousRetransmission;
  if (not_advanced && static_cast<uint32_t>(rev.dup_ack_num) >= 2 &&
      rev.last_ack == seq &&
      since(ts_ns, rev.last_ack_ts) < kFastRetransmitWindowNs)
    return kNoteFastRetransmission;
  const uint64_t threshold = st.first_rtt_ns != 0
                                 ? static_cast<uint64_t>(st.first_rtt_ns)
                                 : kDefaultOutOfOrderNs;
  const uint32_t end = seq + seglen + ((flags & (kTcpSyn | kTcpFin)) ? 1 : 0);
  if (not_advanced && since(ts_ns, fwd.next_seq_ts) < threshold &&
      fwd.next_seq != end)
    return kNoteOutOfOrder;
  return not_advanced ? uint32_t{kNoteRetransmission} : 0u;
}

/// The ACK side: notices acknowledgements of data never seen.
uint32_t acked_unseen_note(TcpFlowState& rev, uint32_t ack, uint16_t flags) {
  if (rev.max_seq_to_be_acked == 0 || !seq_gt(ack, rev.max_seq_to_be_acked) ||
      !(flags & kTcpAck))
    return 0;
  // Raise the bar to what was seen so the same hole is reported once.
  rev.max_seq_to_be_acked = rev.next_seq;
  // The sender's duplicate-ACK count becomes -1; tshark compares it
  // unsigned when testing for fast retransmission, so a resend of what
  // this ACK names within 20 ms is a "fast" one (seen in real captures).
  rev.dup_ack_num = -1;
  return kNoteAckedUnseenSegment;
}

/// Remembers where this segment ends and what it acknowledged.
void advance(TcpFlowState& fwd, uint32_t notes, uint32_t seq, uint32_t ack,
             uint16_t flags, uint32_t window, uint32_t seglen, int64_t ts_ns) {
  // SYN and FIN each occupy one sequence number.
  const uint32_t next = seq + seglen + ((flags & (kTcpSyn | kTcpFin)) ? 1 : 0);
  // A zero-window probe's byte does not advance the stream.
  const bool probe = notes & kNoteZeroWindowProbe;
  if ((seq_gt(next, fwd.next_seq) || fwd.next_seq == 0) && !probe) {
    fwd.next_seq = next;
    fwd.next_seq_ts = ts_ns;
  }
  if ((seq == fwd.max_seq_to_be_acked || fwd.max_seq_to_be_acked == 0) &&
      !probe)
    fwd.max_seq_to_be_acked = fwd.next_seq;
  fwd.window = window;
  fwd.last_ack = ack;
  fwd.last_ack_ts = ts_ns;
  fwd.last_segment_notes = notes;
}

/// Handshake bookkeeping done after the segment's analysis: the window
/// scale option, the SYN time (for the first RTT) and the first pure ACK.
void after_segment(TcpAnalysisState& st, TcpFlowState& fwd, TcpFlowState& rev,
                   const TcpHeader& h, int64_t ts_ns) {
  if (h.has_wscale) {
    fwd.win_scale = static_cast<int8_t>(
        h.wscale > kMaxShift ? kMaxShift : static_cast<int8_t>(h.wscale));
  }
  const uint16_t syn_ack = h.flags & (kTcpSyn | kTcpAck);
  if (h.flags & kTcpSyn) {
    if (!(h.flags & kTcpAck)) st.mru_syn_ts = ts_ns;
    fwd.first_ack_pending = true;
    // Scaling is in use only when both SYNs carried the option.
    if (fwd.win_scale == kScaleUnknown) {
      fwd.win_scale = kScaleNone;
      rev.win_scale = kScaleNone;
    } else if ((h.flags & kTcpAck) && rev.win_scale == kScaleNone) {
      fwd.win_scale = kScaleNone;
    }
  }
  if (syn_ack == kTcpAck) {
    if (st.mru_syn_ts != 0 && st.first_rtt_ns == 0)
      st.first_rtt_ns = ts_ns - st.mru_syn_ts;
    fwd.first_ack_pending = false;
  }
}

}  // namespace

bool tcp_starts_new_stream(const TcpAnalysisState& st, Direction dir,
                           const DecodedPacket& p) {
  const TcpFlowState& fwd = st.flow[static_cast<int>(dir)];
  return (p.tcp.flags & (kTcpSyn | kTcpAck)) == kTcpSyn && fwd.base_set &&
         p.tcp.seq != fwd.base_seq;
}

void tcp_analyze(TcpAnalysisState& st, Direction dir, uint64_t frame,
                 int64_t ts_ns, const DecodedPacket& p, TcpFrameAnalysis& out) {
  TcpFlowState& fwd = st.flow[static_cast<int>(dir)];
  TcpFlowState& rev = st.flow[1 - static_cast<int>(dir)];
  const TcpHeader& h = p.tcp;
  const uint32_t seq = h.seq, ack = h.ack, window = h.window;
  const uint16_t flags = h.flags;
  const uint32_t seglen = p.payload_wire_len;

  const uint64_t stream = out.stream;
  const uint32_t preset = out.notes & kNotePortNumbersReused;
  out = TcpFrameAnalysis{};
  out.stream = stream;
  out.dir = dir;
  uint32_t notes = preset;

  // A SYN/ACK with a new ISN on a known conversation: tshark keeps the
  // stream, restarts the relative numbering and calls it port reuse.
  if ((flags & (kTcpSyn | kTcpAck)) == (kTcpSyn | kTcpAck) && fwd.base_set &&
      seq != fwd.base_seq) {
    fwd.base_seq = seq;
    notes |= kNotePortNumbersReused;
  }
  if (!fwd.base_set) {
    // Without the SYN, the first byte seen is numbered 1.
    fwd.base_seq = (flags & kTcpSyn) ? seq : seq - 1;
    fwd.base_set = true;
  }
  if (!rev.base_set && (flags & kTcpAck)) {
    rev.base_seq = ack - 1;
    rev.base_set = true;
  }

  notes |= window_and_ack_notes(fwd, rev, seq, ack, flags, window, seglen, out);
  if (ack != fwd.last_ack) {
    fwd.last_non_dup_ack = frame;
    fwd.dup_ack_num = 0;
  }
  notes |= acked_unseen_note(rev, ack, flags);
  notes |= resend_note(st, fwd, rev, notes, seq, flags, seglen, ts_ns);
  advance(fwd, notes, seq, ack, flags, window, seglen, ts_ns);

  out.notes = notes;
  out.rel_seq = seq - fwd.base_seq;
  out.ack_valid = (flags & kTcpAck) != 0;
  out.rel_ack = out.ack_valid ? ack - rev.base_seq : ack;
  out.sack_base = rev.base_seq;
  // SYNs are never scaled; the shift applies from the segment after them.
  out.window = window;
  if (!(flags & kTcpSyn) && fwd.win_scale >= 0)
    out.window = static_cast<uint64_t>(window) << fwd.win_scale;

  after_segment(st, fwd, rev, h, ts_ns);
}

}  // namespace tracelab
