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
        err = "gzip: compressed stream ends early";
        return -1;
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
      if (rc != Z_OK && rc != Z_BUF_ERROR) {
        err = std::string("gzip: ") + (zs_.msg ? zs_.msg : "corrupt data");
        return -1;
      }
      if (rc == Z_BUF_ERROR && zs_.avail_in > 0) {
        err = "gzip: decompressor made no progress";
        return -1;
      }
    }
    return static_cast<long>(produced(out));
  }
  uint64_t raw_consumed() const override { return inner_->raw_consumed(); }
  uint64_t raw_total() const override { return inner_->raw_total(); }

 private:
  size_t produced(const uint8_t* out) const {
    return static_cast<size_t>(zs_.next_out - out);
  }

  std::unique_ptr<ByteInput> inner_;
  z_stream zs_{};
  bool ok_ = false;
  bool done_ = false;
  bool in_member_ = false;
};

}  // namespace

std::unique_ptr<ChunkSource> make_gzip_source(
    std::unique_ptr<ByteInput> inner) {
  return std::make_unique<GzipSource>(std::move(inner));
}

}  // namespace tracelab::capture
