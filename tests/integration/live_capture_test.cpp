// SPDX-License-Identifier: GPL-2.0-or-later
// `tracelab live` on a real veth pair between two network namespaces.
#include <doctest/doctest.h>

#include <sstream>

#include "test_support.hpp"

using namespace tracelab::test;

namespace {
int count_lines_containing(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line))
    if (line.find(needle) != std::string::npos) ++n;
  return n;
}
}  // namespace

TEST_CASE("live capture on a veth pair sees real traffic and stops cleanly") {
  const auto work = temp_dir("live");
  int status = 0;
  const std::string script =
      std::string(TRACELAB_SOURCE_DIR) + "/tests/integration/live_netns.sh";
  const std::string log =
      run("bash " + sh_quote(script) + " " + sh_quote(tracelab_bin()) + " " +
              sh_quote(work.string()) + " 2>&1",
          &status);
  if (status == 77) {
    MESSAGE("skipped: " << log);
    return;
  }
  INFO(log);
  REQUIRE(status == 0);
  CHECK(log.find("exit status 0") != std::string::npos);
  // The summary names what was seen and dropped.
  CHECK(log.find("packets captured") != std::string::npos);
  CHECK(log.find("dropped by kernel") != std::string::npos);

  const std::string ndjson = read_file(work / "live.ndjson");
  INFO(ndjson);
  CHECK(count_lines_containing(ndjson, "\\u2192 8080 [SYN]") +
            count_lines_containing(ndjson, "\u2192 8080 [SYN]") >=
        3);
  CHECK(count_lines_containing(ndjson, "Len=10\"") >= 4);  // the datagrams
  const int live_frames = count_lines_containing(ndjson, "{\"no\":");

  // What -w wrote reads back as the same frames.
  const std::string reread = run(
      sh_quote(tracelab_bin()) + " packets --show-secrets --json --no-header " +
          sh_quote((work / "live.pcapng").string()),
      &status);
  CHECK(status == 0);
  CHECK(count_lines_containing(reread, "{\"no\":") == live_frames);
  if (have_tool("tshark")) {
    const std::string t =
        run("tshark -n -r " + sh_quote((work / "live.pcapng").string()) +
                " 2>/dev/null | wc -l",
            &status);
    CHECK(std::stoi(t) == live_frames);
  }
}
