// SPDX-License-Identifier: GPL-2.0-or-later
// RFC 5322 header sections and the RFC 2046 multipart tree.
#include <cctype>

#include "common/ascii.hpp"
#include "mail/mime.hpp"

namespace tracelab::mime {
namespace {

constexpr size_t npos = std::string_view::npos;

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(uint8_t(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(uint8_t(s.back()))) s.remove_suffix(1);
  return s;
}

// The line at `pos`: its text without the line end; `next` after it.
std::string_view line_at(std::string_view s, size_t pos, size_t& next) {
  const size_t lf = s.find('\n', pos);
  size_t end = lf == npos ? s.size() : lf;
  next = lf == npos ? s.size() : lf + 1;
  if (end > pos && s[end - 1] == '\r') --end;
  return s.substr(pos, end - pos);
}

// Reads the header section; returns where the body starts.
size_t read_headers(std::string_view raw, std::vector<Header>& out,
                    const Limits& limits, std::vector<std::string>& notes) {
  size_t pos = 0;
  bool capped = false;
  while (pos < raw.size()) {
    size_t next;
    const std::string_view line = line_at(raw, pos, next);
    if (line.empty()) return next;  // the blank line ends the header
    if ((line[0] == ' ' || line[0] == '\t') && !out.empty()) {
      if (!capped) out.back().value += line;  // unfolding drops the CRLF
      pos = next;
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == npos || colon == 0) {
      // An mbox "From " line is skipped; other junk starts the body.
      if (out.empty() && line.substr(0, 5) == "From ") {
        pos = next;
        continue;
      }
      return pos;
    }
    if (out.size() >= limits.max_headers) {
      if (!capped) notes.push_back("header fields beyond the limit ignored");
      capped = true;
    } else {
      Header h;
      h.name = std::string(trim(line.substr(0, colon)));
      h.value = std::string(line.substr(colon + 1));
      out.push_back(std::move(h));
    }
    pos = next;
  }
  return raw.size();
}

std::string field(const std::vector<Header>& hs, std::string_view name) {
  const Header* h = find_header(hs, name);
  return h ? std::string(trim(h->value)) : std::string();
}

class Parser {
 public:
  Parser(const Limits& l, Message& m) : limits_(l), m_(m) {}

  void entity(std::string_view raw, int depth,
              const std::vector<Header>& headers, size_t body_at,
              std::string_view default_type) {
    const std::string ctype = field(headers, "Content-Type");
    std::string type = ascii_lower(trim(ctype.substr(0, ctype.find(';'))));
    if (type.find('/') == npos) type = std::string(default_type);
    const std::string_view body = raw.substr(std::min(body_at, raw.size()));
    if (type.rfind("multipart/", 0) == 0) {
      const std::string boundary = header_parameter(ctype, "boundary");
      if (!boundary.empty()) {
        if (depth >= limits_.max_depth) {
          note("multipart nesting deeper than the limit not parsed");
          return;
        }
        multipart(body, boundary, depth,
                  type == "multipart/digest" ? "message/rfc822" : "text/plain");
        return;
      }
    }
    if (m_.parts.size() >= limits_.max_parts) {
      note("parts beyond the limit ignored");
      return;
    }
    Part p;
    p.media_type = type;
    p.charset = ascii_lower(header_parameter(ctype, "charset"));
    p.depth = depth;
    const std::string disp = field(headers, "Content-Disposition");
    p.disposition = ascii_lower(trim(disp.substr(0, disp.find(';'))));
    p.filename = header_parameter(disp, "filename");
    if (p.filename.empty()) p.filename = header_parameter(ctype, "name");
    p.transfer_encoding =
        ascii_lower(field(headers, "Content-Transfer-Encoding"));
    if (p.transfer_encoding.empty()) p.transfer_encoding = "7bit";
    p.content_id = field(headers, "Content-ID");
    if (p.transfer_encoding == "base64")
      p.body = decode_base64(body);
    else if (p.transfer_encoding == "quoted-printable")
      p.body = decode_quoted_printable(body);
    else
      p.body = std::string(body);
    const bool enclosed = type == "message/rfc822" || type == "message/global";
    m_.parts.push_back(std::move(p));
    if (!enclosed) return;
    if (depth >= limits_.max_depth) {
      note("enclosed message deeper than the limit not parsed");
      return;
    }
    // The enclosed message's own parts follow it, one level deeper.
    const size_t index = m_.parts.size() - 1;
    const std::string inner_raw = m_.parts[index].body;
    std::vector<Header> inner;
    const size_t inner_body = read_headers(inner_raw, inner, limits_, m_.notes);
    if (m_.parts[index].filename.empty())
      m_.parts[index].filename = decode_encoded_words(field(inner, "Subject"));
    entity(inner_raw, depth + 1, inner, inner_body, "text/plain");
  }

