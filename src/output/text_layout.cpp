// SPDX-License-Identifier: GPL-2.0-or-later
//
// Wrapping the sessions view's lines (text_layout.hpp).
#include "text_layout.hpp"

#include <cstdint>

#include "tracelab/text.hpp"

namespace tracelab::text_layout {
namespace {

// Decodes the code point at s[i] (valid UTF-8 after escaping) and its
// length.
uint32_t next_cp(std::string_view s, size_t i, size_t& len) {
  const auto b = static_cast<unsigned char>(s[i]);
  len = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
  if (i + len > s.size()) {
    len = 1;
    return b;
  }
  uint32_t cp = len == 1   ? b
                : len == 2 ? b & 0x1f
                : len == 3 ? b & 0x0f
                           : b & 0x07;
  for (size_t k = 1; k < len; ++k)
    cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  return cp;
}

size_t cp_width(uint32_t cp) {
  if (cp == uint32_t(kWireOpen) || cp == uint32_t(kWireClose)) return 0;
  if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
      (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd))
    return 2;
  return 1;
}

// A word: segments of escaped text (each wire or not) with no space
// between them, then the spaces that followed it.
struct Segment {
  std::string text;
  bool wire;
};
struct Word {
  std::vector<Segment> segs;
  size_t width = 0;
  size_t spaces_after = 0;
};

std::vector<Word> split_words(const std::vector<Span>& spans) {
  std::vector<Word> words;
  Word cur;
  bool in_spaces = false;
  auto flush = [&] {
    if (!cur.segs.empty() || cur.spaces_after) words.push_back(std::move(cur));
    cur = Word{};
    in_spaces = false;
  };
  for (const auto& sp : spans) {
    std::string esc;
    append_display_text(esc, sp.text);
    for (size_t i = 0; i < esc.size();) {
      size_t len;
      const uint32_t cp = next_cp(esc, i, len);
      if (cp == ' ') {
        in_spaces = true;
        ++cur.spaces_after;
        i += len;
        continue;
      }
      if (in_spaces) flush();
      if (cur.segs.empty() || cur.segs.back().wire != sp.wire)
        cur.segs.push_back({{}, sp.wire});
      cur.segs.back().text.append(esc, i, len);
      cur.width += cp_width(cp);
      i += len;
    }
  }
  flush();
  return words;
}

}  // namespace

size_t display_width(std::string_view s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len;
    w += cp_width(next_cp(s, i, len));
    i += len;
  }
  return w;
}

void Layout::line(std::string& out, const std::vector<Span>& spans,
                  size_t indent) const {
  const size_t width = width_ < 20 ? 20 : width_;
  if (indent + 10 > width) indent = 4;
  size_t col = 0;
  size_t pending = 0;  // spaces before the next word
  auto put = [&](const Segment& s, std::string_view text) {
    if (mark_ && s.wire) out.push_back(kWireOpen);
    out.append(text);
    if (mark_ && s.wire) out.push_back(kWireClose);
  };
  auto newline = [&] {
    out.push_back('\n');
    out.append(indent, ' ');
    col = indent;
    pending = 0;
  };
  for (const Word& w : split_words(spans)) {
    if (w.segs.empty()) {  // leading spaces
      pending += w.spaces_after;
      continue;
    }
    if (col > indent && col + pending + w.width > width) newline();
    if (col + pending + w.width <= width) {
      out.append(pending, ' ');
      col += pending;
      for (const auto& s : w.segs) put(s, s.text);
      col += w.width;
    } else {
      // Wider than a row: cut it where the row ends.
      out.append(pending, ' ');
      col += pending;
      for (const auto& s : w.segs) {
        size_t start = 0;
        for (size_t i = 0; i < s.text.size();) {
          size_t len;
          const size_t cw = cp_width(next_cp(s.text, i, len));
          if (col + cw > width) {
            put(s, std::string_view(s.text).substr(start, i - start));
            newline();
            start = i;
          }
          col += cw;
          i += len;
        }
        put(s, std::string_view(s.text).substr(start));
      }
    }
    pending = w.spaces_after;
  }
  out.push_back('\n');
}

}  // namespace tracelab::text_layout
