// SPDX-License-Identifier: GPL-2.0-or-later
//
// Streaming gzip decompression for captures saved as .pcap.gz and the like.
// Memory use is fixed: zlib's window plus the caller's buffer.
#include <zlib.h>

#include <algorithm>

#include "byte_input.hpp"

namespace tracelab::capture {

namespace {

// Compressed bytes handed to zlib per call.
constexpr size_t kInflateChunk = size_t{256} << 10;

class GzipSource final : public ChunkSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteInput> inner)
      : inner_(std::move(inner)) {
    // 15 + 16: a gzip wrapper (not zlib, not raw deflate) with a full window.
    ok_ = inflateInit2(&zs_, 15 + 16) == Z_OK;
  }
  ~GzipSource() override { inflateEnd(&zs_); }

  long read_some(uint8_t* out, size_t max, std::string& err) override {
    if (!ok_) {
      err = "gzip: cannot initialise decompressor";
      return -1;
    }
    if (!pending_error_.empty()) {
      // The damage found last call, after what was decoded before it.
      err = std::move(pending_error_);
      pending_error_.clear();
      done_ = true;
      return -1;
    }
    if (done_) return 0;
    zs_.next_out = out;
    zs_.avail_out = static_cast<uInt>(std::min<size_t>(max, 1u << 30));
    while (zs_.avail_out > 0) {
      if (inner_->available() == 0 && !inner_->ensure(1)) {
        if (!inner_->io_error().empty()) {
          err = inner_->io_error();
          return -1;
        }
        if (produced(out) > 0) break;
        if (!in_member_) {
          done_ = true;
          return 0;
        }
        return fail(out, "compressed stream ends early", err);
      }
      size_t in_len = std::min(inner_->available(), kInflateChunk);
      zs_.next_in = const_cast<Bytef*>(inner_->data());
      zs_.avail_in = static_cast<uInt>(in_len);
      in_member_ = true;
      int rc = inflate(&zs_, Z_NO_FLUSH);
      inner_->consume(in_len - zs_.avail_in);
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        // Another member may follow (concatenated .gz files are legal);
        // anything else after a member is ignored, as gzip itself does.
        if (!inner_->ensure(2) || inner_->data()[0] != 0x1f ||
            inner_->data()[1] != 0x8b) {
          done_ = true;
          break;
        }
        inflateReset(&zs_);
        continue;
      }
      if (rc != Z_OK && rc != Z_BUF_ERROR)
        return fail(out, zs_.msg ? zs_.msg : "corrupt data", err);
      if (rc == Z_BUF_ERROR && zs_.avail_in > 0)
        return fail(out, "decompressor made no progress", err);
    }
    total_out_ += produced(out);
    return static_cast<long>(produced(out));
  }
  uint64_t raw_consumed() const override { return inner_->raw_consumed(); }
  uint64_t raw_total() const override { return inner_->raw_total(); }

 private:
  size_t produced(const uint8_t* out) const {
    return static_cast<size_t>(zs_.next_out - out);
  }

  // Damage: what this call decoded before it is still handed over (a bad
  // CRC in the trailer comes after every byte of the capture), and the
  // error, naming where it is in the compressed file, comes next call.
  long fail(const uint8_t* out, const char* what, std::string& err) {
    std::string msg = "gzip: ";
    msg += what;
    msg += " (compressed byte " + std::to_string(inner_->raw_consumed()) +
           ", after " + std::to_string(total_out_ + produced(out)) +
           " bytes decompressed)";
    const size_t n = produced(out);
    total_out_ += n;
    if (n == 0) {
      err = std::move(msg);
      done_ = true;
      return -1;
    }
    pending_error_ = std::move(msg);
    return static_cast<long>(n);
  }

  std::unique_ptr<ByteInput> inner_;
  z_stream zs_{};
  bool ok_ = false;
  bool done_ = false;
  bool in_member_ = false;
  uint64_t total_out_ = 0;     // bytes decompressed so far
  std::string pending_error_;  // damage found after decoding some bytes
};

}  // namespace

std::unique_ptr<ChunkSource> make_gzip_source(
    std::unique_ptr<ByteInput> inner) {
  return std::make_unique<GzipSource>(std::move(inner));
}

}  // namespace tracelab::capture
