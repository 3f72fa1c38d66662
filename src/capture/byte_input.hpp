// SPDX-License-Identifier: GPL-2.0-or-later
//
// A forward-only window over the bytes of a capture: the readers ask for the
// next N bytes to be contiguous (ensure), parse them in place, then consume
// them.  Memory inputs hand out the caller's bytes directly; file and gzip
// inputs refill a large buffer and move only the unconsumed tail on refill,
// so a record is copied only when it straddles two reads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tracelab::capture {

class ByteInput {
 public:
  virtual ~ByteInput() = default;

  /// Makes at least `n` bytes contiguous at data().  Returns false when the
  /// input ends (or fails: see io_error()) before that many bytes.
  bool ensure(size_t n) {
    if (static_cast<size_t>(end_ - cur_) >= n) return true;
    return refill(n);
  }
  const uint8_t* data() const { return cur_; }
  size_t available() const { return static_cast<size_t>(end_ - cur_); }
  void consume(size_t n) {
    cur_ += n;
    pos_ += n;
  }
  /// Offset of data() in the (decompressed) stream.
  uint64_t position() const { return pos_; }

  /// Bytes of the underlying file read so far and its size (0 = unknown).
  virtual uint64_t raw_consumed() const = 0;
  virtual uint64_t raw_total() const = 0;

  /// Set when the input could not be read (I/O or decompression error) as
  /// opposed to simply ending.
  const std::string& io_error() const { return io_error_; }

 protected:
  /// Slow path of ensure().
  virtual bool refill(size_t n) = 0;

  const uint8_t* cur_ = nullptr;
  const uint8_t* end_ = nullptr;
  uint64_t pos_ = 0;
  std::string io_error_;
};

/// Bytes already in memory; never copies.
class MemoryInput final : public ByteInput {
 public:
  explicit MemoryInput(std::span<const uint8_t> bytes);
  uint64_t raw_consumed() const override { return pos_; }
  uint64_t raw_total() const override { return total_; }

 protected:
  bool refill(size_t) override { return false; }

 private:
  uint64_t total_;
};

/// Where a BufferedInput gets its bytes from.
class ChunkSource {
 public:
  virtual ~ChunkSource() = default;
  /// Reads up to `max` bytes; returns 0 at the end, -1 on error (with
  /// `err` set).
  virtual long read_some(uint8_t* out, size_t max, std::string& err) = 0;
  virtual uint64_t raw_consumed() const = 0;
  virtual uint64_t raw_total() const = 0;
};

/// A refilling buffer over a ChunkSource.  The buffer grows only as far as
/// the largest single ensure() request, which the readers bound.
class BufferedInput final : public ByteInput {
 public:
  explicit BufferedInput(std::unique_ptr<ChunkSource> src);
  uint64_t raw_consumed() const override { return src_->raw_consumed(); }
  uint64_t raw_total() const override { return src_->raw_total(); }

 protected:
  bool refill(size_t n) override;

 private:
  std::unique_ptr<ChunkSource> src_;
  // Not a vector: growing must not zero megabytes that are read over anyway.
  std::unique_ptr<uint8_t[]> buf_;
  size_t size_ = 0;
  bool eof_ = false;
};

/// A file descriptor source (regular file, pipe, /dev/stdin...).  Owns fd.
std::unique_ptr<ChunkSource> make_fd_source(int fd, uint64_t size);

/// Inflates a gzip stream (several concatenated members allowed) read from
/// `inner`, starting at its current position.
std::unique_ptr<ChunkSource> make_gzip_source(std::unique_ptr<ByteInput> inner);

}  // namespace tracelab::capture