 private:
  void note(std::string s) {
    for (const auto& n : m_.notes)
      if (n == s) return;
    m_.notes.push_back(std::move(s));
  }

  // Where the delimiter line "--boundary" starting at or after `from`
  // begins (at a line start), or npos.
  static size_t find_delimiter(std::string_view body, std::string_view delim,
                               size_t from) {
    for (size_t at = body.find(delim, from); at != npos;
         at = body.find(delim, at + 1)) {
      if (at == 0 || body[at - 1] == '\n') return at;
    }
    return npos;
  }

  void multipart(std::string_view body, const std::string& boundary, int depth,
                 std::string_view default_type) {
    const std::string delim = "--" + boundary;
    size_t at = find_delimiter(body, delim, 0);
    if (at == npos) {
      note("multipart body without its boundary");
      return;
    }
    while (at != npos) {
      size_t after = at + delim.size();
      if (body.compare(after, 2, "--") == 0) return;  // close delimiter
      size_t start;
      line_at(body, after, start);
      const size_t next = find_delimiter(body, delim, start);
      size_t end = next == npos ? body.size() : next;
      if (next == npos) note("multipart body without its closing boundary");
      // The line end before a delimiter belongs to the delimiter.
      if (next != npos && end > start && body[end - 1] == '\n') --end;
      if (next != npos && end > start && body[end - 1] == '\r') --end;
      const std::string_view part =
          body.substr(start, end > start ? end - start : 0);
      std::vector<Header> hs;
      const size_t part_body = read_headers(part, hs, limits_, m_.notes);
      entity(part, depth + 1, hs, part_body, default_type);
      if (m_.parts.size() >= limits_.max_parts) return;
      at = next;
    }
  }

  const Limits& limits_;
  Message& m_;
};

}  // namespace

bool Part::is_attachment() const {
  return disposition == "attachment" || !filename.empty() ||
         media_type == "message/rfc822" || media_type == "message/global";
}

const Header* find_header(const std::vector<Header>& headers,
                          std::string_view name) {
  for (const Header& h : headers) {
    if (h.name.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < name.size() && same; ++i)
      same = std::tolower(uint8_t(h.name[i])) == std::tolower(uint8_t(name[i]));
    if (same) return &h;
  }
  return nullptr;
}

Message parse_message(std::string_view raw, const Limits& limits) {
  Message m;
  if (raw.size() > limits.max_message) {
    raw = raw.substr(0, limits.max_message);
    m.notes.push_back("message longer than the limit: only its start parsed");
  }
  const size_t body_at = read_headers(raw, m.headers, limits, m.notes);
  m.from = decode_encoded_words(field(m.headers, "From"));
  m.to = decode_encoded_words(field(m.headers, "To"));
  m.cc = decode_encoded_words(field(m.headers, "Cc"));
  m.subject = decode_encoded_words(field(m.headers, "Subject"));
  m.date = field(m.headers, "Date");
  m.message_id = field(m.headers, "Message-ID");
  Parser(limits, m).entity(raw, 0, m.headers, body_at, "text/plain");
  return m;
}

}  // namespace tracelab::mime
