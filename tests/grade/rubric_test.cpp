// SPDX-License-Identifier: GPL-2.0-or-later
//
// Rubric files: the built-in ones read, and a mistake in a teacher's file
// is refused with its line, never a criterion that silently passes.
#include <doctest/doctest.h>

#include "tracelab/grade.hpp"

using namespace tracelab;
using namespace tracelab::grade;

TEST_CASE("every built-in rubric reads, with titles in both languages") {
  const char* const want[] = {"ftp-session", "http-to-https", "https",
                              "imap-read",   "imap-tls",      "pop3-read",
                              "pop3-tls",    "smtp-mime",     "smtp-send",
                              "smtp-tls",    "tftp-transfer"};
  REQUIRE(builtin_rubrics().size() == std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    CAPTURE(want[i]);
    CHECK(std::string(builtin_rubrics()[i].id) == want[i]);
    RubricError err;
    const auto r = load_rubric(want[i], err);
    REQUIRE_MESSAGE(r, err.to_string());
    CHECK(r->id == want[i]);
    CHECK_FALSE(r->title.en.empty());
    CHECK_FALSE(r->title.ru.empty());
    CHECK_FALSE(r->description.ru.empty());
    CHECK(r->criteria.size() >= 3);
    for (const auto& c : r->criteria) {
      CAPTURE(c.id);
      CHECK_FALSE(c.feedback_pass.ru.empty());
      CHECK_FALSE(c.feedback_fail.ru.empty());
      CHECK_FALSE(c.feedback_fail.en.empty());
    }
  }
}

namespace {

RubricError error_of(const char* yaml) {
  RubricError err;
  CHECK_FALSE(parse_rubric(yaml, "teacher.yaml", err));
  return err;
}

constexpr const char* kHead =
    "id: x\n"              // 1
    "title: a lab\n"       // 2
    "protocols: [SMTP]\n"  // 3
    "criteria:\n";         // 4

}  // namespace

TEST_CASE("a rubric error names the file, the line and what is wrong") {
  SUBCASE("an unknown key") {
    const auto e = error_of((std::string(kHead) +
                             "  - id: quit\n"
                             "    all:\n"
                             "      - step: {kind: reply, cod: 221}\n")
                                .c_str());
    CHECK(e.line == 7);
    CHECK(e.message.find("unknown key 'cod'") != std::string::npos);
    CHECK(e.to_string().starts_with("teacher.yaml:7: "));
  }
  SUBCASE("a protocol name with a typo") {
    const auto e = error_of((std::string(kHead) +
                             "  - id: quit\n"
                             "    all:\n"
                             "      - step: {protocol: SMPT, kind: reply}\n")
                                .c_str());
    CHECK(e.line == 7);
    CHECK(e.message.find("unknown protocol 'SMPT'") != std::string::npos);
  }
  SUBCASE("a criterion that checks nothing") {
    const auto e = error_of((std::string(kHead) + "  - id: empty\n"
                                                  "    points: 2\n")
                                .c_str());
    CHECK(e.line == 5);
    CHECK(e.message.find("checks nothing") != std::string::npos);
  }
  SUBCASE("a step kind, a finding, a field or a parameter that do not exist") {
    CHECK(error_of((std::string(kHead) +
                    "  - id: a\n    all:\n      - step: {kind: replly}\n")
                       .c_str())
              .message.find("unknown step kind") != std::string::npos);
    CHECK(error_of((std::string(kHead) +
                    "  - id: a\n    none:\n      - finding: no-qiut\n")
                       .c_str())
              .message.find("unknown finding id") != std::string::npos);
    CHECK(error_of((std::string(kHead) +
                    "  - id: a\n    all:\n      - step: {fields: {too: x}}\n")
                       .c_str())
              .message.find("unknown field 'too'") != std::string::npos);
    CHECK(error_of((std::string(kHead) +
                    "  - id: a\n    all:\n      - step: {fields: {to: "
                    "\"{recipent}\"}}\n")
                       .c_str())
              .message.find("not one of the rubric's params") !=
          std::string::npos);
  }
  SUBCASE("not YAML at all, or not a mapping") {
    CHECK(error_of("id: [unclosed\n").line >= 1);
    CHECK(error_of("- a\n- b\n").message.find("mapping") != std::string::npos);
  }
  SUBCASE("two criteria with one id") {
    const auto e =
        error_of((std::string(kHead) +
                  "  - id: a\n    all: [session: {protocol: SMTP}]\n"
                  "  - id: a\n    all: [session: {protocol: SMTP}]\n")
                     .c_str());
    CHECK(e.line == 7);
  }
}

TEST_CASE("an unknown rubric name or missing file is an error") {
  RubricError err;
  CHECK_FALSE(load_rubric("smtp-sned", err));
  CHECK(err.message.find("no such rubric") != std::string::npos);
}
