// SPDX-License-Identifier: GPL-2.0-or-later
#include "test_support.hpp"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace fs = std::filesystem;

namespace tracelab::test {

fs::path shared_captures() {
  static const fs::path found = [] {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("TRACELAB_SHARED"))
      candidates.emplace_back(fs::path(env) / "captures");
    candidates.emplace_back(fs::path(TRACELAB_SHARED_DIR) / "captures");
    for (const auto& c : candidates) {
      std::error_code ec;
      if (fs::is_directory(c, ec)) return c;
    }
    return fs::path();
  }();
  // A comparison without its data compares nothing: it fails, never
  // passes empty (issue 13 item 13).
  REQUIRE_MESSAGE(!found.empty(),
                  "../shared/captures (or $TRACELAB_SHARED/captures) is "
                  "absent: the tests that compare against it cannot run");
  return found;
}

namespace {
std::vector<fs::path> capture_files_under(const fs::path& root) {
  std::vector<fs::path> out;
  if (root.empty() || !fs::is_directory(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    auto ends = [&](const std::string& suf) {
      return name.size() >= suf.size() &&
             name.compare(name.size() - suf.size(), suf.size(), suf) == 0;
    };
    if (ends(".pcap") || ends(".pcapng") || ends(".cap") || ends(".pcap.gz"))
      out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}
}  // namespace

std::vector<fs::path> shared_capture_files() {
  auto files = capture_files_under(shared_captures());
  REQUIRE_MESSAGE(!files.empty(), "no capture in the shared corpus");
  return files;
}

std::vector<fs::path> sample_capture_files() {
  return capture_files_under(samples_dir());
}

bool is_flawed_sample(const fs::path& capture) {
  return capture.parent_path().filename() == "samples" &&
         fs::exists(capture.parent_path() / "flawed" /
                    (capture.stem().string() + ".server.log"));
}

fs::path samples_dir() {
  return fs::path(TRACELAB_SOURCE_DIR) / "samples";
}

std::string tracelab_bin() {
  if (const char* env = std::getenv("TRACELAB_BIN")) return env;
  return std::string(TRACELAB_BINARY_DIR) + "/src/cli/tracelab";
}

bool have_tool(const std::string& tool) {
  int status = 0;
  run("command -v " + sh_quote(tool) + " >/dev/null 2>&1", &status);
  return status == 0;
}

std::string run(const std::string& cmd, int* status) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) {
    if (status) *status = -1;
    return out;
  }
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), f)) > 0)
    out.append(buf.data(), n);
  int rc = pclose(f);
  if (status) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

namespace {

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::filesystem::path oracle_cache_dir() {
  const char* env = std::getenv("TRACELAB_ORACLE_CACHE");
  return env && *env
             ? std::filesystem::path(env)
             : std::filesystem::path(TRACELAB_SOURCE_DIR) / ".oracle-cache";
}

}  // namespace

std::string run_oracle(const std::string& cmd,
                       const std::filesystem::path& input, int* status) {
  namespace fs = std::filesystem;
  static const std::string version =
      run("tshark --version 2>/dev/null | head -1");
  std::error_code ec;
  const auto size = fs::file_size(input, ec);
  const auto mtime = fs::last_write_time(input, ec).time_since_epoch().count();
  const std::string key = cmd + '\n' + version + '\n' + input.string() + '\n' +
                          std::to_string(size) + ' ' + std::to_string(mtime);
  char name[32];
  std::snprintf(name, sizeof name, "%016llx",
                static_cast<unsigned long long>(fnv1a(key)));
  const fs::path dir = oracle_cache_dir();
  const fs::path file = dir / name;
  if (fs::exists(file, ec)) {
    if (status) *status = 0;
    return read_file(file);
  }
  int rc = 0;
  std::string out = run(cmd, &rc);
  if (status) *status = rc;
  if (rc == 0) {
    // Written aside and renamed: parallel test binaries may race here.
    fs::create_directories(dir, ec);
    const fs::path tmp =
        dir / (std::string(name) + "." + std::to_string(::getpid()) + ".tmp");
    {
      std::ofstream f(tmp, std::ios::binary);
      f.write(out.data(), static_cast<std::streamsize>(out.size()));
    }
    fs::rename(tmp, file, ec);
  }
  return out;
}

std::string sh_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) {
    if (c == '\'')
      q += "'\\''";
    else
      q += c;
  }
  return q + "'";
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path temp_dir(const std::string& hint) {
  static std::vector<fs::path> made;
  static const bool registered = [] {
    std::atexit([] {
      for (const auto& d : made) {
        std::error_code ec;
        fs::remove_all(d, ec);
      }
    });
    return true;
  }();
  (void)registered;
  std::string templ =
      (fs::temp_directory_path() / ("tracelab-" + hint + "-XXXXXX")).string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!mkdtemp(buf.data())) return {};
  made.emplace_back(buf.data());
  return made.back();
}

}  // namespace tracelab::test
