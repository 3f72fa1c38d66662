// SPDX-License-Identifier: GPL-2.0-or-later
//
// `packets` and `sessions` on capture files: each file in the order given,
// its output whole before the next one's.
#include <algorithm>
#include <cstdio>

#include "commands.hpp"
#include "inputs.hpp"
#include "report.hpp"
#include "tracelab/model.hpp"
#include "tracelab/output.hpp"
#include "tracelab/text.hpp"

namespace tracelab::cli {
namespace {

enum class View { Packets, Sessions };

// One capture; returns its exit status (0, 1 setup, 2 damaged).
int run_one(const std::string& file, const CommonOptions& o, View view,
            RunSummary& summary) {
  CaptureError err;
  // Two threads or more: the file is read ahead on one more.
  const unsigned threads = run_threads(o, file);
  auto src = open_capture_file(file, err, threads > 1);
  if (!src) {
    report_error(err.to_string());
    return 1;
  }
  PipelineOptions popt;
  if (!pipeline_options(o, keylogs_for(file, o), popt)) return 1;
  popt.threads = threads;
  OutputOptions oo;
  oo.capture_name = file;
  oo.header = !o.no_header;
  oo.show_secrets = o.show_secrets;
  oo.lang = parse_lang(o.lang).value_or(Lang::En);
  oo.verbose = o.verbose;
  oo.show_message = o.show_message;
  oo.width = o.width;
  oo.mark_wire = o.mark_wire;
  oo.time_format = time_format_of(o.time_format);

  std::unique_ptr<FrameSink> frames;
  std::unique_ptr<SessionSink> printer, sessions;
  if (view == View::Packets) {
    frames = o.json ? make_packet_list_json(stdout, oo)
                    : make_packet_list_text(stdout, oo);
    popt.flow.keep_events = false;
  } else {
    printer = o.json ? make_sessions_json(stdout, oo)
                     : make_sessions_text(stdout, oo);
    sessions = make_session_model(*printer);
    popt.columns = false;
  }
  PipelineResult r;
  try {
    r = run_pipeline(*src, popt, frames.get(), sessions.get());
    if (sessions) sessions->finish();
  } catch (const OutputError& e) {  // a full disk, a closed pipe
    report_error(e.what());
    throw;
  } catch (const std::exception& e) {
    report_error(file + ": " + e.what());
    return 1;
  }
  if (std::fflush(stdout) != 0) {
    report_error("cannot write the output");
    throw OutputError("cannot write the output");
  }
  summary.add(r);
  return report_result(r);
}

int run_files(const std::vector<std::string>& inputs, const CommonOptions& o,
              View view) {
  std::vector<std::string> files;
  if (!expand_inputs(inputs, files)) return 1;
  RunSummary summary;
  int status = 0;
  try {
    for (size_t i = 0; i < files.size(); ++i) {
      // The text views name each capture when there are several (as head
      // and tail do); JSON has the name in each capture's header line.
      if (files.size() > 1 && !o.json && !o.no_header) {
        std::string title = i ? "\n==> " : "==> ";
        append_display_text(title, files[i]);
        title += " <==\n";
        if (std::fputs(title.c_str(), stdout) < 0)
          throw OutputError("cannot write the output");
      }
      status = std::max(status, run_one(files[i], o, view, summary));
    }
  } catch (const OutputError&) {
    return 1;
  }
  summary.print(o.no_progress);
  return status;
}

}  // namespace

int run_packets(const std::vector<std::string>& inputs,
                const CommonOptions& o) {
  return run_files(inputs, o, View::Packets);
}

int run_sessions(const std::vector<std::string>& inputs,
                 const CommonOptions& o) {
  return run_files(inputs, o, View::Sessions);
}

}  // namespace tracelab::cli
