// SPDX-License-Identifier: GPL-2.0-or-later
//
// The Wireshark plugin, loaded by the real tshark: every sample capture
// must show, frame for frame, the sessions, steps and explanations
// `tracelab sessions --json` gives for it (key logs through the plugin's
// preference), the frames `-Y tracelab.finding` selects must be exactly the
// frames findings name, and `-z tracelab,sessions` must print what
// `tracelab sessions` prints -- in English and in Russian.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "tracelab/text.hpp"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace tracelab::test;

namespace {

// Wireshark ignores WIRESHARK_PLUGIN_DIR (and personal plugins) when it runs
// as root, so as root tshark runs as "nobody", on copies of the plugin and
// the capture in a folder nobody can read (the checkout may be in /root).
class Tshark {
  static constexpr fs::perms kReadable =
      fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
      fs::perms::others_read | fs::perms::others_exec;

 public:
  Tshark() {
    dir_ = temp_dir("plugin");
    fs::permissions(dir_, kReadable);
    const fs::path epan =
        dir_ / "plugins" / TRACELAB_WIRESHARK_VERSION / "epan";
    fs::create_directories(epan);
    fs::copy_file(TRACELAB_PLUGIN_FILE, epan / "tracelab.so");
    for (fs::path p = epan; p != dir_; p = p.parent_path())
      fs::permissions(p, kReadable);
    prefix_ = "env HOME=" + sh_quote(dir_.string()) +
              " WIRESHARK_PLUGIN_DIR=" + sh_quote((dir_ / "plugins").string()) +
              " tshark";
    if (geteuid() == 0)
      prefix_ =
          "setpriv --reuid=nobody --regid=nogroup --clear-groups " + prefix_;
  }
  // A copy of `file` nobody can read.
  fs::path stage(const fs::path& file) {
    const fs::path to = dir_ / file.filename();
    if (!fs::exists(to)) {
      fs::copy_file(file, to);
      fs::permissions(to, fs::perms::owner_all | fs::perms::group_read |
                              fs::perms::others_read);
    }
    return to;
  }
  std::string operator()(const std::string& args, int* status = nullptr) {
    return run(prefix_ + " " + args + " 2>/dev/null", status);
  }

 private:
  fs::path dir_;
  std::string prefix_;
};

Tshark& tshark() {
  static Tshark t;
  return t;
}

struct Sample {
  fs::path capture, keys;
};

// Wireshark 4.0 hands the key logs a pcapng carries in Decryption Secrets
// Blocks to its own TLS dissector only (secrets_register_type is not
// exported to plugins), and tshark --export-tls-session-keys writes no TLS
// 1.3 secrets: such a capture decrypts in `tracelab` but not in the plugin
// unless its key log is given as a file (README, "Wireshark plugin").
bool keys_only_embedded(const fs::path& capture) {
  return capture.filename() == "tls13-ipv6-embedded-keys.pcapng";
}

std::vector<Sample> samples() {
  std::vector<Sample> out;
  for (const auto& c : sample_capture_files()) {
    if (keys_only_embedded(c)) continue;
    Sample s{c, fs::path(c.string() + ".keys")};
    if (!fs::exists(s.keys)) s.keys.clear();
    out.push_back(s);
  }
  return out;
}

std::string tracelab_args(const Sample& s, const std::string& lang) {
  std::string a = " --lang " + lang + " ";
  if (!s.keys.empty()) a += "--keylog " + sh_quote(s.keys.string()) + " ";
  return a + sh_quote(s.capture.string());
}

std::string tshark_args(const Sample& s, const std::string& lang) {
  std::string a = "-o tracelab.lang:" + lang + " ";
  if (!s.keys.empty())
    a += "-o " +
         sh_quote("tracelab.keylog_file:" + tshark().stage(s.keys).string()) +
         " ";
  return a + "-r " + sh_quote(tshark().stage(s.capture).string());
}

// The frames `tshark -T fields -e frame.number` printed.
std::set<uint64_t> frame_numbers(const std::string& out) {
  std::set<uint64_t> frames;
  std::istringstream in(out);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) frames.insert(std::stoull(l));
  return frames;
}

// What a frame shows: its steps' (session, kind, note), in order.
using Steps = std::vector<std::string>;

std::string shown(const std::string& s) {
  std::string out;
  tracelab::append_display_text(out, s);
  return out;
}

