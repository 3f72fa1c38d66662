// SPDX-License-Identifier: GPL-2.0-or-later
#include "content/http_body.hpp"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <array>

#include "common/ascii.hpp"

namespace tracelab::http {
namespace {

// A chunk size beyond this is not a real body (and would overflow).
constexpr unsigned kMaxSizeDigits = 15;

}  // namespace

size_t ChunkedDecoder::feed(std::span<const uint8_t> in, BodySink& out) {
  size_t i = 0;
  while (i < in.size() && state_ != State::Done && state_ != State::Broken) {
    const uint8_t c = in[i];
    switch (state_) {
      case State::Size: {
        const int v = hex_digit(char(c));
        if (v >= 0 && digits_ < kMaxSizeDigits) {
          size_ = size_ * 16 + static_cast<uint64_t>(v);
          ++digits_;
        } else if (digits_ == 0 &&
                   (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
          // Tolerate blank padding before the size.
        } else if (digits_ > 0 &&
                   (c == ';' || c == ' ' || c == '\t' || c == '\r')) {
          state_ = State::SizeExt;
        } else if (digits_ > 0 && c == '\n') {
          state_ = size_ ? State::Data : State::TrailerStart;
        } else {
          state_ = State::Broken;
          continue;
        }
        ++i;
        break;
      }
      case State::SizeExt:
        if (c == '\n') state_ = size_ ? State::Data : State::TrailerStart;
        ++i;
        break;
      case State::Data: {
        const size_t n =
            static_cast<size_t>(std::min<uint64_t>(size_, in.size() - i));
        out.body_bytes(in.subspan(i, n));
        i += n;
        size_ -= n;
        if (size_ == 0) state_ = State::DataEnd;
        break;
      }
      case State::DataEnd:  // the CRLF after the data
        if (c == '\n') {
          state_ = State::Size;
          digits_ = 0;
        }
        ++i;
        break;
      case State::TrailerStart:  // empty line ends the message
        if (c == '\n') {
          state_ = State::Done;
        } else if (c != '\r') {
          ++trailer_lines_;
          state_ = State::Trailer;
        } else {
          state_ = State::TrailerEnd;
        }
        ++i;
        break;
      case State::TrailerEnd:  // saw CR at a line start
        state_ = c == '\n' ? State::Done : State::Trailer;
        ++i;
        break;
      case State::Trailer:
        if (c == '\n') state_ = State::TrailerStart;
        ++i;
        break;
      case State::Done:
      case State::Broken: break;
    }
  }
  return i;
}

struct ContentDecoder::Zstream {
  z_stream s{};
  bool live = false;
  std::array<uint8_t, 2> head{};  // deflate: the bytes that tell zlib/raw
  size_t head_len = 0;
  ~Zstream() {
    if (live) inflateEnd(&s);
  }
};

struct ContentDecoder::BrotliStream {
  BrotliDecoderState* s =
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  ~BrotliStream() {
    if (s) BrotliDecoderDestroyInstance(s);
  }
};

ContentDecoder::ContentDecoder(std::string_view coding, DecodeLimits limits)
    : limits_(limits) {
  // Several codings ("gzip, gzip") or one we do not know: pass through.
  std::string_view c = coding;
  while (!c.empty() && (c.front() == ' ' || c.front() == '\t'))
    c.remove_prefix(1);
  while (!c.empty() && (c.back() == ' ' || c.back() == '\t'))
    c.remove_suffix(1);
  if (c.empty() || ascii_iequals(c, "identity")) return;
  if (ascii_iequals(c, "gzip") || ascii_iequals(c, "x-gzip")) {
    mode_ = Mode::Gzip;
  } else if (ascii_iequals(c, "deflate")) {
    mode_ = Mode::Deflate;
  } else if (ascii_iequals(c, "br")) {
    mode_ = Mode::Brotli;
    br_ = std::make_unique<BrotliStream>();
    if (!br_->s) error_ = "brotli could not start";
    return;
  } else {
    understood_ = false;
    return;
  }
  z_ = std::make_unique<Zstream>();
  if (mode_ == Mode::Gzip) start(15 + 16);
}

ContentDecoder::~ContentDecoder() = default;

void ContentDecoder::emit(std::span<const uint8_t> bytes, BodySink& out) {
  if (!limit_note_.empty()) return;
  uint64_t room = limits_.max_output - std::min(produced_, limits_.max_output);
  bool by_ratio = false;
  const uint64_t total = produced_ + bytes.size();
  if (total > limits_.ratio_after && total > consumed_ * limits_.max_ratio) {
    // Stop where the ratio was crossed, or at the grace stretch's end.
    const uint64_t at =
        std::max(limits_.ratio_after, consumed_ * limits_.max_ratio);
    const uint64_t ratio_room = at - std::min(at, produced_);
    by_ratio = ratio_room < room;
    room = std::min(room, ratio_room);
  }
  if (bytes.size() > room) {
    bytes = bytes.first(static_cast<size_t>(room));
    // The wording is the catalog's key (artifact_note translates it).
    limit_note_ =
        "truncated: decoding stopped at " + std::to_string(produced_ + room) +
        " bytes: " +
        (by_ratio ? "compression ratio over " +
                        std::to_string(limits_.max_ratio) + ":1"
                  : "decoded size over " + std::to_string(limits_.max_output) +
                        " bytes");
    finished_ = true;
  }
  produced_ += bytes.size();
  if (!bytes.empty()) out.body_bytes(bytes);
}

void ContentDecoder::start(int window_bits) {
  if (inflateInit2(&z_->s, window_bits) == Z_OK) {
    z_->live = true;
  } else {
    error_ = "zlib could not start";
  }
}

void ContentDecoder::feed(std::span<const uint8_t> in, BodySink& out) {
  if (mode_ == Mode::Identity) {
    produced_ += in.size();
    out.body_bytes(in);
    return;
  }
  if (!error_.empty() || finished_ || in.empty()) return;
  if (mode_ == Mode::Brotli) return feed_brotli(in, out);
  if (!z_->live) {
    // "deflate" is meant to be zlib-wrapped, but servers also send raw
    // deflate: the first two bytes tell which.
    while (z_->head_len < 2 && !in.empty()) {
      z_->head[z_->head_len++] = in.front();
      in = in.subspan(1);
    }
    if (z_->head_len < 2) return;
    const unsigned h = z_->head[0] * 256u + z_->head[1];
    start((z_->head[0] & 0x0f) == 8 && h % 31 == 0 ? 15 : -15);
    if (!z_->live) return;
    const std::array<uint8_t, 2> first = z_->head;
    z_->head_len = 3;  // never again
    feed(first, out);
    if (!error_.empty() || finished_) return;
  }
  std::array<uint8_t, 16384> buf;
  z_->s.next_in = const_cast<Bytef*>(in.data());
  z_->s.avail_in = static_cast<uInt>(in.size());
  while (z_->s.avail_in > 0 && !finished_) {
    z_->s.next_out = buf.data();
    z_->s.avail_out = static_cast<uInt>(buf.size());
    const uInt before = z_->s.avail_in;
    const int rc = inflate(&z_->s, Z_NO_FLUSH);
    consumed_ += before - z_->s.avail_in;
    const size_t got = buf.size() - z_->s.avail_out;
    if (got) emit(std::span<const uint8_t>(buf.data(), got), out);
    if (!limit_note_.empty()) return;
    if (rc == Z_STREAM_END) {
      finished_ = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      error_ = (mode_ == Mode::Gzip ? "gzip" : "deflate");
      error_ +=
          " data corrupt after " + std::to_string(consumed_) + " encoded bytes";
      return;
    } else if (got == 0 && z_->s.avail_in == before) {
      return;  // no progress: wait for more input
    }
  }
}

void ContentDecoder::feed_brotli(std::span<const uint8_t> in, BodySink& out) {
  std::array<uint8_t, 16384> buf;
  const uint8_t* next_in = in.data();
  size_t avail_in = in.size();
  for (;;) {
    uint8_t* next_out = buf.data();
    size_t avail_out = buf.size();
    const size_t before = avail_in;
    const BrotliDecoderResult rc = BrotliDecoderDecompressStream(
        br_->s, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    consumed_ += before - avail_in;
    const size_t got = buf.size() - avail_out;
    if (got) emit(std::span<const uint8_t>(buf.data(), got), out);
    if (!limit_note_.empty()) return;
    switch (rc) {
      case BROTLI_DECODER_RESULT_SUCCESS: finished_ = true; return;
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        continue;  // the buffer was full: drain again
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: return;
      case BROTLI_DECODER_RESULT_ERROR:
      default:
        error_ = std::string("brotli data corrupt after ") +
                 std::to_string(consumed_) + " encoded bytes (" +
                 BrotliDecoderErrorString(BrotliDecoderGetErrorCode(br_->s)) +
                 ")";
        return;
    }
  }
}

}  // namespace tracelab::http
