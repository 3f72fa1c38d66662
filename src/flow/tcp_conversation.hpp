// SPDX-License-Identifier: GPL-2.0-or-later
//
// A TCP conversation: sequence analysis, both reassembled directions, and the
// connection lifecycle (handshake, FIN, RST) as session events.  The session
// ends when both FINs are acknowledged or a RST is seen; the conversation
// itself stays in the table a while longer so that late retransmissions and
// port reuse are still analysed against it.
#pragma once

#include "conversation.hpp"
#include "stream_reassembler.hpp"
#include "tcp_analysis.hpp"

namespace tracelab::flow {

class TcpConversation : public Conversation {
 public:
  TcpConversation(ConversationContext& ctx, uint64_t session_id,
                  const Endpoint& client, const Endpoint& server);

  TcpAnalysisState analysis{};

  /// One segment sent in direction `dir`; `notes` are its analysis notes.
  void segment(Direction dir, uint64_t frame, int64_t ts,
               const DecodedPacket& p, uint32_t notes);
  /// Ends the session now: holes become gaps, then `why`.
  void close(EndReason why, const StreamClock& clock);
  bool fin_seen() const {
    return stream_[0].fin_seen() || stream_[1].fin_seen();
  }

 private:
  // Routes one direction's reassembled stream into the conversation.
  class DirListener : public StreamListener {
   public:
    DirListener(TcpConversation& c, Direction d) : c_(c), d_(d) {}
    void stream_data(std::span<const uint8_t> bytes,
                     const StreamClock& clock) override;
    void stream_gap(uint64_t bytes, const StreamClock& clock) override;
    void stream_conflict(const StreamClock& clock) override;
    void stream_limit(const StreamClock& clock) override;
    void stream_held(uint64_t bytes, const StreamClock& clock) override;

   private:
    TcpConversation& c_;
    Direction d_;
  };

  void lifecycle_events(Direction dir, uint64_t frame, int64_t ts,
                        const TcpHeader& t);

  StreamReassembler stream_[2];
  DirListener listener_[2];
  bool syn_event_ = false, synack_event_ = false, ack_event_ = false;
  StepIndex syn_step_ = kNoStep;  // the SYN, which SYN-ACK (or RST) answers
  bool fin_event_[2] = {false, false};
  // Where the close began (the first FIN), and the last frame with payload:
  // a dissector hears of an orderly end at that FIN when nothing came after
  // it (its findings about the close then name the frame that shows it).
  StreamClock first_fin_;
  uint64_t last_payload_frame_ = 0;
  uint32_t server_isn_ = 0;
};

}  // namespace tracelab::flow
