// SPDX-License-Identifier: GPL-2.0-or-later
#include "imap/syntax.hpp"

#include "common/ascii.hpp"

namespace tracelab::imap {

std::string_view next_token(std::string_view s, size_t& pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  const size_t start = pos;
  while (pos < s.size() && s[pos] != ' ') ++pos;
  const std::string_view tok = s.substr(start, pos - start);
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return tok;
}

std::string next_astring(std::string_view s, size_t& pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  std::string out;
  if (pos < s.size() && s[pos] == '"') {
    for (++pos; pos < s.size() && s[pos] != '"'; ++pos) {
      if (s[pos] == '\\' && pos + 1 < s.size()) ++pos;
      out.push_back(s[pos]);
    }
    if (pos < s.size()) ++pos;
  } else {
    while (pos < s.size() && s[pos] != ' ') out.push_back(s[pos++]);
  }
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return out;
}

std::string status_word(std::string_view token) {
  const std::string u = ascii_upper(token);
  if (u == "OK" || u == "NO" || u == "BAD" || u == "PREAUTH" || u == "BYE")
    return u;
  return {};
}

void append_quoted(std::string& out, std::string_view bytes) {
  out.push_back('"');
  for (char c : bytes) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

FetchItem fetch_item_before_literal(std::string_view line) {
  while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
  // The item name is the last token, but a section may hold spaces
  // ("BODY[HEADER.FIELDS (A B)]"): walk back over one bracketed group.
  size_t i = line.size();
  int depth = 0;
  while (i > 0) {
    const char c = line[i - 1];
    if (c == ']') ++depth;
    if (c == '[') --depth;
    if (depth == 0 && (c == ' ' || c == '(')) break;
    --i;
  }
  const std::string item = ascii_upper(line.substr(i));
  FetchItem f;
  const auto section = [&](std::string_view s) {
    return item.rfind("BODY[" + std::string(s), 0) == 0 ||
           item.rfind("BODY.PEEK[" + std::string(s), 0) == 0;
  };
  if (item == "RFC822") {
    f.message = true;
  } else if (section("]") || item.rfind("BINARY[]", 0) == 0) {
    f.message = true;
    // BODY[]<origin>: the server says where the piece starts.
    if (const size_t lt = item.find('<'); lt != std::string::npos)
      f.partial = "partial: bytes from " +
                  item.substr(lt + 1, item.find('>', lt) - lt - 1);
  } else if (section("HEADER]") || item == "RFC822.HEADER") {
    f.message = true;
    f.partial = "partial: header only";
  } else if (section("HEADER.FIELDS")) {
    // HEADER.FIELDS and HEADER.FIELDS.NOT: some of the header's fields.
    f.message = true;
    f.partial = "partial: header fields only";
  }
  return f;
}

uint64_t fetch_number(std::string_view s) {
  size_t pos = 0;
  const std::string_view num = next_token(s, pos);
  if (ascii_upper(next_token(s, pos)) != "FETCH" || num.empty() ||
      num.size() > 19)
    return 0;
  uint64_t n = 0;
  for (char c : num) {
    if (c < '0' || c > '9') return 0;
    n = n * 10 + uint64_t(c - '0');
  }
  return n;
}

}  // namespace tracelab::imap
