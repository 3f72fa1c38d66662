// SPDX-License-Identifier: GPL-2.0-or-later
//
// One conversation's session record and its dissector: what both TCP and UDP
// flows share.  The conversation is the dissector's DissectorOutput, keeps
// the unconsumed tail of each direction (the Consumed/need contract of
// dissector.hpp) and hands the finished Session to the SessionSink.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "buffer_budget.hpp"
#include "expectations.hpp"
#include "session_keys.hpp"
#include "tracelab/dissector.hpp"
#include "tracelab/flow.hpp"

namespace tracelab::flow {

/// What every conversation of one FlowTable shares.
struct ConversationContext {
  BufferBudget budget;
  const std::vector<DissectorInfo>* registry = nullptr;
  bool dissect = true;
  bool keep_events = true;
  SessionSink* sessions = nullptr;
  FrameSummarySink* frames = nullptr;
  ArtifactWriter* artifacts = nullptr;
  /// Set when another thread hashes and writes artifacts (see ArtifactLane).
  ArtifactLane* artifact_lane = nullptr;
  uint64_t next_artifact_ticket = 1;
  const DissectorSettings* settings = nullptr;
  Expectations expectations;
  SessionKeys keys;
  /// A DNS answer offered an address key ("addr:..."): only then does a
  /// new flow look for the exchange that gave its server's address.
  bool address_keys = false;
};

struct OpenArtifact;  // artifact_stream.hpp

class Conversation : public DissectorOutput, private PacketColumns {
 public:
  /// Gap events listed per session; later gaps are only counted.
  static constexpr uint64_t kMaxGapEvents = 64;
  /// Events one session keeps, so that a long-lived session cannot grow
  /// without bound; later ones are dropped with a note.
  static constexpr size_t kMaxEvents = 100000;
  /// Findings one session keeps (a flaw repeated in every command of a
  /// long session is one line of the story, not ten thousand).
  static constexpr size_t kMaxFindings = 256;
  static constexpr size_t kMaxAwaiting = 64;

  Conversation(ConversationContext& ctx, bool tcp, uint64_t session_id,
               const Endpoint& client, const Endpoint& server);
  ~Conversation() override;

  Session& session() { return session_; }
  bool open() const { return open_; }

  /// Counts a packet of `payload` transport bytes against the session.
  void count(Direction dir, uint64_t payload, uint64_t frame, int64_t ts);

  /// In-order stream bytes (TCP) or one whole datagram (UDP).
  void data(Direction dir, std::span<const uint8_t> bytes,
            const StreamClock& clock);
  /// `bytes` bytes of direction `dir` are missing.
  void gap(Direction dir, uint64_t bytes, const StreamClock& clock);
  /// `bytes` bytes of this frame were held behind a hole (Dissector::on_held).
  void held(Direction dir, uint64_t bytes, const StreamClock& clock);
  /// True while a dissector (or a pending probe) wants the bytes.
  bool wants_data() const {
    return dissector_ != nullptr || chosen_ != nullptr || probing_;
  }
  /// The last delivery, made in `frame`, left the dissector mid-message.
  bool mid_pdu_at(uint64_t frame) const { return mid_pdu_frame_ == frame; }
  /// ... and that message began in this frame's segment (none of it came
  /// before), for a dissector marked DissectorInfo::bare_segment_marker:
  /// tshark then shows only "[TCP segment of a reassembled PDU]" when the
  /// protocol above set no columns.
  bool pdu_began_at(uint64_t frame) const {
    return mid_pdu_frame_ == frame && pdu_began_frame_ == frame;
  }

  /// A step of the flow layer's own (TCP handshake and close, gaps).
  StepIndex add_event(Direction dir, uint64_t frame, int64_t ts, StepKind kind,
                      std::string text, Outcome outcome = Outcome::None,
                      StepIndex answers = kNoStep);
  /// Adds a session note once (notes are few and distinct).
  void add_note(const std::string& note);

  /// This flow is a connection another session announced: its dissector
  /// replaces any chosen by port or probe, and the sessions are related.
  void adopt(ExpectationMatch&& m);
  /// A new flow not announced by another session: when an earlier DNS
  /// answer gave its server's address, the two are related (the first
  /// such connection per answer; DNS flows themselves are left alone).
  void refer_server_address();

  /// Last chance for tails, on_end, and the session goes to the sink.
  void end(EndReason why, const StreamClock& clock);

