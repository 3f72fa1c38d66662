// SPDX-License-Identifier: GPL-2.0-or-later
//
// Grading lab traffic: a rubric (a YAML file a teacher can read and change,
// docs/rubrics.md) is a list of criteria over the session model -- sessions,
// typed steps with their outcomes, fields and what they answer, findings,
// artifacts, links -- and grading a submission is evaluating each criterion
// on the sessions of the student's capture.  Never a second parser: the
// facts are those `tracelab sessions` prints.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/explain.hpp"
#include "tracelab/session.hpp"

namespace tracelab::grade {

/// A text in English and Russian.
struct Text {
  std::string en, ru;
  const std::string& in(Lang l) const {
    return l == Lang::Ru && !ru.empty() ? ru : en;
  }
};

struct Condition;  // rubric.hpp

/// One criterion: what must hold, its points and its feedback.
struct Criterion {
  std::string id;
  Text title;
  int points = 1;
  /// Applies only when this holds (AUTH "if attempted"); otherwise passes
  /// as not applicable.  Null: always applies.
  std::shared_ptr<const Condition> when;
  std::vector<std::shared_ptr<const Condition>> all;   ///< each must hold
  std::vector<std::shared_ptr<const Condition>> any;   ///< one must hold
  std::vector<std::shared_ptr<const Condition>> none;  ///< none may hold
  Text feedback_pass, feedback_fail;
  int line = 0;  ///< where it starts in the rubric file
};

/// A parameter the teacher sets per course (`recipient`, `file`, `host`);
/// patterns in the rubric name it as `{recipient}`.  An empty value
/// accepts anything.
struct Parameter {
  std::string name;
  std::string default_value;
  Text description;
};

struct Rubric {
  std::string id;    ///< "smtp-send"
  std::string file;  ///< where it was read from ("builtin:smtp-send")
  Text title, description;
  std::vector<Parameter> params;
  std::vector<Criterion> criteria;
  /// The protocols the lab is about (session protocols as tracelab names
  /// them: "SMTP", "POP", "IMAP", "FTP", "TFTP", "HTTP", "TLS"...): a
  /// capture with none of them has nothing to grade.
  std::vector<std::string> protocols;
  int max_points() const;
};

/// A rubric file that cannot be used: names the file and line.
struct RubricError {
  std::string file;
  int line = 0;
  std::string message;
  /// "FILE:LINE: MESSAGE".
  std::string to_string() const;
};

/// Reads a rubric from YAML text; `name` is what errors call it.
std::optional<Rubric> parse_rubric(std::string_view yaml,
                                   const std::string& name, RubricError& err);
/// A built-in rubric's name or a file path.
std::optional<Rubric> load_rubric(const std::string& name_or_path,
                                  RubricError& err);

/// The rubrics shipped with the program, by id, in a fixed order.
struct BuiltinRubric {
  const char* id;
  const char* yaml;
};
const std::vector<BuiltinRubric>& builtin_rubrics();

enum class Result : uint8_t { Pass, Fail, Unverifiable };
const char* result_name(Result r);  ///< "pass", "fail", "unverifiable"

struct CriterionResult {
  std::string id;
  Result result = Result::Fail;
  int points = 0;  ///< earned
  int max = 0;
  std::vector<uint64_t> frames;  ///< evidence, ascending, as Wireshark numbers
  std::string feedback;          ///< in the language asked for
  std::string reason;            ///< why unverifiable, or what failed
  /// Sessions the evidence comes from (for the report's dialog excerpt).
  std::vector<uint64_t> sessions;
};

enum class Verdict : uint8_t { Pass, Fail, Incomplete };
const char* verdict_name(Verdict v);  ///< "pass", "fail", "incomplete"

/// What is known about the capture beside its sessions.
struct CaptureFacts {
  bool damaged = false;       ///< reading stopped at damage
  std::string damage;         ///< the reader's message, when damaged
  bool keylog_given = false;  ///< a key log was found or given
};

struct SubmissionGrade {
  Verdict verdict = Verdict::Fail;
  int score = 0, max = 0;
  std::vector<CriterionResult> criteria;
  std::string note;  ///< why the whole submission could not be graded
};

struct GradeOptions {
  Lang lang = Lang::En;
  /// Parameter values by name (unset ones take the rubric's default).
  std::map<std::string, std::string> params;
};

/// Grades one capture's sessions.
SubmissionGrade grade(const Rubric& rubric,
                      const std::vector<Session>& sessions,
                      const CaptureFacts& facts, const GradeOptions& opt);

}  // namespace tracelab::grade

