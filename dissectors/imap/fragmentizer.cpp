// SPDX-License-Identifier: GPL-2.0-or-later
#include "imap/fragmentizer.hpp"

#include <algorithm>
#include <cstring>

namespace tracelab::imap {

LiteralSpec trailing_literal(std::string_view line) {
  LiteralSpec spec;
  if (line.size() < 3 || line.back() != '}') return spec;
  size_t i = line.size() - 1;  // at '}'
  bool plus = false;
  if (line[i - 1] == '+') {
    plus = true;
    --i;
  }
  size_t end = i;  // one past the last digit
  while (i > 0 && line[i - 1] >= '0' && line[i - 1] <= '9') --i;
  if (i == end || i == 0 || line[i - 1] != '{' || end - i > 18) return spec;
  uint64_t n = 0;
  for (size_t k = i; k < end; ++k) n = n * 10 + uint64_t(line[k] - '0');
  spec.present = true;
  spec.non_sync = plus;
  spec.size = n;
  return spec;
}

size_t Fragmentizer::feed(std::span<const uint8_t> data, FragmentSink& sink) {
  size_t pos = 0;
  while (pos < data.size()) {
    if (literal_left_ > 0) {
      const size_t take =
          size_t(std::min<uint64_t>(literal_left_, data.size() - pos));
      sink.on_literal_data(data.subspan(pos, take));
      pos += take;
      literal_left_ -= take;
      if (literal_left_ == 0) sink.on_literal_end();
      continue;
    }
    const uint8_t* start = data.data() + pos;
    const size_t avail = data.size() - pos;
    const void* lf = std::memchr(start, '\n', avail);
    if (skipping_) {
      if (!lf) return data.size();
      skipping_ = false;
      pos += size_t(static_cast<const uint8_t*>(lf) - start) + 1;
      continue;
    }
    if (!lf) {
      if (avail <= kMaxLine) return pos;  // wait for the rest of the line
      // Overlong: report its start, drop the rest up to the next LF.
      sink.on_line({reinterpret_cast<const char*>(start), kMaxLine}, true);
      skipping_ = true;
      return data.size();
    }
    size_t len = size_t(static_cast<const uint8_t*>(lf) - start);
    const size_t next = pos + len + 1;
    if (len > 0 && start[len - 1] == '\r') --len;
    if (len > kMaxLine) {
      sink.on_line({reinterpret_cast<const char*>(start), kMaxLine}, true);
      pos = next;
      continue;
    }
    const std::string_view line(reinterpret_cast<const char*>(start), len);
    const LiteralSpec lit = trailing_literal(line);
    sink.on_line(line, false);
    pos = next;
    if (stop_) {
      stop_ = false;
      return pos;
    }
    if (lit.present) {
      literal_left_ = lit.size;
      if (lit.size == 0) sink.on_literal_end();
    }
  }
  return pos;
}

}  // namespace tracelab::imap
