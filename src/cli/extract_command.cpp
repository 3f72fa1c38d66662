// SPDX-License-Identifier: GPL-2.0-or-later
//
// `extract FILE -o DIR`: every recovered object into DIR, with
// DIR/index.json, and a short list of what was written on stdout.  Several
// captures: each into DIR/NAME.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "inputs.hpp"
#include "report.hpp"
#include "tracelab/extract.hpp"
#include "tracelab/text.hpp"

namespace tracelab::cli {
namespace {

// One line per file: "session 3  http-body  text/html  5120 B  index.html".
void print_list(const ArtifactDirectory& dir, const std::string& out_dir,
                bool header) {
  std::string text;
  for (const ExtractedFile& f : dir.files()) {
    text += "session ";
    append_uint(text, f.session_id);
    text += "  ";
    append_display_text(text, f.meta.kind);
    text += "  ";
    append_display_text(text,
                        f.meta.media_type.empty() ? "-" : f.meta.media_type);
    text += "  ";
    append_uint(text, f.meta.size);
    text += " B  ";
    append_display_text(text, f.file);
    if (!f.meta.note.empty()) {
      text += "  (";
      append_display_text(text, f.meta.note);
      text += ')';
    }
    text += '\n';
  }
  if (header) {
    append_uint(text, dir.files().size());
    text +=
        dir.files().size() == 1 ? " file written to " : " files written to ";
    append_display_text(text, out_dir);
    text += " (index.json lists them)\n";
  }
  std::fputs(text.c_str(), stdout);
}

// One capture into `out_dir`; returns its exit status.
int extract_one(const std::string& file, const std::string& out_dir,
                const CommonOptions& o, RunSummary& summary) {
  CaptureError err;
  // Two threads or more: the file is read ahead on one more.
  const unsigned threads = run_threads(o, file);
  auto src = open_capture_file(file, err, threads > 1);
  if (!src) {
    report_error(err.to_string());
    return 1;
  }
  ArtifactDirectory dir(out_dir);
  if (!dir.ok()) {
    report_error(dir.error());
    return 1;
  }
  PipelineOptions popt;
  if (!pipeline_options(o, keylogs_for(file, o), popt)) return 1;
  popt.threads = threads;
  popt.columns = false;
  popt.flow.keep_events = false;
  popt.flow.artifacts = &dir;
  PipelineResult r;
  try {
    r = run_pipeline(*src, popt, nullptr, nullptr);
  } catch (const std::exception& e) {
    report_error(file + ": " + e.what());
    return 1;
  }
  summary.add(r);
  const bool indexed = dir.write_index(file);
  print_list(dir, out_dir, !o.no_header);
  std::fflush(stdout);
  for (const std::string& why : dir.failures()) report_error(why);
  if (dir.failure_count() > dir.failures().size())
    report_error(std::to_string(dir.failure_count() - dir.failures().size()) +
                 " more files could not be written");
  const int status = report_result(r);
  return status ? status : (indexed && dir.failure_count() == 0 ? 0 : 1);
}

}  // namespace

int run_extract(const std::vector<std::string>& inputs,
                const std::string& out_dir, const CommonOptions& o) {
  std::vector<std::string> files;
  if (!expand_inputs(inputs, files)) return 1;
  RunSummary summary;
  int status = 0;
  if (files.size() == 1) {
    status = extract_one(files[0], out_dir, o, summary);
  } else {
    // Several captures: each gets a folder of its own (its file name), so
    // that each index.json describes one capture.
    std::error_code ec;
    std::filesystem::create_directory(out_dir, ec);
    for (const std::string& f : files) {
      const std::string name =
          sanitize_artifact_name(std::filesystem::path(f).filename().string());
      status =
          std::max(status, extract_one(f, out_dir + "/" + name, o, summary));
    }
  }
  summary.print(o.no_progress);
  return status;
}

}  // namespace tracelab::cli
