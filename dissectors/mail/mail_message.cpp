// SPDX-License-Identifier: GPL-2.0-or-later
#include "mail/mail_message.hpp"

#include "mail/message_facts.hpp"
#include "mail/mime_artifacts.hpp"

namespace tracelab::mail {

void MailMessage::begin() {
  if (active_) end("incomplete: a new message began", 0);
  active_ = true;
  opened_ = false;
  size_ = 0;
  held_.clear();
  let_go_whole();
  whole_kept_ = true;
  budget_spent_ = false;
  first_frame_ = 0;
  summary_ = ImfSummary();
  fields_.clear();
}

void MailMessage::open(uint64_t frame) {
  Artifact a;
  a.kind = "mail";
  a.media_type = "message/rfc822";
  a.name = !summary_.subject().empty()      ? summary_.readable_subject()
           : !summary_.message_id().empty() ? summary_.message_id()
                                            : "message";
  handle_ = out_.artifact_open(std::move(a), frame);
  opened_ = true;
  // Nobody keeps artifacts: no copy for attachments either.
  if (handle_ == kNoArtifact) whole_kept_ = false;
  if (whole_kept_) keep(held_);
  if (!held_.empty())
    out_.artifact_write(
        handle_, {reinterpret_cast<const uint8_t*>(held_.data()), held_.size()},
        frame);
  held_.clear();
  held_.shrink_to_fit();
}

void MailMessage::write(std::span<const uint8_t> bytes, uint64_t frame) {
  if (!active_ || bytes.empty()) return;
  if (size_ == 0) first_frame_ = frame;
  size_ += bytes.size();
  summary_.feed({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  if (opened_) {
    out_.artifact_write(handle_, bytes, frame);
    keep({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
    return;
  }
  held_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (summary_.headers_done() || held_.size() >= kMaxHeldHeaders) open(frame);
}

void MailMessage::keep(std::string_view bytes) {
  if (!whole_kept_) return;
  const uint64_t total = whole_.size() + bytes.size();
  if (total > mime::kMaxParsedMessage || !whole_charge_.resize(total)) {
    budget_spent_ = total <= mime::kMaxParsedMessage;
    whole_kept_ = false;
    let_go_whole();
    return;
  }
  whole_.append(bytes);
}

void MailMessage::let_go_whole() {
  std::string().swap(whole_);
  whole_charge_.resize(0);
}

void MailMessage::end(std::string_view note, uint64_t frame) {
  if (!active_) return;
  summary_.finish();
  if (!opened_) open(frame);
  const bool too_large = !whole_kept_ && handle_ != kNoArtifact;
  std::string why(note);
  if (too_large) {
    if (!why.empty()) why += "; ";
    why += mime::not_taken_apart_note(budget_spent_);
  }
  out_.artifact_close(handle_, why);
  fields_.clear();
  if (whole_kept_) {
    const mime::Message m = mime::parse_message(whole_);
    Event facts;
    mime::add_message_fields(facts, m, size_);
    fields_ = std::move(facts.fields);
    // A message cut short is not taken apart: its parts would be wrong.
    if (note.empty()) mime::write_attachments(out_, m, first_frame_, frame);
  } else {
    // Too large to hold (or nobody keeps artifacts): what the headers said.
    if (!summary_.subject().empty())
      fields_.push_back({"subject", summary_.readable_subject()});
    if (!summary_.from().empty()) fields_.push_back({"from", summary_.from()});
    if (!summary_.message_id().empty())
      fields_.push_back({"message_id", summary_.message_id()});
    fields_.push_back({"bytes", std::to_string(size_)});
  }
  let_go_whole();
  active_ = false;
}

}  // namespace tracelab::mail
