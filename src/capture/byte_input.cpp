// SPDX-License-Identifier: GPL-2.0-or-later
#include "byte_input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tracelab::capture {

namespace {

// Large reads keep the system-call cost per record negligible; 4 MiB also
// holds any record the readers accept without growing.
constexpr size_t kChunkSize = size_t{4} << 20;

class FdSource final : public ChunkSource {
 public:
  FdSource(int fd, uint64_t size) : fd_(fd), size_(size) {
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  }
  ~FdSource() override {
    ::close(fd_);
  }

  long read_some(uint8_t* out, size_t max, std::string& err) override {
    for (;;) {
      ssize_t r = ::read(fd_, out, max);
      if (r >= 0) {
        read_ += static_cast<uint64_t>(r);
        return static_cast<long>(r);
      }
      if (errno == EINTR) continue;
      err = std::string("read error: ") + std::strerror(errno);
      return -1;
    }
  }
  uint64_t raw_consumed() const override {
    return read_;
  }
  uint64_t raw_total() const override {
    return size_;
  }

 private:
  int fd_;
  uint64_t size_;
  uint64_t read_ = 0;
};

}  // namespace

MemoryInput::MemoryInput(std::span<const uint8_t> bytes)
    : total_(bytes.size()) {
  cur_ = bytes.data();
  end_ = bytes.data() + bytes.size();
}

BufferedInput::BufferedInput(std::unique_ptr<ChunkSource> src)
    : src_(std::move(src)) {}

bool BufferedInput::refill(size_t n) {
  size_t avail = available();
  if (eof_) return false;
  if (size_ < std::max(n, kChunkSize)) {
    // Grow once to the request (bounded by the readers), keeping the tail.
    const size_t want = std::max(n, kChunkSize);
    std::unique_ptr<uint8_t[]> bigger(new uint8_t[want]);
    if (avail) std::memcpy(bigger.get(), cur_, avail);
    buf_ = std::move(bigger);
    size_ = want;
  } else if (avail && cur_ != buf_.get()) {
    std::memmove(buf_.get(), cur_, avail);
  }
  cur_ = buf_.get();
  while (avail < n) {
    long r = src_->read_some(buf_.get() + avail, size_ - avail, io_error_);
    if (r <= 0) {
      eof_ = true;
      break;
    }
    avail += static_cast<size_t>(r);
  }
  end_ = buf_.get() + avail;
  return avail >= n;
}

std::unique_ptr<ChunkSource> make_fd_source(int fd, uint64_t size) {
  return std::make_unique<FdSource>(fd, size);
}

}  // namespace tracelab::capture
