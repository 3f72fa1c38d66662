// SPDX-License-Identifier: GPL-2.0-or-later
#include "conversation.hpp"

#include <algorithm>

#include "artifact_stream.hpp"
#include "tracelab/findings.hpp"

namespace tracelab::flow {

namespace {

/// The prefix of the keys a DNS answer offers for its addresses.
constexpr std::string_view kAddressKey = "addr:";

size_t index(Direction d) {
  return static_cast<size_t>(d);
}

bool has_port(const std::vector<uint16_t>& ports, uint16_t port) {
  return std::find(ports.begin(), ports.end(), port) != ports.end();
}

}  // namespace

Conversation::Conversation(ConversationContext& ctx, bool tcp,
                           uint64_t session_id, const Endpoint& client,
                           const Endpoint& server)
    : ctx_(ctx), tcp_(tcp) {
  session_.id = session_id;
  session_.protocol = tcp ? "TCP" : "UDP";
  session_.transport = tcp ? "tcp" : "udp";
  session_.client = client;
  session_.server = server;
  if (ctx_.dissect && ctx_.registry) choose_by_port();
}

Conversation::~Conversation() {
  // The dissector gives back what it holds (release) while this is whole.
  dissector_.reset();
  ctx_.expectations.owner_gone(this);
  drop_tail(tail_[0]);
  drop_tail(tail_[1]);
  give_back_steps();  // a session never ended (the table went first)
}

void Conversation::choose_by_port() {
  // The server's port names the protocol; the client's is a fallback for
  // flows whose sides were guessed (picked up mid-stream).
  for (uint16_t port : {session_.server.port, session_.client.port}) {
    for (const DissectorInfo& info : *ctx_.registry) {
      if (!info.make) continue;
      if (has_port(tcp_ ? info.tcp_ports : info.udp_ports, port)) {
        chosen_ = &info;
        bare_marker_ = info.bare_segment_marker;
        dns_ = info.name == "dns";
        // A TLS port: the first bytes still get probed, for whatever else
        // runs there (plain HTTP on 443), as tshark does.
        if (info.wrap && tcp_) probing_ = true;
        return;
      }
    }
  }
  for (const DissectorInfo& info : *ctx_.registry)
    if (probes_here(info)) probing_ = true;
}

Dissector* Conversation::live_dissector() {
  if (!dissector_ && chosen_) dissector_ = chosen_->make(*this);
  chosen_ = nullptr;
  return dissector_.get();
}

bool Conversation::probes_here(const DissectorInfo& info) const {
  return info.probe && info.make && info.datagrams != tcp_;
}

void Conversation::choose_by_probe(Direction dir,
                                   std::span<const uint8_t> bytes,
                                   const StreamClock& clock) {
  const uint8_t bit = static_cast<uint8_t>(1u << index(dir));
  if (bytes.empty() || (probed_dirs_ & bit)) return;
  probed_dirs_ |= bit;
  if (dissector_ || chosen_) {
    // The port chose TLS (see choose_by_port).  It keeps the session unless
    // the stream's first bytes are another protocol's and not a hello;
    // after a gap they are anything.
    probing_ = false;
    if (session_.gaps) return;
    for (const DissectorInfo& info : *ctx_.registry)
      if (info.wrap && info.probe && info.probe(dir, bytes)) return;
    for (const DissectorInfo& info : *ctx_.registry) {
      if (info.wrap || !probes_here(info) || !info.probe(dir, bytes)) continue;
      chosen_ = nullptr;
      dissector_ = info.make(*this);
      bare_marker_ = info.bare_segment_marker;
      finding(findings::make(findings::kNotTls, clock.frame));
      return;
    }
    return;
  }
  for (const DissectorInfo& info : *ctx_.registry) {
    if (probes_here(info) && info.probe(dir, bytes)) {
      dissector_ = info.make(*this);
      bare_marker_ = info.bare_segment_marker;
      probing_ = false;
      // A stream that began with a gap: the dissector must know.
      for (Direction d : {Direction::ClientToServer, Direction::ServerToClient})
        if (uint64_t n = pending_gap_[index(d)])
          dissector_->on_gap(d, n, clock);
      return;
    }
  }
  // Each direction's first bytes get one chance.
  if (probed_dirs_ == 3) probing_ = false;
}

void Conversation::count(Direction dir, uint64_t payload, uint64_t frame,
                         int64_t ts) {
  if (!open_) return;  // the session already went to the sink
  if (session_.first_frame == 0) {
    session_.first_frame = frame;
    session_.start_ns = ts;
  }
  session_.last_frame = frame;
  session_.end_ns = ts;
  if (dir == Direction::ClientToServer) {
    ++session_.packets_c2s;
    session_.bytes_c2s += payload;
  } else {
    ++session_.packets_s2c;
    session_.bytes_s2c += payload;
  }
}

void Conversation::data(Direction dir, std::span<const uint8_t> bytes,
                        const StreamClock& clock) {
  if (!open_ || bytes.empty()) return;
  if (probing_) choose_by_probe(dir, bytes, clock);
  if (!live_dissector()) return;
  if (!tcp_) {  // a datagram is whole: nothing is kept between calls
    dissector_->on_data(dir, bytes, clock);
    return;
  }
  Tail& t = tail_[index(dir)];
  if (t.buf.empty()) {
    if (bytes.size() < t.need) {
      keep_tail(t, bytes);
      if (t.buf.empty()) gap(dir, bytes.size(), clock);
      mid_pdu_frame_ = clock.frame;
      mid_pdu_[index(dir)] = true;
      return;
    }
    present(dir, bytes, clock);  // straight from the packet: no copy
    return;
  }
  const size_t before = t.buf.size();
  keep_tail(t, bytes);
  if (t.buf.empty()) {
    // Holding the tail would break a memory bound: the tail and these bytes
    // are lost to the dissector, which hears about them as a gap.
    gap(dir, before + bytes.size(), clock);
    return;
  }
  if (t.buf.size() < t.need) {
    mid_pdu_frame_ = clock.frame;  // still waiting for the rest
    mid_pdu_[index(dir)] = true;
    return;
  }
  const Consumed c = dissector_->on_data(dir, t.buf, clock);
  const size_t used = std::min(c.bytes, t.buf.size());
  t.buf.erase(t.buf.begin(), t.buf.begin() + static_cast<ptrdiff_t>(used));
  ctx_.budget.give(used);
  t.need = c.need;
  note_mid_pdu(dir, c, !t.buf.empty(), clock);
  if (tls_requested_) switch_to_tls(clock);
}

void Conversation::note_mid_pdu(Direction dir, const Consumed& c,
                                bool tail_left, const StreamClock& clock) {
  mid_pdu_[index(dir)] = c.mid_pdu || tail_left;
  mid_pdu_frame_ = mid_pdu_[index(dir)] ? clock.frame : 0;
}

void Conversation::present(Direction dir, std::span<const uint8_t> bytes,
                           const StreamClock& clock) {
  Tail& t = tail_[index(dir)];
  const Consumed c = dissector_->on_data(dir, bytes, clock);
  const size_t used = std::min(c.bytes, bytes.size());
  t.need = c.need;
  if (used < bytes.size()) {
    keep_tail(t, bytes.subspan(used));
    if (t.buf.empty()) gap(dir, bytes.size() - used, clock);
  }
  note_mid_pdu(dir, c, used < bytes.size(), clock);
  // The unfinished message began in this very segment.
  if (used < bytes.size() && bare_marker_) pdu_began_frame_ = clock.frame;
  if (tls_requested_) switch_to_tls(clock);
}

void Conversation::start_tls() {
  // Acted on once the dissector's on_data has returned: it is replaced by
  // the TLS dissector that wraps it.
  if (dissector_ || chosen_) tls_requested_ = true;
}

void Conversation::switch_to_tls(const StreamClock& clock) {
  tls_requested_ = false;
  const DissectorInfo* tls = nullptr;
  for (const DissectorInfo& info : *ctx_.registry)
    if (info.wrap) tls = &info;
  if (!tls) {
    add_note("upgrade to TLS not followed: no TLS dissector");
    return;
  }
  live_dissector();
  dissector_ = tls->wrap(*this, std::move(dissector_));
  bare_marker_ = tls->bare_segment_marker;
  // Bytes already past the upgrade point wait in the tails (kept for the
  // old dissector, with its `need`): they are the first TLS bytes.
  for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
    Tail& t = tail_[index(d)];
    t.need = 0;
    if (t.buf.empty()) continue;
    std::vector<uint8_t> first;
    first.swap(t.buf);
    ctx_.budget.give(first.size());
    present(d, first, clock);
  }
}

