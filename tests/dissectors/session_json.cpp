// SPDX-License-Identifier: GPL-2.0-or-later
#include "session_json.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "test_support.hpp"

namespace fs = std::filesystem;

namespace tracelab::test {

std::vector<nlohmann::json> sessions_json(const fs::path& cap) {
  std::string cmd =
      sh_quote(tracelab_bin()) + " sessions --json --no-header --no-progress ";
  const fs::path keys = cap.string() + ".keys";
  if (fs::exists(keys)) cmd += "--keylog " + sh_quote(keys.string()) + " ";
  int status = -1;
  std::istringstream out(run(cmd + sh_quote(cap.string()), &status));
  CHECK_MESSAGE(status == 0, "tracelab sessions failed on " << cap);
  std::vector<nlohmann::json> sessions;
  for (std::string line; std::getline(out, line);)
    if (!line.empty()) sessions.push_back(nlohmann::json::parse(line));
  return sessions;
}

bool CaptureFinding::at(uint64_t frame) const {
  return std::find(frames.begin(), frames.end(), frame) != frames.end();
}

std::vector<CaptureFinding> capture_findings(
    const std::vector<nlohmann::json>& sessions) {
  std::vector<CaptureFinding> out;
  for (const auto& s : sessions)
    for (const auto& f : s.value("findings", nlohmann::json::array())) {
      CaptureFinding c;
      c.id = f.at("id");
      c.severity = f.at("severity");
      c.detail = f.value("detail", "");
      c.protocol = s.at("protocol");
      for (const auto& n : f.at("frames")) c.frames.push_back(n);
      out.push_back(std::move(c));
    }
  return out;
}

std::vector<std::vector<std::string>> tshark_rows(
    const fs::path& cap, const std::string& filter,
    const std::vector<std::string>& fields) {
  if (!have_tool("tshark")) return {};
  std::string cmd = "tshark -n -r " + sh_quote(cap.string()) + " -Y " +
                    sh_quote(filter) + " -T fields -E separator=/t";
  for (const auto& f : fields) cmd += " -e " + f;
  int status = -1;
  std::istringstream out(run_oracle(cmd + " 2>/dev/null", cap, &status));
  CHECK_MESSAGE(status == 0, "tshark failed on " << cap);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(out, line);) {
    std::vector<std::string> cols;
    size_t start = 0;
    for (;;) {
      const size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(cols));
  }
  return rows;
}

std::vector<uint64_t> tshark_frames(const fs::path& cap,
                                    const std::string& filter) {
  std::vector<uint64_t> frames;
  for (const auto& r : tshark_rows(cap, filter, {"frame.number"}))
    frames.push_back(std::stoull(r.at(0)));
  return frames;
}

}  // namespace tracelab::test
