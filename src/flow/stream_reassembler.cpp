// SPDX-License-Identifier: GPL-2.0-or-later
#include "stream_reassembler.hpp"

#include <algorithm>
#include <cstring>

namespace tracelab::flow {

StreamReassembler::~StreamReassembler() {
  discard();
}

void StreamReassembler::set_keep_data(bool keep) {
  if (keep_data_ == keep) return;
  keep_data_ = keep;
  if (!keep) {
    for (Held& h : held_) h.data.reset();
    budget_->give(held_bytes_);
    held_bytes_ = 0;
  }
}

void StreamReassembler::start(uint32_t seq) {
  started_ = true;
  next_seq_ = seq;
  next_off_ = 0;
}

void StreamReassembler::discard() {
  budget_->give(held_bytes_);
  held_bytes_ = 0;
  held_.clear();
}

void StreamReassembler::deliver(uint64_t off, const uint8_t* data, uint64_t len,
                                const StreamClock& clock, StreamListener& l) {
  if (len == 0) return;
  if (data) {
    Sample& s = history_[history_next_++ % history_.size()];
    s.off = off;
    s.len = static_cast<uint32_t>(len);
    const uint64_t n = std::min<uint64_t>(len, s.bytes.size());
    for (uint64_t i = 0; i < n; ++i) s.bytes[i] = data[i * len / n];
    l.stream_data({data, static_cast<size_t>(len)}, clock);
  }
  // Extent-only data (nobody reads it) just moves the stream on.
  advance(len);
}

void StreamReassembler::gap_to(uint64_t off, const StreamClock& clock,
                               StreamListener& l) {
  if (off <= next_off_) return;
  const uint64_t n = off - next_off_;
  advance(n);
  l.stream_gap(n, clock);
}

void StreamReassembler::drain(const StreamClock& clock, StreamListener& l) {
  size_t done = 0;
  while (done < held_.size() && held_[done].off <= next_off_) {
    Held& h = held_[done];
    uint64_t skip = next_off_ - h.off;  // 0 by construction; kept defensive
    uint64_t len = h.len > skip ? h.len - skip : 0;
    if (fin_known_ && next_off_ + len > fin_off_)
      len = fin_off_ > next_off_ ? fin_off_ - next_off_ : 0;
    deliver(next_off_, h.data ? h.data.get() + skip : nullptr, len, clock, l);
    if (h.data) {
      budget_->give(h.len);
      held_bytes_ -= h.len;
    }
    ++done;
  }
  held_.erase(held_.begin(), held_.begin() + static_cast<ptrdiff_t>(done));
}

void StreamReassembler::hold(uint64_t off, const uint8_t* data, uint64_t len) {
  Held h;
  h.off = off;
  h.len = static_cast<uint32_t>(len);
  if (keep_data_ && data) {
    h.data.reset(new uint8_t[len]);
    std::memcpy(h.data.get(), data, len);
    held_bytes_ += len;
    budget_->take(len);
  }
  auto at =
      std::lower_bound(held_.begin(), held_.end(), off,
                       [](const Held& x, uint64_t o) { return x.off < o; });
  held_.insert(at, std::move(h));
}

void StreamReassembler::trim_past_fin() {
  // Data held from before the FIN was known, but lying past it, is not part
  // of the stream.
  while (!held_.empty() && held_.back().off + held_.back().len > fin_off_) {
    Held& h = held_.back();
    const uint64_t keep = h.off < fin_off_ ? fin_off_ - h.off : 0;
    if (h.data) {
      budget_->give(h.len - keep);
      held_bytes_ -= h.len - keep;
    }
    h.len = static_cast<uint32_t>(keep);
    if (keep > 0) break;
    held_.pop_back();
  }
}

bool StreamReassembler::differs_from_delivered(uint64_t off,
                                               const uint8_t* data,
                                               uint64_t len) const {
  if (!data) return false;
  for (const Sample& s : history_) {
    if (s.len == 0) continue;
    const uint64_t n = std::min<uint64_t>(s.len, s.bytes.size());
    for (uint64_t i = 0; i < n; ++i) {
      const uint64_t at = s.off + i * s.len / n;
      if (at >= off && at < off + len && data[at - off] != s.bytes[i])
        return true;
    }
  }
  return false;
}

bool StreamReassembler::differs_from_held(uint64_t off, const uint8_t* data,
                                          uint64_t len, const Held& h) const {
  if (!data || !h.data) return false;
  const uint64_t lo = std::max(off, h.off);
  const uint64_t hi = std::min(off + len, h.off + h.len);
  if (lo >= hi) return false;
  return std::memcmp(data + (lo - off), h.data.get() + (lo - h.off), hi - lo) !=
         0;
}

void StreamReassembler::segment(const SegmentView& s, const StreamClock& clock,
                                StreamListener& l) {
  if (!started_) start(s.seq);
  int64_t off = offset_of(s.seq);
  if (s.fin && !fin_known_) {
    const int64_t f = off + static_cast<int64_t>(s.wirelen);
    if (f >= static_cast<int64_t>(next_off_)) {
      fin_known_ = true;
      fin_off_ = static_cast<uint64_t>(f);
      trim_past_fin();
    }
  }
  int64_t end = off + static_cast<int64_t>(s.caplen);
  // Bytes past the FIN are not part of the stream.
  if (fin_known_) end = std::min(end, static_cast<int64_t>(fin_off_));
  const uint8_t* data = s.data;
  const int64_t next = static_cast<int64_t>(next_off_);
  if (end > off && off < next) {
    // A retransmission (whole or in part) of delivered data: first data
    // wins, the repeat only tells whether the sender changed its mind.
    const int64_t lo = std::max<int64_t>(off, 0);
    const int64_t hi = std::min(end, next);
    // A one-byte segment just before the next byte is a keep-alive probe
    // even when analysis did not call it one: its byte is filler.
    const bool probe = s.keepalive || (s.caplen == 1 && end == next);
    if (!probe && data && hi > lo &&
        differs_from_delivered(static_cast<uint64_t>(lo), data + (lo - off),
                               static_cast<uint64_t>(hi - lo)))
      l.stream_conflict(clock);
    if (end <= next) {
      resolve_acked(clock, l);
      return;
    }
    if (data) data += next - off;
    off = next;
  }
  if (end > off) {
    // Cut the segment into the pieces no held data covers yet.
    const uint64_t uoff = static_cast<uint64_t>(off);
    const uint64_t uend = static_cast<uint64_t>(end);
    pieces_.clear();
    uint64_t cur = uoff;
    bool conflict = false;
    for (const Held& h : held_) {
      if (h.off >= uend) break;
      if (h.off + h.len <= cur) continue;
      if (h.off > cur) pieces_.emplace_back(cur, h.off);
      conflict = conflict || differs_from_held(uoff, data, uend - uoff, h);
      cur = std::max<uint64_t>(cur, h.off + h.len);
      if (cur >= uend) break;
    }
    if (cur < uend) pieces_.emplace_back(cur, uend);
    if (conflict) l.stream_conflict(clock);
    uint64_t held = 0;
    for (const auto& [lo, hi] : pieces_) {
      drain(clock, l);
      const uint8_t* at = data ? data + (lo - uoff) : nullptr;
      if (lo == next_off_) {
        deliver(lo, at, hi - lo, clock, l);
      } else if (lo > next_off_) {
        hold(lo, at, hi - lo);
        held += hi - lo;
      }
    }
    if (held) l.stream_held(held, clock);
    drain(clock, l);
    enforce_limits(clock, l);
  }
  resolve_acked(clock, l);
}

void StreamReassembler::peer_ack(uint32_t ack, const StreamClock& clock,
                                 StreamListener& l) {
  if (!started_) return;
  int64_t a = offset_of(ack);
  if (fin_known_ && a > static_cast<int64_t>(fin_off_)) {
    fin_acked_ = true;  // the FIN takes one sequence number
    a = static_cast<int64_t>(fin_off_);
  }
  // Any ACK ahead of us counts (the signed distance already bounds it to
  // half the sequence space): it can only turn the span up to held data
  // into a gap, so a bogus one cannot make us skip data we have.
  if (a <= static_cast<int64_t>(next_off_)) return;
  if (!acked_known_ || static_cast<uint64_t>(a) > acked_off_) {
    acked_known_ = true;
    acked_off_ = static_cast<uint64_t>(a);
  }
  resolve_acked(clock, l);
}

void StreamReassembler::resolve_acked(const StreamClock& clock,
                                      StreamListener& l) {
  // A hole the receiver acknowledged is data the capture lost.  Without held
  // data after it, wait: the bytes may still show up (capture reordering),
  // and the hole's end is then known from them.
  while (acked_known_ && acked_off_ > next_off_ && !held_.empty()) {
    gap_to(std::min(acked_off_, held_.front().off), clock, l);
    drain(clock, l);
  }
}

void StreamReassembler::enforce_limits(const StreamClock& clock,
                                       StreamListener& l) {
  bool hit = false;
  while (!held_.empty() &&
         (held_bytes_ > budget_->limits.per_flow_bytes ||
          budget_->over_total() || held_.size() > kMaxHeldPieces)) {
    if (!hit) l.stream_limit(clock);
    hit = true;
    gap_to(held_.front().off, clock, l);
    drain(clock, l);
  }
}

void StreamReassembler::flush(const StreamClock& clock, StreamListener& l) {
  while (!held_.empty()) {
    gap_to(held_.front().off, clock, l);
    drain(clock, l);
  }
  if (acked_known_) gap_to(acked_off_, clock, l);
}

}  // namespace tracelab::flow
