// SPDX-License-Identifier: GPL-2.0-or-later
// `tracelab grade`.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tracelab/grade.hpp"

namespace tracelab::cli {

struct GradeCommandOptions {
  std::string rubric;               ///< built-in name or file
  std::vector<std::string> inputs;  ///< captures and folders
  std::map<std::string, std::string> params;
  std::string csv;              ///< gradebook file for Moodle, when set
  std::string html;             ///< report folder, when set
  std::string student_pattern;  ///< regex with a group: the student id
  unsigned threads = 0;         ///< 0: every core
  bool list = false;
  bool keep_sessions = false;  ///< the HTML report quotes dialogs
  Lang lang = Lang::En;
};

int run_grade(const GradeCommandOptions& g, const CommonOptions& o);

}  // namespace tracelab::cli
