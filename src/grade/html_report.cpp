// SPDX-License-Identifier: GPL-2.0-or-later
//
// The grade as HTML a teacher opens in a browser: an index of the students
// and one page per submission with each criterion's result, points and
// feedback, and the dialog steps at its evidence frames, worded by the
// explanation catalog exactly as `tracelab sessions` words them.  Pages are
// self-contained (inline CSS, no scripts, nothing fetched), and everything
// that comes from a capture or a file name -- untrusted -- goes through
// append_html_text.
#include <algorithm>
#include <set>

#include "tracelab/grade.hpp"
#include "tracelab/text.hpp"

namespace tracelab::grade {
namespace {

// Steps quoted per criterion: the evidence is at most a handful of frames,
// but one frame may carry several steps (a reply and its extensions).
constexpr size_t kMaxExcerptSteps = 16;

constexpr const char* kStyle =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;"
    "max-width:70em;padding:0 1em;color:#222;line-height:1.4}"
    "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin:1.6em 0 "
    ".4em}"
    ".sub{color:#555;margin-top:0}"
    "table{border-collapse:collapse;width:100%;margin:.5em 0}"
    "th,td{border:1px solid #ccc;padding:.35em .6em;text-align:left;"
    "vertical-align:top}th{background:#f0f0f0}"
    ".pass{color:#1a6b1a;font-weight:bold}.fail{color:#b00020;font-weight:"
    "bold}.unverifiable,.incomplete{color:#8a5a00;font-weight:bold}"
    ".badge{display:inline-block;padding:.15em .6em;border-radius:.3em;"
    "color:#fff}.badge.pass{background:#1a6b1a}.badge.fail{background:"
    "#b00020}.badge.incomplete{background:#8a5a00}"
    ".copy{background:#fde2e2;border:1px solid #b00020;padding:.4em .8em}"
    ".note{background:#fff4d6;border:1px solid #8a5a00;padding:.4em .8em}"
    ".dialog{font-size:.88em;margin:0;background:#fafafa}"
    ".excerpt>td{border-top:none;padding-top:0}"
    ".criteria th:nth-child(1){width:7em}.criteria th:nth-child(3){width:4em}"
    ".criteria th:nth-child(2){width:14em}.criteria th:nth-child(5){width:6em}"
    ".dialog td{border:none;border-bottom:1px solid #eee;padding:.2em .5em}"
    ".dialog .f{color:#555;white-space:nowrap;width:3.5em}"
    ".dialog .d{white-space:nowrap;color:#555;width:2.5em}"
    "code{font-family:'DejaVu Sans Mono',monospace;background:#f4f4f4;"
    "padding:0 .2em;word-break:break-all}"
    ".finding{color:#b00020}.reason{color:#8a5a00}"
    "footer{margin-top:2em;color:#777;font-size:.85em}";

struct Words {
  const char *student, *verdict, *score, *failed, *copies, *criterion, *result,
      *points, *feedback, *frames, *capture, *keylogs, *none, *back, *generated,
      *copy_of, *damaged, *index_title, *report;
};

constexpr Words kEn = {"Student",
                       "Verdict",
                       "Score",
                       "Failed criteria",
                       "Copies",
                       "Criterion",
                       "Result",
                       "Points",
                       "Feedback",
                       "Evidence frames",
                       "Capture",
                       "Key logs",
                       "none",
                       "All students",
                       "Made by tracelab grade",
                       "The same traffic as the submission of",
                       "The capture is damaged",
                       "Grades",
                       "report"};
constexpr Words kRu = {"Студент",
                       "Итог",
                       "Баллы",
                       "Не выполнено",
                       "Копии",
                       "Критерий",
                       "Результат",
                       "Баллы",
                       "Комментарий",
                       "Кадры-доказательства",
                       "Захват",
                       "Журналы ключей",
                       "нет",
                       "Все студенты",
                       "Создано tracelab grade",
                       "Тот же трафик, что в работе",
                       "Захват повреждён",
                       "Оценки",
                       "отчёт"};

const char* result_text(Result r, Lang lang) {
  if (lang == Lang::Ru) switch (r) {
      case Result::Pass: return "выполнено";
      case Result::Fail: return "не выполнено";
      case Result::Unverifiable: return "не проверить";
    }
  return result_name(r);
}

void esc(std::string& o, std::string_view s) {
  append_html_text(o, s);
}

void phrase(std::string& o, const Phrase& p) {
  for (const auto& piece : p) {
    if (piece.wire) o += "<code>";
    esc(o, piece.text);
    if (piece.wire) o += "</code>";
  }
}

void header_row(std::string& o, std::initializer_list<const char*> names) {
  o += "<tr>";
  for (const char* n : names) {
    o += "<th>";
    esc(o, n);
    o += "</th>";
  }
  o += "</tr>\n";
}

void head(std::string& o, const std::string& title, Lang lang) {
  o += "<!DOCTYPE html>\n<html lang=\"";
  o += lang == Lang::Ru ? "ru" : "en";
  o += "\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width\">\n<title>";
  esc(o, title);
  o += "</title>\n<style>";
  o += kStyle;
  o += "</style>\n</head>\n<body>\n";
}

void foot(std::string& o, const Words& w) {
  o += "<footer>";
  esc(o, w.generated);
  o += "</footer>\n</body>\n</html>\n";
}

// A file name for a student's page: letters (any script), digits, '-' and
// '_' kept, anything else '_', after a sequence number that keeps names
// unique ("007-ivanov.html"): no '/', no "..", nothing hidden.
std::string page_name(size_t n, std::string_view student) {
  std::string clean;
  append_display_text(clean, student);  // valid UTF-8 from here on
  std::string name = std::to_string(n + 1);
  while (name.size() < 3) name.insert(name.begin(), '0');
  name += '-';
  constexpr size_t kMaxName = 80;  // bytes, well under NAME_MAX
  for (size_t i = 0; i < clean.size();) {
    const auto c = static_cast<unsigned char>(clean[i]);
    const size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    if (name.size() + len > kMaxName) break;
    if (c >= 0x80)
      name.append(clean, i, len);
    else if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
             (c >= 'A' && c <= 'Z') || c == '-' || c == '_')
      name += static_cast<char>(c);
    else
      name += '_';
    i += len;
  }
  return name + ".html";
}

// The failed and unverifiable criteria, each a link to its row on the
// student's page (`page`), with its first evidence frame.
void failed_list(std::string& o, const Graded& g, const std::string& page,
                 Lang lang) {
  bool any = false;
  for (const auto& c : g.grade.criteria) {
    if (c.result == Result::Pass) continue;
    if (any) o += ", ";
    any = true;
    o += "<a href=\"";
    esc(o, page + "#" + c.id);
    o += "\">";
    esc(o, c.id);
    o += "</a>";
    if (c.result == Result::Unverifiable)
      esc(o, lang == Lang::Ru ? " (не проверить)" : " (unverifiable)");
    else if (!c.frames.empty())
      o += " (#" + std::to_string(c.frames.front()) + ")";
  }
  if (!any) o += "—";
}

const Session* session_by_id(const Graded& g, uint64_t id) {
  for (const auto& s : g.sessions)
    if (s.id == id) return &s;
  return nullptr;
}

// The steps (and findings) of the evidence sessions at the evidence frames.
std::string excerpt(const Graded& g, const CriterionResult& c, Lang lang) {
  if (c.frames.empty()) return {};
  const std::set<uint64_t> frames(c.frames.begin(), c.frames.end());
  std::string rows;
  size_t shown = 0;
  for (uint64_t id : c.sessions) {
    const Session* s = session_by_id(g, id);
    if (!s) continue;
    for (const auto& f : s->findings) {
      if (std::none_of(f.frames.begin(), f.frames.end(),
                       [&](uint64_t x) { return frames.count(x) != 0; }))
        continue;
      // Marked as the text view marks it; its frames after its name.
      rows +=
          "<tr class=\"finding\"><td class=\"f\">!!</td><td "
          "class=\"d\"></td><td>";
      esc(rows, severity_label(f.severity, lang));
      rows += " <code>";
      esc(rows, f.id);
      rows += "</code> (";
      for (size_t i = 0; i < f.frames.size(); ++i)
        rows += (i ? ", #" : "#") + std::to_string(f.frames[i]);
      rows += "): ";
      esc(rows, explain_finding(f.id, lang));
      if (!f.detail.empty()) {
        rows += ": <code>";
        esc(rows, f.detail);
        rows += "</code>";
      }
      rows += "</td></tr>\n";
    }
    for (const auto& e : s->events) {
      if (!frames.count(e.frame) || shown == kMaxExcerptSteps) continue;
      ++shown;
      const StepFacts facts = step_facts(*s, e);
      rows += "<tr><td class=\"f\">#" + std::to_string(e.frame) +
              "</td><td class=\"d\">";
      const bool c2s = e.dir == Direction::ClientToServer;
      rows += lang == Lang::Ru ? (c2s ? "К→С" : "С→К") : (c2s ? "C→S" : "S→C");
      rows += "</td><td>";
      phrase(rows, step_headline(*s, e, facts, lang));
      if (e.kind != StepKind::State) {
        const Phrase note = step_note(*s, e, lang);
        if (!note.empty()) {
          rows += " — ";
          phrase(rows, note);
        }
      }
      rows += "</td></tr>\n";
    }
  }
  if (rows.empty()) return {};
  return "<table class=\"dialog\">\n" + rows + "</table>";
}

std::string student_page(const Rubric& r, const Graded& g, Lang lang,
                         const Words& w) {
  std::string o;
  head(o, g.submission.student + " — " + r.title.in(lang), lang);
  o += "<p><a href=\"index.html\">← ";
  esc(o, w.back);
  o += "</a></p>\n<h1>";
  esc(o, g.submission.student);
  o += "</h1>\n<p class=\"sub\">";
  esc(o, r.title.in(lang));
  o += " (<code>";
  esc(o, r.id);
  o += "</code>)</p>\n<p><span class=\"badge ";
  o += verdict_name(g.grade.verdict);
  o += "\">";
  esc(o, verdict_text(g.grade.verdict, lang));
  o += "</span> ";
  esc(o, w.score);
  o += ": <b>" + std::to_string(g.grade.score) + " / " +
       std::to_string(g.grade.max) + "</b></p>\n<p>";
  esc(o, w.capture);
  o += ": <code>";
  esc(o, g.submission.capture);
  o += "</code><br>";
  esc(o, w.keylogs);
  o += ": ";
  if (g.submission.keylogs.empty()) esc(o, w.none);
  for (size_t i = 0; i < g.submission.keylogs.size(); ++i) {
    o += i ? ", <code>" : "<code>";
    esc(o, g.submission.keylogs[i]);
    o += "</code>";
  }
  o += "</p>\n";
  if (!g.copies_of.empty()) {
    o += "<p class=\"copy\">";
    esc(o, w.copy_of);
    o += ": ";
    for (size_t i = 0; i < g.copies_of.size(); ++i) {
      if (i) o += ", ";
      o += "<b>";
      esc(o, g.copies_of[i]);
      o += "</b>";
    }
    o += "</p>\n";
  }
  if (g.facts.damaged || !g.grade.note.empty()) {
    o += "<p class=\"note\">";
    if (g.facts.damaged) {
      esc(o, w.damaged);
      o += ": <code>";
      esc(o, g.facts.damage);
      o += "</code> ";
    }
    esc(o, g.grade.note);
    o += "</p>\n";
  }
  // One table: a row per criterion, and under it the dialog at its
  // evidence frames.
  o += "<table class=\"criteria\">\n";
  header_row(o, {w.result, w.criterion, w.points, w.feedback, w.frames});
  for (size_t i = 0; i < g.grade.criteria.size(); ++i) {
    const auto& c = g.grade.criteria[i];
    const Criterion* rc = i < r.criteria.size() && r.criteria[i].id == c.id
                              ? &r.criteria[i]
                              : nullptr;
    o += "<tr id=\"";
    esc(o, c.id);
    o += "\"><td class=\"";
    o += result_name(c.result);
    o += "\">";
    esc(o, result_text(c.result, lang));
    o += "</td><td>";
    esc(o, rc ? rc->title.in(lang) : c.id);
    o += "<br><code>";
    esc(o, c.id);
    o += "</code></td><td>" + std::to_string(c.points) + " / " +
         std::to_string(c.max) + "</td><td>";
    esc(o, c.feedback);
    if (!c.reason.empty()) {
      o += c.feedback.empty() ? "<span class=\"reason\">"
                              : "<br><span class=\"reason\">";
      esc(o, c.reason);
      o += "</span>";
    }
    o += "</td><td>";
    for (size_t j = 0; j < c.frames.size(); ++j)
      o += (j ? ", #" : "#") + std::to_string(c.frames[j]);
    o += "</td></tr>\n";
    const std::string dialog = excerpt(g, c, lang);
    if (!dialog.empty()) {
      o += "<tr class=\"excerpt\"><td></td><td colspan=\"4\">";
      o += dialog;
      o += "</td></tr>\n";
    }
  }
  o += "</table>\n";
  foot(o, w);
  return o;
}

}  // namespace

