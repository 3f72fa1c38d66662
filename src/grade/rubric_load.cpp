// SPDX-License-Identifier: GPL-2.0-or-later
//
// Finding a rubric: a built-in one by its id, or a file.
#include <fstream>
#include <sstream>

#include "tracelab/grade.hpp"

namespace tracelab::grade {

std::optional<Rubric> load_rubric(const std::string& name_or_path,
                                  RubricError& err) {
  for (const auto& b : builtin_rubrics())
    if (name_or_path == b.id)
      return parse_rubric(b.yaml, std::string("builtin:") + b.id, err);
  std::ifstream in(name_or_path, std::ios::binary);
  if (!in) {
    err = {name_or_path, 0,
           "no such rubric: neither a built-in one (tracelab grade --list) "
           "nor a readable file"};
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_rubric(text.str(), name_or_path, err);
}

}  // namespace tracelab::grade
