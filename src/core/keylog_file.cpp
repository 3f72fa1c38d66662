// SPDX-License-Identifier: GPL-2.0-or-later
//
// A key-log file read in chunks, whole lines handed to the index, with a
// bound on its size: a path such as /dev/zero or a FIFO that never ends
// must fail with a message, not exhaust memory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "tracelab/keylog.hpp"

namespace tracelab {
namespace {

constexpr size_t kChunk = 1 << 20;
// A key log line is under 400 bytes; one longer than this is not a key log
// line and is skipped as it is read rather than held (/dev/zero has none).
constexpr size_t kMaxLine = 64 << 10;

std::string mib(uint64_t bytes) {
  return std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

bool read_keylog_file(const std::string& path, KeyLog& log, std::string& error,
                      uint64_t max_bytes) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = path + ": cannot read the key log: " + std::strerror(errno);
    return false;
  }
  KeyLog fresh;  // added to `log` only once the whole file was read
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    fresh.reserve(static_cast<uint64_t>(st.st_size));
  fresh.add(std::string_view());
  std::string buffer;  // the unfinished last line, then the next chunk
  uint64_t total = 0;
  bool ok = true, skipping = false;  // skipping: inside an overlong line
  for (;;) {
    const size_t kept = buffer.size();
    buffer.resize(kept + kChunk);
    const ssize_t n = ::read(fd, buffer.data() + kept, kChunk);
    if (n < 0 && errno == EINTR) {
      buffer.resize(kept);
      continue;
    }
    if (n < 0) {
      error = path + ": cannot read the key log: " + std::strerror(errno);
      ok = false;
      break;
    }
    buffer.resize(kept + static_cast<size_t>(n));
    total += static_cast<uint64_t>(n);
    if (total > max_bytes) {
      error = path + ": the key log is larger than " + mib(max_bytes) +
              "; not read (is it a key log?)";
      ok = false;
      break;
    }
    if (n == 0) {  // end of file: the last line may lack its newline
      if (!skipping) fresh.add(buffer);
      break;
    }
    const size_t last_nl = buffer.rfind('\n');
    if (last_nl == std::string::npos) {
      if (buffer.size() > kMaxLine) buffer.clear(), skipping = true;
      continue;
    }
    std::string_view lines = std::string_view(buffer).substr(0, last_nl + 1);
    if (skipping) lines.remove_prefix(lines.find('\n') + 1), skipping = false;
    fresh.add(lines);
    buffer.erase(0, last_nl + 1);
    if (buffer.size() > kMaxLine) buffer.clear(), skipping = true;
  }
  ::close(fd);
  if (ok) log.add(fresh);
  return ok;
}

}  // namespace tracelab
