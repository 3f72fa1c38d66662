// SPDX-License-Identifier: GPL-2.0-or-later
#include "handoff.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "../flow/artifact_stream.hpp"

namespace tracelab {
namespace {

// A frame as the frame sink sees it, copied: the record's and the payload's
// bytes stay behind (no frame sink reads them), the columns' text goes to
// the batch's text.
struct FrameRow {
  uint64_t number = 0;
  int64_t rel_ns = 0, delta_ns = 0;
  Record record;
  bool has_packet = false, has_flow = false;
  DecodedPacket packet;
  FlowFrameResult flow;
  size_t protocol_at = 0, protocol_len = 0, info_at = 0, info_len = 0;
};

struct OpenOp {
  uint64_t ticket, frame, session_id;
  Artifact meta;
};
struct WriteOp {
  uint64_t ticket, frame;
  size_t at, len;  // in Batch::bytes
};
struct CloseOp {
  uint64_t ticket, session_id;
  size_t index, note_at, note_len;  // note in Batch::text
};
struct LinkOp {
  uint64_t id;
  Link link;
  size_t key_at, key_len;  // in Batch::text
};

enum class OpKind : uint8_t {
  Frame,
  FramesFinish,
  Open,
  Write,
  Close,
  SessionDone,
  LateLink,
  Clock
};

// One batch of operations, in order; each names its entry in the list of
// its kind.  Batches are reused, so a warmed-up run allocates only for
// what grows (sessions, artifacts' names).
struct Batch {
  std::vector<std::pair<OpKind, uint32_t>> ops;
  std::vector<FrameRow> frames;
  std::vector<OpenOp> opens;
  std::vector<WriteOp> writes;
  std::vector<CloseOp> closes;
  std::vector<Session> sessions;
  std::vector<LinkOp> links;
  std::vector<int64_t> clocks;
  std::string text;
  std::vector<uint8_t> bytes;

  // Handed over past these: a few MB in flight per batch at most.
  bool full() const {
    return ops.size() >= 8192 || bytes.size() + text.size() >= (1u << 20) ||
           sessions.size() >= 256;
  }
  void clear() {
    ops.clear(), frames.clear(), opens.clear(), writes.clear();
    closes.clear(), sessions.clear(), links.clear(), clocks.clear();
    text.clear(), bytes.clear();
  }
  size_t add_text(std::string_view s) {
    const size_t at = text.size();
    text.append(s);
    return at;
  }
  std::string_view text_at(size_t at, size_t len) const {
    return std::string_view(text).substr(at, len);
  }
};

// Four batches: one being filled, one being carried out, two in between to
// absorb bursts (a session handed over with thousands of steps).
constexpr int kBatches = 4;

}  // namespace

struct Handoff::Impl final : ArtifactLane {
  Impl(FrameSink* f, SessionSink* s, ArtifactWriter* w)
      : frame_proxy(*this),
        session_proxy(*this),
        frames_out(f),
        sessions_out(s),
        writer(w) {
    for (int i = 0; i < kBatches - 1; ++i)
      idle.push_back(std::make_unique<Batch>());
    filling = std::make_unique<Batch>();
    worker = std::thread([this] { run(); });
  }

  // --- the first thread: record operations

  struct FrameProxy final : FrameSink {
    explicit FrameProxy(Impl& i) : impl(i) {}
    void frame(const FrameView& f) override { impl.frame(f); }
    void finish() override { impl.push(OpKind::FramesFinish, 0); }
    Impl& impl;
  };
  struct SessionProxy final : SessionSink {
    explicit SessionProxy(Impl& i) : impl(i) {}
    void session_done(Session&& s) override { impl.session_done(std::move(s)); }
    void late_link(uint64_t id, Link link, std::string_view key) override {
      impl.late_link(id, link, key);
    }
    void clock(int64_t ts_ns) override { impl.clock(ts_ns); }
    // finish() stays the caller's, on the real sink, after close().
    Impl& impl;
  };

