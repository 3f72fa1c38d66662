// SPDX-License-Identifier: GPL-2.0-or-later
//
// Format detection: the first bytes decide (gzip, pcap, pcapng), never the
// file name.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "pcap_reader.hpp"
#include "pcapng_reader.hpp"
#include "read_ahead_input.hpp"
#include "tracelab/capture.hpp"

namespace tracelab {

using capture::ByteInput;

namespace {

bool is_gzip(const ByteInput& in) {
  return in.available() >= 2 && in.data()[0] == 0x1f && in.data()[1] == 0x8b;
}

std::unique_ptr<CaptureSource> open_input(std::unique_ptr<ByteInput> in,
                                          const std::string& name,
                                          CaptureError& err,
                                          bool allow_gzip = true) {
  in->ensure(4);
  if (allow_gzip && is_gzip(*in)) {
    auto inflated = std::make_unique<capture::BufferedInput>(
        capture::make_gzip_source(std::move(in)));
    // A gzip inside a gzip is not a capture: refuse rather than recurse.
    return open_input(std::move(inflated), name, err, false);
  }
  if (in->available() < 4) {
    if (!in->io_error().empty())
      err = {name, 0, in->io_error()};
    else
      err = {name, 0, "file too short to be a capture"};
    return nullptr;
  }
  if (capture::is_pcapng_magic(in->data()))
    return capture::make_pcapng_reader(std::move(in), name, err);
  if (capture::is_pcap_magic(in->data()))
    return capture::make_pcap_reader(std::move(in), name, err);
  err = {name, 0, "not a pcap, pcapng or gzip file (unknown magic number)"};
  return nullptr;
}

}  // namespace

std::string CaptureError::to_string() const {
  return file + ": offset " + std::to_string(offset) + ": " + message;
}

std::unique_ptr<CaptureSource> open_capture_file(const std::string& path,
                                                 CaptureError& err,
                                                 bool read_ahead) {
  // "-" reads standard input (a pipe: no total size, no seeking needed).
  int fd = path == "-" ? ::dup(STDIN_FILENO)
                       : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    err = {path, 0, std::string("cannot open: ") + std::strerror(errno)};
    return nullptr;
  }
  struct stat st {};
  uint64_t size = 0;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    size = static_cast<uint64_t>(st.st_size);
  else if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    err = {path, 0, "is a directory"};
    return nullptr;
  }
  auto fd_source = capture::make_fd_source(fd, size);
  std::unique_ptr<ByteInput> in;
  if (read_ahead && S_ISREG(st.st_mode))
    in = std::make_unique<capture::ReadAheadInput>(std::move(fd_source));
  else
    in = std::make_unique<capture::BufferedInput>(std::move(fd_source));
  return open_input(std::move(in), path, err);
}

std::unique_ptr<CaptureSource> open_capture_memory(
    std::span<const uint8_t> bytes, const std::string& name,
    CaptureError& err) {
  return open_input(std::make_unique<capture::MemoryInput>(bytes), name, err);
}

namespace capture {

int64_t ticks_to_ns(uint64_t ticks, uint64_t ticks_per_second) {
  // Common resolutions divide a second evenly: multiply, no division.
  if (ticks_per_second <= 1000000000 && 1000000000 % ticks_per_second == 0) {
    uint64_t ns = 0;
    if (__builtin_mul_overflow(ticks, 1000000000 / ticks_per_second, &ns) ||
        ns > INT64_MAX)
      return INT64_MAX;
    return static_cast<int64_t>(ns);
  }
  const unsigned __int128 ns =
      static_cast<unsigned __int128>(ticks) * 1000000000u / ticks_per_second;
  return ns > INT64_MAX ? INT64_MAX : static_cast<int64_t>(ns);
}

}  // namespace capture

}  // namespace tracelab
