// SPDX-License-Identifier: GPL-2.0-or-later
#include "imap/tshark_columns.hpp"

#include <cctype>
#include <cstring>

#include "mime/ascii.hpp"

namespace tracelab::imap {
namespace {

constexpr size_t npos = std::string_view::npos;
// TsharkColumns::wait_size_ value: the pending bytes hold no line end.
constexpr size_t kNoLineEnd = ~size_t(0);

bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
         c == '\v';
}

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

void append_tshark_text_wsp(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    if (c == '\t' || c == '\r' || c == '\n') c = ' ';
    append_tshark_text(out, std::string_view(&c, 1));
  }
}

// tvb_find_line_end(..., desegment=TRUE): the length of the line at `off`
// and where the next starts, or npos when the end is not there yet (a CR
// that is the last byte might be followed by LF).
size_t find_line_end(std::string_view b, size_t off, size_t& next) {
  for (size_t i = off; i < b.size(); ++i) {
    if (b[i] == '\n') {
      next = i + 1;
      return i - off;
    }
    if (b[i] == '\r') {
      if (i + 1 >= b.size()) return npos;
      next = b[i + 1] == '\n' ? i + 2 : i + 1;
      return i - off;
    }
  }
  return npos;
}

// The same without desegmentation: a line may end at the end of data.
size_t line_end_or_rest(std::string_view b, size_t off, size_t& next) {
  size_t len = find_line_end(b, off, next);
  if (len == npos) {
    len = b.size() - off;
    if (len > 0 && b.back() == '\r') --len;
    next = b.size();
  }
  return len;
}

// imf_find_field_end(): the offset after the CRLF that ends the header field
// starting at `off` (continuation lines included), -1 when none.
long field_end(std::string_view m, size_t off, bool& last) {
  while (off < m.size()) {
    const size_t cr = m.find('\r', off);
    if (cr == npos) break;
    off = cr + 1;
    if (off < m.size() && m[off] == '\n') {
      if (++off >= m.size()) {
        last = true;
        return long(off) - 2;
      }
      const char c = m[off];
      if (c == '\r') {
        if (off + 1 < m.size() && m[off + 1] == '\n') last = true;
        return long(off);
      }
      if (c != ' ' && c != '\t') return long(off);
    }
  }
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

// "text/plain; charset=..." -> "text/plain".
std::string media_type_of(std::string_view value) {
  return mime::ascii_lower(trim(value.substr(0, value.find(';'))));
}

std::string param_of(std::string_view value, std::string_view name) {
  const std::string low = mime::ascii_lower(value);
  size_t at = 0;
  while ((at = low.find(name, at)) != npos) {
    size_t p = at + name.size();
    while (p < low.size() && ascii_space(low[p])) ++p;
    if (p < low.size() && low[p] == '=' &&
        (at == 0 || low[at - 1] == ';' || ascii_space(low[at - 1]))) {
      ++p;
      while (p < value.size() && ascii_space(value[p])) ++p;
      if (p < value.size() && value[p] == '"') {
        const size_t q = value.find('"', p + 1);
        return std::string(value.substr(p + 1, q == npos ? npos : q - p - 1));
      }
      size_t e = p;
      while (e < value.size() && value[e] != ';' && !ascii_space(value[e])) ++e;
      return std::string(value.substr(p, e - p));
    }
    at = p;
  }
  return {};
}

// Media types whose Wireshark dissector (text-media) names itself in Info.
bool text_media(std::string_view type) {
  return type == "text/plain" || type == "text/html" ||
         type == "text/richtext" || type == "text/enriched" ||
         type == "text/css" || type == "text/xml";
}

struct PartHeaders {
  std::string type, params;
  size_t body = 0;
};

// A MIME part's headers as Wireshark's multipart dissector reads them.
PartHeaders part_headers(std::string_view part) {
  PartHeaders h;
  size_t pos = 0;
  while (pos < part.size()) {
    size_t next;
    size_t len = line_end_or_rest(part, pos, next);
    if (len == 0) {
      h.body = next;
      return h;
    }
    std::string_view line = part.substr(pos, len);
    pos = next;
    while (pos < part.size() && (part[pos] == ' ' || part[pos] == '\t')) {
      len = line_end_or_rest(part, pos, next);
      pos = next;
    }
    const size_t colon = line.find(':');
    if (colon != npos &&
        mime::ascii_lower(trim(line.substr(0, colon))) == "content-type") {
      h.type = media_type_of(line.substr(colon + 1));
      h.params = std::string(line.substr(colon + 1));
    }
  }
  h.body = part.size();
  return h;
}

void append_media_info(std::string_view type, std::string_view params,
                       std::string_view body, std::string& info, int depth);

// What Wireshark's multipart dissector adds: each part's media dissector.
void append_multipart_info(std::string_view params, std::string_view body,
                           std::string& info, int depth) {
  const std::string boundary = param_of(params, "boundary");
  if (boundary.empty() || depth > 8) return;
  const std::string delim = "--" + boundary;
  size_t at = body.find(delim);
  while (at != npos) {
    size_t start = at + delim.size();
    if (body.compare(start, 2, "--") == 0) return;
    const size_t eol = body.find('\n', start);
    if (eol == npos) return;
    start = eol + 1;
    const size_t end = body.find(delim, start);
    if (end == npos) return;
    const std::string_view part = body.substr(start, end - start);
    const PartHeaders h = part_headers(part);
    const std::string type = h.type.empty() ? "text/plain" : h.type;
    append_media_info(type, h.params, part.substr(h.body), info, depth + 1);
    at = end;
  }
}

void append_media_info(std::string_view type, std::string_view params,
                       std::string_view body, std::string& info, int depth) {
  if (text_media(type)) {
    if (!info.empty()) info += ' ';
    info += '(';
    info += type;
    info += ')';
  } else if (type.substr(0, 10) == "multipart/") {
    append_multipart_info(params, body, info, depth);
  }
}

}  // namespace

