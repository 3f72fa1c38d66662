// SPDX-License-Identifier: GPL-2.0-or-later
//
// A growing string flushed to a FILE* in large writes: the writers format
// into it without any per-line allocation or stdio call.
#pragma once

#include <cstdio>
#include <string>

namespace tracelab {

class OutBuffer {
 public:
  explicit OutBuffer(FILE* f, bool line_buffered = false)
      : f_(f), line_buffered_(line_buffered) {
    buf_.reserve(kFlushAt + 4096);
  }
  ~OutBuffer() { flush(); }
  OutBuffer(const OutBuffer&) = delete;
  OutBuffer& operator=(const OutBuffer&) = delete;

  std::string& str() { return buf_; }
  /// Call after each complete line.
  void line_done() {
    if (line_buffered_ || buf_.size() >= kFlushAt) flush();
  }
  void flush() {
    if (!buf_.empty()) std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
    std::fflush(f_);
  }

 private:
  static constexpr size_t kFlushAt = 1 << 18;
  FILE* f_;
  bool line_buffered_;
  std::string buf_;
};

}  // namespace tracelab