namespace tracelab::grade {

/// One student's capture, found in the inputs.
struct Submission {
  std::string student;  ///< the file stem, or the student's folder name
  std::string capture;  ///< path
  std::vector<std::string> keylogs;  ///< key logs found beside it
};

/// Finds submissions in files and folders: a capture file is one; a
/// folder's captures are one each (student: the file stem); a folder's
/// subfolders are students (student: the subfolder's name), each capture
/// in one a submission.  Key logs are picked up beside a capture
/// (NAME.keys, NAME.keylog, NAME.txt holding key-log lines) and, in a
/// student's folder, any *.keys or sslkeylog* file.  Captures are known by
/// their first bytes (pcap, pcapng, gzip), not their names.  Problems
/// (an input that does not exist) go to `errors`.
std::vector<Submission> find_submissions(const std::vector<std::string>& inputs,
                                         std::vector<std::string>& errors);

/// Replaces each submission's student id by what `pattern` (an ECMAScript
/// regular expression searched in the capture's path as found) captures
/// in its first group that matched, non-empty.  A path it does not match
/// keeps its id and adds a warning.  False with `error` set when the
/// pattern is not a valid expression or has no group.
bool apply_student_pattern(std::vector<Submission>& subs,
                           const std::string& pattern,
                           std::vector<std::string>& warnings,
                           std::string& error);

/// A graded submission, with what copy detection needs.
struct Graded {
  Submission submission;
  SubmissionGrade grade;
  CaptureFacts facts;
  /// Traffic fingerprints (a TCP connection's start time to the
  /// nanosecond, its addresses, ports and initial sequence number): two
  /// submissions sharing one are copies of each other.
  std::vector<std::string> fingerprints;
  std::vector<std::string> copies_of;  ///< the other students, filled later
  /// The sessions, kept for the HTML report's dialog excerpts.
  std::vector<Session> sessions;
};

/// Fingerprints of a capture's traffic (see Graded::fingerprints).
std::vector<std::string> fingerprints_of(const std::vector<Session>& s);

/// Marks each submission whose fingerprints another one shares.
void mark_copies(std::vector<Graded>& all);

/// A verdict in the reader's language ("pass" / "зачтено").
const char* verdict_text(Verdict v, Lang lang);

/// One page of the HTML report: a file name (no directory part, only
/// letters, digits, '-', '_' and the ".html" suffix) and its text.
struct HtmlPage {
  std::string name;
  std::string html;
};
/// The HTML report (html_report.cpp): `index.html` (one row per
/// submission: verdict, score, failed criteria, copies, a link) and one
/// self-contained page per submission (inline CSS, no scripts, nothing
/// fetched) with each criterion's result, points, feedback and the dialog
/// steps at its evidence frames, explained as `tracelab sessions` does.
/// Needs Graded::sessions for the dialog excerpts.
std::vector<HtmlPage> html_report(const Rubric& r,
                                  const std::vector<Graded>& all, Lang lang);
/// Writes the pages into `dir` (created if missing), never over an
/// existing file and never outside `dir`; false with `error` set if any
/// page exists already or cannot be written.
bool write_html_report(const std::string& dir,
                       const std::vector<HtmlPage>& pages, std::string& error);

/// Terminal table: one row per submission.
std::string table_report(const Rubric& r, const std::vector<Graded>& all,
                         Lang lang);
/// One JSON object per submission (docs/grade-schema.md), after a schema
/// header line.
std::string json_report(const Rubric& r, const std::vector<Graded>& all,
                        Lang lang);
/// A gradebook for Moodle's "Import grades from CSV": UTF-8, comma
/// separated, a header row; columns "Student", the grade, "Feedback".
std::string csv_report(const Rubric& r, const std::vector<Graded>& all,
                       Lang lang);

}  // namespace tracelab::grade