  void frame(const FrameView& f) {
    throw_if_failed();
    Batch& b = *filling;
    FrameRow& r = b.frames.emplace_back();
    r.number = f.number;
    r.rel_ns = f.rel_ns;
    r.delta_ns = f.delta_ns;
    r.record = *f.record;
    r.record.data = nullptr;
    if ((r.has_packet = f.packet != nullptr)) {
      r.packet = *f.packet;
      r.packet.payload = nullptr;
    }
    if ((r.has_flow = f.flow != nullptr)) r.flow = *f.flow;
    r.protocol_at = b.add_text(f.protocol);
    r.protocol_len = f.protocol.size();
    r.info_at = b.add_text(f.info);
    r.info_len = f.info.size();
    push(OpKind::Frame, b.frames.size() - 1);
  }
  void session_done(Session&& s) {
    filling->sessions.push_back(std::move(s));
    push(OpKind::SessionDone, filling->sessions.size() - 1);
  }
  void late_link(uint64_t id, Link link, std::string_view key) {
    Batch& b = *filling;
    b.links.push_back({id, link, b.add_text(key), key.size()});
    push(OpKind::LateLink, b.links.size() - 1);
  }
  void clock(int64_t ts_ns) {
    throw_if_failed();
    // Clocks in a row: the last one alone does what all of them would (the
    // session model releases by the clock's current value only).
    Batch& b = *filling;
    if (!b.ops.empty() && b.ops.back().first == OpKind::Clock) {
      b.clocks.back() = ts_ns;
      return;
    }
    b.clocks.push_back(ts_ns);
    push(OpKind::Clock, b.clocks.size() - 1);
  }

  void open(uint64_t ticket, const Artifact& meta, uint64_t frame,
            uint64_t session_id) override {
    filling->opens.push_back({ticket, frame, session_id, meta});
    push(OpKind::Open, filling->opens.size() - 1);
  }
  void write(uint64_t ticket, std::span<const uint8_t> bytes,
             uint64_t frame) override {
    Batch& b = *filling;
    b.writes.push_back({ticket, frame, b.bytes.size(), bytes.size()});
    b.bytes.insert(b.bytes.end(), bytes.begin(), bytes.end());
    push(OpKind::Write, b.writes.size() - 1);
  }
  void close(uint64_t ticket, std::string_view note, uint64_t session_id,
             size_t index) override {
    Batch& b = *filling;
    b.closes.push_back(
        {ticket, session_id, index, b.add_text(note), note.size()});
    push(OpKind::Close, b.closes.size() - 1);
  }

  void push(OpKind kind, size_t index) {
    filling->ops.emplace_back(kind, static_cast<uint32_t>(index));
    if (filling->full()) hand_over();
  }

  void hand_over() {
    if (filling->ops.empty()) return;
    std::unique_lock lock(mutex);
    ready.push_back(std::move(filling));
    work.notify_one();
    room.wait(lock, [this] { return !idle.empty(); });
    filling = std::move(idle.front());
    idle.pop_front();
  }

  void throw_if_failed() {
    if (failed.load(std::memory_order_acquire)) std::rethrow_exception(error);
  }

  // Returns the second thread's error, if any, once it has stopped.
  std::exception_ptr stop() {
    if (worker.joinable()) {
      hand_over();
      {
        std::lock_guard lock(mutex);
        closing = true;
      }
      work.notify_one();
      worker.join();
    }
    return failed.load(std::memory_order_acquire) ? error : nullptr;
  }

  // --- the second thread: carry them out

  void run() {
    for (;;) {
      std::unique_ptr<Batch> b;
      {
        std::unique_lock lock(mutex);
        work.wait(lock, [this] { return !ready.empty() || closing; });
        if (ready.empty()) return;
        b = std::move(ready.front());
        ready.pop_front();
      }
      // After an error the batches are only recycled: the first thread
      // stops at its next frame, and nothing more is written.
      if (!failed.load(std::memory_order_relaxed)) {
        try {
          carry_out(*b);
        } catch (...) {
          error = std::current_exception();
          failed.store(true, std::memory_order_release);
        }
      }
      b->clear();
      {
        std::lock_guard lock(mutex);
        idle.push_back(std::move(b));
      }
      room.notify_one();
    }
  }

