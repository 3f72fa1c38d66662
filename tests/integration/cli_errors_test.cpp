// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 13 item 10: errors that say so.  Each case is a mistake a user
// makes (a bad filter, a cut file, a negative bound, an option the verb
// does not use); each must end with a message on stderr, nothing on stdout
// and the status the README documents (1 usage, 2 damaged input).
#include <doctest/doctest.h>

#include <sstream>

#include "../capture/capture_builder.hpp"
#include "dialog_capture.hpp"
#include "test_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  int status = 0;
  std::string out, err;
};

Outcome tl(const std::string& args) {
  const fs::path errf = temp_dir("cli-errors") / "stderr";
  Outcome o;
  o.out = run(
      sh_quote(tracelab_bin()) + " " + args + " 2>" + sh_quote(errf.string()),
      &o.status);
  o.err = read_file(errf);
  return o;
}

// A phrase said twice in a row ("link type link type 147", "No such device
// exists: No such device exists").
bool doubled(const std::string& msg) {
  std::vector<std::string> w;
  std::istringstream in(msg);
  for (std::string x; in >> x;) {
    while (!x.empty() && (x.back() == ':' || x.back() == ',')) x.pop_back();
    w.push_back(x);
  }
  for (size_t n = 2; n <= w.size() / 2; ++n)
    for (size_t i = 0; i + 2 * n <= w.size(); ++i)
      if (std::equal(w.begin() + i, w.begin() + i + n, w.begin() + i + n))
        return true;
  return false;
}

std::string write_dialog() {
  const fs::path p = temp_dir("cli-errors") / "ftp.pcap";
  TcpDialog(40010, 21).server("220 ready\r\n").client("QUIT\r\n").write(p);
  return p.string();
}

void write_bytes(const fs::path& p, const Bytes& b) {
  std::ofstream(p, std::ios::binary)
      .write(reinterpret_cast<const char*>(b.data()), b.size());
}

}  // namespace

TEST_CASE("the doubled-phrase check finds what the issue reported") {
  CHECK(doubled("interface 0: link type link type 147 (147) is not"));
  CHECK(
      doubled("cannot capture: No such device exists: No such device "
              "exists"));
  CHECK_FALSE(doubled("interface 0: link type 147 is not supported"));
}

TEST_CASE("an invalid -f filter on a file is refused before reading") {
  const std::string cap = write_dialog();
  for (const char* verb : {"packets", "sessions"}) {
    CAPTURE(verb);
    const Outcome o =
        tl(std::string(verb) + " -f 'tcp portx 21' " + sh_quote(cap));
    CHECK(o.status == 1);
    CHECK(o.out.empty());  // not even the header of an empty list
    CHECK(o.err.find("invalid capture filter \"tcp portx 21\"") !=
          std::string::npos);
    CHECK_FALSE(doubled(o.err));
  }
  const Outcome e =
      tl("extract -f 'tcp portx 21' -o " +
         sh_quote((temp_dir("cli-x") / "out").string()) + " " + sh_quote(cap));
  CHECK(e.status == 1);
  CHECK(e.err.find("invalid capture filter") != std::string::npos);
  // A valid filter still works, and one for another link layer is not
  // refused up front (it may match on some interface).
  CHECK(tl("packets --no-progress -f 'tcp port 21' " + sh_quote(cap)).status ==
        0);
  CHECK(tl("packets --no-progress -f 'ether host 00:11:22:33:44:55' " +
           sh_quote(cap))
            .status == 0);
}

TEST_CASE("truncated pcap and pcapng headers: the same damage status") {
  const fs::path dir = temp_dir("cli-trunc");
  Bytes pcap = pcap_file({}, false);
  pcap.resize(10);
  Bytes pcapng = PcapngBuilder().shb().bytes();
  pcapng.resize(10);
  write_bytes(dir / "cut.pcap", pcap);
  write_bytes(dir / "cut.pcapng", pcapng);
  for (const char* name : {"cut.pcap", "cut.pcapng"}) {
    CAPTURE(name);
    const std::string path = (dir / name).string();
    const Outcome o = tl("packets --no-progress " + sh_quote(path));
    CHECK(o.status == 2);  // README: 2, the capture is damaged
    CHECK(o.err.find(path + ": offset 0: truncated") != std::string::npos);
  }
}