// From `tracelab sessions --json`: per frame, "session kind note" of each
// step, and the frames findings name.
void expected(const std::string& ndjson, std::map<uint64_t, Steps>& steps,
              std::set<uint64_t>& finding_frames) {
  std::istringstream in(ndjson);
  std::string line;
  std::getline(in, line);  // the schema line
  while (std::getline(in, line)) {
    const json s = json::parse(line);
    const uint64_t id = s["id"];
    for (const auto& e : s["events"])
      steps[e["frame"].get<uint64_t>()].push_back(
          std::to_string(id) + " " + e["kind"].get<std::string>() + " " +
          shown(e.value("note", "")));
    for (const auto& f : s["findings"])
      for (const auto& fr : f["frames"])
        finding_frames.insert(fr.get<uint64_t>());
  }
}

// From tshark -T json -e ...: the same per frame.
std::map<uint64_t, Steps> shown_by_plugin(const std::string& out) {
  std::map<uint64_t, Steps> steps;
  const json all = json::parse(out);
  for (const auto& pkt : all) {
    const json& l = pkt["_source"]["layers"];
    if (!l.contains("tracelab.step")) continue;
    const uint64_t frame = std::stoull(l["frame.number"][0].get<std::string>());
    const std::string session = l["tracelab.session"][0];
    const auto& kinds = l["tracelab.step"];
    const auto& notes = l["tracelab.note"];
    REQUIRE(kinds.size() == notes.size());
    for (size_t i = 0; i < kinds.size(); ++i)
      steps[frame].push_back(session + " " + kinds[i].get<std::string>() + " " +
                             notes[i].get<std::string>());
  }
  return steps;
}

void compare_fields(const Sample& s, const std::string& lang) {
  int status = -1;
  const std::string mine = run(
      sh_quote(tracelab_bin()) + " sessions --json" + tracelab_args(s, lang),
      &status);
  REQUIRE(status == 0);
  std::map<uint64_t, Steps> want;
  std::set<uint64_t> want_findings;
  expected(mine, want, want_findings);
  REQUIRE(!want.empty());

  // Two passes: findings about a step (a QUIT that never came) are known
  // only once the session is over, after the frame was first dissected.
  const std::string out = tshark()(
      "-2 " + tshark_args(s, lang) +
          " -T json -e frame.number -e tracelab.session -e tracelab.step"
          " -e tracelab.note",
      &status);
  REQUIRE(status == 0);
  const auto got = shown_by_plugin(out);
  CHECK(got.size() == want.size());
  for (const auto& [frame, steps] : want) {
    INFO("frame " << frame);
    auto it = got.find(frame);
    REQUIRE(it != got.end());
    CHECK(it->second == steps);
  }

  const std::string filtered =
      tshark()("-2 " + tshark_args(s, lang) +
                   " -Y tracelab.finding -T fields -e frame.number",
               &status);
  REQUIRE(status == 0);
  CHECK(frame_numbers(filtered) == want_findings);
}

void compare_tap(const Sample& s, const std::string& lang) {
  int status = -1;
  const std::string mine = run(
      sh_quote(tracelab_bin()) + " sessions" + tracelab_args(s, lang), &status);
  REQUIRE(status == 0);
  REQUIRE(!mine.empty());
  const std::string tap =
      tshark()("-q -z tracelab,sessions " + tshark_args(s, lang), &status);
  REQUIRE(status == 0);
  CHECK(tap == mine);
}

}  // namespace

TEST_CASE("plugin: tshark lists the plugin and its fields") {
  REQUIRE(have_tool("tshark"));
  const std::string plugins = tshark()("-G plugins");
  CHECK(plugins.find("tracelab.so") != std::string::npos);
  const std::string fields = tshark()("-G fields");
  for (const char* f : {"tracelab.session", "tracelab.step", "tracelab.command",
                        "tracelab.outcome", "tracelab.note", "tracelab.finding",
                        "tracelab.related", "tracelab.artifact",
                        "tracelab.grade.criterion", "tracelab.grade.result"}) {
    INFO(f);
    CHECK(fields.find(std::string("\t") + f + "\t") != std::string::npos);
  }
}

TEST_CASE("plugin: every sample frame for frame as tracelab sessions --json") {
  REQUIRE(have_tool("tshark"));
  const auto all = samples();
  REQUIRE(all.size() >= 20);
  for (const auto& s : all) {
    INFO(s.capture.filename().string());
    compare_fields(s, "en");
  }
}