const DissectorSettings& Conversation::settings() const {
  static const DissectorSettings none;
  return ctx_.settings ? *ctx_.settings : none;
}

void Conversation::keep_tail(Tail& t, std::span<const uint8_t> bytes) {
  if (ctx_.budget.would_exceed(t.buf.size(), bytes.size())) {
    ++ctx_.budget.stats.limit_hits;
    add_note("reassembly memory bound reached: unconsumed data dropped");
    drop_tail(t);
    return;
  }
  t.buf.insert(t.buf.end(), bytes.begin(), bytes.end());
  ctx_.budget.take(bytes.size());
}

void Conversation::drop_tail(Tail& t) {
  ctx_.budget.give(t.buf.size());
  t.buf.clear();
  t.need = 0;
}

void Conversation::gap(Direction dir, uint64_t bytes,
                       const StreamClock& clock) {
  if (!open_ || bytes == 0) return;
  ++session_.gaps;
  session_.gap_bytes += bytes;
  ++ctx_.budget.stats.gaps;
  ctx_.budget.stats.gap_bytes += bytes;
  if (session_.gaps <= kMaxGapEvents)
    add_event(dir, clock.frame, clock.ts_ns, StepKind::Gap,
              std::to_string(bytes) + " bytes missing");
  else if (session_.gaps == kMaxGapEvents + 1)
    add_note("more than " + std::to_string(kMaxGapEvents) +
             " gaps: later ones are counted, not listed");
  drop_tail(tail_[index(dir)]);
  if (Dissector* d = live_dissector())
    d->on_gap(dir, bytes, clock);
  else if (probing_)
    pending_gap_[index(dir)] += bytes;  // told once a probe picks one
}

