// SPDX-License-Identifier: GPL-2.0-or-later
//
// Evaluating criteria on sessions built by hand, step by step as the
// dissectors report them (outcome, answers, fields, findings, links): the
// results, the evidence frames and the verdict.
#include "tracelab/grade.hpp"

#include <doctest/doctest.h>

#include "tracelab/findings.hpp"

using namespace tracelab;
using namespace tracelab::grade;

namespace {

struct Dialog {
  Session s;
  StepIndex cmd(uint64_t frame, const char* verb) {
    Event e;
    e.frame = frame;
    e.kind = StepKind::Command;
    e.command = verb;
    s.events.push_back(e);
    return static_cast<StepIndex>(s.events.size() - 1);
  }
  void reply(uint64_t frame, int code, StepIndex answers,
             StepKind kind = StepKind::Reply) {
    Event e;
    e.frame = frame;
    e.dir = Direction::ServerToClient;
    e.kind = kind;
    e.code = code;
    e.answers = answers;
    e.outcome = code >= 400                  ? Outcome::Failure
                : code >= 300                ? Outcome::Intermediate
                : kind == StepKind::Greeting ? Outcome::Info
                                             : Outcome::Success;
    s.events.push_back(e);
  }
};

// A correct hand-typed SMTP session, frame by frame.
Dialog smtp_session() {
  Dialog d;
  d.s.id = 0;
  d.s.protocol = "SMTP";
  d.s.transport = "tcp";
  d.s.first_frame = 1;
  d.s.last_frame = 30;
  d.reply(4, 220, kNoStep, StepKind::Greeting);
  d.reply(6, 250, d.cmd(5, "EHLO"));
  d.reply(8, 250, d.cmd(7, "MAIL"));
  const StepIndex rcpt = d.cmd(9, "RCPT");
  d.s.events.back().add_field("to", "bob@tl-server.test");
  d.reply(10, 250, rcpt);
  d.reply(12, 354, d.cmd(11, "DATA"));
  Event m;
  m.frame = 14;
  m.kind = StepKind::Message;
  d.s.events.push_back(m);
  d.reply(15, 250, static_cast<StepIndex>(d.s.events.size() - 1));
  d.reply(17, 221, d.cmd(16, "QUIT"));
  return d;
}

const CriterionResult& result(const SubmissionGrade& g, const char* id) {
  for (const auto& c : g.criteria)
    if (c.id == id) return c;
  FAIL("no criterion " << id);
  return g.criteria.front();
}

Rubric smtp_send() {
  RubricError err;
  auto r = load_rubric("smtp-send", err);
  REQUIRE_MESSAGE(r, err.to_string());
  return *r;
}

}  // namespace

TEST_CASE("a correct session passes every criterion, with its frames") {
  const Rubric r = smtp_send();
  const auto g = grade::grade(r, {smtp_session().s}, {}, {});
  CHECK(g.verdict == Verdict::Pass);
  CHECK(g.score == g.max);
  CHECK(g.max == 8);
  // The evidence of "quit" is the QUIT and its 221.
  CHECK(result(g, "quit").frames == std::vector<uint64_t>{16, 17});
  CHECK(result(g, "data").frames == std::vector<uint64_t>{11, 12});
  // AUTH was not attempted: the criterion does not apply and passes.
  CHECK(result(g, "auth").result == Result::Pass);
  CHECK(result(g, "auth").feedback.find("does not apply") != std::string::npos);
}

TEST_CASE("a missing step fails its criterion only") {
  const Rubric r = smtp_send();
  Dialog d = smtp_session();
  d.s.events.resize(d.s.events.size() - 2);  // no QUIT, no 221
  Finding f = findings::make(findings::kNoQuit, 18);
  d.s.findings.push_back(f);
  const auto g = grade::grade(r, {d.s}, {}, {});
  CHECK(g.verdict == Verdict::Fail);
  CHECK(g.score == g.max - 1);
  const auto& q = result(g, "quit");
  CHECK(q.result == Result::Fail);
  CHECK(q.frames == std::vector<uint64_t>{18});  // where the finding is
  CHECK_FALSE(q.feedback.empty());
}

