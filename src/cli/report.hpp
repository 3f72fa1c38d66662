// SPDX-License-Identifier: GPL-2.0-or-later
// What the verbs share: building pipeline options and reporting the end of
// a run on stderr.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "commands.hpp"
#include "tracelab/output.hpp"
#include "tracelab/pipeline.hpp"

namespace tracelab::cli {

/// The run's options from the command line, with the key logs at
/// `keylogs` read; false (the error reported, naming the file) when a key
/// log cannot be read: a run told to decrypt must not go on as if it had
/// not been.
/// --threads, or when it is not given the cores available -- but one for a
/// capture file under 16 MiB, which is read before a second thread would
/// pay for its start (grading runs hundreds of small ones).
unsigned run_threads(const CommonOptions& o, const std::string& file = "");

bool pipeline_options(const CommonOptions& o,
                      const std::vector<std::string>& keylogs,
                      PipelineOptions& p);

/// "tracelab: MESSAGE" on stderr, with untrusted bytes escaped.
void report_error(const std::string& message);
void report_warning(const std::string& message);
void report_note(const std::string& message);

/// What several runs read together, for the line that ends a run on
/// stderr: "tracelab: 120 frames, 4 sessions, 51234 bytes in 0.2 s, 1
/// warning".
class RunSummary {
 public:
  RunSummary();
  void add(const PipelineResult& r);
  /// Prints the line unless `quiet` (--no-progress).
  void print(bool quiet) const;

 private:
  uint64_t frames_ = 0, sessions_ = 0, bytes_ = 0, warnings_ = 0;
  int64_t start_ns_;
};

/// -t's letter (r, a, d, e) as the packet list's time format.
TimeFormat time_format_of(char t);

/// True when `bpf` is empty or compiles; otherwise says why on stderr.
bool filter_compiles(const std::string& bpf);

/// Prints warnings and the damage error, if any; returns the exit status.
int report_result(const PipelineResult& r);

}  // namespace tracelab::cli
