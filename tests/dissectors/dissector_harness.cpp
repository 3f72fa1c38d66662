// SPDX-License-Identifier: GPL-2.0-or-later
#include "dissector_harness.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <stdexcept>

#include "tracelab/text.hpp"

namespace tracelab::test {

namespace {

std::string sha256_hex(std::string_view b) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(b.data(), b.size(), md, &n, EVP_sha256(), nullptr);
  std::string out;
  append_hex_bytes(out, {md, n});
  return out;
}

size_t idx(Direction d) {
  return static_cast<size_t>(d);
}

}  // namespace

const DissectorInfo& registered(std::string_view name) {
  for (const DissectorInfo& d : dissector_registry())
    if (d.name == name) return d;
  throw std::runtime_error("no dissector registered as " + std::string(name));
}

std::vector<std::string> Recorded::event_lines() const {
  std::vector<std::string> out;
  for (const Event& e : events) {
    std::string l = std::to_string(e.frame) + " " + direction_name(e.dir) +
                    " " + step_kind_name(e.kind);
    if (!e.command.empty()) l += " command=" + e.command;
    if (!e.args.empty()) l += " args=" + e.args;
    if (e.code >= 0) l += " code=" + std::to_string(e.code);
    if (!e.status.empty()) l += " status=" + e.status;
    if (!e.text.empty()) l += " text=" + e.text;
    if (!e.note.empty()) l += " note=" + e.note;
    if (!e.secret.empty()) l += " secret=" + e.secret;
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<std::string> Recorded::typed_lines() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    std::string l = std::to_string(i) + " " + step_kind_name(e.kind);
    if (e.outcome != Outcome::None)
      l += std::string(" ") + outcome_name(e.outcome);
    if (e.answers != kNoStep) l += " answers=" + std::to_string(e.answers);
    for (const Field& f : e.fields)
      l += std::string(" ") + f.name + "=" + f.value;
    out.push_back(std::move(l));
  }
  for (const Finding& f : findings) {
    std::string l =
        std::string("finding ") + f.id + " " + severity_name(f.severity);
    for (size_t i = 0; i < f.frames.size(); ++i)
      l += (i ? "," : " ") + std::to_string(f.frames[i]);
    if (!f.detail.empty()) l += " " + f.detail;
    out.push_back(std::move(l));
  }
  return out;
}

std::vector<std::string> Recorded::finding_ids() const {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.emplace_back(f.id);
  return out;
}

DissectorHarness::DissectorHarness(const DissectorInfo& info)
    : d_(info.make(*this)) {}

DissectorHarness::~DissectorHarness() = default;

void DissectorHarness::deliver(Direction dir, std::string_view bytes,
                               uint64_t frame) {
  if (bytes.empty()) return;
  Tail& t = tail_[idx(dir)];
  t.buf.append(bytes);
  if (t.buf.size() < t.need) {
    rec_.mid_pdu_frames.push_back(frame);
    return;
  }
  const StreamClock clock{frame, static_cast<int64_t>(frame) * 1000};
  const Consumed c = d_->on_data(
      dir,
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(t.buf.data()),
                               t.buf.size()),
      clock);
  const size_t used = std::min(c.bytes, t.buf.size());
  t.buf.erase(0, used);
  t.need = c.need;
  if (c.mid_pdu || !t.buf.empty()) rec_.mid_pdu_frames.push_back(frame);
}

void DissectorHarness::gap(Direction dir, uint64_t bytes, uint64_t frame) {
  Tail& t = tail_[idx(dir)];
  t.buf.clear();
  t.need = 0;
  d_->on_gap(dir, bytes, StreamClock{frame, static_cast<int64_t>(frame)});
}

void DissectorHarness::end(EndReason why, uint64_t frame) {
  const StreamClock clock{frame, static_cast<int64_t>(frame) * 1000};
  for (Direction d : {Direction::ClientToServer, Direction::ServerToClient}) {
    Tail& t = tail_[idx(d)];
    if (t.buf.empty()) continue;
    std::string last;
    last.swap(t.buf);
    t.need = 0;
    d_->on_data(d,
                std::span<const uint8_t>(
                    reinterpret_cast<const uint8_t*>(last.data()), last.size()),
                clock);
  }
  d_->on_end(why, clock);
  while (!open_.empty())
    artifact_close(open_.begin()->first, "incomplete: the session ended first");
}

StepIndex DissectorHarness::event(Event&& e) {
  rec_.events.push_back(std::move(e));
  return static_cast<StepIndex>(rec_.events.size() - 1);
}

void DissectorHarness::finding(Finding&& f) {
  rec_.findings.push_back(std::move(f));
}

void DissectorHarness::await(Session::Awaiting&& a) {
  rec_.awaiting.push_back(std::move(a));
}

uint32_t DissectorHarness::artifact_open(Artifact&& meta, uint64_t frame) {
  meta.first_frame = meta.last_frame = frame;
  const uint32_t h = next_handle_++;
  open_[h] = std::move(meta);
  rec_.artifact_bytes[h];
  return h;
}

void DissectorHarness::artifact_write(uint32_t handle,
                                      std::span<const uint8_t> bytes,
                                      uint64_t frame) {
  auto it = open_.find(handle);
  if (it == open_.end()) return;
  rec_.artifact_bytes[handle].append(
      reinterpret_cast<const char*>(bytes.data()), bytes.size());
  it->second.last_frame = std::max(it->second.last_frame, frame);
}

void DissectorHarness::artifact_close(uint32_t handle, std::string_view note) {
  auto it = open_.find(handle);
  if (it == open_.end()) return;
  Artifact a = std::move(it->second);
  open_.erase(it);
  const std::string& b = rec_.artifact_bytes[handle];
  a.size = b.size();
  a.sha256 = sha256_hex(b);
  if (!note.empty()) a.note.assign(note);
  rec_.artifacts.push_back(std::move(a));
}

void DissectorHarness::frame_summary(uint64_t frame, std::string_view protocol,
                                     std::string_view info) {
  ++summaries_;
  rec_.frames[frame] = {std::string(protocol), std::string(info)};
}

void DissectorHarness::set_protocol(std::string_view protocol) {
  rec_.protocol.assign(protocol);
}

Recorded run_dissector(const DissectorInfo& info,
                       const std::vector<Piece>& pieces, EndReason end) {
  DissectorHarness h(info);
  uint64_t frame = 0;
  for (const Piece& p : pieces) {
    frame = p.frame ? p.frame : frame + 1;
    h.deliver(p.dir, p.bytes, frame);
  }
  h.end(end, frame + 1);
  return h.recorded();
}

std::vector<Piece> one_byte_pieces(const std::vector<Piece>& pieces) {
  std::vector<Piece> out;
  uint64_t frame = 0;
  for (const Piece& p : pieces) {
    frame = p.frame ? p.frame : frame + 1;
    for (char c : p.bytes) out.push_back({p.dir, std::string(1, c), frame});
  }
  return out;
}

std::pair<std::vector<std::string>, std::vector<std::string>>
whole_and_bytewise(const DissectorInfo& info,
                   const std::vector<Piece>& pieces) {
  auto lines = [](const Recorded& r) {
    std::vector<std::string> l = r.event_lines();
    for (auto& t : r.typed_lines()) l.push_back(std::move(t));
    for (const Artifact& a : r.artifacts)
      l.push_back("artifact " + a.kind + " " + a.name + " " +
                  std::to_string(a.size) + " " + a.sha256 + " " + a.note);
    return l;
  };
  return {lines(run_dissector(info, pieces)),
          lines(run_dissector(info, one_byte_pieces(pieces)))};
}

}  // namespace tracelab::test
