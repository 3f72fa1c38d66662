// SPDX-License-Identifier: GPL-2.0-or-later
#include "mail_tshark.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace tracelab::test {
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

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> cols;
  size_t start = 0;
  for (size_t at; (at = line.find(sep, start)) != line.npos; start = at + 1)
    cols.push_back(line.substr(start, at - start));
  cols.push_back(line.substr(start));
  return cols;
}

std::string upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string keylog_option(const fs::path& cap) {
  const fs::path keys = cap.string() + ".keys";
  return fs::exists(keys) ? " --keylog " + sh_quote(keys.string()) : "";
}

}  // namespace

void score_info(const fs::path& cap, const std::vector<std::string>& protocols,
                InfoScore& s) {
  const fs::path tsv = cap.string() + ".tshark.tsv";
  if (!fs::exists(tsv)) return;
  std::map<size_t, std::pair<std::string, std::string>> ours;
  std::istringstream out(
      run(sh_quote(tracelab_bin()) +
          " packets --show-secrets --json --no-header --no-progress" +
          keylog_option(cap) + " " + sh_quote(cap.string()) + " 2>/dev/null"));
  for (std::string line; std::getline(out, line);) {
    const auto j = nlohmann::json::parse(line);
    ours[j["no"].get<size_t>()] = {j["protocol"].get<std::string>(),
                                   j["info"].get<std::string>()};
  }
  std::ifstream t(tsv);
  for (std::string line; std::getline(t, line);) {
    const auto cols = split(line, '\t');
    if (cols.size() < 9) continue;
    if (std::none_of(
            protocols.begin(), protocols.end(),
            [&](const std::string& p) { return cols[6].rfind(p, 0) == 0; }))
      continue;
    ++s.frames;
    const auto& [proto, info] = ours[std::stoul(cols[0])];
    s.protocol += proto == cols[6];
    if (norm(info) == norm(cols[8]))
      ++s.info;
    else if (s.misses.size() < 3000)
      s.misses += cap.filename().string() + " #" + cols[0] +
                  "\n  tshark: " + cols[6] + " " + cols[8].substr(0, 300) +
                  "\n  ours:   " + proto + " " + info.substr(0, 300) + "\n";
  }
}

std::string InfoScore::summary() const {
  std::ostringstream o;
  o << frames << " frames, protocol exact " << protocol << ", Info exact "
    << info << " (" << info_pct() << "%)";
  return o.str();
}

InfoScore score_all(const std::vector<fs::path>& caps,
                    const std::vector<std::string>& protocols) {
  InfoScore s;
  for (const auto& c : caps) score_info(c, protocols, s);
  return s;
}

std::string first_missing_step(const std::vector<std::string>& ours,
                               const std::vector<std::string>& theirs) {
  size_t i = 0;
  for (const auto& step : ours)
    if (i < theirs.size() && step == theirs[i]) ++i;
  if (i == theirs.size()) return {};
  return theirs[i] + " (#" + std::to_string(i) + " of " +
         std::to_string(theirs.size()) + ")";
}

std::vector<fs::path> mail_captures(const std::string& dir,
                                    const std::vector<std::string>& samples) {
  std::vector<fs::path> caps;
  const fs::path shared = shared_captures();
  if (!shared.empty() && fs::exists(shared / dir))
    for (const auto& e : fs::directory_iterator(shared / dir))
      if (e.path().extension() == ".pcap" || e.path().extension() == ".pcapng")
        caps.push_back(e.path());
  std::sort(caps.begin(), caps.end());
  for (const auto& name : samples)
    if (fs::exists(samples_dir() / name)) caps.push_back(samples_dir() / name);
  return caps;
}

std::vector<std::string> tshark_steps(const fs::path& cap,
                                      const std::string& filter,
                                      const std::string& command_field,
                                      const std::string& reply_field,
                                      bool smtp_codes) {
  std::string keys;
  const fs::path kf = cap.string() + ".keys";
  if (fs::exists(kf))
    keys = " -o " + sh_quote("tls.keylog_file:" + kf.string());
  const std::string out = run_oracle(
      "tshark -n -r " + sh_quote(cap.string()) + keys + " -Y " +
          sh_quote(filter) + " -T fields -E separator=/t -E occurrence=a -E " +
          sh_quote("aggregator=\x1f") + " -e " + command_field + " -e " +
          reply_field + " 2>/dev/null",
      cap);
  std::vector<std::string> steps;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    const auto cols = split(line, '\t');
    if (!cols.empty() && !cols[0].empty())
      for (const auto& c : split(cols[0], '\x1f'))
        if (!c.empty()) steps.push_back("C:" + upper(c));
    if (cols.size() > 1 && !cols[1].empty())
      for (const auto& r : split(cols[1], '\x1f')) {
        if (smtp_codes) {
          // One reply per final line ("250 x", not "250-x").
          if (r.size() >= 3 && (r.size() == 3 || r[3] == ' '))
            steps.push_back("S:" + r.substr(0, 3));
        } else if (!r.empty()) {
          steps.push_back("S:" + r);
        }
      }
  }
  return steps;
}

std::vector<std::string> our_steps(const fs::path& cap,
                                   const std::vector<std::string>& protocols) {
  std::istringstream out(run(
      sh_quote(tracelab_bin()) + " sessions --json --no-header --no-progress" +
      keylog_option(cap) + " " + sh_quote(cap.string()) + " 2>/dev/null"));
  // Events of every session of the protocol, in frame order.
  std::vector<std::pair<uint64_t, std::string>> steps;
  for (std::string line; std::getline(out, line);) {
    const auto j = nlohmann::json::parse(line);
    const std::string p = j.value("protocol", "");
    if (std::find(protocols.begin(), protocols.end(), p) == protocols.end())
      continue;
    for (const auto& e : j["events"]) {
      const std::string kind = e.value("kind", "");
      // Server steps tshark lists: greetings, replies (IMAP: tagged status
      // responses), SASL prompts (334, "+ ").
      const bool server = kind == "reply" || kind == "greeting" ||
                          kind == "continuation" || kind == "untagged";
      if (kind == "command")
        steps.emplace_back(e["frame"].get<uint64_t>(),
                           "C:" + e.value("command", ""));
      else if (server && e.contains("code"))
        steps.emplace_back(e["frame"].get<uint64_t>(),
                           "S:" + std::to_string(e["code"].get<int>()));
      else if (server && !e.value("status", "").empty())
        steps.emplace_back(e["frame"].get<uint64_t>(),
                           "S:" + e.value("status", ""));
    }
  }
  std::stable_sort(
      steps.begin(), steps.end(),
      [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> flat;
  for (auto& s : steps) flat.push_back(std::move(s.second));
  return flat;
}

}  // namespace tracelab::test
