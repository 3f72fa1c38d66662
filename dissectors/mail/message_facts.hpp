// SPDX-License-Identifier: GPL-2.0-or-later
//
// The facts a mail `message` step carries (docs/sessions-schema.md, SMTP
// and the mail protocols): `subject`, `from`, `to` (one per address),
// `date`, `message_id`, `attachments` (file names), `bytes`, and `body`: the
// first text/plain part that is not an attachment, its transfer encoding
// and charset undone to UTF-8, at most kMaxBody bytes (cut at a character
// boundary).  Header values are RFC 2047-decoded by mime::parse_message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mail/mime.hpp"
#include "tracelab/session.hpp"

namespace tracelab::mime {

inline constexpr size_t kMaxBody = 64 * 1024;

/// `value` cut to at most `max` bytes without splitting a UTF-8 sequence.
inline std::string utf8_prefix(std::string value, size_t max) {
  if (value.size() <= max) return value;
  size_t n = max;
  // Back up over continuation bytes to the start of the cut sequence.
  while (n > 0 && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
  value.resize(n);
  return value;
}

/// The addresses of an address-list header value ("A <a@x>, b@y"), split
/// at commas outside quotes, angle brackets and comments, trimmed.
inline std::vector<std::string> split_addresses(std::string_view v) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  int angle = 0, paren = 0;
  auto flush = [&] {
    size_t a = cur.find_first_not_of(" \t\r\n");
    size_t b = cur.find_last_not_of(" \t\r\n");
    if (a != std::string::npos) out.push_back(cur.substr(a, b - a + 1));
    cur.clear();
  };
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (quoted) {
      if (c == '\\' && i + 1 < v.size()) {
        cur.push_back(c);
        cur.push_back(v[++i]);
        continue;
      }
      if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      ++angle;
    } else if (c == '>' && angle > 0) {
      --angle;
    } else if (c == '(') {
      ++paren;
    } else if (c == ')' && paren > 0) {
      --paren;
    } else if (c == ',' && angle == 0 && paren == 0) {
      flush();
      continue;
    }
    cur.push_back(c);
  }
  flush();
  return out;
}

/// The text of the first text/plain part of `m` (not an attachment),
/// decoded to UTF-8 and bounded; "" when there is none.
inline std::string first_text_body(const Message& m) {
  for (const Part& p : m.parts) {
    if (p.media_type != "text/plain" || p.is_attachment()) continue;
    return utf8_prefix(to_utf8(p.body, p.charset), kMaxBody);
  }
  return {};
}

/// Adds the message fields of `m` (`bytes` long as it crossed the wire)
/// to `e`.
inline void add_message_fields(Event& e, const Message& m, uint64_t bytes) {
  if (!m.subject.empty()) e.add_field("subject", m.subject);
  if (!m.from.empty()) e.add_field("from", m.from);
  for (auto& a : split_addresses(m.to)) e.add_field("to", std::move(a));
  if (!m.date.empty()) e.add_field("date", m.date);
  if (!m.message_id.empty()) e.add_field("message_id", m.message_id);
  for (const Part& p : m.parts)
    if (p.is_attachment() && !p.filename.empty())
      e.add_field("attachments", p.filename);
  e.add_field("bytes", std::to_string(bytes));
  std::string body = first_text_body(m);
  if (!body.empty()) e.add_field("body", std::move(body));
}

}  // namespace tracelab::mime