TEST_CASE("plugin: -z tracelab,sessions prints what tracelab sessions prints") {
  REQUIRE(have_tool("tshark"));
  const auto all = samples();
  REQUIRE(all.size() >= 20);
  for (const auto& s : all) {
    INFO(s.capture.filename().string());
    compare_tap(s, "en");
  }
}

TEST_CASE("plugin: in Russian, on the flawed lab sessions") {
  REQUIRE(have_tool("tshark"));
  size_t flawed = 0;
  for (const auto& s : samples()) {
    if (!is_flawed_sample(s.capture)) continue;
    ++flawed;
    INFO(s.capture.filename().string());
    compare_fields(s, "ru");
    compare_tap(s, "ru");
  }
  CHECK(flawed >= 10);
}

namespace {

// The lab a sample is a session of, by its name (samples/README.md).
std::string rubric_for(const fs::path& capture) {
  const std::string n = capture.filename().string();
  for (const auto& [prefix, rubric] :
       std::vector<std::pair<std::string, std::string>>{
           {"pop3-", "pop3-read"},
           {"smtp-", "smtp-send"},
           {"imap-", "imap-read"},
           {"ftp-", "ftp-session"},
           {"tftp", "tftp-transfer"},
           {"http-redirect", "http-to-https"}})
    if (n.rfind(prefix, 0) == 0) return rubric;
  return "";
}

}  // namespace

TEST_CASE("plugin: grades as tracelab grade, on the evidence frames") {
  REQUIRE(have_tool("tshark"));
  size_t graded = 0;
  for (const auto& s : samples()) {
    const std::string rubric = rubric_for(s.capture);
    if (rubric.empty()) continue;
    ++graded;
    INFO(s.capture.filename().string() << " " << rubric);
    int status = -1;
    std::string cmd =
        sh_quote(tracelab_bin()) + " grade --json --rubric " + rubric + " ";
    if (!s.keys.empty()) cmd += "--keylog " + sh_quote(s.keys.string()) + " ";
    const std::string mine = run(cmd + sh_quote(s.capture.string()), &status);
    REQUIRE(status == 0);
    std::istringstream lines(mine);
    std::string header, row;
    std::getline(lines, header);
    std::getline(lines, row);
    json want = json::parse(row);

    const std::string tap = tshark()(
        "-q -z tracelab,grade," + rubric + ",json " + tshark_args(s, "en"),
        &status);
    REQUIRE(status == 0);
    std::istringstream tap_lines(tap);
    std::getline(tap_lines, header);
    std::getline(tap_lines, row);
    json got = json::parse(row);
    // Wireshark does not tell a plugin the file's name: the submission and
    // the student are the command's own.
    for (json* j : {&want, &got}) {
      j->erase("submission");
      j->erase("student");
      j->erase("keylogs");
    }
    CHECK(got == want);

    std::set<uint64_t> evidence;
    for (const auto& c : want["criteria"])
      for (const auto& f : c["frames"]) evidence.insert(f.get<uint64_t>());
    const std::string shown_frames = tshark()(
        "-2 -o tracelab.rubric:" + rubric + " " + tshark_args(s, "en") +
            " -Y tracelab.grade.criterion -T fields -e frame.number",
        &status);
    REQUIRE(status == 0);
    CHECK(frame_numbers(shown_frames) == evidence);
  }
  CHECK(graded >= 20);
}

TEST_CASE("plugin: a capture cut short is read up to the damage") {
  REQUIRE(have_tool("tshark"));
  const fs::path whole = samples_dir() / "smtp-auth-login-mime.pcap";
  const std::string bytes = read_file(whole);
  REQUIRE(bytes.size() > 2000);
  const fs::path cut = temp_dir("plugin-cut") / "cut.pcap";
  {
    std::FILE* f = std::fopen(cut.c_str(), "wb");
    REQUIRE(f);
    // Mid-record: the last record's header says more than is there.
    std::fwrite(bytes.data(), 1, bytes.size() - 700, f);
    std::fclose(f);
  }
  int status = -1;
  const std::string tap = tshark()(
      "-q -z tracelab,sessions -r " + sh_quote(tshark().stage(cut).string()),
      &status);
  // tshark says the file is cut short; the plugin printed the sessions of
  // what could be read, as the command does.
  const std::string mine =
      run(sh_quote(tracelab_bin()) + " sessions " + sh_quote(cut.string()));
  CHECK(!mine.empty());
  CHECK(tap == mine);
}
