// SPDX-License-Identifier: GPL-2.0-or-later
//
// The whole tool over the shared capture corpus, with tshark's packet lists
// (CAPTURE.tshark.tsv, made by tshark 4.0.17) as the oracle.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

struct Tally {
  double frames = 0, missing = 0, protocol = 0, info = 0, info_loose = 0,
         addr = 0, length = 0;
  void add(const json& j) {
    frames += j.value("frames", 0);
    missing += j.value("missing", 0);
    protocol += j.value("protocol", 0);
    info += j.value("info", 0);
    info_loose += j.value("info~", 0);
    addr += j.value("addr", 0);
    length += j.value("length", 0);
  }
  // Nothing compared is 0 %: a threshold then fails instead of passing.
  double pct(double v) const { return frames ? 100.0 * v / frames : 0.0; }
};

std::string table_line(const std::string& name, const Tally& t) {
  std::ostringstream s;
  s.precision(1);
  s << std::fixed << name << ": frames " << t.frames << " missing " << t.missing
    << " proto " << t.pct(t.protocol) << "% info " << t.pct(t.info)
    << "% info~ " << t.pct(t.info_loose) << "% addr " << t.pct(t.addr)
    << "% len " << t.pct(t.length) << "%";
  return s.str();
}

fs::path agreement_tool() {
  return shared_captures().parent_path() / "tools" / "packet_list_agreement.py";
}

}  // namespace

namespace {
void check_read_to_end(const std::vector<fs::path>& files) {
  const auto work = temp_dir("corpus");
  for (const auto& cap : files) {
    INFO(cap.string());
    int status = 0;
    const fs::path out = work / (cap.filename().string() + ".ndjson");
    const std::string err =
        run(sh_quote(tracelab_bin()) +
                " packets --show-secrets --json --no-progress " +
                sh_quote(cap.string()) + " 2>&1 >" + sh_quote(out.string()),
            &status);
    INFO(err);
    CHECK(status == 0);
    std::ifstream in(out);
    std::string line;
    size_t frames = 0, n = 0;
    while (std::getline(in, line)) {
      ++n;
      json j;
      REQUIRE_NOTHROW(j = json::parse(line));
      if (n == 1) {
        CHECK(j["schema"] == "tracelab.packets");
        continue;
      }
      CHECK(j["no"].get<size_t>() == frames + 1);
      ++frames;
      for (const char* key :
           {"time", "src", "dst", "protocol", "length", "info"})
        CHECK_MESSAGE(j.contains(key), key);
    }
    // As many frames as tshark lists.
    const fs::path tsv = cap.string() + ".tshark.tsv";
    if (fs::exists(tsv)) {
      std::ifstream t(tsv);
      size_t rows = 0;
      while (std::getline(t, line)) ++rows;
      CHECK(frames == rows);
    }
  }
}

}  // namespace

TEST_CASE("every shared capture is read to its end, as valid NDJSON") {
  check_read_to_end(shared_capture_files());
}

TEST_CASE("every sample is read to its end, as valid NDJSON") {
  const auto files = sample_capture_files();
  REQUIRE(!files.empty());
  check_read_to_end(files);
}