TEST_CASE("negative bounds are refused, not wrapped to 2^64-1") {
  const std::string cap = write_dialog();
  for (const char* opt : {"--flow-buffer -1", "--total-buffer -5", "-c -1",
                          "--flow-buffer=-1", "--count=-2"}) {
    CAPTURE(opt);
    const Outcome o =
        tl(std::string("packets --no-progress ") + opt + " " + cap);
    CHECK(o.status == 1);
    CHECK(o.out.empty());
    CHECK_FALSE(o.err.empty());
  }
}

TEST_CASE("options a verb would ignore are refused") {
  const std::string cap = write_dialog();
  const std::string out = (temp_dir("cli-opts") / "x").string();
  const Outcome json = tl("extract --json --no-progress -o " + sh_quote(out) +
                          " " + sh_quote(cap));
  CHECK(json.status == 1);
  CHECK(json.err.find("--json") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  const Outcome lang = tl("packets --lang ru --no-progress " + sh_quote(cap));
  CHECK(lang.status == 1);
  CHECK(lang.err.find("--lang") != std::string::npos);
  CHECK(lang.out.empty());
  // Where they are used they are still taken.
  CHECK(tl("sessions --lang ru --no-progress " + sh_quote(cap)).status == 0);
  CHECK(tl("packets --json --no-progress " + sh_quote(cap)).status == 0);
}

TEST_CASE("--help names the program, not the path it was built at") {
  for (const char* verb :
       {"", "packets", "sessions", "extract", "live", "grade"}) {
    CAPTURE(verb);
    const Outcome o = tl(std::string(verb) + " --help");
    CHECK(o.status == 0);
    CHECK(o.out.find(tracelab_bin()) == std::string::npos);
    CHECK(o.out.find(TRACELAB_BINARY_DIR) == std::string::npos);
    CHECK(o.out.find("Usage: tracelab") != std::string::npos);
  }
}

TEST_CASE("messages name what went wrong once") {
  // Link type 147 (user 0) is not decoded: the warning names it once.
  const fs::path p = temp_dir("cli-link") / "user0.pcap";
  PcapRecord r;
  r.data = payload(40);
  write_bytes(p, pcap_file({r}, false, 0xa1b2c3d4, 65535, 147));
  const Outcome o = tl("packets --no-progress " + sh_quote(p.string()));
  CHECK(o.status == 0);
  CHECK(o.err.find("link type 147 is not supported") != std::string::npos);
  CHECK_FALSE(doubled(o.err));
  // An interface that does not exist: libpcap's status said once.
  const Outcome live = tl("live -i tl-no-such0 --no-progress");
  CHECK(live.status == 1);
  CHECK_FALSE(live.err.empty());
  CHECK_FALSE(doubled(live.err));
}

TEST_CASE("extract: -o \"\" and a folder with an index.json are refused") {
  const std::string cap = write_dialog();
  const Outcome none = tl("extract --no-progress -o '' " + cap);
  CHECK(none.status == 1);
  CHECK(none.err.find("-o \"\"") != std::string::npos);
  const fs::path out = temp_dir("cli-again") / "out";
  const std::string cmd =
      "extract --no-progress -o " + sh_quote(out.string()) + " " + cap;
  REQUIRE(tl(cmd).status == 0);
  const std::string index = read_file(out / "index.json");
  REQUIRE_FALSE(index.empty());
  const Outcome again = tl(cmd);
  CHECK(again.status == 1);
  CHECK(again.err.find("index.json") != std::string::npos);
  CHECK(read_file(out / "index.json") == index);
}
