// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_inner.hpp"

namespace tracelab::tls {
namespace {

// Plaintext held for the inner dissector at most (per direction); past it
// the held bytes are dropped and the inner dissector hears of a gap.
constexpr size_t kMaxHeld = 4 << 20;

const DissectorInfo* by_name(std::string_view name) {
  for (const DissectorInfo& i : dissector_registry())
    if (i.name == name && i.make) return &i;
  return nullptr;
}

}  // namespace

void InnerStreams::choose(Direction dir, std::span<const uint8_t> first,
                          const std::string& alpn) {
  chosen_ = true;
  const DissectorInfo* pick = nullptr;
  if (alpn == "http/1.1" || alpn == "http/1.0") pick = by_name("http");
  if (alpn == "h2") pick = by_name("http2");
  if (const uint16_t port = out_.server_end().port; !pick && port != 0) {
    for (const DissectorInfo& i : dissector_registry())
      for (uint16_t p : i.tls_ports)
        if (p == port && i.make && !i.wrap) pick = &i;
  }
  if (!pick) {
    for (const DissectorInfo& i : dissector_registry())
      if (i.make && !i.wrap && i.probe && i.probe(dir, first)) {
        pick = &i;
        break;
      }
  }
  if (pick) inner_ = pick->make(*this);
}

void InnerStreams::frame_summary(uint64_t frame, std::string_view protocol,
                                 std::string_view info) {
  if (!delivering_ || frame != cols_.frame) {
    out_.columns()->frame_summary(frame, protocol, info);
    return;
  }
  // A dissector's "TCP" summary marks a segment of a message it has not
  // finished; inside TLS that frame is a TLS segment (see run()).
  if (protocol == "TCP") return;
  if (!wrote_) {
    wrote_ = true;
    cols_.set_protocol(protocol);
    cols_.clear();
    base_ = cols_.info.size();
  }
  cols_.info.resize(base_);
  cols_.append(info);
}

void InnerStreams::segment_marker(std::string_view tls_protocol) {
  cols_.set_protocol(tls_protocol);
  cols_.set("[TLS segment of a reassembled PDU]");
}

void InnerStreams::deliver(Direction dir, std::span<const uint8_t> bytes,
                           const std::string& alpn, const StreamClock& clock,
                           std::string_view tls_protocol) {
  if (bytes.empty()) return;
  if (!chosen_ && !inner_) choose(dir, bytes, alpn);
  chosen_ = true;
  if (!inner_) return;
  const size_t d = static_cast<size_t>(dir);
  std::string& t = tail_[d];
  if (t.size() + bytes.size() > kMaxHeld) {
    const uint64_t lost = t.size() + bytes.size();
    t.clear();
    need_[d] = 0;
    inner_->on_gap(dir, lost, clock);
    return;
  }
  // A need of one byte more than held means "any more"; a larger one is
  // the exact length of the PDU under way.
  const bool exact = !t.empty() && need_[d] > t.size() + 1;
  if (exact && t.size() + bytes.size() < need_[d]) {
    t.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    segment_marker(tls_protocol);
    return;
  }
  if (exact && t.size() + bytes.size() > need_[d]) {
    const size_t first = need_[d] - t.size();
    run(dir, bytes.subspan(0, first), clock, tls_protocol);
    cols_.put_fence();
    bytes = bytes.subspan(first);
  }
  run(dir, bytes, clock, tls_protocol);
}

void InnerStreams::run(Direction dir, std::span<const uint8_t> bytes,
                       const StreamClock& clock,
                       std::string_view tls_protocol) {
  const size_t d = static_cast<size_t>(dir);
  std::string& t = tail_[d];
  t.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (t.size() < need_[d]) return;
  // A handed-over dissector (STARTTLS) reports to the session itself, not
  // through this proxy: count the session's summaries instead.
  PacketColumns* const columns = out_.columns();
  const uint64_t before = columns ? columns->summaries() : 0;
  delivering_ = true;
  wrote_ = false;
  const Consumed c = inner_->on_data(
      dir, {reinterpret_cast<const uint8_t*>(t.data()), t.size()}, clock);
  delivering_ = false;
  const bool direct = columns && columns->summaries() != before;
  if (direct) described_ = clock.frame;
  t.erase(0, std::min(c.bytes, t.size()));
  need_[d] = c.need;
  if (!wrote_ && !direct && (c.mid_pdu || !t.empty()))
    segment_marker(tls_protocol);
}

void InnerStreams::gap(Direction dir, uint64_t bytes,
                       const StreamClock& clock) {
  const size_t d = static_cast<size_t>(dir);
  tail_[d].clear();
  need_[d] = 0;
  if (inner_) inner_->on_gap(dir, bytes, clock);
}

void InnerStreams::end(EndReason why, const StreamClock& clock) {
  if (!inner_) return;
  for (Direction dir : {Direction::ClientToServer, Direction::ServerToClient}) {
    std::string& t = tail_[static_cast<size_t>(dir)];
    if (t.empty()) continue;
    std::string last;
    last.swap(t);
    inner_->on_data(
        dir, {reinterpret_cast<const uint8_t*>(last.data()), last.size()},
        clock);
  }
  inner_->on_end(why, clock);
}

}  // namespace tracelab::tls