void Conversation::held(Direction dir, uint64_t bytes,
                        const StreamClock& clock) {
  if (!open_ || !live_dissector()) return;
  // tshark, which does not hold segments back, hands this one to the
  // message the last delivery left unfinished: it is a piece of that PDU.
  if (mid_pdu_[index(dir)]) mid_pdu_frame_ = clock.frame;
  dissector_->on_held(dir, bytes, clock);
}

StepIndex Conversation::add_event(Direction dir, uint64_t frame, int64_t ts,
                                  StepKind kind, std::string text,
                                  Outcome outcome, StepIndex answers) {
  if (!ctx_.keep_events) return kNoStep;
  return push_event(
      own_step(dir, frame, ts, kind, std::move(text), outcome, answers));
}

Event Conversation::own_step(Direction dir, uint64_t frame, int64_t ts,
                             StepKind kind, std::string text, Outcome outcome,
                             StepIndex answers) {
  Event e;
  e.frame = frame;
  e.ts_ns = ts;
  e.dir = dir;
  e.kind = kind;
  e.outcome = outcome;
  e.answers = answers;
  // TCP's own steps are keyed by their flags (the catalog's key).
  if (kind == StepKind::Handshake || kind == StepKind::Close)
    e.add_field("flags", text);
  e.text = std::move(text);
  return e;
}

StepIndex Conversation::push_event(Event&& e) {
  const auto index = static_cast<StepIndex>(session_.events.size());
  const uint64_t bytes = footprint(e);
  // Once cut, for good: an index handed out for a dropped step must never
  // name a later one (a reply's `answers`).
  if (steps_cut_ || (session_.events.size() < kMaxEvents &&
                     !ctx_.budget.try_take_step(bytes))) {
    ++ctx_.budget.stats.dropped_events;
    if (!steps_cut_)
      add_note(
          "the steps' half of the run's memory budget (--total-buffer) was "
          "spent: later steps of this session are not listed");
    steps_cut_ = true;
    return index;
  }
  if (session_.events.size() < kMaxEvents) {
    ++held_steps_;
    held_step_bytes_ += bytes;
    // A step can only answer one before it.
    if (e.answers >= index) e.answers = kNoStep;
    session_.events.push_back(std::move(e));
  } else if (session_.events.size() == kMaxEvents) {
    add_note("more than " + std::to_string(kMaxEvents) +
             " events: later ones were dropped");
  }
  return index;
}

