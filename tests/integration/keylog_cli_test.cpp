// SPDX-License-Identifier: GPL-2.0-or-later
//
// Key logs on the command line: one that cannot be read, or is endless,
// stops the run with a message naming it and a non-zero status; and every
// sample with a key log decrypts the same whether the log comes as one file
// or split in two (two indexes merged against one), and differently from
// the run without it (so the comparison is not of two undecrypted runs).
#include <doctest/doctest.h>

#include <fstream>

#include "test_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

std::string sessions(const fs::path& capture, const std::string& keylogs,
                     int* status = nullptr) {
  return run(sh_quote(tracelab_bin()) + " sessions --json --no-progress " +
                 keylogs + sh_quote(capture.string()) + " 2>&1",
             status);
}

}  // namespace

TEST_CASE("an endless key log stops the run, named, with a failure status") {
  const fs::path cap = samples_dir() / "tls12-cbc.pcapng";
  REQUIRE(fs::exists(cap));
  int status = 0;
  const std::string out = sessions(cap, "--keylog /dev/zero ", &status);
  CHECK(status != 0);
  CHECK(out.find("/dev/zero") != std::string::npos);
  CHECK(out.find("\"session\"") == std::string::npos);  // nothing ran
}

TEST_CASE("a key log that cannot be read stops the run") {
  const fs::path cap = samples_dir() / "tls12-cbc.pcapng";
  const fs::path dir = temp_dir("keylog-cli");
  int status = 0;
  const std::string missing = (dir / "none.keys").string();
  const std::string out =
      sessions(cap, "--keylog " + sh_quote(missing) + " ", &status);
  CHECK(status != 0);
  CHECK(out.find(missing) != std::string::npos);
}

TEST_CASE("every sample's key log: split in two files equals it whole") {
  const fs::path dir = temp_dir("keylog-split");
  size_t compared = 0;
  for (const fs::path& cap : sample_capture_files()) {
    const fs::path keys = cap.string() + ".keys";
    if (!fs::exists(keys)) continue;
    CAPTURE(cap.filename().string());
    const std::string text = read_file(keys);
    REQUIRE(!text.empty());
    // Cut at a line end near the middle; the later half is given first.
    const size_t cut = text.find('\n', text.size() / 2);
    const size_t at = cut == std::string::npos ? text.size() : cut + 1;
    const fs::path a = dir / (cap.filename().string() + ".a"),
                   b = dir / (cap.filename().string() + ".b");
    std::ofstream(a, std::ios::binary) << text.substr(0, at);
    std::ofstream(b, std::ios::binary) << text.substr(at);
    int whole_status = -1, split_status = -1;
    const std::string whole = sessions(
        cap, "--keylog " + sh_quote(keys.string()) + " ", &whole_status);
    const std::string split =
        sessions(cap,
                 "--keylog " + sh_quote(b.string()) + " --keylog " +
                     sh_quote(a.string()) + " ",
                 &split_status);
    CHECK(whole_status == split_status);
    CHECK(whole == split);
    CHECK(whole != sessions(cap, ""));
    ++compared;
  }
  CHECK(compared >= 10);  // samples/ holds ten captures with key logs
}
