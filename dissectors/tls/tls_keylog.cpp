// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_keylog.hpp"

#include <algorithm>

namespace tracelab::tls {
namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unhex(std::string_view h, std::vector<uint8_t>& out) {
  // Secrets are at most 64 bytes (SHA-512 sized); longer is not a key log.
  if (h.empty() || h.size() % 2 || h.size() > 256) return false;
  out.clear();
  for (size_t i = 0; i < h.size(); i += 2) {
    const int a = hexval(h[i]), b = hexval(h[i + 1]);
    if (a < 0 || b < 0) return false;
    out.push_back(static_cast<uint8_t>(a * 16 + b));
  }
  return true;
}

std::string_view next_field(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  size_t n = 0;
  while (n < s.size() && s[n] != ' ' && s[n] != '\t') ++n;
  std::string_view f = s.substr(0, n);
  s.remove_prefix(n);
  return f;
}

}  // namespace

bool parse_keylog_line(std::string_view line, std::string_view& label,
                       std::vector<uint8_t>& random,
                       std::vector<uint8_t>& secret) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
    line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return false;
  label = next_field(line);
  return unhex(next_field(line), random) && unhex(next_field(line), secret) &&
         next_field(line).empty();
}

SessionSecrets find_secrets(const std::vector<std::string>& logs,
                            const std::array<uint8_t, 32>& client_random) {
  SessionSecrets s;
  std::string_view label;
  std::vector<uint8_t> random, secret;
  for (const std::string& log : logs) {
    std::string_view text = log;
    while (!text.empty()) {
      const size_t nl = text.find('\n');
      const std::string_view line = text.substr(0, nl);
      text.remove_prefix(nl == text.npos ? text.size() : nl + 1);
      if (!parse_keylog_line(line, label, random, secret)) continue;
      if (random.size() != 32 ||
          !std::equal(random.begin(), random.end(), client_random.begin()))
        continue;
      std::vector<uint8_t>* slot = nullptr;
      if (label == "CLIENT_RANDOM") slot = &s.master;
      if (label == "CLIENT_EARLY_TRAFFIC_SECRET") slot = &s.client_early;
      if (label == "CLIENT_HANDSHAKE_TRAFFIC_SECRET") slot = &s.client_hs;
      if (label == "SERVER_HANDSHAKE_TRAFFIC_SECRET") slot = &s.server_hs;
      if (label == "CLIENT_TRAFFIC_SECRET_0") slot = &s.client_app;
      if (label == "SERVER_TRAFFIC_SECRET_0") slot = &s.server_app;
      if (slot && slot->empty()) *slot = secret;
    }
  }
  return s;
}

}  // namespace tracelab::tls
