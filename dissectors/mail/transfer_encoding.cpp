// SPDX-License-Identifier: GPL-2.0-or-later
// Content-Transfer-Encodings (RFC 2045 section 6).
#include <cstdint>

#include "common/ascii.hpp"
#include "mail/mime.hpp"

namespace tracelab::mime {
namespace {

int b64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;  // '-' and '_': the URL alphabet
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

std::string decode_base64(std::string_view text) {
  std::string out;
  out.reserve(text.size() / 4 * 3);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;  // padding ends the data
    const int v = b64_value(c);
    if (v < 0) continue;  // line breaks and junk (RFC 2045 6.8)
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(char((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '=') {
      out.push_back(c);
      continue;
    }
    // Soft line break: "=" then optional blanks then CRLF or LF.
    size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    if (j < text.size() && (text[j] == '\r' || text[j] == '\n')) {
      if (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n') ++j;
      i = j;
      continue;
    }
    if (j == text.size()) {
      i = j;
      continue;
    }
    if (i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
        hex_digit(text[i + 2]) >= 0) {
      out.push_back(char(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2])));
      i += 2;
      continue;
    }
    out.push_back(c);  // malformed: keep it (RFC 2045 6.7 note 1)
  }
  return out;
}

}  // namespace tracelab::mime
