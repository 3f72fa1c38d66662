// SPDX-License-Identifier: GPL-2.0-or-later
//
// The tracelab subtree of a frame.  On Wireshark's first, in-order pass the
// frame is fed to the analysis; on every pass the frame shows what the
// analysis has found about it so far -- all of it once the first pass has
// ended (the GUI after loading a file, tshark -2), the steps of sessions
// already over during a live capture.
#include "frame_tree.hpp"

#include <string>

#include "current_file.hpp"
#include "fields.hpp"
#include "frame_record.hpp"
#include "tracelab/findings.hpp"
#include "tracelab/text.hpp"

namespace tracelab::wsplugin {
namespace {

// Wire bytes reach Wireshark's tree as valid UTF-8 with control characters
// escaped, as they reach a terminal from the tracelab command.
std::string shown(std::string_view bytes) {
  std::string out;
  append_display_text(out, bytes);
  return out;
}

proto_item* add_string(proto_tree* tree, int hf, tvbuff_t* tvb,
                       std::string_view value) {
  const std::string s = shown(value);
  return proto_tree_add_string(tree, hf, tvb, 0, 0, s.c_str());
}

void feed(FileAnalysis& a, tvbuff_t* tvb, packet_info* pinfo) {
  // Only the first pass, in order, each frame once: Wireshark dissects a
  // frame again whenever it is shown (then visited is set).
  if (pinfo->fd->visited || a.finished() || pinfo->num != a.fed() + 1) return;
  a.feed(frame_record(tvb, pinfo));
}

void add_step(proto_tree* root, tvbuff_t* tvb, const FileAnalysis& a,
              const Session& s, const Event& e) {
  const FieldIds& f = ids();
  const Lang lang = a.settings().lang;
  const std::string note = plain(step_note(s, e, lang));
  std::string label = kind_label(e.kind, lang);
  if (!e.text.empty()) label += ": " + shown(e.text);
  if (!note.empty()) label += " — " + shown(note);
  proto_tree* t = proto_tree_add_subtree(root, tvb, 0, 0, f.ett_step, nullptr,
                                         label.c_str());
  add_string(t, f.step, tvb, step_kind_name(e.kind));
  if (!e.command.empty()) add_string(t, f.command, tvb, e.command);
  if (e.outcome != Outcome::None)
    add_string(t, f.outcome, tvb, outcome_name(e.outcome));
  if (e.answers >= 0 && static_cast<size_t>(e.answers) < s.events.size())
    proto_tree_add_uint(t, f.answers, tvb, 0, 0,
                        static_cast<guint32>(s.events[e.answers].frame));
  if (!e.text.empty()) add_string(t, f.text, tvb, e.text);
  // Every step has its explanation field, empty or not, so that a script
  // reading tracelab.step and tracelab.note pairs them by position.
  add_string(t, f.note, tvb, note);
  if (a.settings().show_secrets && !e.secret.empty())
    add_string(t, f.secret, tvb, e.secret);
}

void add_finding(proto_tree* root, tvbuff_t* tvb, packet_info* pinfo,
                 const FileAnalysis& a, const Finding& fd) {
  const FieldIds& f = ids();
  const Lang lang = a.settings().lang;
  std::string text = explain_finding(fd.id, lang);
  if (!fd.detail.empty()) text += ": " + fd.detail;
  // The label names the finding; its explanation is the child below, as
  // Wireshark cuts labels at 240 bytes (120 Cyrillic letters).
  const std::string label =
      std::string(severity_label(fd.severity, lang)) + ": " + fd.id;
  proto_item* ti = nullptr;
  proto_tree* t = proto_tree_add_subtree(root, tvb, 0, 0, f.ett_finding, &ti,
                                         label.c_str());
  add_string(t, f.finding, tvb, fd.id);
  add_string(t, f.finding_severity, tvb, severity_name(fd.severity));
  add_string(t, f.finding_text, tvb, text);
  expert_field* ei = fd.severity == Severity::Error     ? &ids().ei_error
                     : fd.severity == Severity::Warning ? &ids().ei_warning
                                                        : &ids().ei_info;
  expert_add_info_format(pinfo, ti, ei, "tracelab: %s: %s", fd.id,
                         shown(text).c_str());
}

void add_artifact(proto_tree* root, tvbuff_t* tvb, const FileAnalysis& a,
                  const Artifact& art) {
  const FieldIds& f = ids();
  const std::string label =
      artifact_kind_label(art.kind, a.settings().lang) + " " + shown(art.name);
  proto_tree* t = proto_tree_add_subtree(root, tvb, 0, 0, f.ett_artifact,
                                         nullptr, label.c_str());
  add_string(t, f.artifact, tvb, art.name);
  add_string(t, f.artifact_kind, tvb, art.kind);
  proto_tree_add_uint64(t, f.artifact_size, tvb, 0, 0, art.size);
  add_string(t, f.artifact_sha256, tvb, art.sha256);
}

void add_grade(proto_tree* root, tvbuff_t* tvb, packet_info* pinfo,
               const grade::CriterionResult& c) {
  const FieldIds& f = ids();
  const std::string label =
      "grade " + c.id + ": " + grade::result_name(c.result) + " (" +
      std::to_string(c.points) + "/" + std::to_string(c.max) + ")";
  proto_item* ti = nullptr;
  proto_tree* t =
      proto_tree_add_subtree(root, tvb, 0, 0, f.ett_grade, &ti, label.c_str());
  add_string(t, f.grade_criterion, tvb, c.id);
  add_string(t, f.grade_result, tvb, grade::result_name(c.result));
  proto_tree_add_uint(t, f.grade_points, tvb, 0, 0,
                      static_cast<guint32>(c.points));
  if (!c.feedback.empty()) add_string(t, f.grade_feedback, tvb, c.feedback);
  if (c.result == grade::Result::Fail)
    expert_add_info_format(pinfo, ti, &ids().ei_grade_fail,
                           "tracelab: criterion %s failed", c.id.c_str());
}

void add_session(proto_tree* root, tvbuff_t* tvb, const FileAnalysis& a,
                 uint64_t id, uint64_t frame) {
  const FieldIds& f = ids();
  proto_tree_add_uint64(root, f.session, tvb, 0, 0, id);
  const auto at = a.session_index(id);
  if (!at) return;  // still open
  const Session& s = a.sessions()[*at];
  add_string(root, f.session_protocol, tvb, s.protocol);
  if (frame != s.first_frame) return;
  const Lang lang = a.settings().lang;
  for (const Link& l : s.related) {
    proto_item* ti = proto_tree_add_uint64(root, f.related, tvb, 0, 0, l.id);
    proto_item_append_text(ti, " (%s)", link_why_label(l.why, lang));
    proto_tree* t = proto_item_add_subtree(ti, f.ett_tracelab);
    add_string(t, f.related_why, tvb, link_why_name(l.why));
  }
}

void add_items(proto_tree* tree, tvbuff_t* tvb, packet_info* pinfo,
               const FileAnalysis& a) {
  const FieldIds& f = ids();
  const auto session = a.session_of(pinfo->num);
  const auto items = a.items(pinfo->num);
  const bool problems = pinfo->num == 1 && !a.problems().empty();
  if (!session && items.empty() && !problems) return;

  proto_item* ti = proto_tree_add_item(tree, f.proto, tvb, 0, 0, ENC_NA);
  proto_tree* root = proto_item_add_subtree(ti, f.ett_tracelab);
  if (session) {
    proto_item_append_text(ti, ", session %" PRIu64, *session);
    add_session(root, tvb, a, *session, pinfo->num);
  }
  if (problems)
    for (const std::string& p : a.problems()) {
      proto_item* pi = add_string(root, f.problem, tvb, p);
      expert_add_info_format(pinfo, pi, &ids().ei_problem, "tracelab: %s",
                             shown(p).c_str());
    }
  for (const FrameItem& it : items) {
    if (it.what == FrameItem::What::Grade) {
      add_grade(root, tvb, pinfo, a.grade()->criteria[it.index]);
      continue;
    }
    const Session& s = a.sessions()[it.session];
    switch (it.what) {
      case FrameItem::What::Step:
        add_step(root, tvb, a, s, s.events[it.index]);
        break;
      case FrameItem::What::Finding:
        add_finding(root, tvb, pinfo, a, s.findings[it.index]);
        break;
      case FrameItem::What::Artifact:
        add_artifact(root, tvb, a, s.artifacts[it.index]);
        break;
      case FrameItem::What::Grade: break;
    }
  }
}

}  // namespace

int dissect_frame_tree(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree,
                       void* /*data*/) {
  // No C++ exception may unwind into Wireshark's C: a failure here costs
  // this frame's tracelab items, never Wireshark.
  try {
    FileAnalysis& a = current_analysis();
    feed(a, tvb, pinfo);
    if (tree) add_items(tree, tvb, pinfo, a);
  } catch (const std::exception&) {
    return 0;
  }
  return static_cast<int>(tvb_captured_length(tvb));
}

}  // namespace tracelab::wsplugin
