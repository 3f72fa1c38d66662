// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 13 item 11: the command line as tshark users expect it.  tshark is
// the oracle for frame numbers and times under a filter and for -t; the
// one-file runs are the oracle for several files and folders; an explicit
// --keylog is the oracle for the key log found beside a capture.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "dialog_capture.hpp"
#include "test_support.hpp"

using namespace tracelab::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string tl(const std::string& args, int* status = nullptr) {
  return run(sh_quote(tracelab_bin()) + " " + args, status);
}

fs::path two_dialogs(const std::string& hint) {
  const fs::path dir = temp_dir(hint);
  TcpDialog(40021, 21)
      .server("220 one\r\n")
      .client("USER a\r\n")
      .server("331 pw\r\n")
      .write(dir / "a.pcap");
  TcpDialog(40022, 110)
      .server("+OK two\r\n")
      .client("QUIT\r\n")
      .server("+OK bye\r\n")
      .write(dir / "b.pcap");
  return dir;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

}  // namespace

TEST_CASE("-f keeps Wireshark's frame numbers and times") {
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is the oracle of this test");
  const fs::path cap = two_dialogs("habits-f") / "a.pcap";
  // The server's frames only: 2, 5 of the capture.
  const auto oracle = lines_of(
      run("tshark -n -r " + sh_quote(cap.string()) +
          " -Y 'ip.src==10.0.0.2' -T fields -E separator=/t -e frame.number"
          " -e frame.time_relative 2>/dev/null"));
  REQUIRE(oracle.size() >= 2);
  int status = 0;
  const auto ours =
      lines_of(tl("packets --json --no-header --no-progress -f "
                  "'src host 10.0.0.2' " +
                      sh_quote(cap.string()),
                  &status));
  REQUIRE(status == 0);
  REQUIRE(ours.size() == oracle.size());
  for (size_t i = 0; i < ours.size(); ++i) {
    const json j = json::parse(ours[i]);
    const std::string no = oracle[i].substr(0, oracle[i].find('\t'));
    const double t = std::stod(oracle[i].substr(oracle[i].find('\t') + 1));
    CHECK(j["no"].get<uint64_t>() == std::stoull(no));
    CHECK(j["time"].get<double>() == doctest::Approx(t).epsilon(1e-9));
  }
}

TEST_CASE("-t r|a|d|e: the Time column as tshark's -t") {
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is the oracle of this test");
  const std::string cap =
      (samples_dir() / "ftp-active.pcap").string();  // irregular times
  REQUIRE(fs::exists(cap));
  for (const char* t : {"r", "a", "d", "e"}) {
    CAPTURE(t);
    const auto oracle =
        lines_of(run("TZ=UTC tshark -n -r " + sh_quote(cap) + " -t " + t +
                     " -T fields -e _ws.col.Time 2>/dev/null"));
    int status = 0;
    const auto ours = lines_of(run(
        "TZ=UTC " + sh_quote(tracelab_bin()) +
            " packets --no-header --no-progress -t " + t + " " + sh_quote(cap),
        &status));
    REQUIRE(status == 0);
    REQUIRE(ours.size() == oracle.size());
    REQUIRE_FALSE(ours.empty());
    for (size_t i = 0; i < ours.size(); ++i) {
      std::istringstream row(ours[i]);
      std::string no, time;
      row >> no >> time;
      CHECK(time == oracle[i]);
    }
  }
  CHECK(
      run(sh_quote(tracelab_bin()) + " packets -t x " + sh_quote(cap) + " 2>&1")
          .find("-t") != std::string::npos);
}

