// SPDX-License-Identifier: GPL-2.0-or-later
//
// `--student-pattern`: the student id taken from the capture's path by a
// regular expression a teacher writes for the way the submissions were
// collected (a Moodle download names folders "Ivan Ivanov_12345_
// assignsubmission_file_"), instead of the file stem or folder name.
#include <regex>

#include "tracelab/grade.hpp"

namespace tracelab::grade {

bool apply_student_pattern(std::vector<Submission>& subs,
                           const std::string& pattern,
                           std::vector<std::string>& warnings,
                           std::string& error) {
  std::regex re;
  try {
    re = std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    error = "--student-pattern '" + pattern + "': " + e.what();
    return false;
  }
  if (re.mark_count() == 0) {
    error = "--student-pattern '" + pattern +
            "' has no capture group: put the student id in (...)";
    return false;
  }
  for (auto& s : subs) {
    std::smatch m;
    // The first group that took part in the match is the id, so that
    // alternatives ("a/(x)|b/(y)") each name their own.
    bool found = false;
    if (std::regex_search(s.capture, m, re))
      for (size_t g = 1; g < m.size() && !found; ++g)
        if (m[g].matched && m[g].length() > 0) {
          s.student = m[g].str();
          found = true;
        }
    if (!found)
      warnings.push_back(s.capture +
                         ": --student-pattern does not match; the student "
                         "id stays '" +
                         s.student + "'");
  }
  return true;
}

}  // namespace tracelab::grade
