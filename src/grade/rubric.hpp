// SPDX-License-Identifier: GPL-2.0-or-later
//
// A rubric's conditions, as parsed from its YAML (docs/rubrics.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tracelab/grade.hpp"

namespace tracelab::grade {

/// Which sessions a condition looks at.
struct SessionSpec {
  std::vector<std::string> protocols;  ///< any of; empty: any protocol
  std::optional<bool> tls;  ///< carried a TLS handshake (STARTTLS or not)
  std::vector<int> ports;   ///< server port, any of; empty: any
};

/// A field's value must match a pattern: `*` any run, `?` one character,
/// case-insensitive; `{param}` is replaced by the parameter's value first
/// (an empty value turns the pattern into `*`).  A list field matches when
/// one of its values does.
struct FieldPattern {
  std::string name;
  std::string pattern;
};

/// Which steps.
struct StepSpec {
  SessionSpec in;
  std::optional<StepKind> kind;
  std::vector<std::string> commands;  ///< any of, case-insensitive
  std::vector<std::string> codes;     ///< "221", "2xx", "5xx": any of
  std::vector<std::string> statuses;  ///< "+OK", "OK"...: any of
  std::optional<Outcome> outcome;
  std::optional<Direction> dir;
  std::vector<FieldPattern> fields;
  /// The step it answers must match this (a reply to QUIT).
  std::shared_ptr<const StepSpec> answers;
};

struct Condition {
  enum class Type : uint8_t {
    Session,   ///< a session matching `session` exists
    Step,      ///< a step matching `step` exists
    Sequence,  ///< in one session, steps matching `sequence` in that order
    Count,     ///< the number of steps matching `step` is in [min, max]
    Finding,   ///< a finding `finding_id` (of `severity`) exists
    Artifact,  ///< an artifact matching exists
    Link,      ///< a session linked with `why` matching `then`
  };
  Type type = Type::Session;
  SessionSpec session;
  StepSpec step;
  std::vector<StepSpec> sequence;
  int64_t min = 1, max = INT64_MAX;
  std::string finding_id;
  std::optional<Severity> severity;
  std::string artifact_kind;   ///< "" any
  std::string artifact_media;  ///< pattern, "" any
  std::string artifact_name;   ///< pattern, "" any
  bool artifact_complete = false;
  std::optional<LinkWhy> why;
  /// Link: what must hold in the linked session.
  std::vector<std::shared_ptr<const Condition>> then;
  int line = 0;
};

}  // namespace tracelab::grade
