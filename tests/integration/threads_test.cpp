// SPDX-License-Identifier: GPL-2.0-or-later
//
// A run on two threads (--threads 2: the outputs beside the analysis) writes
// exactly what a run on one writes, byte for byte, in every verb and format
// (issue: speed, both cores).  The oracle is the one-thread run, which the
// rest of the suite checks against tshark and the servers' own logs.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dialog_capture.hpp"
#include "test_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

struct Output {
  int status = -1;
  std::string out;
};

Output run_verb(const std::string& verb, const fs::path& cap,
                unsigned threads) {
  Output o;
  o.out = run(sh_quote(tracelab_bin()) + " " + verb + " --no-progress" +
                  " --threads " + std::to_string(threads) + " " +
                  sh_quote(cap.string()) + " 2>/dev/null",
              &o.status);
  return o;
}

// Checks one verb on one capture; returns whether it printed anything.
bool same_output(const std::string& verb, const fs::path& cap) {
  CAPTURE(verb);
  CAPTURE(cap.string());
  const Output one = run_verb(verb, cap, 1);
  const Output two = run_verb(verb, cap, 2);
  CHECK(one.status == two.status);
  CHECK(one.out == two.out);
  return !one.out.empty();
}

// Many HTTP downloads at once, their segments interleaved, a second apart:
// the hand-over fills many batches (artifact bytes), sessions finish and
// linger while others run, and the clock releases them between frames.
fs::path many_downloads() {
  constexpr int kSessions = 120;
  constexpr size_t kBody = 60000;
  std::vector<std::vector<Bytes>> dialogs;
  for (int i = 0; i < kSessions; ++i) {
    TcpDialog d(static_cast<uint16_t>(30000 + i), 80);
    d.client("GET /file" + std::to_string(i) +
             ".bin HTTP/1.1\r\nHost: lab.test\r\n\r\n");
    std::string body(kBody, static_cast<char>('a' + i % 26));
    d.server(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
        "Content-Length: " +
        std::to_string(kBody) + "\r\n\r\n");
    for (size_t at = 0; at < body.size(); at += 1400)
      d.server(body.substr(at, 1400));
    dialogs.push_back(d.frames());
  }
  std::vector<Bytes> frames;
  // Staggered starts, so that early sessions end while later ones run.
  for (size_t k = 0;; ++k) {
    bool any = false;
    for (size_t i = 0; i < dialogs.size(); ++i) {
      const size_t start = i / 4;
      if (k < start || k - start >= dialogs[i].size()) {
        if (k < start) any = true;
        continue;
      }
      frames.push_back(dialogs[i][k - start]);
      any = true;
    }
    if (!any) break;
  }
  const fs::path p = temp_dir("threads") / "downloads.pcap";
  write_pcap(p, frames);
  return p;
}

// Every file under `dir`, as (relative path, contents), sorted.
std::vector<std::pair<std::string, std::string>> tree(const fs::path& dir) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      files.emplace_back(fs::relative(e.path(), dir).string(),
                         read_file(e.path()));
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("two threads: the same packet list and sessions on every capture") {
  std::vector<fs::path> captures = sample_capture_files();
  REQUIRE(captures.size() >= 50);
  const auto shared = shared_capture_files();
  REQUIRE(shared.size() >= 50);
  captures.insert(captures.end(), shared.begin(), shared.end());
  size_t compared = 0;
  for (const fs::path& cap : captures) {
    compared += same_output("packets --json --show-secrets", cap);
    compared += same_output("sessions --json", cap);
  }
  // Every capture has frames and sessions to print.
  CHECK(compared >= 2 * captures.size() * 9 / 10);
}

TEST_CASE("two threads: the text views, in Russian and verbose, on samples") {
  const auto captures = sample_capture_files();
  REQUIRE(captures.size() >= 50);
  for (const fs::path& cap : captures) {
    CHECK(same_output("packets", cap));
    CHECK(same_output("sessions --lang ru -v --width 100", cap));
  }
}

TEST_CASE("two threads: many batches, sessions released as the clock runs") {
  const fs::path cap = many_downloads();
  CHECK(same_output("packets --json", cap));
  CHECK(same_output("sessions --json", cap));
  CHECK(same_output("sessions", cap));
  // The artifacts are all there with their digests (filled in by the
  // second thread): 120 bodies, none without a sha256.
  const Output two = run_verb("sessions --json", cap, 2);
  size_t bodies = 0, missing = 0;
  for (size_t at = 0;
       (at = two.out.find("\"http-body\"", at)) != std::string::npos; ++at) {
    ++bodies;
    const size_t end = two.out.find('}', at);
    if (two.out.substr(at, end - at).find("\"sha256\":\"") == std::string::npos)
      ++missing;
  }
  CHECK(bodies == 120);
  CHECK(missing == 0);
}

TEST_CASE("two threads: extract writes the same files and index") {
  std::vector<fs::path> captures = {many_downloads()};
  for (const char* name : {"ftp-passive.pcap", "http-keepalive-chunked.pcap",
                           "smtp-auth-login-mime.pcap", "tftp-read-write.pcap",
                           "http-redirect-https.pcapng"}) {
    const fs::path p = samples_dir() / name;
    REQUIRE(fs::exists(p));
    captures.push_back(p);
  }
  for (const fs::path& cap : captures) {
    CAPTURE(cap.string());
    const fs::path base = temp_dir("threads-extract");
    int s1 = -1, s2 = -1;
    for (unsigned t : {1u, 2u}) {
      run(sh_quote(tracelab_bin()) + " extract --no-progress --threads " +
              std::to_string(t) + " -o " +
              sh_quote((base / std::to_string(t)).string()) + " " +
              sh_quote(cap.string()) + " >/dev/null 2>&1",
          t == 1 ? &s1 : &s2);
    }
    CHECK(s1 == 0);
    CHECK(s2 == 0);
    const auto one = tree(base / "1");
    CHECK(one.size() >= 2);  // index.json and at least one file
    CHECK(one == tree(base / "2"));
  }
}

TEST_CASE("two threads: a write error still stops the run") {
  const fs::path cap = many_downloads();
  for (const char* verb : {"packets --json", "sessions --json"}) {
    CAPTURE(verb);
    int status = -1;
    const std::string err = run(sh_quote(tracelab_bin()) + " " + verb +
                                    " --no-progress --threads 2 " +
                                    sh_quote(cap.string()) + " 2>&1 >/dev/full",
                                &status);
    CHECK(status != 0);
    CHECK(err.find("cannot write the output") != std::string::npos);
  }
}