  // DissectorOutput
  StepIndex event(Event&& e) override;
  void finding(Finding&& f) override;
  void await(Session::Awaiting&& a) override;
  uint32_t artifact_open(Artifact&& meta, uint64_t frame) override;
  void artifact_write(uint32_t handle, std::span<const uint8_t> bytes,
                      uint64_t frame) override;
  void artifact_close(uint32_t handle, std::string_view note) override;
  void set_protocol(std::string_view protocol) override;
  bool reserve(uint64_t bytes) override;
  void release(uint64_t bytes) override;
  /// This conversation itself, when the run writes a packet list.
  PacketColumns* columns() override;
  const DissectorSettings& settings() const override;
  void start_tls() override;
  void expect(ExpectedConnection&& what, int64_t ts_ns) override;
  void offer_key(std::string_view key) override;
  std::optional<uint64_t> refer_key(std::string_view key, LinkWhy mine,
                                    LinkWhy theirs) override;
  Endpoint client_end() const override { return session_.client; }
  Endpoint server_end() const override { return session_.server; }

 protected:
  /// add_event's step, for one that needs more before it is added.
  static Event own_step(Direction dir, uint64_t frame, int64_t ts,
                        StepKind kind, std::string text,
                        Outcome outcome = Outcome::None,
                        StepIndex answers = kNoStep);

  ConversationContext& ctx_;

 private:
  struct Tail {
    std::vector<uint8_t> buf;
    size_t need = 0;
  };
  StepIndex push_event(Event&& e);
  /// Gives back what this session's steps are charged (they are handed
  /// over or dropped).
  void give_back_steps();
  void missing_bytes_finding();
  /// Adds the first FIN/RST frame to no-quit findings from index on.
  void close_at_first_fin(size_t first_new);
  void choose_by_port();
  /// Whether `info`'s content probe applies to this session's transport.
  bool probes_here(const DissectorInfo& info) const;
  void choose_by_probe(Direction dir, std::span<const uint8_t> bytes,
                       const StreamClock& clock);
  void present(Direction dir, std::span<const uint8_t> bytes,
               const StreamClock& clock);
  void keep_tail(Tail& t, std::span<const uint8_t> bytes);
  void drop_tail(Tail& t);
  void close_artifacts();
  void note_mid_pdu(Direction dir, const Consumed& c, bool tail_left,
                    const StreamClock& clock);
  /// Carries out a start_tls() asked for during the last delivery.
  void switch_to_tls(const StreamClock& clock);

  Session session_;
  bool open_ = true;
  bool tcp_;
  uint64_t mid_pdu_frame_ = 0;        ///< see mid_pdu_at()
  bool mid_pdu_[2] = {false, false};  ///< each direction's last delivery
  uint64_t pdu_began_frame_ = 0;      ///< see pdu_began_at()
  bool bare_marker_ = false;          ///< the dissector's bare_segment_marker
  bool dns_ = false;                  ///< chosen by port as the DNS dissector
  // PacketColumns
  void frame_summary(uint64_t frame, std::string_view protocol,
                     std::string_view info) override;
  uint64_t summaries() const override { return summaries_; }

  uint64_t summaries_ = 0;  ///< frame_summary calls taken
  std::unique_ptr<Dissector> dissector_;
  /// The dissector the port chose, made only when the session first needs
  /// it (bytes, a gap, its end): a SYN that is never answered, or a scan of
  /// a million ports, costs no dissector state.
  const DissectorInfo* chosen_ = nullptr;
  /// dissector_, made from chosen_ first if it is still pending.
  Dissector* live_dissector();
  bool steps_cut_ = false;        // the memory budget cut this one's steps
  uint64_t held_steps_ = 0;       // steps charged to the budget, and their
  uint64_t held_step_bytes_ = 0;  // footprint (given back with the session)
  bool tls_requested_ = false;    // start_tls() during a delivery
  bool probing_ = false;
  uint8_t probed_dirs_ = 0;           // bit per Direction
  uint64_t pending_gap_[2] = {0, 0};  // gaps before a probe chose
  Tail tail_[2];
  std::vector<std::unique_ptr<OpenArtifact>> artifacts_;  // by handle - 1
  // With an ArtifactLane: each handle's ticket there (0 once closed).
  std::vector<uint64_t> artifact_tickets_;
};

}  // namespace tracelab::flow
