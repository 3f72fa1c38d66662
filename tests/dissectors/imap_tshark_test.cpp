// SPDX-License-Identifier: GPL-2.0-or-later
// The packet list on IMAP frames, compared with tshark 4.0's (the
// .tshark.tsv beside each capture): protocol column and exact Info.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "mail_tshark.hpp"
#include "test_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

std::string norm(const std::string& s) {
  std::string out;
  bool blank = false;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      blank = true;
      continue;
    }
    if (blank && !out.empty()) out.push_back(' ');
    blank = false;
    out.push_back(c);
  }
  return out;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  size_t start = 0;
  for (size_t tab; (tab = line.find('\t', start)) != line.npos; start = tab + 1)
    cols.push_back(line.substr(start, tab - start));
  cols.push_back(line.substr(start));
  return cols;
}

struct Score {
  size_t frames = 0, protocol = 0, info = 0;
  std::string misses;
};

void score(const fs::path& cap, Score& s) {
  const fs::path tsv = cap.string() + ".tshark.tsv";
  if (!fs::exists(tsv)) return;
  std::map<size_t, std::pair<std::string, std::string>> ours;
  std::istringstream out(run(sh_quote(tracelab_bin()) +
                             " packets --json --no-header --no-progress " +
                             sh_quote(cap.string()) + " 2>/dev/null"));
  for (std::string line; std::getline(out, line);) {
    const auto j = nlohmann::json::parse(line);
    ours[j["no"].get<size_t>()] = {j["protocol"].get<std::string>(),
                                   j["info"].get<std::string>()};
  }
  std::ifstream t(tsv);
  for (std::string line; std::getline(t, line);) {
    const auto cols = split_tabs(line);
    if (cols.size() < 9 || cols[6].rfind("IMAP", 0) != 0) continue;
    ++s.frames;
    const auto& [proto, info] = ours[std::stoul(cols[0])];
    s.protocol += proto == cols[6];
    if (norm(info) == norm(cols[8]))
      ++s.info;
    else if (s.misses.size() < 3000)
      s.misses += cap.filename().string() + " #" + cols[0] +
                  "\n  tshark: " + cols[6] + " " + cols[8] +
                  "\n  ours:   " + proto + " " + info + "\n";
  }
}

}  // namespace

TEST_CASE(
    "IMAP packet list agrees with tshark on the shared and sample "
    "captures") {
  std::vector<fs::path> caps;
  const fs::path shared = shared_captures();
  if (!shared.empty() && fs::exists(shared / "imap"))
    for (const auto& e : fs::directory_iterator(shared / "imap"))
      if (e.path().extension() == ".pcap" || e.path().extension() == ".pcapng")
        caps.push_back(e.path());
  // Plain IMAP samples (imaps is the TLS engineer's: decrypted IMAP).
  caps.push_back(samples_dir() / "imap.pcap");
  Score s;
  for (const auto& c : caps)
    if (fs::exists(c)) score(c, s);
  REQUIRE(s.frames > 0);
  const double info_pct = 100.0 * double(s.info) / double(s.frames);
  MESSAGE("IMAP frames: " << s.frames << ", protocol exact " << s.protocol
                          << ", Info exact " << s.info << " (" << info_pct
                          << "%)");
  INFO(s.misses);
  CHECK(s.protocol == s.frames);
  // Measured: every IMAP and IMAP/IMF frame agrees (109 on 2026-11-30).
  CHECK(info_pct >= 99.0);
}

TEST_CASE(
    "IMAP: every command and tagged status tshark shows is in our events") {
  if (!have_tool("tshark")) {
    MESSAGE("tshark not found: skipped");
    return;
  }
  for (const auto& cap : mail_captures("imap", {"imap.pcap", "imaps.pcap"})) {
    CAPTURE(cap.filename().string());
    // tshark reads an APPEND literal's lines as requests ("To: a@b" is the
    // command A@B of tag "To:"): only real verbs and statuses count.
    static const std::set<std::string> kWords = {
        "CAPABILITY", "NOOP",      "LOGOUT",      "STARTTLS", "AUTHENTICATE",
        "LOGIN",      "SELECT",    "EXAMINE",     "CREATE",   "DELETE",
        "RENAME",     "SUBSCRIBE", "UNSUBSCRIBE", "LIST",     "LSUB",
        "STATUS",     "APPEND",    "CHECK",       "CLOSE",    "EXPUNGE",
        "SEARCH",     "FETCH",     "STORE",       "COPY",     "MOVE",
        "UID",        "IDLE",      "DONE",        "ENABLE",   "ID",
        "NAMESPACE",  "UNSELECT",  "OK",          "NO",       "BAD",
        "BYE",        "PREAUTH"};
    std::vector<std::string> theirs;
    // A continuation ("+ OK") is no status: tshark decodes one as if it were.
    for (auto& step :
         tshark_steps(cap, "imap && !(imap.response_tag == \"+\")",
                      "imap.request.command", "imap.response.status", false))
      if (kWords.count(step.substr(2))) theirs.push_back(std::move(step));
    // tshark names a UID command by its first word ("UID FETCH" is UID).
    std::vector<std::string> ours;
    for (std::string step : our_steps(cap, {"IMAP", "TLS"})) {
      if (step.starts_with("C:UID ")) step.resize(5);
      ours.push_back(std::move(step));
    }
    size_t i = 0;
    for (const auto& step : ours)
      if (i < theirs.size() && step == theirs[i]) ++i;
    INFO("first missing: " << (i < theirs.size() ? theirs[i] : "") << " (#" << i
                           << " of " << theirs.size() << ")");
    CHECK(i == theirs.size());
    CHECK(theirs.size() > 0);
  }
}
