// SPDX-License-Identifier: GPL-2.0-or-later
#include "transfer_oracle.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

namespace tracelab::test {

namespace fs = std::filesystem;

std::vector<fs::path> transfer_captures(const std::string& folder,
                                        const std::string& sample_prefix) {
  std::vector<fs::path> out;
  if (!shared_captures().empty())
    for (const auto& p : shared_capture_files())
      if (p.parent_path().filename() == folder) out.push_back(p);
  for (const auto& p : sample_capture_files())
    if (p.filename().string().starts_with(sample_prefix)) out.push_back(p);
  return out;
}

InfoAgreement info_agreement(const std::vector<fs::path>& caps,
                             const std::set<std::string>& protocols) {
  InfoAgreement a;
  for (const auto& cap : caps) {
    const fs::path tsv = cap.string() + ".tshark.tsv";
    if (!fs::exists(tsv)) continue;
    std::map<uint64_t, std::pair<std::string, std::string>> ours;
    // tshark's list was made with the key log beside the capture.
    const fs::path keys = cap.string() + ".keys";
    std::istringstream out(run(
        sh_quote(tracelab_bin()) +
        " packets --show-secrets --json --no-progress " +
        (fs::exists(keys) ? "--keylog " + sh_quote(keys.string()) + " " : "") +
        sh_quote(cap.string())));
    for (std::string line; std::getline(out, line);) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("no"))
        ours[j["no"].get<uint64_t>()] = {j.value("protocol", ""),
                                         j.value("info", "")};
    }
    std::istringstream ref(read_file(tsv));
    for (std::string line; std::getline(ref, line);) {
      std::vector<std::string> f;
      std::istringstream cols(line);
      for (std::string c; std::getline(cols, c, '\t');) f.push_back(c);
      if (f.size() < 9 || std::none_of(protocols.begin(), protocols.end(),
                                       [&](const std::string& p) {
                                         return f[6].starts_with(p);
                                       }))
        continue;
      ++a.frames;
      const auto& mine = ours[std::stoull(f[0])];
      const bool same = mine.first == f[6] && mine.second == f[8];
      a.exact += same;
      if (!same && a.misses.size() < 2000)
        a.misses += cap.filename().string() + " #" + f[0] + ": tshark " + f[6] +
                    " '" + f[8] + "', ours " + mine.first + " '" + mine.second +
                    "'\n";
    }
  }
  return a;
}

std::multiset<std::string> artifact_digests(const fs::path& cap) {
  std::multiset<std::string> out;
  std::istringstream in(run(sh_quote(tracelab_bin()) +
                            " sessions --json --no-progress " +
                            sh_quote(cap.string())));
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("artifacts")) continue;
    for (const auto& a : j["artifacts"])
      if (a.is_object()) out.insert(a.value("sha256", ""));
  }
  return out;
}

std::multiset<std::string> tshark_object_digests(const fs::path& cap,
                                                 const std::string& kind) {
  std::multiset<std::string> out;
  std::istringstream in(run_oracle(
      "d=$(mktemp -d) && tshark -n -r " + sh_quote(cap.string()) +
          " --export-objects " + kind +
          ",$d >/dev/null 2>&1; (cd $d && find . -maxdepth 1 -type f "
          "-print0 | xargs -0 -r sha256sum); rm -rf $d",
      cap));
  for (std::string line; std::getline(in, line);)
    if (line.size() >= 64) out.insert(line.substr(0, 64));
  return out;
}

namespace {

std::string keylog_for_tshark(const fs::path& cap) {
  const fs::path keys = cap.string() + ".keys";
  return fs::exists(keys)
             ? " -o " + sh_quote("tls.keylog_file:" + keys.string())
             : "";
}

// Decodes the hex dump lines "NAME\tHEX" the oracle prints.
std::string from_hex(std::string_view hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  const auto v = [](char c) {
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
  };
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(v(hex[i]) * 16 + v(hex[i + 1]));
  return out;
}

}  // namespace

std::vector<ExportedFile> tshark_objects(const fs::path& cap,
                                         const std::string& kind) {
  std::vector<ExportedFile> out;
  // Names may hold blanks and '%'; one line per file, name then hex bytes.
  std::istringstream in(run_oracle(
      "d=$(mktemp -d) && tshark -n -r " + sh_quote(cap.string()) +
          keylog_for_tshark(cap) + " --export-objects " + kind +
          ",$d >/dev/null 2>&1; for f in \"$d\"/*; do [ -f \"$f\" ] || "
          "continue; printf '%s\\t' \"${f##*/}\"; od -An -v -tx1 \"$f\" | "
          "tr -d ' \\n'; echo; done; rm -rf \"$d\"",
      cap));
  for (std::string line; std::getline(in, line);) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    out.push_back({line.substr(0, tab), from_hex(line.substr(tab + 1))});
  }
  return out;
}

std::vector<ExportedFile> extracted_files(const fs::path& cap) {
  const fs::path dir = temp_dir("extract");
  const fs::path keys = cap.string() + ".keys";
  run(sh_quote(tracelab_bin()) + " extract --no-progress " +
      (fs::exists(keys) ? "--keylog " + sh_quote(keys.string()) + " " : "") +
      sh_quote(cap.string()) + " -o " + sh_quote(dir.string()) +
      " >/dev/null 2>&1");
  std::vector<ExportedFile> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "index.json")
      out.push_back({e.path().filename().string(), read_file(e.path())});
  fs::remove_all(dir);
  return out;
}

}  // namespace tracelab::test