void Conversation::give_back_steps() {
  ctx_.budget.give_steps(held_steps_, held_step_bytes_);
  held_steps_ = 0;
  held_step_bytes_ = 0;
}

void Conversation::add_note(const std::string& note) {
  if (std::find(session_.notes.begin(), session_.notes.end(), note) ==
      session_.notes.end())
    session_.notes.push_back(note);
}

void Conversation::end(EndReason why, const StreamClock& clock) {
  if (!open_) return;
  // A session that never carried a byte still gets its dissector's end
  // (a connection refused before the greeting is worth a finding).
  if (live_dissector()) {
    for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
      Tail& t = tail_[index(d)];
      if (t.buf.empty()) continue;
      std::vector<uint8_t> last;
      last.swap(t.buf);
      ctx_.budget.give(last.size());
      t.need = 0;
      dissector_->on_data(d, last, clock);
    }
    const size_t before = session_.findings.size();
    dissector_->on_end(why, clock);
    close_at_first_fin(before);
  }
  close_artifacts();
  if (session_.gaps && ctx_.keep_events) missing_bytes_finding();
  ctx_.expectations.owner_gone(this);
  drop_tail(tail_[0]);
  drop_tail(tail_[1]);
  open_ = false;
  give_back_steps();
  session_.end_reason = why;
  dissector_.reset();
  if (ctx_.sessions) ctx_.sessions->session_done(std::move(session_));
}

// A session closed without QUIT shows it where the close began (the first
// FIN or RST), which the dissector, seeing no flags, cannot name: that frame
// joins the no-quit findings on_end reported.
void Conversation::close_at_first_fin(size_t first_new) {
  uint64_t close = 0;
  for (const auto& e : session_.events)
    if (e.kind == StepKind::Close) {
      close = e.frame;
      break;
    }
  if (!close) return;
  for (size_t i = first_new; i < session_.findings.size(); ++i) {
    Finding& f = session_.findings[i];
    if (std::string_view(f.id) != findings::kNoQuit) continue;
    const auto at = std::lower_bound(f.frames.begin(), f.frames.end(), close);
    if (at == f.frames.end() || *at != close) f.frames.insert(at, close);
  }
}

// The capture lost bytes of this session: one finding naming where.
void Conversation::missing_bytes_finding() {
  Finding f = findings::make(findings::kBytesMissing, 0,
                             std::to_string(session_.gap_bytes) + " bytes in " +
                                 std::to_string(session_.gaps) + " gap(s)");
  for (const auto& e : session_.events)
    if (e.kind == StepKind::Gap && f.frames.size() < 16)
      f.frames.push_back(e.frame);
  finding(std::move(f));
}

StepIndex Conversation::event(Event&& e) {
  if (ctx_.keep_events && open_) return push_event(std::move(e));
  return kNoStep;
}

void Conversation::finding(Finding&& f) {
  if (!ctx_.keep_events || !open_) return;
  if (session_.findings.size() < kMaxFindings) {
    session_.findings.push_back(std::move(f));
  } else if (session_.findings.size() == kMaxFindings) {
    add_note("more than " + std::to_string(kMaxFindings) +
             " findings: later ones were dropped");
  }
}

void Conversation::await(Session::Awaiting&& a) {
  if (!ctx_.keep_events || !open_ || session_.awaiting.size() >= kMaxAwaiting)
    return;
  session_.awaiting.push_back(std::move(a));
}

uint32_t Conversation::artifact_open(Artifact&& meta, uint64_t frame) {
  if (!open_) return 0;
  // Nobody will see it (a bare packet list): do not hash a gigabyte of
  // transfers for nothing.  A handle past the end makes writes and the
  // close no-ops, and is not 0, so a dissector does not try again.
  if (!ctx_.keep_events && !ctx_.artifacts) return kNoArtifact;
  if (ctx_.artifact_lane) {
    const uint64_t ticket = ctx_.next_artifact_ticket++;
    ctx_.artifact_lane->open(ticket, meta, frame, session_.id);
    artifact_tickets_.push_back(ticket);
    return static_cast<uint32_t>(artifact_tickets_.size());
  }
  artifacts_.push_back(std::make_unique<OpenArtifact>(
      std::move(meta), frame, session_.id, ctx_.artifacts));
  return static_cast<uint32_t>(artifacts_.size());
}

