// SPDX-License-Identifier: GPL-2.0-or-later
//
// The gradebook as a terminal table, NDJSON (docs/grade-schema.md) and CSV
// for Moodle's grade import.
#include <algorithm>

#include "tracelab/grade.hpp"
#include "tracelab/text.hpp"

namespace tracelab::grade {
namespace {

std::string display(std::string_view s) {
  std::string out;
  append_display_text(out, s);
  return out;
}

// Display width of UTF-8 text (code points; the table's texts have no
// wide characters).
size_t width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xc0) != 0x80;
  return n;
}

void pad(std::string& o, std::string_view s, size_t w) {
  o += s;
  for (size_t n = width(s); n < w; ++n) o += ' ';
  // A cell wider than its column still keeps one space before the next.
  if (width(s) >= w) o += ' ';
}

}  // namespace

const char* verdict_text(Verdict v, Lang lang) {
  if (lang == Lang::Ru) switch (v) {
      case Verdict::Pass: return "зачтено";
      case Verdict::Fail: return "не зачтено";
      case Verdict::Incomplete: return "не проверено полностью";
    }
  return verdict_name(v);
}

std::string table_report(const Rubric& r, const std::vector<Graded>& all,
                         Lang lang) {
  const bool ru = lang == Lang::Ru;
  size_t w_student = ru ? 7 : 7;
  for (const auto& g : all)
    w_student = std::max(w_student, width(display(g.submission.student)));
  w_student = std::min<size_t>(w_student, 32);
  std::string o;
  o += r.title.in(lang);
  o += " (" + r.id + ")\n";
  pad(o, ru ? "Студент" : "Student", w_student + 2);
  pad(o, ru ? "Итог" : "Verdict", 24);
  pad(o, ru ? "Баллы" : "Score", 8);
  o += ru ? "Не выполнено (первый кадр)\n" : "Failed (first evidence frame)\n";
  for (const auto& g : all) {
    pad(o, display(g.submission.student), w_student + 2);
    std::string verdict = verdict_text(g.grade.verdict, lang);
    if (g.facts.damaged) verdict += ru ? ", повреждён" : ", damaged";
    pad(o, verdict, 24);
    pad(o, std::to_string(g.grade.score) + "/" + std::to_string(g.grade.max),
        8);
    std::string failed;
    for (const auto& c : g.grade.criteria) {
      if (c.result == Result::Pass) continue;
      if (!failed.empty()) failed += ", ";
      failed += c.id;
      if (c.result == Result::Unverifiable)
        failed += ru ? " (не проверить)" : " (unverifiable)";
      else if (!c.frames.empty())
        failed += " (#" + std::to_string(c.frames.front()) + ")";
    }
    if (!g.grade.note.empty())
      failed += (failed.empty() ? "" : "; ") + g.grade.note;
    if (!g.copies_of.empty()) {
      if (!failed.empty()) failed += "; ";
      failed += ru ? "КОПИЯ работы: " : "COPY of: ";
      for (size_t i = 0; i < g.copies_of.size(); ++i)
        failed += (i ? ", " : "") + display(g.copies_of[i]);
    }
    o += failed.empty() ? "-" : failed;
    o += '\n';
  }
  return o;
}

std::string json_report(const Rubric& r, const std::vector<Graded>& all,
                        Lang lang) {
  std::string o = "{\"schema\":\"tracelab.grade\",\"version\":1,\"rubric\":";
  append_json_string(o, r.id);
  o += ",\"title\":";
  append_json_string(o, r.title.in(lang));
  o += ",\"max\":";
  append_int(o, r.max_points());
  o += "}\n";
  for (const auto& g : all) {
    o += "{\"submission\":";
    append_json_string(o, g.submission.capture);
    o += ",\"student\":";
    append_json_string(o, g.submission.student);
    o += ",\"rubric\":";
    append_json_string(o, r.id);
    o += ",\"verdict\":\"";
    o += verdict_name(g.grade.verdict);
    o += "\",\"score\":";
    append_int(o, g.grade.score);
    o += ",\"max\":";
    append_int(o, g.grade.max);
    o += ",\"keylogs\":";
    append_json_string_array(o, g.submission.keylogs);
    o += ",\"damaged\":";
    o += g.facts.damaged ? "true" : "false";
    if (g.facts.damaged) {
      o += ",\"damage\":";
      append_json_string(o, g.facts.damage);
    }
    if (!g.grade.note.empty()) {
      o += ",\"note\":";
      append_json_string(o, g.grade.note);
    }
    o += ",\"copies_of\":";
    append_json_string_array(o, g.copies_of);
    o += ",\"criteria\":[";
    for (size_t i = 0; i < g.grade.criteria.size(); ++i) {
      const auto& c = g.grade.criteria[i];
      if (i) o += ',';
      o += "{\"id\":";
      append_json_string(o, c.id);
      o += ",\"result\":\"";
      o += result_name(c.result);
      o += "\",\"points\":";
      append_int(o, c.points);
      o += ",\"max\":";
      append_int(o, c.max);
      o += ",\"frames\":";
      append_json_uint_array(o, c.frames);
      o += ",\"feedback\":";
      append_json_string(o, c.feedback);
      if (!c.reason.empty()) {
        o += ",\"reason\":";
        append_json_string(o, c.reason);
      }
      o += '}';
    }
    o += "]}\n";
  }
  return o;
}

namespace {

void csv_field(std::string& o, std::string_view s) {
  std::string clean;
  append_display_text(clean, s);  // valid UTF-8, no control bytes
  o += '"';
  for (char c : clean) {
    if (c == '"') o += '"';
    o += c;
  }
  o += '"';
}

}  // namespace

std::string csv_report(const Rubric& r, const std::vector<Graded>& all,
                       Lang lang) {
  std::string o;
  csv_field(o, "Student");
  o += ',';
  csv_field(o, r.title.in(lang));
  o += ',';
  csv_field(o, "Feedback");
  o += "\r\n";
  for (const auto& g : all) {
    csv_field(o, g.submission.student);
    o += ',';
    o += std::to_string(g.grade.score);
    o += ',';
    std::string fb;
    for (const auto& c : g.grade.criteria) {
      if (c.result == Result::Pass) continue;
      if (!fb.empty()) fb += ' ';
      fb += c.result == Result::Unverifiable ? c.reason : c.feedback;
      if (c.result == Result::Fail && !c.frames.empty())
        fb += (lang == Lang::Ru ? " (кадр " : " (frame ") +
              std::to_string(c.frames.front()) + ")";
    }
    if (!g.copies_of.empty()) {
      fb += lang == Lang::Ru ? " Совпадает трафик с работой: "
                             : " The same traffic as: ";
      for (size_t i = 0; i < g.copies_of.size(); ++i)
        fb += (i ? ", " : "") + g.copies_of[i];
    }
    if (fb.empty())
      fb = lang == Lang::Ru ? "Все критерии выполнены." : "All criteria met.";
    csv_field(o, fb);
    o += "\r\n";
  }
  return o;
}

}  // namespace tracelab::grade
