// SPDX-License-Identifier: GPL-2.0-or-later
#include "inputs.hpp"

#include <filesystem>

#include "report.hpp"
#include "tracelab/capture_files.hpp"

namespace tracelab::cli {
namespace fs = std::filesystem;

bool expand_inputs(const std::vector<std::string>& args,
                   std::vector<std::string>& files) {
  for (const std::string& a : args) {
    std::error_code ec;
    if (a == "-" || !fs::is_directory(a, ec)) {
      files.push_back(a);  // opening it says what is wrong, if anything
      continue;
    }
    const size_t before = files.size();
    for (const fs::path& p : sorted_entries(a))
      if (is_capture_file(p)) files.push_back(p.string());
    if (files.size() == before) {
      report_error(a + ": no capture file (pcap, pcapng, gzip) in this folder");
      return false;
    }
  }
  return true;
}

std::vector<std::string> keylogs_for(const std::string& capture,
                                     const CommonOptions& o) {
  if (!o.keylogs.empty() || capture == "-") return o.keylogs;
  std::vector<std::string> found = keylogs_beside(capture);
  for (const std::string& k : found)
    report_note("using the key log " + k + " found beside " + capture);
  return found;
}

}  // namespace tracelab::cli
