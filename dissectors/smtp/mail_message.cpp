// SPDX-License-Identifier: GPL-2.0-or-later
#include "smtp/mail_message.hpp"

namespace tracelab::mail {

void MailMessage::begin() {
  if (active_) end("incomplete: a new message began", 0);
  active_ = true;
  opened_ = false;
  size_ = 0;
  held_.clear();
  summary_ = ImfSummary();
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
  if (!held_.empty())
    out_.artifact_write(
        handle_, {reinterpret_cast<const uint8_t*>(held_.data()), held_.size()},
        frame);
  held_.clear();
  held_.shrink_to_fit();
}

void MailMessage::write(std::span<const uint8_t> bytes, uint64_t frame) {
  if (!active_ || bytes.empty()) return;
  size_ += bytes.size();
  summary_.feed({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  if (opened_) {
    out_.artifact_write(handle_, bytes, frame);
    return;
  }
  held_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (summary_.headers_done() || held_.size() >= kMaxHeldHeaders) open(frame);
}

void MailMessage::end(std::string_view note, uint64_t frame) {
  if (!active_) return;
  summary_.finish();
  if (!opened_) open(frame);
  out_.artifact_close(handle_, note);
  active_ = false;
}

}  // namespace tracelab::mail
