// SPDX-License-Identifier: GPL-2.0-or-later
#include "ftp_parse.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <string>

namespace tracelab::ftp {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads up to `count` comma-separated numbers 0..255 starting at `s`.
bool read_byte_list(std::string_view s, int (&out)[6]) {
  size_t i = 0;
  for (int n = 0; n < 6; ++n) {
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size() || !is_digit(s[i])) return false;
    int v = 0;
    size_t digits = 0;
    while (i < s.size() && is_digit(s[i]) && digits < 4) {
      v = v * 10 + (s[i] - '0');
      ++i;
      ++digits;
    }
    if (v > 255 || (i < s.size() && is_digit(s[i]))) return false;
    out[n] = v;
    while (i < s.size() && s[i] == ' ') ++i;
    if (n < 5) {
      if (i >= s.size() || s[i] != ',') return false;
      ++i;
    }
  }
  return true;
}

HostPort from_bytes(const int (&b)[6]) {
  HostPort hp;
  hp.addr.family = 4;
  for (int k = 0; k < 4; ++k) hp.addr.bytes[k] = static_cast<uint8_t>(b[k]);
  hp.port = static_cast<uint16_t>(b[4] * 256 + b[5]);
  return hp;
}

}  // namespace

std::optional<uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

std::optional<HostPort> parse_port_arg(std::string_view arg) {
  int b[6];
  if (!read_byte_list(arg, b)) return std::nullopt;
  return from_bytes(b);
}

std::optional<HostPort> parse_pasv_reply(std::string_view text) {
  // Servers differ in what surrounds the numbers: try each digit run.
  for (size_t i = 0; i < text.size(); ++i) {
    if (!is_digit(text[i]) || (i > 0 && is_digit(text[i - 1]))) continue;
    if (i < 4) continue;  // the reply code itself
    int b[6];
    if (read_byte_list(text.substr(i), b)) return from_bytes(b);
  }
  return std::nullopt;
}

std::optional<HostPort> parse_eprt_arg(std::string_view arg) {
  while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
  if (arg.size() < 7) return std::nullopt;
  const char d = arg[0];
  if (d < 33 || d > 126) return std::nullopt;
  size_t p1 = arg.find(d, 1);
  if (p1 == std::string_view::npos) return std::nullopt;
  size_t p2 = arg.find(d, p1 + 1);
  if (p2 == std::string_view::npos) return std::nullopt;
  size_t p3 = arg.find(d, p2 + 1);
  if (p3 == std::string_view::npos) return std::nullopt;
  const std::string_view proto = arg.substr(1, p1 - 1);
  const std::string addr(arg.substr(p1 + 1, p2 - p1 - 1));
  const auto port = parse_decimal(arg.substr(p2 + 1, p3 - p2 - 1));
  if (!port || *port > 65535 || addr.size() > 45) return std::nullopt;
  HostPort hp;
  hp.port = static_cast<uint16_t>(*port);
  if (proto == "1") {
    hp.addr.family = 4;
    if (inet_pton(AF_INET, addr.c_str(), hp.addr.bytes.data()) != 1)
      return std::nullopt;
  } else if (proto == "2") {
    hp.addr.family = 6;
    if (inet_pton(AF_INET6, addr.c_str(), hp.addr.bytes.data()) != 1)
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  return hp;
}

std::optional<uint16_t> parse_epsv_reply(std::string_view text) {
  const size_t open = text.find('(');
  if (open == std::string_view::npos || open + 5 > text.size())
    return std::nullopt;
  const char d = text[open + 1];
  if (text[open + 2] != d || text[open + 3] != d) return std::nullopt;
  const size_t end = text.find(d, open + 4);
  if (end == std::string_view::npos) return std::nullopt;
  const auto port = parse_decimal(text.substr(open + 4, end - open - 4));
  if (!port || *port == 0 || *port > 65535) return std::nullopt;
  return static_cast<uint16_t>(*port);
}

std::optional<uint64_t> parse_bytes_note(std::string_view text) {
  // "(39424 bytes)": the last such group in the text.
  size_t at = text.rfind(" bytes)");
  if (at == std::string_view::npos) return std::nullopt;
  size_t open = text.rfind('(', at);
  if (open == std::string_view::npos) return std::nullopt;
  return parse_decimal(text.substr(open + 1, at - open - 1));
}

std::optional<ReplyStart> parse_reply_start(std::string_view line) {
  if (line.size() < 3 || !is_digit(line[0]) || !is_digit(line[1]) ||
      !is_digit(line[2]))
    return std::nullopt;
  if (line.size() > 3 && line[3] != ' ' && line[3] != '-') return std::nullopt;
  ReplyStart r;
  r.code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
  r.more = line.size() > 3 && line[3] == '-';
  return r;
}

}  // namespace tracelab::ftp
