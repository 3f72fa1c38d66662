// SPDX-License-Identifier: GPL-2.0-or-later
#include "http/http_syntax.hpp"

#include <array>
#include <cctype>

namespace tracelab::http {
namespace {

// The methods tshark 4.0's HTTP dissector accepts as the start of a
// request (its is_request_or_reply list, plus the WebDAV, SSDP and RPC-over-
// HTTP ones it also knows).  An unknown token is not taken for HTTP.
constexpr std::array<std::string_view, 42> kMethods{
    "GET",         "PUT",          "POST",
    "HEAD",        "COPY",         "MOVE",
    "LOCK",        "POLL",         "TRACE",
    "PATCH",       "MKCOL",        "BCOPY",
    "BMOVE",       "MERGE",        "LABEL",
    "DELETE",      "UNLOCK",       "SEARCH",
    "NOTIFY",      "REPORT",       "UPDATE",
    "BDELETE",     "OPTIONS",      "CONNECT",
    "CHECKIN",     "PROPFIND",     "CCM_POST",
    "CHECKOUT",    "M-SEARCH",     "BPROPFIND",
    "PROPPATCH",   "SUBSCRIBE",    "BPROPPATCH",
    "UNCHECKOUT",  "MKACTIVITY",   "MKWORKSPACE",
    "UNSUBSCRIBE", "RPC_CONNECT",  "ORDERPATCH",
    "RPC_IN_DATA", "RPC_OUT_DATA", "VERSION-CONTROL"};

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool parse_length(std::string_view v, int64_t& out) {
  if (v.empty() || v.size() > 18) return false;
  int64_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  out = n;
  return true;
}

void take_field(std::string_view name, std::string_view value, MessageHead& h) {
  auto set = [&](std::string& field) {
    if (field.empty()) field.assign(value);
  };
  if (iequals(name, "Content-Type")) {
    set(h.content_type);
  } else if (iequals(name, "Content-Length")) {
    int64_t n = 0;
    if (h.content_length < 0 && parse_length(value, n)) h.content_length = n;
  } else if (iequals(name, "Content-Encoding")) {
    set(h.content_encoding);
  } else if (iequals(name, "Transfer-Encoding")) {
    set(h.transfer_encoding);
    std::string_view v = value;
    const size_t comma = v.rfind(',');
    if (comma != std::string_view::npos) v = trim(v.substr(comma + 1));
    if (iequals(v, "chunked")) h.chunked = true;
  } else if (iequals(name, "Host")) {
    set(h.host);
  } else if (iequals(name, "Location")) {
    set(h.location);
  } else if (iequals(name, "Connection")) {
    set(h.connection);
  } else if (iequals(name, "Upgrade")) {
    set(h.upgrade);
  } else if (iequals(name, "Content-Disposition")) {
    set(h.content_disposition);
  } else if (iequals(name, "Expect")) {
    if (iequals(value, "100-continue")) h.expect_continue = true;
  }
}

void parse_start_line(std::string_view line, MessageHead& h) {
  h.line.assign(line);
  if (h.request) {
    const size_t sp = line.find(' ');
    h.method.assign(line.substr(0, sp));
    if (sp == std::string_view::npos) return;
    std::string_view rest = line.substr(sp + 1);
    const size_t sp2 = rest.rfind(' ');
    if (sp2 != std::string_view::npos &&
        rest.substr(sp2 + 1).starts_with("HTTP/")) {
      h.target.assign(rest.substr(0, sp2));
      h.version.assign(rest.substr(sp2 + 1));
    } else {
      h.target.assign(rest);
    }
    return;
  }
  const size_t sp = line.find(' ');
  h.version.assign(line.substr(0, sp));
  if (sp == std::string_view::npos) return;
  std::string_view rest = line.substr(sp + 1);
  if (rest.size() >= 3 && std::isdigit(static_cast<unsigned char>(rest[0])) &&
      std::isdigit(static_cast<unsigned char>(rest[1])) &&
      std::isdigit(static_cast<unsigned char>(rest[2]))) {
    h.status = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
    rest.remove_prefix(3);
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    h.reason.assign(rest);
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

StartKind classify_start(std::string_view bytes) {
  if (bytes.starts_with("HTTP/")) return StartKind::Response;
  for (std::string_view m : kMethods) {
    if (bytes.size() <= m.size() || !bytes.starts_with(m)) continue;
    const char next = bytes[m.size()];
    if (next == ' ' || next == '\r' || next == '\n') return StartKind::Request;
  }
  return StartKind::None;
}

size_t find_head_end(std::string_view bytes) {
  // An empty line: LF followed by LF or by CR LF.
  size_t pos = 0;
  while ((pos = bytes.find('\n', pos)) != std::string_view::npos) {
    ++pos;
    if (pos < bytes.size() && bytes[pos] == '\n') return pos + 1;
    if (pos + 1 < bytes.size() && bytes[pos] == '\r' && bytes[pos + 1] == '\n')
      return pos + 2;
  }
  return std::string_view::npos;
}

std::string_view first_line(std::string_view bytes) {
  size_t end = bytes.find('\n');
  if (end == std::string_view::npos) end = bytes.size();
  std::string_view line = bytes.substr(0, end);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

void parse_head(std::string_view head, MessageHead& h) {
  h = MessageHead{};
  h.request = classify_start(head) == StartKind::Request;
  std::string_view line = first_line(head);
  parse_start_line(line, h);
  size_t pos = head.find('\n');
  while (pos != std::string_view::npos && pos + 1 < head.size()) {
    const size_t start = pos + 1;
    pos = head.find('\n', start);
    std::string_view field = head.substr(
        start, pos == std::string_view::npos ? head.npos : pos - start);
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    take_field(trim(field.substr(0, colon)), trim(field.substr(colon + 1)), h);
  }
}

std::string media_type_of(std::string_view content_type) {
  std::string_view v = content_type.substr(0, content_type.find(';'));
  v = trim(v);
  std::string out;
  out.reserve(v.size());
  for (char c : v) out += lower(c);
  return out;
}

}  // namespace tracelab::http
