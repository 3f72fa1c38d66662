// SPDX-License-Identifier: GPL-2.0-or-later
//
// The tshark statistics ("-z") the plugin adds.  They listen on the "frame"
// tap, which sees every frame, only to be drawn at the end of the run, when
// they end the analysis and print what `tracelab sessions` or `tracelab
// grade` prints for the same file -- with the same writers.
#include "taps.hpp"

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "current_file.hpp"
#include "tracelab/output.hpp"
#include "ws.hpp"

namespace tracelab::wsplugin {
namespace {

struct TapRequest {
  enum class What { Sessions, Grade } what = What::Sessions;
  bool json = false;
  std::string rubric;  ///< grade: overrides the rubric preference
};

// "tracelab,grade,smtp-send,json" -> the request.
TapRequest parse_request(const char* arg, TapRequest::What what) {
  TapRequest r;
  r.what = what;
  std::vector<std::string> parts;
  std::stringstream in(arg ? arg : "");
  for (std::string p; std::getline(in, p, ',');) parts.push_back(p);
  for (size_t i = 2; i < parts.size(); ++i) {
    if (parts[i] == "json")
      r.json = true;
    else if (!parts[i].empty())
      r.rubric = parts[i];
  }
  return r;
}

void print_sessions(const FileAnalysis& a, bool json) {
  OutputOptions oo;
  oo.lang = a.settings().lang;
  oo.show_secrets = a.settings().show_secrets;
  // The JSON header names the capture; Wireshark does not tell a plugin the
  // file's name, so it names what made it.
  oo.capture_name = "wireshark";
  auto out =
      json ? make_sessions_json(stdout, oo) : make_sessions_text(stdout, oo);
  for (const Session& s : a.sessions()) out->session_done(Session(s));
  out->finish();
}

void print_grade(const FileAnalysis& a, const TapRequest& req) {
  const std::string name =
      req.rubric.empty() ? a.settings().rubric : req.rubric;
  if (name.empty()) {
    std::fputs(
        "tracelab: -z tracelab,grade needs a rubric: -z "
        "tracelab,grade,RUBRIC or -o tracelab.rubric:RUBRIC\n",
        stderr);
    return;
  }
  grade::RubricError err;
  auto rubric = grade::load_rubric(name, err);
  if (!rubric) {
    std::fprintf(stderr, "tracelab: %s\n", err.to_string().c_str());
    return;
  }
  grade::Graded g;
  g.submission.student = "capture";
  g.facts.keylog_given = a.keylog_read();
  grade::GradeOptions go;
  go.lang = a.settings().lang;
  g.grade = grade::grade(*rubric, a.sessions(), g.facts, go);
  std::vector<grade::Graded> all{std::move(g)};
  const std::string out = req.json ? grade::json_report(*rubric, all, go.lang)
                                   : grade::table_report(*rubric, all, go.lang);
  std::fputs(out.c_str(), stdout);
}

tap_packet_status on_frame(void*, packet_info*, epan_dissect_t*, const void*,
                           tap_flags_t) {
  return TAP_PACKET_DONT_REDRAW;
}

void on_draw(void* data) {
  const auto* req = static_cast<const TapRequest*>(data);
  try {
    FileAnalysis& a = current_analysis();
    a.finish();
    if (req->what == TapRequest::What::Sessions)
      print_sessions(a, req->json);
    else
      print_grade(a, *req);
    std::fflush(stdout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tracelab: %s\n", e.what());
  }
}

void start(const char* arg, TapRequest::What what) {
  // Lives as long as the listener, that is until tshark exits.
  auto* req = new TapRequest(parse_request(arg, what));
  GString* error =
      register_tap_listener("frame", req, nullptr, TL_REQUIRES_NOTHING, nullptr,
                            on_frame, on_draw, nullptr);
  if (error) {
    std::fprintf(stderr, "tracelab: cannot start the tap: %s\n", error->str);
    g_string_free(error, TRUE);
    delete req;
  }
}

void start_sessions(const char* arg, void*) {
  start(arg, TapRequest::What::Sessions);
}
void start_grade(const char* arg, void*) {
  start(arg, TapRequest::What::Grade);
}

stat_tap_ui g_sessions_ui = {REGISTER_STAT_GROUP_GENERIC,
                             "tracelab sessions",
                             "tracelab,sessions",
                             start_sessions,
                             0,
                             nullptr};
stat_tap_ui g_grade_ui = {REGISTER_STAT_GROUP_GENERIC,
                          "tracelab grade",
                          "tracelab,grade",
                          start_grade,
                          0,
                          nullptr};

}  // namespace

void register_taps() {
  register_stat_tap_ui(&g_sessions_ui, nullptr);
  register_stat_tap_ui(&g_grade_ui, nullptr);
}

}  // namespace tracelab::wsplugin
