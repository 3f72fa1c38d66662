// SPDX-License-Identifier: GPL-2.0-or-later
//
// A growing string flushed to a FILE* in large writes: the writers format
// into it without any per-line allocation or stdio call.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "tracelab/output.hpp"

namespace tracelab {

class OutBuffer {
 public:
  explicit OutBuffer(FILE* f, bool line_buffered = false)
      : f_(f), line_buffered_(line_buffered) {
    buf_.reserve(kFlushAt + 4096);
  }
  /// Never throws: a write error is reported by the flush that the caller
  /// makes at the end (finish), not here.
  ~OutBuffer() {
    try {
      flush();
    } catch (const OutputError&) {
    }
  }
  OutBuffer(const OutBuffer&) = delete;
  OutBuffer& operator=(const OutBuffer&) = delete;

  std::string& str() { return buf_; }
  /// Call after each complete line.
  void line_done() {
    if (line_buffered_ || buf_.size() >= kFlushAt) flush();
  }
  /// Throws OutputError when the bytes could not be written (a full disk,
  /// a closed pipe with SIGPIPE ignored): the run must stop and say so,
  /// not go on and exit 0 with half an output.
  void flush() {
    const bool short_write =
        !buf_.empty() &&
        std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size();
    buf_.clear();
    if (short_write || std::fflush(f_) != 0 || std::ferror(f_))
      throw OutputError(std::string("cannot write the output: ") +
                        std::strerror(errno));
  }

 private:
  static constexpr size_t kFlushAt = 1 << 18;
  FILE* f_;
  bool line_buffered_;
  std::string buf_;
};

}  // namespace tracelab