std::vector<HtmlPage> html_report(const Rubric& r,
                                  const std::vector<Graded>& all, Lang lang) {
  const Words& w = lang == Lang::Ru ? kRu : kEn;
  std::vector<HtmlPage> pages;  // index.html goes first, made last
  pages.push_back({"index.html", {}});
  std::string index;
  head(index, r.title.in(lang) + " — " + w.index_title, lang);
  index += "<h1>";
  esc(index, r.title.in(lang));
  index += "</h1>\n<p class=\"sub\">";
  esc(index, r.description.in(lang));
  index += "</p>\n<table>\n";
  header_row(index, {w.student, w.verdict, w.score, w.failed, w.copies});
  for (size_t i = 0; i < all.size(); ++i) {
    const Graded& g = all[i];
    pages.push_back(
        {page_name(i, g.submission.student), student_page(r, g, lang, w)});
    index += "<tr><td><a href=\"";
    esc(index, pages.back().name);
    index += "\">";
    esc(index, g.submission.student);
    index += "</a></td><td><span class=\"";
    index += verdict_name(g.grade.verdict);
    index += "\">";
    esc(index, verdict_text(g.grade.verdict, lang));
    index += "</span></td><td>" + std::to_string(g.grade.score) + " / " +
             std::to_string(g.grade.max) + "</td><td>";
    failed_list(index, g, pages.back().name, lang);
    index += "</td><td>";
    if (!g.copies_of.empty()) index += "<span class=\"fail\">";
    for (size_t j = 0; j < g.copies_of.size(); ++j) {
      if (j) index += ", ";
      esc(index, g.copies_of[j]);
    }
    if (!g.copies_of.empty()) index += "</span>";
    index += "</td></tr>\n";
  }
  index += "</table>\n";
  foot(index, w);
  pages.front().html = std::move(index);
  return pages;
}

}  // namespace tracelab::grade
