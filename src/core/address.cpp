// SPDX-License-Identifier: GPL-2.0-or-later
// Text forms of addresses, as Wireshark prints them with -n.
#include "tracelab/decode.hpp"
#include "tracelab/session.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {
constexpr char kHex[] = "0123456789abcdef";

void append_hex16(std::string& out, unsigned v) {
  bool started = false;
  for (int shift = 12; shift >= 0; shift -= 4) {
    const unsigned d = (v >> shift) & 15;
    if (d || started || shift == 0) {
      out.push_back(kHex[d]);
      started = true;
    }
  }
}
}  // namespace

void IpAddr::append_to(std::string& out) const {
  if (family == 4) {
    for (int i = 0; i < 4; ++i) {
      if (i) out.push_back('.');
      append_uint(out, bytes[i]);
    }
    return;
  }
  if (family != 6) return;
  unsigned words[8];
  for (int i = 0; i < 8; ++i) words[i] = (bytes[2 * i] << 8) | bytes[2 * i + 1];
  // RFC 5952: compress the longest run (>= 2) of zero words, leftmost on ties.
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (words[i] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && words[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) best = i, best_len = j - i;
    i = j;
  }
  // IPv4-mapped (::ffff:a.b.c.d) keeps the dotted tail, as inet_ntop does.
  const bool mapped = best == 0 && best_len == 5 && words[5] == 0xffff;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (mapped && i == 6) {
      out.push_back(':');
      for (int k = 12; k < 16; ++k) {
        if (k > 12) out.push_back('.');
        append_uint(out, bytes[k]);
      }
      break;
    }
    if (i && i != best + best_len) out.push_back(':');
    append_hex16(out, words[i]);
  }
}

std::string IpAddr::to_string() const {
  std::string s;
  append_to(s);
  return s;
}

void MacAddr::append_to(std::string& out) const {
  for (int i = 0; i < 6; ++i) {
    if (i) out.push_back(':');
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 15]);
  }
}

std::string Endpoint::to_string() const {
  std::string s;
  if (addr.family == 6) s.push_back('[');
  addr.append_to(s);
  if (addr.family == 6) s.push_back(']');
  s.push_back(':');
  append_uint(s, port);
  return s;
}

const char* end_reason_name(EndReason r) {
  switch (r) {
    case EndReason::Open: return "open";
    case EndReason::Fin: return "fin";
    case EndReason::Rst: return "rst";
    case EndReason::Timeout: return "timeout";
    case EndReason::CaptureEnd: return "capture-end";
  }
  return "unknown";
}

}  // namespace tracelab
