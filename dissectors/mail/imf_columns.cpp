// SPDX-License-Identifier: GPL-2.0-or-later
#include "mail/imf_columns.hpp"

#include <cstring>

#include "common/ascii.hpp"
#include "common/tshark_text.hpp"

namespace tracelab::mail {
namespace {

using tshark::append_text;
using tshark::find_line_end;
constexpr size_t npos = std::string_view::npos;

bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
         c == '\v';
}

void append_tshark_text_wsp(std::string& out, std::string_view bytes) {
  for (char c : bytes) {
    if (c == '\t' || c == '\r' || c == '\n') c = ' ';
    append_text(out, std::string_view(&c, 1));
  }
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
  return ascii_lower(trim(value.substr(0, value.find(';'))));
}

std::string param_of(std::string_view value, std::string_view name) {
  const std::string low = ascii_lower(value);
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
        ascii_lower(trim(line.substr(0, colon))) == "content-type") {
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
    const std::string key = ascii_lower(m.substr(start, colon - start));
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
      append_text(info, v);
      info += ", ";
    } else if (key == "content-type" && v.find(';') != npos) {
      // Wireshark reads the type only when parameters follow it.
      type = media_type_of(v);
      params = std::string(v);
    } else if (key == "content-transfer-encoding") {
      encoding = ascii_lower(trim(v));
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

}  // namespace tracelab::mail
