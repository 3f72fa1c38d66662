// SPDX-License-Identifier: GPL-2.0-or-later
//
// Finding the submissions a teacher points `tracelab grade` at.
#include <algorithm>
#include <filesystem>

#include "tracelab/capture_files.hpp"
#include "tracelab/grade.hpp"

namespace tracelab::grade {
namespace fs = std::filesystem;
namespace {

void add_folder(const fs::path& dir, const std::string& student,
                std::vector<Submission>& out) {
  std::vector<std::string> folder_keys;
  std::vector<fs::path> captures;
  for (const auto& p : sorted_entries(dir)) {
    const std::string name = p.filename().string();
    if (is_capture_file(p))
      captures.push_back(p);
    else if ((p.extension() == ".keys" || name.rfind("sslkeylog", 0) == 0) &&
             is_keylog_file(p))
      folder_keys.push_back(p.string());
  }
  for (const auto& c : captures) {
    Submission s;
    s.student = student.empty() ? c.stem().string() : student;
    // "x.pcap.gz" -> "x"
    if (student.empty() && fs::path(s.student).has_extension() &&
        c.extension() == ".gz")
      s.student = fs::path(s.student).stem().string();
    s.capture = c.string();
    s.keylogs = keylogs_beside(c);
    if (!student.empty())
      for (const auto& k : folder_keys)
        if (std::find(s.keylogs.begin(), s.keylogs.end(), k) == s.keylogs.end())
          s.keylogs.push_back(k);
    out.push_back(std::move(s));
  }
}

}  // namespace

std::vector<Submission> find_submissions(const std::vector<std::string>& inputs,
                                         std::vector<std::string>& errors) {
  std::vector<Submission> out;
  for (const auto& in : inputs) {
    const fs::path p(in);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      add_folder(p, {}, out);
      for (const auto& sub : sorted_entries(p))
        if (fs::is_directory(sub, ec))
          add_folder(sub, sub.filename().string(), out);
    } else if (fs::exists(p, ec)) {
      // Named explicitly: graded even if it is not a capture, so that the
      // teacher sees why.
      Submission s;
      s.student = p.stem().string();
      s.capture = p.string();
      s.keylogs = keylogs_beside(p);
      out.push_back(std::move(s));
    } else {
      errors.push_back(in + ": no such file or directory");
    }
  }
  return out;
}

}  // namespace tracelab::grade
