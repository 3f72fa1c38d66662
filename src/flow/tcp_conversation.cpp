// SPDX-License-Identifier: GPL-2.0-or-later
#include "tcp_conversation.hpp"

namespace tracelab::flow {

namespace {

size_t index(Direction d) {
  return static_cast<size_t>(d);
}
Direction other(Direction d) {
  return d == Direction::ClientToServer ? Direction::ServerToClient
                                        : Direction::ClientToServer;
}

}  // namespace

TcpConversation::TcpConversation(ConversationContext& ctx, uint64_t session_id,
                                 const Endpoint& client, const Endpoint& server)
    : Conversation(ctx, true, session_id, client, server),
      stream_{StreamReassembler(ctx.budget), StreamReassembler(ctx.budget)},
      listener_{DirListener(*this, Direction::ClientToServer),
                DirListener(*this, Direction::ServerToClient)} {
  const bool keep = wants_data();
  stream_[0].set_keep_data(keep);
  stream_[1].set_keep_data(keep);
}

void TcpConversation::DirListener::stream_data(std::span<const uint8_t> bytes,
                                               const StreamClock& clock) {
  c_.data(d_, bytes, clock);
}

void TcpConversation::DirListener::stream_gap(uint64_t bytes,
                                              const StreamClock& clock) {
  c_.gap(d_, bytes, clock);
}

void TcpConversation::DirListener::stream_conflict(const StreamClock& clock) {
  ++c_.ctx_.budget.stats.overlap_conflicts;
  c_.add_note(
      "overlapping TCP data differed from data seen first (first data kept)");
  c_.add_event(d_, clock.frame, clock.ts_ns, StepKind::Overlap,
               "retransmitted data differs from the original");
}

void TcpConversation::DirListener::stream_held(uint64_t bytes,
                                               const StreamClock& clock) {
  c_.held(d_, bytes, clock);
}

void TcpConversation::DirListener::stream_limit(const StreamClock&) {
  ++c_.ctx_.budget.stats.limit_hits;
  c_.add_note("reassembly memory bound reached: held data became a gap");
}

void TcpConversation::lifecycle_events(Direction dir, uint64_t frame,
                                       int64_t ts, const TcpHeader& t) {
  const bool syn = t.flags & kTcpSyn, ack = t.flags & kTcpAck;
  if (syn && !ack && !syn_event_) {
    syn_event_ = true;
    if (ctx_.keep_events) {
      Event e = own_step(dir, frame, ts, StepKind::Handshake, "SYN");
      // The client's initial sequence number: with the time, it tells one
      // connection from every other (a copied capture shares it).  Added
      // before the step is held: it is charged whole, and a step dropped
      // has no place to add it to.
      e.add_field("isn", std::to_string(t.seq));
      syn_step_ = event(std::move(e));
    }
  } else if (syn && ack && !synack_event_) {
    synack_event_ = true;
    server_isn_ = t.seq;
    // The server accepted the connection.
    add_event(dir, frame, ts, StepKind::Handshake, "SYN-ACK", Outcome::Success,
              syn_step_);
  } else if (!syn && ack && synack_event_ && !ack_event_ &&
             dir == Direction::ClientToServer && t.ack == server_isn_ + 1) {
    ack_event_ = true;
    add_event(dir, frame, ts, StepKind::Handshake, "ACK");
  }
  if ((t.flags & kTcpFin) && !fin_event_[index(dir)]) {
    if (!fin_event_[0] && !fin_event_[1]) first_fin_ = StreamClock{frame, ts};
    fin_event_[index(dir)] = true;
    add_event(dir, frame, ts, StepKind::Close, "FIN");
  }
  if (t.flags & kTcpRst) {
    // A RST answering the SYN: the connection was refused.
    const bool refused =
        syn_event_ && !synack_event_ && dir == Direction::ServerToClient;
    add_event(dir, frame, ts, StepKind::Close, "RST",
              refused ? Outcome::Failure : Outcome::None,
              refused ? syn_step_ : kNoStep);
  }
}

void TcpConversation::segment(Direction dir, uint64_t frame, int64_t ts,
                              const DecodedPacket& p, uint32_t notes) {
  count(dir, p.payload_wire_len, frame, ts);
  if (p.payload_len > 0) last_payload_frame_ = frame;
  if (!open()) return;
  const TcpHeader& t = p.tcp;
  const StreamClock clock{frame, ts};
  lifecycle_events(dir, frame, ts, t);
  StreamReassembler& mine = stream_[index(dir)];
  const bool syn = t.flags & kTcpSyn;
  // A SYN takes one sequence number: its data (if any) starts after it.
  const uint32_t seq = syn ? t.seq + 1 : t.seq;
  if (!mine.started()) mine.start(seq);
  // Acknowledgements first: a hole the peer confirms is resolved before
  // this segment's own data lands (tshark's follow does the same).
  if (t.flags & kTcpAck)
    stream_[index(other(dir))].peer_ack(t.ack, clock,
                                        listener_[index(other(dir))]);
  SegmentView v;
  v.seq = seq;
  v.data = p.payload;
  v.caplen = p.payload_len;
  v.wirelen = p.payload_wire_len;
  v.fin = t.flags & kTcpFin;
  v.keepalive = notes & kNoteKeepAlive;
  if (!open()) return;
  if (!wants_data()) {
    stream_[0].set_keep_data(false);
    stream_[1].set_keep_data(false);
  }
  // A capture of one direction only will never show the acknowledgement
  // that turns a hole into a gap: take the segment's own position as that
  // proof, so the data after the hole is dissected now, as tshark does.
  if (!stream_[index(other(dir))].started() && !syn)
    mine.peer_ack(seq, clock, listener_[index(dir)]);
  mine.segment(v, clock, listener_[index(dir)]);
  if (t.flags & kTcpRst) {
    close(EndReason::Rst, clock);
  } else if (stream_[0].fin_acked() && stream_[1].fin_acked()) {
    close(EndReason::Fin, clock);
  }
}

void TcpConversation::close(EndReason why, const StreamClock& clock) {
  if (!open()) return;
  stream_[0].flush(clock, listener_[0]);
  stream_[1].flush(clock, listener_[1]);
  stream_[0].discard();
  stream_[1].discard();
  const bool at_fin = why == EndReason::Fin && first_fin_.frame != 0 &&
                      first_fin_.frame >= last_payload_frame_;
  end(why, at_fin ? first_fin_ : clock);
}

}  // namespace tracelab::flow
