// SPDX-License-Identifier: GPL-2.0-or-later
//
// `packets` and `sessions` on a capture file.
#include <cstdio>

#include "commands.hpp"
#include "report.hpp"
#include "tracelab/model.hpp"
#include "tracelab/output.hpp"

namespace tracelab::cli {
namespace {

enum class View { Packets, Sessions };

int run_file(const std::string& file, const CommonOptions& o, View view) {
  CaptureError err;
  auto src = open_capture_file(file, err);
  if (!src) {
    report_error(err.to_string());
    return 1;
  }
  PipelineOptions popt;
  if (!pipeline_options(o, popt)) return 1;
  OutputOptions oo;
  oo.capture_name = file;
  oo.header = !o.no_header;
  oo.show_secrets = o.show_secrets;
  oo.lang = parse_lang(o.lang).value_or(Lang::En);
  oo.verbose = o.verbose;
  oo.show_message = o.show_message;
  oo.width = o.width;
  oo.mark_wire = o.mark_wire;

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
    return 1;
  } catch (const std::exception& e) {  // a bad filter expression, say
    report_error(file + ": " + e.what());
    return 1;
  }
  if (std::fflush(stdout) != 0) {
    report_error("cannot write the output");
    return 1;
  }
  return report_result(r);
}

}  // namespace

int run_packets(const std::string& file, const CommonOptions& o) {
  return run_file(file, o, View::Packets);
}

int run_sessions(const std::string& file, const CommonOptions& o) {
  return run_file(file, o, View::Sessions);
}

}  // namespace tracelab::cli