TEST_CASE("packet list agrees with tshark on TCP and UDP frames") {
  const auto files = shared_capture_files();
  REQUIRE_FALSE(files.empty());  // nothing to compare must not pass
  if (!fs::exists(agreement_tool()) || !have_tool("python3")) {
    MESSAGE("skipped: packet_list_agreement.py or python3 missing");
    return;
  }
  const auto work = temp_dir("agree");
  std::map<std::string, Tally> per_protocol;
  std::map<std::string, Tally> per_capture_tcp;
  for (const auto& cap : files) {
    const fs::path tsv = cap.string() + ".tshark.tsv";
    if (!fs::exists(tsv)) continue;
    const fs::path out = work / (cap.filename().string() + ".ndjson");
    int status = 0;
    run(sh_quote(tracelab_bin()) +
            " packets --show-secrets --json --no-progress " +
            sh_quote(cap.string()) + " >" + sh_quote(out.string()) +
            " 2>/dev/null",
        &status);
    const std::string report =
        run("python3 " + sh_quote(agreement_tool().string()) + " " +
            sh_quote(out.string()) + " " + sh_quote(tsv.string()) + " --json");
    json j;
    REQUIRE_NOTHROW(j = json::parse(report));
    for (auto it = j.begin(); it != j.end(); ++it) {
      per_protocol[it.key()].add(it.value());
      if (it.key() == "TCP")
        per_capture_tcp[cap.filename().string()].add(it.value());
    }
  }
  for (const auto& [name, t] : per_protocol) MESSAGE(table_line(name, t));
  for (const auto& [name, t] : per_capture_tcp)
    if (t.info < t.frames) MESSAGE(table_line("TCP in " + name, t));

  for (const char* proto : {"TCP", "UDP"}) {
    const Tally& t = per_protocol[proto];
    INFO(table_line(proto, t));
    CHECK(t.missing == 0);
    CHECK(t.pct(t.protocol) >= 99.0);
    CHECK(t.pct(t.addr) >= 99.0);
    CHECK(t.pct(t.length) >= 99.0);
  }
  // Frames tshark gives to HTTP (HTTP, HTTP/JSON, HTTP/XML) carry the HTTP
  // dissector's columns: those are compared too.
  Tally http;
  for (const auto& [name, t] : per_protocol) {
    if (name != "HTTP" && !name.starts_with("HTTP/")) continue;  // not HTTP2
    http.frames += t.frames;
    http.protocol += t.protocol;
    http.info += t.info;
  }
  INFO(table_line("HTTP*", http));
  CHECK(http.frames > 0);
  CHECK(http.pct(http.protocol) >= 95.0);
  CHECK(http.pct(http.info) >= 95.0);
  // Exact Info on TCP-labelled frames also needs the application dissectors
  // ("[TCP segment of a reassembled PDU]", HTTP status lines on TCP rows);
  // the TCP layer's own share is checked by the next test.
}

namespace {
std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  size_t start = 0;
  for (;;) {
    const size_t tab = line.find('\t', start);
    cols.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return cols;
}

std::string strip_pdu_note(std::string s) {
  const std::string note = " [TCP segment of a reassembled PDU]";
  if (s.size() >= note.size() &&
      s.compare(s.size() - note.size(), note.size(), note) == 0)
    s.resize(s.size() - note.size());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}
}  // namespace

namespace {
void check_tcp_layer_info(const std::vector<fs::path>& files) {
  const auto work = temp_dir("tcpinfo");
  size_t compared = 0, equal = 0;
  std::string first_misses;
  for (const auto& cap : files) {
    const fs::path tsv = cap.string() + ".tshark.tsv";
    if (!fs::exists(tsv)) continue;
    std::map<size_t, std::string> ours;
    {
      const std::string out =
          run(sh_quote(tracelab_bin()) +
              " packets --show-secrets --json --no-header --no-progress " +
              sh_quote(cap.string()) + " 2>/dev/null");
      std::istringstream in(out);
      std::string line;
      while (std::getline(in, line)) {
        const json j = json::parse(line);
        ours[j["no"].get<size_t>()] = j["info"].get<std::string>();
      }
    }
    std::ifstream t(tsv);
    std::string line;
    while (std::getline(t, line)) {
      const auto cols = split_tabs(line);
      if (cols.size() < 9 || cols[6] != "TCP") continue;
      // Rows where an application dissector wrote the Info are theirs.
      const std::string want = strip_pdu_note(cols[8]);
      size_t body = 0;  // past the leading "[TCP ...] " analysis notes
      while (body < want.size() && want[body] == '[') {
        const size_t close = want.find("] ", body);
        if (close == std::string::npos) break;
        body = close + 2;
      }
      if (body >= want.size() || want[body] < '0' || want[body] > '9') continue;
      ++compared;
      const size_t no = std::stoul(cols[0]);
      const std::string got = strip_pdu_note(ours[no]);
      if (got == want) {
        ++equal;
      } else if (first_misses.size() < 4000) {
        first_misses += cap.filename().string() + " #" + cols[0] +
                        "\n  tshark: " + want + "\n  ours:   " + got + "\n";
      }
    }
  }
  REQUIRE(compared > 0);
  const double pct =
      100.0 * static_cast<double>(equal) / static_cast<double>(compared);
  MESSAGE("TCP-layer Info: " << equal << " of " << compared << " equal (" << pct
                             << "%)");
  INFO(first_misses);
  CHECK(pct >= 99.5);
}
}  // namespace

TEST_CASE("TCP Info is tshark's on every segment the TCP layer describes") {
  check_tcp_layer_info(shared_capture_files());
}

TEST_CASE("TCP Info on the samples is tshark's") {
  check_tcp_layer_info(sample_capture_files());
}
