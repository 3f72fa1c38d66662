// SPDX-License-Identifier: GPL-2.0-or-later
//
// One mail message recovered from a session (SMTP DATA/BDAT, POP3 RETR/TOP)
// and streamed out as an artifact of kind "mail".  The header block is held
// (up to a cap) until it ends so that the artifact can be named after the
// Subject (or the Message-ID); after that the bytes go straight through.
// While artifacts are kept, a copy of a message up to kMaxParsedMessage is
// held too, so that its MIME attachments come out when it completes; the
// copy is charged to the run's memory budget, and let go (the attachments
// then not extracted, and the artifact says why) when the budget is spent.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/held_bytes.hpp"
#include "mail/imf_summary.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab::mail {

class MailMessage {
 public:
  explicit MailMessage(DissectorOutput& out) : out_(out), whole_charge_(out) {}

  bool active() const { return active_; }
  /// Starts a new message (an active one is ended first, as incomplete).
  void begin();
  /// The message's exact bytes, in order, in any pieces.
  void write(std::span<const uint8_t> bytes, uint64_t frame);
  /// Ends it; `note` says what is missing ("" when complete).
  void end(std::string_view note, uint64_t frame);

  /// Of the message being (or last) read.
  const ImfSummary& summary() const { return summary_; }
  uint64_t size() const { return size_; }
  /// The `message` step's fields of the message last ended
  /// (mail/message_facts.hpp).
  const std::vector<Field>& fields() const { return fields_; }

  static constexpr size_t kMaxHeldHeaders = 64 * 1024;

 private:
  void open(uint64_t frame);
  void keep(std::string_view bytes);
  void let_go_whole();

  DissectorOutput& out_;
  bool active_ = false;
  bool opened_ = false;
  uint32_t handle_ = 0;
  uint64_t size_ = 0;
  std::string held_;   // header bytes waiting for the artifact's name
  std::string whole_;  // the message so far, for its attachments
  lines::HeldBytes whole_charge_;  // whole_'s bytes, on the run's budget
  bool whole_kept_ = true;
  bool budget_spent_ = false;  // whole_ was let go: the budget was spent
  uint64_t first_frame_ = 0;
  ImfSummary summary_;
  std::vector<Field> fields_;
};

}  // namespace tracelab::mail
