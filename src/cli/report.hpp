// SPDX-License-Identifier: GPL-2.0-or-later
// What the verbs share: building pipeline options and reporting the end of
// a run on stderr.
#pragma once

#include <string>

#include "commands.hpp"
#include "tracelab/pipeline.hpp"

namespace tracelab::cli {

PipelineOptions pipeline_options(const CommonOptions& o);

/// "tracelab: MESSAGE" on stderr, with untrusted bytes escaped.
void report_error(const std::string& message);
void report_warning(const std::string& message);

/// True when `bpf` is empty or compiles; otherwise says why on stderr.
bool filter_compiles(const std::string& bpf);

/// Prints warnings and the damage error, if any; returns the exit status.
int report_result(const PipelineResult& r);

}  // namespace tracelab::cli
