// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/tshark_text.hpp"

#include <cstdint>

namespace tracelab::tshark {
namespace {

// Length of a valid UTF-8 sequence at s[i] (0 when invalid or truncated).
size_t utf8_len(std::string_view s, size_t i) {
  const auto b = uint8_t(s[i]);
  size_t n = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
  if (b >= 0xF5) n = 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((uint8_t(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

}  // namespace

void append_text(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = uint8_t(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(char(c));
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const size_t n = utf8_len(s, i)) {
        out.append(s.substr(i, n));
        i += n;
        continue;
      }
    }
    static const char kHex[] = "0123456789abcdef";
    switch (c) {
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\v': out += "\\v"; break;
      default:
        out += "\\x";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    ++i;
  }
}

size_t find_line_end(std::string_view b, size_t off, size_t& next) {
  for (size_t i = off; i < b.size(); ++i) {
    if (b[i] == '\n') {
      next = i + 1;
      return i - off;
    }
    if (b[i] == '\r') {
      if (i + 1 >= b.size()) return std::string_view::npos;
      next = b[i + 1] == '\n' ? i + 2 : i + 1;
      return i - off;
    }
  }
  return std::string_view::npos;
}

}  // namespace tracelab::tshark
