// SPDX-License-Identifier: GPL-2.0-or-later
//
// Undoing HTTP's transfer and content codings, incrementally: a chunked
// decoder that consumes any piece it is given (it keeps only a few bytes
// of state, never the body), and a Content-Encoding decoder (gzip,
// deflate) on zlib's streaming inflate.  Both hand their output to a
// BodySink as it is produced.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace tracelab::http {

class BodySink {
 public:
  virtual ~BodySink() = default;
  virtual void body_bytes(std::span<const uint8_t> bytes) = 0;
};

/// Transfer-Encoding: chunked (RFC 9112 section 7.1), trailers skipped.
class ChunkedDecoder {
 public:
  /// Consumes up to all of `in` (stops right after the last chunk's
  /// trailer section) and returns how much; chunk data goes to `out`.
  size_t feed(std::span<const uint8_t> in, BodySink& out);
  bool done() const { return state_ == State::Done; }
  /// The framing made no sense (a size line that is not hex...).
  bool broken() const { return state_ == State::Broken; }
  uint64_t trailer_lines() const { return trailer_lines_; }

 private:
  enum class State {
    Size,
    SizeExt,
    Data,
    DataEnd,
    TrailerStart,
    Trailer,
    TrailerEnd,
    Done,
    Broken
  };
  State state_ = State::Size;
  uint64_t size_ = 0;
  unsigned digits_ = 0;
  uint64_t trailer_lines_ = 0;
};

/// Bounds on what one encoded body may decode to, so that a few kilobytes
/// on the wire cannot become gigabytes in memory or on disk (a compression
/// bomb).  As libhtp does, a ratio is judged only past a first stretch of
/// output, where small bodies legitimately compress far; deflate reaches
/// at most about 1032:1, so a body of zeros trips the ratio, and the size
/// bound catches the rest.
struct DecodeLimits {
  uint64_t max_output = uint64_t{512} << 20;  ///< decoded bytes, at most
  uint64_t ratio_after = uint64_t{1} << 20;   ///< judge the ratio past this
  uint64_t max_ratio = 1000;                  ///< decoded : encoded bytes
};

/// Content-Encoding gzip / x-gzip / deflate (zlib or raw) / br (brotli),
/// decoded as the bytes stream in.  Anything else passes through unchanged.
class ContentDecoder {
 public:
  /// `coding` is the Content-Encoding value ("" for none).
  explicit ContentDecoder(std::string_view coding, DecodeLimits limits = {});
  ~ContentDecoder();
  ContentDecoder(const ContentDecoder&) = delete;
  ContentDecoder& operator=(const ContentDecoder&) = delete;

  /// True when bytes are inflated (a known single coding).
  bool decoding() const { return mode_ != Mode::Identity; }
  /// False when the coding is neither identity nor one we decode.
  bool understood() const { return understood_; }
  void feed(std::span<const uint8_t> in, BodySink& out);
  /// "" or why decoding stopped ("gzip data corrupt after 1234 bytes").
  const std::string& error() const { return error_; }
  /// "" or, when a DecodeLimits bound stopped decoding, the artifact's
  /// completeness note ("truncated: decoding stopped at 1048576 bytes,
  /// a compression ratio over 1000:1").
  const std::string& limit_note() const { return limit_note_; }
  uint64_t produced() const { return produced_; }

 private:
  enum class Mode { Identity, Gzip, Deflate, Brotli };
  void start(int window_bits);
  void feed_brotli(std::span<const uint8_t> in, BodySink& out);
  /// Hands `bytes` on, unless a bound is reached (then only what fits,
  /// and decoding stops for good).
  void emit(std::span<const uint8_t> bytes, BodySink& out);
  DecodeLimits limits_;
  std::string limit_note_;
  Mode mode_ = Mode::Identity;
  bool understood_ = true;
  bool finished_ = false;
  struct Zstream;
  std::unique_ptr<Zstream> z_;
  struct BrotliStream;
  std::unique_ptr<BrotliStream> br_;
  std::string error_;
  uint64_t consumed_ = 0, produced_ = 0;
};

}  // namespace tracelab::http
