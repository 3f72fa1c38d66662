// SPDX-License-Identifier: GPL-2.0-or-later
#include "imap/mail_artifacts.hpp"

#include "mail/message_facts.hpp"
#include "mail/mime.hpp"
#include "mail/mime_artifacts.hpp"

namespace tracelab::imap {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string mail_name(const mime::Message& m, const std::string& fallback) {
  return m.subject.empty() ? fallback : m.subject;
}

}  // namespace

void MailArtifacts::begin(Direction dir, std::string fallback,
                          std::string partial, uint64_t frame, uint64_t size) {
  Slot& s = slot(dir);
  if (s.active) abort(dir, "truncated: another message began");
  reset(dir);
  s.active = true;
  s.partial = std::move(partial);
  s.fallback = std::move(fallback);
  s.first_frame = frame;
  s.size = size;
  if (size > kMaxParsed) s.buf.reserve(kMaxHeaderPeek);
}

void MailArtifacts::data(Direction dir, std::span<const uint8_t> bytes,
                         uint64_t frame) {
  Slot& s = slot(dir);
  if (!s.active) return;
  if (s.streaming) {
    out_.artifact_write(s.handle, bytes, frame);
    return;
  }
  lines::HeldBytes& charge = charges_[dir == Direction::ClientToServer ? 0 : 1];
  const bool room = charge.resize(s.buf.size() + bytes.size());
  s.buf.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (!room) {
    // The run's memory budget is spent: the message goes out as it comes,
    // its facts from what arrived so far, its attachments not taken apart.
    s.budget_spent = true;
    open_streaming(s, frame);
  } else if (s.size > kMaxParsed && s.buf.size() >= kMaxHeaderPeek) {
    open_streaming(s, frame);
  }
  if (s.streaming) charge.resize(0);
}

void MailArtifacts::reset(Direction dir) {
  slot(dir) = Slot{};
  charges_[dir == Direction::ClientToServer ? 0 : 1].resize(0);
}

void MailArtifacts::facts(const mime::Message& m, uint64_t size,
                          const Slot& s) {
  Event e;
  mime::add_message_fields(e, m, size);
  fields_ = std::move(e.fields);
  partial_ = s.partial;
}

void MailArtifacts::open_streaming(Slot& s, uint64_t frame) {
  // Only the header matters for the name; the body is cut off.
  const std::string_view raw = s.buf;
  size_t head = raw.find("\r\n\r\n");
  if (head == std::string_view::npos) head = raw.find("\n\n");
  const mime::Message m = mime::parse_message(
      raw.substr(0, head == std::string_view::npos ? raw.size() : head + 2));
  Artifact a;
  a.kind = "mail";
  a.name = mail_name(m, s.fallback);
  a.media_type = "message/rfc822";
  s.handle = out_.artifact_open(std::move(a), s.first_frame);
  out_.artifact_write(s.handle, bytes_of(s.buf), frame);
  facts(m, s.size, s);  // the header's facts: the body is not held
  s.buf.clear();
  s.buf.shrink_to_fit();
  s.streaming = true;
}

void MailArtifacts::emit_whole(Slot& s, uint64_t frame, std::string_view note) {
  const mime::Message m = mime::parse_message(s.buf);
  facts(m, s.buf.size(), s);
  Artifact a;
  a.kind = "mail";
  a.name = mail_name(m, s.fallback);
  a.media_type = "message/rfc822";
  const uint32_t h = out_.artifact_open(std::move(a), s.first_frame);
  out_.artifact_write(h, bytes_of(s.buf), frame);
  out_.artifact_close(h, note);
  if (!note.empty() && note != s.partial) return;  // parts of a broken whole
  mime::write_attachments(out_, m, s.first_frame, frame);
}

void MailArtifacts::end(Direction dir, uint64_t frame) {
  Slot& s = slot(dir);
  if (!s.active) return;
  if (s.streaming) {
    std::string note = s.partial;
    if (!note.empty()) note += "; ";
    note += mime::not_taken_apart_note(s.budget_spent);
    out_.artifact_close(s.handle, note);
  } else {
    const std::string note = s.partial;
    emit_whole(s, frame, note);
  }
  reset(dir);
}

void MailArtifacts::abort(Direction dir, std::string_view note) {
  Slot& s = slot(dir);
  if (!s.active) return;
  if (s.streaming)
    out_.artifact_close(s.handle, note);
  else
    emit_whole(s, s.first_frame, note);
  reset(dir);
}

}  // namespace tracelab::imap
