// SPDX-License-Identifier: GPL-2.0-or-later
//
// IMAP framing, before any grammar: one direction's bytes become lines and
// literals.  A line that ends with "{n}" (synchronising) or "{n+}"
// (LITERAL+, RFC 7888) announces exactly n bytes that follow its CRLF; those
// bytes are handed over as literal data and never searched for line ends or
// tags, and the logical command or response continues on the line after
// them (which may announce another literal).  Literal bytes are streamed:
// a multi-megabyte message never sits in a buffer here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace tracelab::imap {

/// What a trailing "{n}" / "{n+}" on a line says.
struct LiteralSpec {
  bool present = false;
  bool non_sync = false;  ///< "{n+}"
  uint64_t size = 0;
};

/// The literal announced at the end of `line` (without its CRLF), if any.
/// Sizes of more than 18 digits are not literals.
LiteralSpec trailing_literal(std::string_view line);

class FragmentSink {
 public:
  virtual ~FragmentSink() = default;
  /// A line without its line end.  `truncated`: the line was longer than
  /// Fragmentizer::kMaxLine; only its start is given, the rest skipped.
  virtual void on_line(std::string_view line, bool truncated) = 0;
  /// Bytes of the literal announced by the last line, in order.
  virtual void on_literal_data(std::span<const uint8_t> bytes) = 0;
  /// The announced literal is complete.
  virtual void on_literal_end() = 0;
};

class Fragmentizer {
 public:
  /// Longest line kept; RFC 7162 asks for at least 8192 octets, dovecot
  /// allows 64 KiB.
  static constexpr size_t kMaxLine = 65536;

  /// Consumes every complete line and every available literal byte from the
  /// front of `data`, reporting them to `sink`, and returns how many bytes
  /// it consumed.  An unfinished line is left unconsumed (the caller
  /// presents it again with more bytes), unless it is already longer than
  /// kMaxLine.
  size_t feed(std::span<const uint8_t> data, FragmentSink& sink);

  /// Inside a literal, or skipping the rest of an overlong line.
  bool mid_unit() const { return literal_left_ > 0 || skipping_; }
  uint64_t literal_left() const { return literal_left_; }

  /// Called from FragmentSink::on_line: feed() returns right after that
  /// line, leaving the rest unconsumed (the bytes after an accepted
  /// STARTTLS belong to TLS).
  void stop_after_line() { stop_ = true; }

  /// Forget everything (after a gap): the next byte starts a line.
  void reset() {
    literal_left_ = 0;
    skipping_ = false;
  }

 private:
  uint64_t literal_left_ = 0;
  bool skipping_ = false;  ///< discarding an overlong line up to its LF
  bool stop_ = false;
};

}  // namespace tracelab::imap
