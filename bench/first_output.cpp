// SPDX-License-Identifier: GPL-2.0-or-later
//
// Start-up latency of a command: the time from fork to the first byte it
// writes on stdout, and to its exit, as the median of many runs.  Grading
// and scripts run tracelab over hundreds of small captures, so this is what
// a small capture costs; a whole-run timer (hyperfine) cannot see the first
// output.
//
//   first_output RUNS -- tracelab packets samples/tcp-edges.pcap
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

double now_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || std::strcmp(argv[2], "--") != 0) {
    std::fprintf(stderr, "usage: first_output RUNS -- COMMAND [ARGS...]\n");
    return 1;
  }
  const int runs = std::atoi(argv[1]);
  std::vector<double> first, total;
  for (int i = 0; i < runs; ++i) {
    int fds[2];
    if (pipe(fds) != 0) return 1;
    const double t0 = now_ms();
    const pid_t pid = fork();
    if (pid < 0) return 1;
    if (pid == 0) {
      dup2(fds[1], 1);
      close(fds[0]);
      close(fds[1]);
      execvp(argv[3], argv + 3);
      _exit(127);
    }
    close(fds[1]);
    char buf[65536];
    ssize_t n = read(fds[0], buf, sizeof buf);
    const double t1 = now_ms();
    while (n > 0) n = read(fds[0], buf, sizeof buf);
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    const double t2 = now_ms();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "the command failed (status %d)\n", status);
      return 1;
    }
    first.push_back(t1 - t0);
    total.push_back(t2 - t0);
  }
  std::printf("first output %.2f ms, exit %.2f ms (median of %d runs)\n",
              median(first), median(total), runs);
  return 0;
}
