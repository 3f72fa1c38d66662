// SPDX-License-Identifier: GPL-2.0-or-later
//
// tshark's IMF dissector does not read a message line by line: it looks for
// the next ':' wherever it is (across line ends), takes everything before it
// as a field name, and ends the value at the first CR LF not followed by a
// blank.  A piece of a message that starts mid-line (POP hands IMF each
// unreassembled fragment) therefore parses differently from what a line
// reader would make of it.  This file does it tshark's way on a message held
// whole, so that such frames read as they do in Wireshark.
#include <optional>

#include "smtp/imf_summary.hpp"

namespace tracelab::mail {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Where the field value starting at `from` ends: at the line after its
// CR LF, or at the CR of the blank line that ends the header block
// (`last_field`), or -- when the buffer ends right after a CR LF -- two
// bytes early, at that CR (with `last_field`).  npos when no CR LF ends it.
size_t field_end(std::string_view m, size_t from, bool& last_field) {
  size_t at = from;
  while (at < m.size()) {
    const size_t cr = m.find('\r', at);
    if (cr == std::string_view::npos) break;
    at = cr + 1;
    if (at >= m.size() || m[at] != '\n') continue;
    if (++at >= m.size()) {
      last_field = true;
      return at - 2;
    }
    const char next = m[at];
    if (next == '\r') {
      if (at + 1 < m.size() && m[at + 1] == '\n') last_field = true;
      return at;
    }
    if (next != ' ' && next != '\t') return at;
  }
  return std::string_view::npos;
}

// One text line as the column shows it: its line end (and tabs) as blanks.
void append_line(std::string& out, std::string_view line) {
  if (out.size() >= ImfSummary::kMaxInfo) return;
  if (!out.empty()) out += ", ";
  for (char c : line) {
    if (c == '\r' || c == '\n' || c == '\t' || c == '\v' || c == '\f') c = ' ';
    append_column_text(out, std::string_view(&c, 1));
  }
}

}  // namespace

std::string imf_info_whole(std::string_view m) {
  std::string info;
  std::optional<std::string> content_type;  // type and parameters
  size_t start = 0, body = 0;
  bool last_field = false;
  while (!last_field) {
    const size_t colon = m.find(':', start);
    if (colon == std::string_view::npos) {
      body = std::string_view::npos;
      break;
    }
    const std::string name = lower(m.substr(start, colon - start));
    const size_t end = field_end(m, colon + 1, last_field);
    body = end;
    if (end == std::string_view::npos) break;
    size_t value = colon + 1;
    while (value < end && is_blank(m[value])) ++value;
    if (value == end) value = colon + 1;
    // tshark shows the value less the two bytes of its CR LF.
    const std::string_view v =
        m.substr(value, end >= value + 2 ? end - value - 2 : 0);
    if (name == "from" || name == "subject") {
      info += name;
      info += ": ";
      append_column_text(info, v);
      info += ", ";
    } else if (name == "content-type") {
      // A type only counts with parameters after a ';' (tshark's rule).
      std::string_view t = m.substr(colon + 1, end - colon - 1);
      while (!t.empty() && is_blank(t.front())) t.remove_prefix(1);
      if (t.find(';') != std::string_view::npos) content_type = std::string(t);
    }
    start = end;
  }
  if (body == std::string_view::npos)
    body = 0;
  else if (last_field)
    body = std::min(body + 2, m.size());

  if (content_type) {
    // The media dissectors see the rest; a summary given the same type
    // reports the parts they would name.
    ImfSummary parts;
    parts.feed("Content-Type: ");
    parts.feed(*content_type);
    if (!content_type->ends_with("\n")) parts.feed("\r\n");
    parts.feed("\r\n");
    parts.feed(m.substr(body));
    parts.finish();
    return info + parts.info();
  }
  std::string lines;
  size_t at = body;
  while (at < m.size()) {
    size_t eol = m.find_first_of("\r\n", at);
    size_t next;
    if (eol == std::string_view::npos) {
      next = m.size();
    } else if (m[eol] == '\r' && eol + 1 < m.size() && m[eol + 1] == '\n') {
      next = eol + 2;
    } else {
      next = eol + 1;
    }
    append_line(lines, m.substr(at, next - at));
    at = next;
  }
  if (info.empty() || lines.empty()) return info + lines;
  return info + ", " + lines;
}

}  // namespace tracelab::mail
