// SPDX-License-Identifier: GPL-2.0-or-later
// What the verbs share: building pipeline options and reporting the end of
// a run on stderr.
#pragma once

#include <string>

#include "commands.hpp"
#include "tracelab/pipeline.hpp"

namespace tracelab::cli {

/// The run's options from the command line, key logs read; false (the
/// error reported, naming the file) when a key log cannot be read: a run
/// told to decrypt must not go on as if it had not been.
bool pipeline_options(const CommonOptions& o, PipelineOptions& p);

/// "tracelab: MESSAGE" on stderr, with untrusted bytes escaped.
void report_error(const std::string& message);
void report_warning(const std::string& message);

/// Prints warnings and the damage error, if any; returns the exit status.
int report_result(const PipelineResult& r);

}  // namespace tracelab::cli
