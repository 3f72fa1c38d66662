// SPDX-License-Identifier: GPL-2.0-or-later
#include "imap/tshark_columns.hpp"

#include <cctype>
#include <cstring>

#include "common/ascii.hpp"
#include "common/tshark_text.hpp"
#include "mail/imf_columns.hpp"

namespace tracelab::imap {
namespace {

using tshark::append_text;
using tshark::find_line_end;
constexpr size_t npos = std::string_view::npos;
// TsharkColumns::wait_size_ value: the pending bytes hold no line end.
constexpr size_t kNoLineEnd = ~size_t(0);

}  // namespace

const TsharkColumns::Columns& TsharkColumns::segment(
    bool request, std::span<const uint8_t> fresh) {
  read_segment(request, fresh);
  if (!charge_.resize(pending_[0].size() + pending_[1].size())) {
    // The run's memory budget is spent: what tshark would still be waiting
    // for is let go, as after a hole.
    reset(request);
    out_.pending = false;
  }
  return out_;
}

void TsharkColumns::read_segment(bool request, std::span<const uint8_t> fresh) {
  std::string& buf = pending_[request ? 0 : 1];
  out_ = Columns{};
  size_t& wait = wait_size_[request ? 0 : 1];
  if (buf.size() + fresh.size() > kMaxPending) {
    buf.clear();
    wait = 0;
    return;
  }
  const bool ended_in_cr = !buf.empty() && buf.back() == '\r';
  buf.append(reinterpret_cast<const char*>(fresh.data()), fresh.size());
  if (wait == kNoLineEnd && !ended_in_cr &&
      !std::memchr(fresh.data(), '\n', fresh.size()) &&
      !std::memchr(fresh.data(), '\r', fresh.size())) {
    out_.pending = true;
    return;
  }
  // Re-reading a growing message from its start at every segment would be
  // quadratic: skip the segments that cannot change the outcome.
  if (wait != kNoLineEnd && buf.size() < wait) {
    out_.pending = true;
    return;
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
    return;
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
        append_text(info, b.substr(off, linelen));
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
        mail::append_imf_info(
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
      append_text(info, b.substr(0, std::min(linelen, b.size())));
    }
    buf.clear();
  } else {
    out_.pending = true;
    if (keep_from == 0) return;
    buf.erase(0, keep_from);
    if (first_line) return;
  }
  out_.set = true;
  out_.protocol = std::move(protocol);
  out_.info = std::move(info);
  return;
}

}  // namespace tracelab::imap
