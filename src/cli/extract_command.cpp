// SPDX-License-Identifier: GPL-2.0-or-later
//
// `extract FILE -o DIR`: every recovered object into DIR, with
// DIR/index.json, and a short list of what was written on stdout.
#include <cstdio>

#include "commands.hpp"
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

}  // namespace

int run_extract(const std::string& file, const std::string& out_dir,
                const CommonOptions& o) {
  CaptureError err;
  auto src = open_capture_file(file, err);
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
  if (!pipeline_options(o, popt)) return 1;
  popt.columns = false;
  popt.flow.keep_events = false;
  popt.flow.artifacts = &dir;
  PipelineResult r;
  try {
    r = run_pipeline(*src, popt, nullptr, nullptr);
  } catch (const std::exception& e) {  // a bad filter expression, say
    report_error(file + ": " + e.what());
    return 1;
  }
  const bool indexed = dir.write_index(file);
  print_list(dir, out_dir, !o.no_header);
  std::fflush(stdout);
  if (!dir.ok()) report_warning(dir.error());
  const int status = report_result(r);
  return status ? status : (indexed ? 0 : 1);
}

}  // namespace tracelab::cli