void Conversation::artifact_write(uint32_t handle,
                                  std::span<const uint8_t> bytes,
                                  uint64_t frame) {
  if (ctx_.artifact_lane) {
    if (handle == 0 || handle > artifact_tickets_.size()) return;
    if (const uint64_t ticket = artifact_tickets_[handle - 1]; ticket)
      ctx_.artifact_lane->write(ticket, bytes, frame);
    return;
  }
  if (handle == 0 || handle > artifacts_.size()) return;
  if (auto& a = artifacts_[handle - 1]) a->write(bytes, frame);
}

void Conversation::artifact_close(uint32_t handle, std::string_view note) {
  if (ctx_.artifact_lane) {
    if (handle == 0 || handle > artifact_tickets_.size()) return;
    uint64_t& ticket = artifact_tickets_[handle - 1];
    if (!ticket) return;
    // The lane puts the finished entry in this one's place before the
    // session reaches the session sink.
    ctx_.artifact_lane->close(ticket, note, session_.id,
                              session_.artifacts.size());
    session_.artifacts.emplace_back();
    ticket = 0;
    return;
  }
  if (handle == 0 || handle > artifacts_.size()) return;
  auto& a = artifacts_[handle - 1];
  if (!a) return;
  session_.artifacts.push_back(a->close(note));
  a.reset();
}

void Conversation::close_artifacts() {
  // Order of opening, so that the list reads as the session did.
  const size_t handles =
      ctx_.artifact_lane ? artifact_tickets_.size() : artifacts_.size();
  for (size_t h = 1; h <= handles; ++h)
    artifact_close(static_cast<uint32_t>(h),
                   "incomplete: the session ended first");
  artifacts_.clear();
  artifact_tickets_.clear();
}

bool Conversation::reserve(uint64_t bytes) {
  return ctx_.budget.try_take(bytes);
}

void Conversation::release(uint64_t bytes) {
  ctx_.budget.give(bytes);
}

PacketColumns* Conversation::columns() {
  return ctx_.frames ? this : nullptr;
}

void Conversation::frame_summary(uint64_t frame, std::string_view protocol,
                                 std::string_view info) {
  ++summaries_;
  ctx_.frames->frame_summary(frame, protocol, info);
}

void Conversation::set_protocol(std::string_view protocol) {
  session_.protocol.assign(protocol);
}

void Conversation::expect(ExpectedConnection&& what, int64_t ts_ns) {
  if (!open_ || !ctx_.dissect) return;
  ctx_.expectations.add(std::move(what), session_.id, this, ts_ns);
}

void Conversation::offer_key(std::string_view key) {
  if (!open_ || !ctx_.dissect) return;
  ctx_.keys.offer(key, session_.id);
  if (key.starts_with(kAddressKey)) ctx_.address_keys = true;
}

void Conversation::refer_server_address() {
  if (!ctx_.address_keys || dns_ || session_.server.addr.family == 0) return;
  std::string key(kAddressKey);
  session_.server.addr.append_to(key);
  // The connection that followed the answer takes the key: later ones to
  // the same address do not pile links onto the DNS exchange.
  if (refer_key(key, LinkWhy::AddressFromDns, LinkWhy::DnsAnswerFor))
    ctx_.keys.forget(key);
}

std::optional<uint64_t> Conversation::refer_key(std::string_view key,
                                                LinkWhy mine, LinkWhy theirs) {
  if (!open_ || !ctx_.dissect) return std::nullopt;
  const std::optional<uint64_t> id = ctx_.keys.owner(key);
  if (!id || *id == session_.id) return std::nullopt;
  session_.relate({*id, mine});
  // The earlier session may be open still or already handed over: the
  // session model attaches the link either way.
  if (ctx_.sessions) ctx_.sessions->late_link(*id, {session_.id, theirs}, key);
  return id;
}

void Conversation::adopt(ExpectationMatch&& m) {
  probing_ = false;
  chosen_ = nullptr;
  dissector_ = m.what.make(*this);
  session_.relate({m.owner_session, m.what.theirs});
  if (m.owner && m.owner->open_)
    m.owner->session_.relate({session_.id, m.what.mine});
  else if (ctx_.sessions)
    ctx_.sessions->late_link(m.owner_session, {session_.id, m.what.mine}, {});
}

}  // namespace tracelab::flow
