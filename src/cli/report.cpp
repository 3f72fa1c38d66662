// SPDX-License-Identifier: GPL-2.0-or-later
#include "report.hpp"

#include <cstdio>

#include "tracelab/text.hpp"

namespace tracelab::cli {

bool pipeline_options(const CommonOptions& o, PipelineOptions& p) {
  p.bpf = o.bpf;
  p.progress = !o.no_progress;
  p.max_frames = o.max_frames;
  p.flow.limits.per_flow_bytes = o.per_flow_bytes;
  p.flow.limits.total_bytes = o.total_bytes;
  for (const std::string& path : o.keylogs) {
    std::string error;
    if (!read_keylog_file(path, p.dissector_settings.keylogs, error)) {
      report_error(error);
      return false;
    }
  }
  return true;
}

namespace {
void report(const char* level, const std::string& message) {
  std::string line = "tracelab: ";
  line += level;
  append_display_text(line, message);
  line += '\n';
  std::fflush(stdout);
  std::fputs(line.c_str(), stderr);
}
}  // namespace

void report_error(const std::string& message) {
  report("", message);
}
void report_warning(const std::string& message) {
  report("warning: ", message);
}

int report_result(const PipelineResult& r) {
  for (const auto& w : r.warnings) report_warning(w);
  if (r.flow.limit_hits) {
    report_warning("reassembly memory bounds were reached " +
                   std::to_string(r.flow.limit_hits) +
                   " time(s); the data held then is reported as gaps "
                   "(raise --flow-buffer / --total-buffer)");
  }
  if (r.error) {
    report_error(r.error->to_string() + " (" + std::to_string(r.records) +
                 " records read before it)");
    return 2;
  }
  return 0;
}

}  // namespace tracelab::cli