  void carry_out(Batch& b) {
    for (const auto& [kind, i] : b.ops) {
      switch (kind) {
        case OpKind::Frame: emit_frame(b, b.frames[i]); break;
        case OpKind::FramesFinish: frames_out->finish(); break;
        case OpKind::Open: {
          OpenOp& o = b.opens[i];
          artifacts[o.ticket] = std::make_unique<flow::OpenArtifact>(
              std::move(o.meta), o.frame, o.session_id, writer);
          break;
        }
        case OpKind::Write: {
          const WriteOp& w = b.writes[i];
          if (auto it = artifacts.find(w.ticket); it != artifacts.end())
            it->second->write({b.bytes.data() + w.at, w.len}, w.frame);
          break;
        }
        case OpKind::Close: {
          const CloseOp& c = b.closes[i];
          auto it = artifacts.find(c.ticket);
          if (it == artifacts.end()) break;
          Artifact done = it->second->close(b.text_at(c.note_at, c.note_len));
          artifacts.erase(it);
          if (sessions_out)
            finished[c.session_id].emplace_back(c.index, std::move(done));
          break;
        }
        case OpKind::SessionDone: {
          Session& s = b.sessions[i];
          if (auto it = finished.find(s.id); it != finished.end()) {
            for (auto& [index, a] : it->second)
              if (index < s.artifacts.size()) s.artifacts[index] = std::move(a);
            finished.erase(it);
          }
          sessions_out->session_done(std::move(s));
          break;
        }
        case OpKind::LateLink: {
          const LinkOp& l = b.links[i];
          sessions_out->late_link(l.id, l.link, b.text_at(l.key_at, l.key_len));
          break;
        }
        case OpKind::Clock: sessions_out->clock(b.clocks[i]); break;
      }
    }
  }

  void emit_frame(const Batch& b, const FrameRow& r) {
    FrameView v;
    v.number = r.number;
    v.rel_ns = r.rel_ns;
    v.delta_ns = r.delta_ns;
    v.record = &r.record;
    v.packet = r.has_packet ? &r.packet : nullptr;
    v.flow = r.has_flow ? &r.flow : nullptr;
    v.protocol = b.text_at(r.protocol_at, r.protocol_len);
    v.info = b.text_at(r.info_at, r.info_len);
    frames_out->frame(v);
  }

  FrameProxy frame_proxy;
  SessionProxy session_proxy;
  FrameSink* const frames_out;
  SessionSink* const sessions_out;
  ArtifactWriter* const writer;

  std::mutex mutex;
  std::condition_variable work, room;
  std::deque<std::unique_ptr<Batch>> ready, idle;
  std::unique_ptr<Batch> filling;  // the first thread's own
  bool closing = false;
  std::atomic<bool> failed{false};
  std::exception_ptr error;  // written before `failed`, read after it

  // The second thread's own: open artifacts by ticket, and the finished
  // entries waiting for their session.
  std::unordered_map<uint64_t, std::unique_ptr<flow::OpenArtifact>> artifacts;
  std::unordered_map<uint64_t, std::vector<std::pair<size_t, Artifact>>>
      finished;
  std::thread worker;
};

Handoff::Handoff(FrameSink* frames, SessionSink* sessions,
                 ArtifactWriter* writer)
    : impl_(std::make_unique<Impl>(frames, sessions, writer)) {}

Handoff::~Handoff() {
  impl_->stop();
}

FrameSink* Handoff::frames() {
  return impl_->frames_out ? &impl_->frame_proxy : nullptr;
}

SessionSink* Handoff::sessions() {
  return impl_->sessions_out ? &impl_->session_proxy : nullptr;
}

ArtifactLane* Handoff::lane() {
  return impl_.get();
}

void Handoff::close() {
  if (std::exception_ptr e = impl_->stop()) std::rethrow_exception(e);
}

}  // namespace tracelab
