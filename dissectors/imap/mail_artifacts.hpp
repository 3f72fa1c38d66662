// SPDX-License-Identifier: GPL-2.0-or-later
//
// Messages that crossed an IMAP connection (FETCH BODY[]/RFC822 literals
// from the server, APPEND literals from the client) become artifacts: the
// message itself (kind "mail", named by its decoded Subject) and each of
// its attachments (kind "attachment").  A message up to kMaxParsed bytes is
// held until complete so that MIME can name it and take its attachments
// apart; a larger one is streamed out as it comes, named from its first
// kilobytes, and its attachments are not extracted (its note says so).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/held_bytes.hpp"
#include "mail/mime_artifacts.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab::imap {

class MailArtifacts {
 public:
  static constexpr size_t kMaxParsed = mime::kMaxParsedMessage;
  static constexpr size_t kMaxHeaderPeek = 64u << 10;

  explicit MailArtifacts(DissectorOutput& out)
      : out_(out), charges_{lines::HeldBytes(out), lines::HeldBytes(out)} {}

  /// A message of `size` bytes starts in direction `dir`.  `fallback` names
  /// it when it has no Subject; `partial`: "" for a whole message, else the
  /// note saying which piece this is (kept in the artifact's note).
  void begin(Direction dir, std::string fallback, std::string partial,
             uint64_t frame, uint64_t size);
  void data(Direction dir, std::span<const uint8_t> bytes, uint64_t frame);
  void end(Direction dir, uint64_t frame);
  /// The message in `dir` will not complete (gap, end of session).
  void abort(Direction dir, std::string_view note);

  /// The `message` step's fields of the message end() last completed
  /// (mail/message_facts.hpp), and which piece it was ("" when whole).
  const std::vector<Field>& fields() const { return fields_; }
  const std::string& partial() const { return partial_; }

 private:
  struct Slot {
    bool active = false, streaming = false;
    bool budget_spent = false;  ///< streamed because the budget was spent
    std::string partial;
    std::string fallback, buf;
    uint64_t first_frame = 0, size = 0;
    uint32_t handle = 0;
  };
  Slot& slot(Direction d) {
    return slots_[d == Direction::ClientToServer ? 0 : 1];
  }
  void open_streaming(Slot& s, uint64_t frame);
  void emit_whole(Slot& s, uint64_t frame, std::string_view note);

  void facts(const mime::Message& m, uint64_t size, const Slot& s);

  void reset(Direction d);

  DissectorOutput& out_;
  Slot slots_[2];
  // What each slot's buf holds, charged to the run's memory budget.
  lines::HeldBytes charges_[2];
  std::vector<Field> fields_;
  std::string partial_;
};

}  // namespace tracelab::imap
