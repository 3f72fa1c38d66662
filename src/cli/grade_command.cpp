// SPDX-License-Identifier: GPL-2.0-or-later
//
// `tracelab grade`: every submission through the same engine as
// `tracelab sessions`, graded against a rubric, several at once.
#include "grade_command.hpp"

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "report.hpp"
#include "tracelab/capture.hpp"
#include "tracelab/model.hpp"

namespace tracelab::cli {
namespace {

// Keeps every session of one (lab-sized) capture; a capture with more is
// not a lab capture, and what is past the bound is left out, said so.
struct Keep : SessionSink {
  static constexpr size_t kMaxSessions = 100000;
  std::vector<Session> sessions;
  bool dropped = false;
  void session_done(Session&& s) override {
    if (sessions.size() < kMaxSessions)
      sessions.push_back(std::move(s));
    else
      dropped = true;
  }
};

grade::Graded run_one(const grade::Submission& sub, const grade::Rubric& rubric,
                      const GradeCommandOptions& g, const CommonOptions& o) {
  grade::Graded out;
  out.submission = sub;
  CaptureError err;
  auto src = open_capture_file(sub.capture, err);
  PipelineOptions popt;
  popt.progress = false;
  popt.columns = false;
  popt.flow.limits.per_flow_bytes = o.per_flow_bytes;
  popt.flow.limits.total_bytes = o.total_bytes;
  for (const auto& k : sub.keylogs) {
    // One submission's unreadable key log must not stop the grading of
    // the others: said, and that submission graded without it.
    std::string error;
    if (!read_keylog_file(k, popt.dissector_settings.keylogs, error))
      report_warning(error);
  }
  out.facts.keylog_given = popt.dissector_settings.keylogs.given();
  Keep keep;
  if (!src) {
    out.facts.damaged = true;
    out.facts.damage = err.to_string();
  } else {
    auto model = make_session_model(keep);
    const PipelineResult r = run_pipeline(*src, popt, nullptr, model.get());
    model->finish();
    if (r.error) {
      out.facts.damaged = true;
      out.facts.damage = r.error->to_string();
    }
  }
  grade::GradeOptions go;
  go.lang = g.lang;
  go.params = g.params;
  out.grade = grade::grade(rubric, keep.sessions, out.facts, go);
  if (!src) {
    out.grade.verdict = grade::Verdict::Fail;
    out.grade.note = out.facts.damage;
  }
  out.fingerprints = grade::fingerprints_of(keep.sessions);
  if (g.keep_sessions) out.sessions = std::move(keep.sessions);
  return out;
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.flush();
  return static_cast<bool>(f);
}

}  // namespace

int run_grade(const GradeCommandOptions& g, const CommonOptions& o) {
  if (g.list) {
    std::string out;
    for (const auto& b : grade::builtin_rubrics()) {
      grade::RubricError err;
      auto r = grade::parse_rubric(b.yaml, b.id, err);
      if (!r) {
        report_error(err.to_string());
        return 1;
      }
      out += r->id;
      out.append(r->id.size() < 16 ? 16 - r->id.size() : 1, ' ');
      out += r->title.in(g.lang) + "\n";
      out.append(16, ' ');
      out += r->description.in(g.lang) + "\n";
    }
    std::fputs(out.c_str(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  }
  grade::RubricError rerr;
  const auto rubric = grade::load_rubric(g.rubric, rerr);
  if (!rubric) {
    report_error(rerr.to_string());
    return 1;
  }
  for (const auto& [name, value] : g.params) {
    bool known = false;
    for (const auto& p : rubric->params) known = known || p.name == name;
    if (!known) {
      report_error("rubric " + rubric->id + " has no parameter '" + name + "'");
      return 1;
    }
  }
  // A report already in the folder would be refused after all the work:
  // say so first (write_html_report checks every page again).
  if (!g.html.empty()) {
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::path(g.html) / "index.html",
                                ec)) {
      report_error(g.html +
                   "/index.html: already exists; refusing to overwrite "
                   "(choose an empty --html folder)");
      return 1;
    }
  }
  std::vector<std::string> errors;
  auto subs = grade::find_submissions(g.inputs, errors);
  for (const auto& e : errors) report_error(e);
  if (!errors.empty()) return 1;
  if (subs.empty()) {
    report_error("no capture found in the inputs");
    return 1;
  }
  if (!g.student_pattern.empty()) {
    std::string err;
    std::vector<std::string> warnings;
    if (!grade::apply_student_pattern(subs, g.student_pattern, warnings, err)) {
      report_error(err);
      return 1;
    }
    for (const auto& w : warnings) report_warning(w);
  }
  if (!o.keylogs.empty()) {
    if (subs.size() != 1) {
      report_error(
          "--keylog is for one capture; for many, put NAME.keys beside each");
      return 1;
    }
    subs[0].keylogs.insert(subs[0].keylogs.end(), o.keylogs.begin(),
                           o.keylogs.end());
  }

  // Submissions are independent: each worker takes the next one.
  std::vector<grade::Graded> graded(subs.size());
  std::atomic<size_t> next{0};
  const unsigned threads = std::max(
      1u, std::min<unsigned>(
              g.threads ? g.threads : std::thread::hardware_concurrency(),
              static_cast<unsigned>(subs.size())));
  std::mutex failure_lock;
  std::string failure;
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < subs.size();) {
      try {
        graded[i] = run_one(subs[i], *rubric, g, o);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> l(failure_lock);
        failure = subs[i].capture + ": " + e.what();
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  if (!failure.empty()) {
    report_error(failure);
    return 1;
  }
  grade::mark_copies(graded);

  const std::string out = o.json ? grade::json_report(*rubric, graded, g.lang)
                                 : grade::table_report(*rubric, graded, g.lang);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() ||
      std::fflush(stdout) != 0) {
    report_error("cannot write the output");
    return 1;
  }
  if (!g.csv.empty() &&
      !write_file(g.csv, grade::csv_report(*rubric, graded, g.lang))) {
    report_error(g.csv + ": cannot write the gradebook");
    return 1;
  }
  if (!g.html.empty()) {
    std::string err;
    if (!grade::write_html_report(
            g.html, grade::html_report(*rubric, graded, g.lang), err)) {
      report_error(err);
      return 1;
    }
  }
  bool damaged = false;
  for (const auto& x : graded) {
    if (!x.facts.damaged) continue;
    damaged = true;
    report_warning(x.submission.capture + ": " + x.facts.damage);
  }
  return damaged ? 2 : 0;
}

}  // namespace tracelab::cli
