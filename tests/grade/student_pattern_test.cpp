// SPDX-License-Identifier: GPL-2.0-or-later
//
// --student-pattern: the student id from a capture's path, as a Moodle
// assignment download lays the submissions out.
#include <doctest/doctest.h>

#include "tracelab/grade.hpp"

using namespace tracelab::grade;

namespace {

std::vector<Submission> moodle_download() {
  // Moodle's "Download all submissions": one folder per student, named
  // "FULL NAME_PARTICIPANT ID_assignsubmission_file_".
  std::vector<Submission> v(3);
  v[0].capture = "lab2/Иван Петров_1021_assignsubmission_file_/smtp.pcap";
  v[0].student = "Иван Петров_1021_assignsubmission_file_";
  v[1].capture = "lab2/Anna Smith_1022_assignsubmission_file_/lab.pcapng";
  v[1].student = "Anna Smith_1022_assignsubmission_file_";
  v[2].capture = "lab2/stray.pcap";
  v[2].student = "stray";
  return v;
}

}  // namespace

TEST_CASE("the first group is the student id; a path it misses is said") {
  auto v = moodle_download();
  std::vector<std::string> warnings;
  std::string error;
  REQUIRE(apply_student_pattern(v, "([^/]+)_\\d+_assignsubmission_file_",
                                warnings, error));
  CHECK(v[0].student == "Иван Петров");
  CHECK(v[1].student == "Anna Smith");
  CHECK(v[2].student == "stray");  // unchanged, and warned about
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("lab2/stray.pcap") != std::string::npos);
}

TEST_CASE("alternatives: the group that took part in the match") {
  auto v = moodle_download();
  std::vector<std::string> warnings;
  std::string error;
  REQUIRE(apply_student_pattern(v, "_(\\d+)_assignsubmission|/(stray)\\.pcap$",
                                warnings, error));
  CHECK(v[0].student == "1021");
  CHECK(v[1].student == "1022");
  CHECK(v[2].student == "stray");
  CHECK(warnings.empty());
}

TEST_CASE("a pattern without a group, or not a pattern, is refused") {
  auto v = moodle_download();
  std::vector<std::string> warnings;
  std::string error;
  CHECK_FALSE(apply_student_pattern(v, "assignsubmission", warnings, error));
  CHECK(error.find("no capture group") != std::string::npos);
  error.clear();
  CHECK_FALSE(apply_student_pattern(v, "([a-", warnings, error));
  CHECK_FALSE(error.empty());
  CHECK(v[0].student == "Иван Петров_1021_assignsubmission_file_");
}
