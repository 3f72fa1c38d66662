// SPDX-License-Identifier: GPL-2.0-or-later
// HTTP against tshark 4.0: the packet list of the frames tshark labels HTTP
// (shared http/ captures and the http samples), and `extract` against
// `tshark --export-objects http` (every object tshark writes, we write too,
// byte for byte).
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_support.hpp"
#include "transfer_oracle.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

// sha256 -> count of the regular files in `dir` (index.json left out).
std::multiset<std::string> digests(const fs::path& dir) {
  std::multiset<std::string> out;
  std::istringstream in(
      run("cd " + sh_quote(dir.string()) +
          " && find . -maxdepth 1 -type f ! -name index.json -print0 | "
          "xargs -0 -r sha256sum"));
  for (std::string line; std::getline(in, line);)
    if (line.size() >= 64) out.insert(line.substr(0, 64));
  return out;
}

}  // namespace

TEST_CASE("HTTP packet list agrees with tshark") {
  const auto caps = transfer_captures("http", "http");
  if (caps.empty()) {
    MESSAGE("no http captures (../shared absent): skipped");
    return;
  }
  const InfoAgreement a = info_agreement(caps, {"HTTP"});
  REQUIRE(a.frames > 0);
  MESSAGE("HTTP frames: " << a.frames << ", Info exact " << a.exact << " ("
                          << a.percent() << "%)");
  INFO(a.misses);
  // Every frame, the decrypted HTTPS ones of the samples included.
  CHECK(a.exact == a.frames);
}

TEST_CASE("extract writes every object tshark --export-objects http writes") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  const auto caps = transfer_captures("http", "http");
  if (caps.empty()) {
    MESSAGE("no http captures (../shared absent): skipped");
    return;
  }
  // tshark also exports raw bytes it met where an HTTP message should start
  // but none did: the malformed requests of zeek-methods ("GET/ HTTP/1.1",
  // a frame it labels TCP) and the stray HTML after a complete response in
  // pcpp frame 111.  Those are not HTTP bodies, and extract does not turn
  // arbitrary non-HTTP bytes into files; they are listed here by name so
  // that nothing else can go missing unnoticed.
  const std::map<std::string, std::set<std::string>> not_bodies = {
      {"zeek-methods.pcap",
       {"object24", "object182", "object192", "object339", "object349",
        "object389", "object399", "object439", "object449", "object489",
        "object499", "object539", "object549", "object589", "object599",
        "object639", "object649"}},
      {"pcpp-650HttpResponses.pcap", {"object111"}},
  };
  size_t theirs_total = 0, excused = 0;
  for (const auto& cap : caps) {
    const std::string name = cap.filename().string();
    CAPTURE(name);
    // tshark's objects: "sha256 name" lines (cached with the oracle).
    const std::string listing = run_oracle(
        "d=$(mktemp -d) && tshark -n -r " + sh_quote(cap.string()) +
            " --export-objects http,$d >/dev/null 2>&1; (cd $d && find . "
            "-maxdepth 1 -type f -print0 | xargs -0 -r sha256sum); rm -rf $d",
        cap);
    const fs::path ours_dir = temp_dir("http-extract") / name;
    int status = 0;
    run(sh_quote(tracelab_bin()) + " extract --no-progress " +
            sh_quote(cap.string()) + " -o " + sh_quote(ours_dir.string()) +
            " >/dev/null",
        &status);
    CHECK(status == 0);
    std::multiset<std::string> ours = digests(ours_dir);
    std::istringstream in(listing);
    for (std::string line; std::getline(in, line);) {
      if (line.size() < 68) continue;
      ++theirs_total;
      const std::string sha = line.substr(0, 64);
      const std::string file = line.substr(68);  // after "  ./"
      const auto it = ours.find(sha);
      if (it != ours.end()) {
        ours.erase(it);
        continue;
      }
      const auto ex = not_bodies.find(name);
      if (ex != not_bodies.end() && ex->second.count(file)) {
        ++excused;
        continue;
      }
      FAIL_CHECK("tshark's object " << file << " (" << sha
                                    << ") is not among ours");
    }
    // index.json lists exactly the files written.
    const auto index = nlohmann::json::parse(read_file(ours_dir / "index.json"),
                                             nullptr, false);
    REQUIRE(index.is_object());
    CHECK(index["files"].size() == digests(ours_dir).size());
  }
  MESSAGE("tshark objects: " << theirs_total
                             << ", excused (not HTTP bodies): " << excused);
  if (!shared_captures().empty()) {  // the counts of the shared corpus
    CHECK(theirs_total > 300);
    CHECK(excused == 18);
  }
}

TEST_CASE(
    "a download under loss and reordering reads as tshark's, row by row") {
  // samples/http-lossy.pcap: a 200 kB body through a forwarder that drops
  // and reorders.  Segments held behind a hole, and the out-of-order ones
  // that fill it, are pieces of the body: "[TCP segment of a reassembled
  // PDU]" as tshark writes them, with its analysis notes in front.
  const auto cap = samples_dir() / "http-lossy.pcap";
  REQUIRE(std::filesystem::exists(cap));
  const InfoAgreement a = info_agreement({cap}, {"TCP", "HTTP"});
  INFO(a.misses);
  CHECK(a.frames > 250);
  CHECK(a.exact == a.frames);
}
