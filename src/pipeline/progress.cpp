// SPDX-License-Identifier: GPL-2.0-or-later
#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace tracelab {

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

ProgressLine::~ProgressLine() {
  clear();
}

void ProgressLine::update(uint64_t records, uint64_t done, uint64_t total) {
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (now - last_ < std::chrono::milliseconds(250) && drawn_) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const double mb = static_cast<double>(done) / 1e6;
  if (total > 0) {
    std::fprintf(stderr,
                 "\r\033[K%5.1f%%  %.0f / %.0f MB  %llu frames  %.0f MB/s",
                 100.0 * static_cast<double>(done) / static_cast<double>(total),
                 mb, static_cast<double>(total) / 1e6,
                 static_cast<unsigned long long>(records), mb / secs);
  } else {
    std::fprintf(stderr, "\r\033[K%.0f MB  %llu frames  %.0f MB/s", mb,
                 static_cast<unsigned long long>(records), mb / secs);
  }
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressLine::clear() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace tracelab