void append_tshark_text(std::string& out, std::string_view s) {
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

void append_imf_info(std::string_view m, std::string& info, size_t& fence) {
  if (info.size() > fence) info.resize(fence);  // col_clear keeps the fence
  std::string type, params, encoding;
  size_t start = 0;
  long end = 0;
  bool last = false;
  while (!last) {
    const size_t colon = m.find(':', start);
    if (colon == npos) {
      // tshark's search result (-1) stands in the end offset: the text
      // lines are then listed from the start of the message.
      end = -1;
      break;
    }
    const std::string key = mime::ascii_lower(m.substr(start, colon - start));
    start = colon + 1;
    end = field_end(m, start, last);
    if (end < 0) break;
    size_t value = start;
    while (value < size_t(end) && ascii_space(m[value])) ++value;
    if (value == size_t(end)) value = start;
    const size_t vlen = size_t(end) >= value + 2 ? size_t(end) - value - 2 : 0;
    const std::string_view v = m.substr(value, vlen);
    if (key == "from" || key == "subject") {
      info += key;
      info += ": ";
      append_tshark_text(info, v);
      info += ", ";
    } else if (key == "content-type" && v.find(';') != npos) {
      // Wireshark reads the type only when parameters follow it.
      type = media_type_of(v);
      params = std::string(v);
    } else if (key == "content-transfer-encoding") {
      encoding = mime::ascii_lower(trim(v));
    }
    start = size_t(end);
  }
  if (last) end += 2;
  if (end < 0) end = 0;
  const std::string_view body = m.substr(std::min(size_t(end), m.size()));
  if (!type.empty()) {
    fence = info.size();
    // A base64 body is decoded before the media dissector sees it; only
    // multipart bodies are looked into, and those are never base64.
    if (encoding != "base64" || text_media(type))
      append_media_info(type, params, body, info, 0);
    return;
  }
  size_t pos = 0;
  while (pos < body.size()) {
    size_t next;
    line_end_or_rest(body, pos, next);
    if (!info.empty()) info += ", ";
    // tshark formats each text line with its line end (shown as blanks).
    append_tshark_text_wsp(info, body.substr(pos, next - pos));
    pos = next;
  }
}

const TsharkColumns::Columns& TsharkColumns::segment(
    bool request, std::span<const uint8_t> fresh) {
  std::string& buf = pending_[request ? 0 : 1];
  out_ = Columns{};
  size_t& wait = wait_size_[request ? 0 : 1];
  if (buf.size() + fresh.size() > kMaxPending) {
    buf.clear();
    wait = 0;
    return out_;
  }
  const bool ended_in_cr = !buf.empty() && buf.back() == '\r';
  buf.append(reinterpret_cast<const char*>(fresh.data()), fresh.size());
  if (wait == kNoLineEnd && !ended_in_cr &&
      !std::memchr(fresh.data(), '\n', fresh.size()) &&
      !std::memchr(fresh.data(), '\r', fresh.size())) {
    out_.pending = true;
    return out_;
  }
  // Re-reading a growing message from its start at every segment would be
  // quadratic: skip the segments that cannot change the outcome.
  if (wait != kNoLineEnd && buf.size() < wait) {
    out_.pending = true;
    return out_;
  }
  wait = 0;
  const std::string_view b = buf;
  const char* prefix = request ? "Request: " : "Response: ";
  std::string protocol = "IMAP", info;
  size_t fence = 0;
  bool first_line = true;
  size_t next = 0;
  size_t linelen = find_line_end(b, 0, next);
  if (linelen == npos) {
    // No line end yet: only bytes that bring one can change that.
    wait = kNoLineEnd;
    out_.pending = true;
    return out_;
  }
  size_t keep_from = npos;
  for (size_t off = 0; off < b.size(); off = next) {
    linelen = find_line_end(b, off, next);
    if (linelen == npos) {
      keep_from = off;
      break;
    }
    if (b[off] != '*') {
      if (first_line) {
        info = prefix;
        append_tshark_text(info, b.substr(off, linelen));
        first_line = false;
      }
      continue;
    }
    // Up to three whitespace-separated tokens after the '*'.
    size_t tok_start[3], tok_end[3];
    int tokens = 0;
    size_t p = off;
    for (;;) {
      const size_t s = p + 1;
      size_t ws = npos;
      for (size_t i = s; i < next; ++i)
        if (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
          ws = i;
          break;
        }
      if (ws != npos && ws > s) {
        tok_start[tokens] = s;
        tok_end[tokens] = ws;
        ++tokens;
      }
      if (ws == npos || tokens >= 3) break;
      p = ws;
    }
    if (tokens < 2) continue;
    bool need_more = false;
    for (int t = 0; t < tokens; ++t) {
      // tshark compares only the token's length of "FETCH".
      const size_t n = tok_end[t] - tok_start[t];
      if (n > 5 || strncasecmp(b.data() + tok_start[t], "FETCH", n) != 0)
        continue;
      need_more = true;
      const size_t paren = b.find('(', tok_end[t]);
      if (paren == npos || paren + 1 >= b.size()) break;
      const size_t brace = b.substr(0, b.size() - 1).find('{', paren);
      if (brace != npos) {
        const size_t close = b.find('}', brace + 1);
        if (close == npos || close == brace + 1) break;
        const std::string_view digits = b.substr(brace + 1, close - brace - 1);
        if (digits.size() > 10 ||
            digits.find_first_not_of("0123456789") != npos)
          break;
        const uint64_t size = std::stoull(std::string(digits));
        if (size > 0xFFFFFFFFu) break;
        if (close + size >= b.size()) {
          wait = close + size + 1 - off;  // counted from the kept start
          break;
        }
        if (b.find(')', close + size) == npos) break;
        need_more = false;
        first_line = false;
        const size_t body = std::min(next, b.size());
        append_imf_info(
            b.substr(body, std::min<uint64_t>(size, b.size() - body)), info,
            fence);
        protocol += "/IMF";
        next = body + size_t(size);
      } else {
        size_t after;
        if (find_line_end(b, paren, after) != npos) {
          need_more = false;
          next = after;
        }
      }
      break;
    }
    if (need_more) {
      keep_from = off;
      break;
    }
  }
  if (keep_from == npos) {
    if (first_line) {
      info = prefix;
      append_tshark_text(info, b.substr(0, std::min(linelen, b.size())));
    }
    buf.clear();
  } else {
    out_.pending = true;
    if (keep_from == 0) return out_;
    buf.erase(0, keep_from);
    if (first_line) return out_;
  }
  out_.set = true;
  out_.protocol = std::move(protocol);
  out_.info = std::move(info);
  return out_;
}

}  // namespace tracelab::imap
