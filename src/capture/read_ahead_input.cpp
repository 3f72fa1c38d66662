// SPDX-License-Identifier: GPL-2.0-or-later
#include "read_ahead_input.hpp"

#include <cstring>
#include <utility>

namespace tracelab::capture {

namespace {

// 4 MiB reads, as BufferedInput's; 1 MiB of room for the tail of the chunk
// before (a record is far smaller), and three buffers: one being parsed,
// one read, one ready.
constexpr size_t kChunk = size_t{4} << 20;
constexpr size_t kHead = size_t{1} << 20;
constexpr int kBuffers = 3;

}  // namespace

ReadAheadInput::ReadAheadInput(std::unique_ptr<ChunkSource> src)
    : src_(std::move(src)),
      unallocated_(kBuffers),
      raw_total_(src_->raw_total()) {
  reader_ = std::thread([this] { read_loop(); });
}

ReadAheadInput::~ReadAheadInput() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  emptied_.notify_one();
  reader_.join();
}

void ReadAheadInput::read_loop() {
  for (;;) {
    Chunk c;
    {
      std::unique_lock lock(mutex_);
      emptied_.wait(lock,
                    [this] { return stop_ || !free_.empty() || unallocated_; });
      if (stop_) return;
      if (!free_.empty()) {
        c.mem = std::move(free_.back());
        free_.pop_back();
      } else {
        --unallocated_;
      }
    }
    // Not a vector: the buffer is read over, zeroing it would be waste.
    if (!c.mem) c.mem.reset(new uint8_t[kHead + kChunk]);
    // One read per chunk: a short read is handed over as it is.
    const long r = src_->read_some(c.mem.get() + kHead, kChunk, c.error);
    if (r > 0) c.len = static_cast<size_t>(r);
    c.last = r <= 0;
    c.raw_after = src_->raw_consumed();
    {
      std::lock_guard lock(mutex_);
      ready_.push_back(std::move(c));
    }
    filled_.notify_one();
    if (r <= 0) return;
  }
}

ReadAheadInput::Chunk ReadAheadInput::take() {
  std::unique_lock lock(mutex_);
  filled_.wait(lock, [this] { return !ready_.empty(); });
  Chunk c = std::move(ready_.front());
  ready_.pop_front();
  return c;
}

void ReadAheadInput::recycle(std::unique_ptr<uint8_t[]> mem) {
  if (!mem) return;
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(mem));
  }
  emptied_.notify_one();
}

bool ReadAheadInput::refill(size_t n) {
  while (available() < n) {
    if (ended_) return false;
    Chunk c = take();
    raw_consumed_ = c.raw_after;
    if (c.last) {
      ended_ = true;
      if (!c.error.empty()) io_error_ = std::move(c.error);
      recycle(std::move(c.mem));
      continue;
    }
    const size_t avail = available();
    if (avail <= kHead) {
      // The tail goes in front of the new chunk's data; the old chunk goes
      // back to the reader.
      uint8_t* start = c.mem.get() + kHead - avail;
      if (avail) std::memcpy(start, cur_, avail);
      recycle(std::move(current_));
      gathered_.reset();
      current_ = std::move(c.mem);
      cur_ = start;
      end_ = current_.get() + kHead + c.len;
    } else {
      // A request longer than the room in front of a chunk (a huge block
      // of a damaged or unusual capture): gather it in a buffer of its own.
      std::unique_ptr<uint8_t[]> bigger(new uint8_t[avail + c.len]);
      std::memcpy(bigger.get(), cur_, avail);
      std::memcpy(bigger.get() + avail, c.mem.get() + kHead, c.len);
      recycle(std::move(c.mem));
      recycle(std::move(current_));
      gathered_ = std::move(bigger);
      cur_ = gathered_.get();
      end_ = cur_ + avail + c.len;
    }
  }
  return true;
}

}  // namespace tracelab::capture
