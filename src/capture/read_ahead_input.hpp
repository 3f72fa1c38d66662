// SPDX-License-Identifier: GPL-2.0-or-later
//
// A ByteInput whose reads happen on a thread of their own: while the
// pipeline parses one chunk of the file, the next is being read.  The chunks
// are handed over, not copied: each has room in front of its data for the
// unconsumed tail of the one before, so a record that straddles two reads is
// the only thing moved.  For regular files only: a read that blocks (a pipe
// with no writer) would keep the thread from stopping early.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "byte_input.hpp"

namespace tracelab::capture {

class ReadAheadInput final : public ByteInput {
 public:
  explicit ReadAheadInput(std::unique_ptr<ChunkSource> src);
  ~ReadAheadInput() override;
  ReadAheadInput(const ReadAheadInput&) = delete;
  ReadAheadInput& operator=(const ReadAheadInput&) = delete;

  uint64_t raw_consumed() const override { return raw_consumed_; }
  uint64_t raw_total() const override { return raw_total_; }

 protected:
  bool refill(size_t n) override;

 private:
  struct Chunk {
    std::unique_ptr<uint8_t[]> mem;  // kHead bytes of room, then the data
    size_t len = 0;
    uint64_t raw_after = 0;  // the source's raw_consumed() after this read
    bool last = false;       // the source ended (or failed: error)
    std::string error;
  };
  void read_loop();
  Chunk take();
  void recycle(std::unique_ptr<uint8_t[]> mem);

  // The reading thread's: it alone calls the source.
  std::unique_ptr<ChunkSource> src_;

  std::mutex mutex_;
  std::condition_variable filled_, emptied_;
  std::deque<Chunk> ready_;
  std::vector<std::unique_ptr<uint8_t[]>> free_;
  int unallocated_;  // buffers the reader may still allocate
  bool stop_ = false;

  // The parsing thread's.
  std::unique_ptr<uint8_t[]> current_;   // the chunk cur_ points into, or
  std::unique_ptr<uint8_t[]> gathered_;  // a request larger than kHead
  bool ended_ = false;
  uint64_t raw_consumed_ = 0;
  const uint64_t raw_total_;

  std::thread reader_;
};

}  // namespace tracelab::capture
