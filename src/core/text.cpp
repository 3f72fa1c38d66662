// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracelab/text.hpp"

#include <charconv>
#include <cstring>

namespace tracelab {
namespace {

constexpr char kHex[] = "0123456789abcdef";

void append_hex_byte(std::string& out, uint8_t b) {
  out.push_back(kHex[b >> 4]);
  out.push_back(kHex[b & 15]);
}

void append_hex_escape(std::string& out, uint8_t b) {
  out.push_back('\\');
  out.push_back('x');
  append_hex_byte(out, b);
}

// Length of a well-formed UTF-8 sequence starting at s[i] (2..4), or 0.
// Rejects overlong forms, surrogates and code points above U+10FFFF.
size_t utf8_sequence_length(std::string_view s, size_t i, uint32_t& cp) {
  const auto b0 = static_cast<uint8_t>(s[i]);
  size_t len;
  uint32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// C1 controls and the bidi overrides that could disguise terminal output.
bool unsafe_code_point(uint32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

void append_json_string_array(std::string& out,
                              std::span<const std::string> items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_json_string(out, items[i]);
  }
  out += ']';
}

void append_json_uint_array(std::string& out, std::span<const uint64_t> items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    append_uint(out, items[i]);
  }
  out += ']';
}

void append_hex_bytes(std::string& out, std::span<const uint8_t> bytes) {
  out.reserve(out.size() + 2 * bytes.size());
  for (uint8_t b : bytes) append_hex_byte(out, b);
}

void append_display_text(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<uint8_t>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '\\') out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c >= 0x80) {
      uint32_t cp = 0;
      const size_t len = utf8_sequence_length(s, i, cp);
      if (len && !unsafe_code_point(cp)) {
        out.append(s.data() + i, len);
        i += len;
        continue;
      }
    }
    append_hex_escape(out, c);
    ++i;
  }
}

namespace {

// Whether none of the eight bytes of `w` needs escaping in JSON: all are
// printable ASCII (0x20..0x7E) other than '"' and '\\'.  Exact: each test is
// a carry-free "some byte is..." check (Hacker's Delight's haszero and
// hasless; a carry out of a byte starts only at 0xFF, which is already
// caught by its high bit).
bool plain_word(uint64_t w) {
  constexpr uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const uint64_t below_space = (w - kOnes * 0x20) & ~w & kHigh;
  const uint64_t high_or_del = (w | (w + kOnes)) & kHigh;
  return !(below_space | high_or_del | has_zero(w ^ (kOnes * '"')) |
           has_zero(w ^ (kOnes * '\\')));
}

}  // namespace

void append_json_chars(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // Most text is plain ASCII with nothing to escape: copy such runs whole,
    // found eight bytes at a time (this runs for every field of every
    // frame of a JSON packet list).
    size_t run = i;
    while (run + 8 <= s.size()) {
      uint64_t w;
      std::memcpy(&w, s.data() + run, 8);
      if (!plain_word(w)) break;
      run += 8;
    }
    while (run < s.size()) {
      const auto c = static_cast<uint8_t>(s[run]);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') break;
      ++run;
    }
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      if (i == s.size()) break;
    }
    const auto c = static_cast<uint8_t>(s[i]);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c == 0x7F) {
      out += "\\u007f";
      ++i;
      continue;
    }
    if (c >= 0x80) {
      uint32_t cp = 0;
      const size_t len = utf8_sequence_length(s, i, cp);
      if (len) {
        out.append(s.data() + i, len);
        i += len;
        continue;
      }
      // Malformed UTF-8: keep the byte visible as the text "\xNN".
      out += "\\\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
      ++i;
      continue;
    }
    switch (c) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
    ++i;
  }
}

void append_uint(std::string& out, uint64_t v) {
  // Two digits at a time from a table: this runs several times per frame.
  static constexpr char kPairs[] =
      "000102030405060708091011121314151617181920212223242526272829303132333435"
      "36"
      "373839404142434445464748495051525354555657585960616263646566676869707172"
      "73"
      "7475767778798081828384858687888990919293949596979899";
  static_assert(sizeof kPairs == 201, "every pair 00..99, then the NUL");
  char buf[20];
  char* p = buf + sizeof buf;
  while (v >= 100) {
    const auto r = static_cast<size_t>(v % 100) * 2;
    v /= 100;
    *--p = kPairs[r + 1];
    *--p = kPairs[r];
  }
  if (v >= 10) {
    const auto r = static_cast<size_t>(v) * 2;
    *--p = kPairs[r + 1];
    *--p = kPairs[r];
  } else {
    *--p = static_cast<char>('0' + v);
  }
  out.append(p, static_cast<size_t>(buf + sizeof buf - p));
}

void append_int(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_seconds_ns(std::string& out, int64_t ns, int decimals) {
  if (ns < 0) {
    out.push_back('-');
    ns = -ns;
  }
  append_uint(out, static_cast<uint64_t>(ns / 1'000'000'000));
  if (decimals <= 0) return;
  out.push_back('.');
  char frac[10];
  int64_t f = ns % 1'000'000'000;
  for (int k = 8; k >= 0; --k) {
    frac[k] = static_cast<char>('0' + f % 10);
    f /= 10;
  }
  out.append(frac, static_cast<size_t>(decimals > 9 ? 9 : decimals));
}

void append_html_text(std::string& out, std::string_view text) {
  std::string clean;
  append_display_text(clean, text);
  for (char c : clean) switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
}

}  // namespace tracelab