TEST_CASE("a refused recipient replaced by an accepted one passes") {
  const Rubric r = smtp_send();
  // The dissector reports no error finding when another RCPT was
  // accepted in the same transaction (docs/sessions-schema.md).
  const auto g = grade::grade(r, {smtp_session().s}, {}, {});
  CHECK(result(g, "recipients").result == Result::Pass);
  // With an error finding for a refused recipient it fails.
  Dialog bad = smtp_session();
  bad.s.findings.push_back(findings::make(findings::kSmtpRecipientRefused, 10));
  CHECK(result(grade::grade(r, {bad.s}, {}, {}), "recipients").result ==
        Result::Fail);
}

TEST_CASE("parameters: the recipient a teacher asks for") {
  const Rubric r = smtp_send();
  GradeOptions o;
  o.params["recipient"] = "alice@*";
  CHECK(
      result(grade::grade(r, {smtp_session().s}, {}, o), "recipients").result ==
      Result::Fail);
  o.params["recipient"] = "BOB@tl-server.test";  // case does not matter
  CHECK(
      result(grade::grade(r, {smtp_session().s}, {}, o), "recipients").result ==
      Result::Pass);
}

TEST_CASE("steps hidden in TLS without a key log are unverifiable") {
  RubricError err;
  const auto r = load_rubric("smtp-tls", err);
  REQUIRE(r);
  Dialog d;
  d.s.protocol = "SMTP";
  d.s.transport = "tcp";
  d.reply(4, 220, kNoStep, StepKind::Greeting);
  d.reply(6, 250, d.cmd(5, "EHLO"));
  d.reply(8, 220, d.cmd(7, "STARTTLS"));
  Event tls;
  tls.frame = 8;
  tls.kind = StepKind::Tls;
  d.s.events.push_back(tls);
  d.s.findings.push_back(findings::make(findings::kTlsNotDecrypted, 10));
  const auto g = grade::grade(*r, {d.s}, {}, {});
  CHECK(g.verdict == Verdict::Incomplete);
  CHECK(result(g, "tls").result == Result::Pass);
  CHECK(result(g, "greeting").result == Result::Pass);
  CHECK(result(g, "quit").result == Result::Unverifiable);
  CHECK(result(g, "quit").reason.find("key log") != std::string::npos);
  GradeOptions ru;
  ru.lang = Lang::Ru;
  CHECK(result(grade::grade(*r, {d.s}, {}, ru), "quit")
            .reason.find("журнала ключей") != std::string::npos);
}

TEST_CASE("a capture without the lab's protocol fails every criterion") {
  const Rubric r = smtp_send();
  Session other;
  other.protocol = "HTTP";
  const auto g = grade::grade(r, {other}, {}, {});
  CHECK(g.verdict == Verdict::Fail);
  CHECK(g.score == 0);
  CHECK(g.note.find("SMTP") != std::string::npos);
}

TEST_CASE("copies: the same connection in two students' captures") {
  Session s = smtp_session().s;
  s.packets_c2s = s.packets_s2c = 10;
  s.start_ns = 1'700'000'000'123'456'789;
  std::vector<Graded> all(3);
  all[0].submission.student = "ivanov";
  all[1].submission.student = "petrov";
  all[2].submission.student = "sidorov";
  all[0].fingerprints = fingerprints_of({s});
  all[1].fingerprints = fingerprints_of({s});
  s.start_ns += 1;  // another connection, a microsecond later
  all[2].fingerprints = fingerprints_of({s});
  mark_copies(all);
  CHECK(all[0].copies_of == std::vector<std::string>{"petrov"});
  CHECK(all[1].copies_of == std::vector<std::string>{"ivanov"});
  CHECK(all[2].copies_of.empty());
}
