// SPDX-License-Identifier: GPL-2.0-or-later
#include "report.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "tracelab/bpf.hpp"
#include "tracelab/text.hpp"

namespace tracelab::cli {

unsigned run_threads(const CommonOptions& o, const std::string& file) {
  if (o.threads) return o.threads;
  std::error_code ec;
  if (!file.empty() && std::filesystem::is_regular_file(file, ec) &&
      std::filesystem::file_size(file, ec) < (uint64_t{16} << 20) && !ec)
    return 1;
  return std::max(1u, std::thread::hardware_concurrency());
}

bool pipeline_options(const CommonOptions& o,
                      const std::vector<std::string>& keylogs,
                      PipelineOptions& p) {
  p.bpf = o.bpf;
  p.progress = !o.no_progress;
  p.max_frames = o.max_frames;
  p.threads = run_threads(o);
  p.flow.limits.per_flow_bytes = o.per_flow_bytes;
  p.flow.limits.total_bytes = o.total_bytes;
  p.dissector_settings.show_secrets = o.show_secrets;
  for (const std::string& path : keylogs) {
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
void report_note(const std::string& message) {
  report("note: ", message);
}

namespace {
int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}
std::string counted(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}
}  // namespace

RunSummary::RunSummary() : start_ns_(now_ns()) {}

void RunSummary::add(const PipelineResult& r) {
  frames_ += r.frames_shown;
  sessions_ += r.flow.tcp_streams + r.flow.udp_streams;
  bytes_ += r.bytes;
  warnings_ += r.warnings.size() + (r.flow.limit_hits ? 1 : 0) +
               (r.flow.evicted_flows ? 1 : 0) +
               (r.flow.dropped_events ? 1 : 0) + (r.flow.refused_holds ? 1 : 0);
}

void RunSummary::print(bool quiet) const {
  if (quiet) return;
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.1f",
                static_cast<double>(now_ns() - start_ns_) / 1e9);
  report("", counted(frames_, "frame", "frames") + ", " +
                 counted(sessions_, "session", "sessions") + ", " +
                 counted(bytes_, "byte", "bytes") + " in " + secs + " s, " +
                 counted(warnings_, "warning", "warnings"));
}

TimeFormat time_format_of(char t) {
  switch (t) {
    case 'a': return TimeFormat::Absolute;
    case 'd': return TimeFormat::Delta;
    case 'e': return TimeFormat::Epoch;
    default: return TimeFormat::Relative;
  }
}

bool filter_compiles(const std::string& bpf) {
  std::string err;
  if (bpf.empty() || check_bpf_expression(bpf, err)) return true;
  report_error(err);
  return false;
}

int report_result(const PipelineResult& r) {
  for (const auto& w : r.warnings) report_warning(w);
  if (r.flow.evicted_flows) {
    report_warning(
        "the flow table was full: " + std::to_string(r.flow.evicted_flows) +
        " open session(s) were ended early, the least recently active first "
        "(each says so in a note)");
  }
  if (r.flow.dropped_events) {
    report_warning(std::to_string(r.flow.dropped_events) +
                   " step(s) were not listed: the steps' half of the memory "
                   "budget (--total-buffer) was spent while open sessions "
                   "held them (the sessions say so)");
  }
  if (r.flow.refused_holds) {
    report_warning("the memory budget (--total-buffer) was spent " +
                   std::to_string(r.flow.refused_holds) +
                   " time(s) while dissectors held data: mail messages were "
                   "not taken apart for their attachments (their artifacts "
                   "say so), and packet-list Info that waits for a long "
                   "line or literal was given up");
  }
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
