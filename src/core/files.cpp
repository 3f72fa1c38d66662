// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracelab/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tracelab {

std::string write_whole_file(const std::string& path, std::string_view text,
                             int extra_flags) {
  const int fd =
      ::open(path.c_str(),
             O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | extra_flags, 0644);
  if (fd < 0) return path + ": " + std::strerror(errno);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string err = path + ": " + std::strerror(errno);
      ::close(fd);
      return err;
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) return path + ": " + std::strerror(errno);
  return {};
}

}  // namespace tracelab