TEST_CASE("-r FILE, several files and folders, for every verb") {
  const fs::path dir = two_dialogs("habits-multi");
  const std::string a = (dir / "a.pcap").string(),
                    b = (dir / "b.pcap").string();
  for (const char* verb : {"packets", "sessions"}) {
    for (const char* json : {"", " --json"}) {
      CAPTURE(verb);
      CAPTURE(json);
      const std::string v = std::string(verb) + json + " --no-progress ";
      const std::string one_a = tl(v + sh_quote(a)),
                        one_b = tl(v + sh_quote(b));
      REQUIRE_FALSE(one_a.empty());
      CHECK(tl(v + "-r " + sh_quote(a)) == one_a);
      // Text views name each capture; JSON has one header line per capture.
      const std::string both = *json ? one_a + one_b
                                     : "==> " + a + " <==\n" + one_a +
                                           "\n==> " + b + " <==\n" + one_b;
      int status = 0;
      CHECK(tl(v + sh_quote(a) + " " + sh_quote(b), &status) == both);
      CHECK(status == 0);
      CHECK(tl(v + sh_quote(dir.string())) == both);  // sorted by name
    }
  }
  // extract: one folder per capture, each as a run on that capture alone.
  const fs::path out = temp_dir("habits-x") / "out";
  int status = 0;
  tl("extract --no-progress -o " + sh_quote(out.string()) + " " +
         sh_quote(dir.string()),
     &status);
  CHECK(status == 0);
  CHECK(fs::exists(out / "a.pcap" / "index.json"));
  CHECK(fs::exists(out / "b.pcap" / "index.json"));
  // A missing input is named and fails the run.
  const std::string err =
      tl("packets --no-progress " + sh_quote(a) + " /nonexistent.pcap 2>&1",
         &status);
  CHECK(status == 1);
  CHECK(err.find("/nonexistent.pcap") != std::string::npos);
}

TEST_CASE("a key log beside the capture is used, and said so") {
  const fs::path src = samples_dir() / "imaps.pcap";
  REQUIRE(fs::exists(src));
  REQUIRE(fs::exists(src.string() + ".keys"));
  for (const char* ext : {".keys", ".keylog"}) {
    CAPTURE(ext);
    const fs::path dir = temp_dir("habits-keys");
    const fs::path cap = dir / "imaps.pcap";
    fs::copy_file(src, cap, fs::copy_options::overwrite_existing);
    fs::copy_file(src.string() + ".keys", cap.string() + ext,
                  fs::copy_options::overwrite_existing);
    const std::string errf = (dir / "stderr").string();
    const std::string found =
        tl("sessions --json --no-progress " + sh_quote(cap.string()) + " 2>" +
           sh_quote(errf));
    const std::string given =
        tl("sessions --json --no-progress --keylog " +
           sh_quote(src.string() + ".keys") + " " + sh_quote(cap.string()));
    CHECK(found == given);
    CHECK(read_file(errf).find("key log " + cap.string() + ext) !=
          std::string::npos);
    fs::remove(cap.string() + ext);
    CHECK(tl("sessions --json --no-progress " + sh_quote(cap.string())) !=
          given);  // the key log mattered
  }
}

TEST_CASE("a one-line summary on stderr, stdout untouched") {
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is the oracle of this test");
  const std::string cap = (samples_dir() / "ftp-active.pcap").string();
  const fs::path errf = temp_dir("habits-sum") / "stderr";
  const std::string out =
      tl("packets --json " + sh_quote(cap) + " 2>" + sh_quote(errf.string()));
  CHECK(out == tl("packets --json --no-progress " + sh_quote(cap)));
  const std::string frames = std::to_string(
      lines_of(run("tshark -n -r " + sh_quote(cap) + " 2>/dev/null")).size());
  const std::string streams = std::to_string(
      lines_of(run("tshark -n -r " + sh_quote(cap) +
                   " -T fields -e tcp.stream 2>/dev/null | sort -u"))
          .size());
  const std::regex line("tracelab: " + frames + " frames, " + streams +
                        " sessions, [0-9]+ bytes in [0-9.]+ s, 0 warnings\n");
  CHECK_MESSAGE(std::regex_match(read_file(errf), line), read_file(errf));
}
