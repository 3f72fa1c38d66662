// SPDX-License-Identifier: GPL-2.0-or-later
//
// An output that cannot be written stops the run with a message and a
// non-zero status: a full disk (/dev/full) and a pipe closed by the reader
// while SIGPIPE is ignored (as some shells and supervisors leave it).
#include <doctest/doctest.h>

#include "test_support.hpp"

using namespace tracelab::test;

namespace {

std::string sample() {
  const auto cap = samples_dir() / "ftp-passive.pcap";
  REQUIRE(std::filesystem::exists(cap));
  return sh_quote(cap.string());
}

}  // namespace

TEST_CASE("a full disk is an error, in every verb and format") {
  for (const char* verb :
       {"packets", "packets --json", "sessions", "sessions --json"}) {
    CAPTURE(verb);
    int status = -1;
    const std::string err =
        run(sh_quote(tracelab_bin()) + " " + verb + " --no-progress " +
                sample() + " 2>&1 >/dev/full",
            &status);
    CHECK(status != 0);
    CHECK(err.find("cannot write the output") != std::string::npos);
  }
}

TEST_CASE("a closed pipe with SIGPIPE ignored is an error") {
  REQUIRE(have_tool("python3"));
  // The pipe's reader is gone before tracelab starts, so that every write
  // fails whatever the timing; SIGPIPE stays ignored in the child.
  const std::string py =
      "import os, signal, subprocess, sys\n"
      "r, w = os.pipe(); os.close(r)\n"
      "signal.signal(signal.SIGPIPE, signal.SIG_IGN)\n"
      "p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE,\n"
      "                   restore_signals=False)\n"
      "print(p.returncode, p.stderr.decode(errors='replace'))\n";
  int status = -1;
  const std::string out =
      run("python3 -c " + sh_quote(py) + " " + sh_quote(tracelab_bin()) +
              " packets --no-progress " + sample(),
          &status);
  CHECK(status == 0);
  CHECK(out.starts_with("1 "));
  CHECK(out.find("Broken pipe") != std::string::npos);
}
