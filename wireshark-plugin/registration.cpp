// SPDX-License-Identifier: GPL-2.0-or-later
//
// What the plugin tells Wireshark: the protocol "tracelab", its fields
// (all filterable: tracelab.finding, tracelab.outcome == "failure"), its
// expert infos, its preferences, and that it is a postdissector -- it runs
// after every other dissector on every frame, and analyses the frame's bytes
// with the tracelab engine, not Wireshark's tree.
#include "registration.hpp"

#include "current_file.hpp"
#include "fields.hpp"
#include "frame_tree.hpp"
#include "taps.hpp"

namespace tracelab::wsplugin {

FieldIds& ids() {
  static FieldIds f;
  return f;
}

namespace {

const enum_val_t kLangs[] = {
    {"en", "English", 0},
    {"ru", "Русский (Russian)", 1},
    {nullptr, nullptr, 0},
};

void register_fields(int proto) {
  FieldIds& f = ids();
  // Wireshark keeps pointers into this array for the life of the program.
  static hf_register_info hf[] = {
      {&f.session,
       {"Session", "tracelab.session", FT_UINT64, BASE_DEC, nullptr, 0,
        "The tracelab session (TCP connection or UDP exchange) of this frame",
        HFILL}},
      {&f.session_protocol,
       {"Session protocol", "tracelab.protocol", FT_STRING, BASE_NONE, nullptr,
        0, "The protocol tracelab found in the session", HFILL}},
      {&f.step,
       {"Step", "tracelab.step", FT_STRING, BASE_NONE, nullptr, 0,
        "The kind of dialog step this frame completes (command, reply, "
        "handshake...)",
        HFILL}},
      {&f.command,
       {"Command", "tracelab.command", FT_STRING, BASE_NONE, nullptr, 0,
        "The client's command or request verb", HFILL}},
      {&f.outcome,
       {"Outcome", "tracelab.outcome", FT_STRING, BASE_NONE, nullptr, 0,
        "How a reply-like step turned out: success, intermediate, failure, "
        "info",
        HFILL}},
      {&f.answers,
       {"Answers", "tracelab.answers", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0,
        "The frame of the step this one answers", HFILL}},
      {&f.text,
       {"Text", "tracelab.text", FT_STRING, BASE_NONE, nullptr, 0,
        "The step as it crossed the wire (secrets masked)", HFILL}},
      {&f.note,
       {"Explanation", "tracelab.note", FT_STRING, BASE_NONE, nullptr, 0,
        "What the step means, as the course explains it", HFILL}},
      {&f.secret,
       {"Secret", "tracelab.secret", FT_STRING, BASE_NONE, nullptr, 0,
        "The password the step carried (shown only with the show_secrets "
        "preference)",
        HFILL}},
      {&f.finding,
       {"Finding", "tracelab.finding", FT_STRING, BASE_NONE, nullptr, 0,
        "What went wrong or is incomplete (a stable id)", HFILL}},
      {&f.finding_severity,
       {"Severity", "tracelab.finding.severity", FT_STRING, BASE_NONE, nullptr,
        0, "error, warning or info", HFILL}},
      {&f.finding_text,
       {"Explanation", "tracelab.finding.text", FT_STRING, BASE_NONE, nullptr,
        0, "What the finding means", HFILL}},
      {&f.related,
       {"Related session", "tracelab.related", FT_UINT64, BASE_DEC, nullptr, 0,
        "A session that belongs with this one", HFILL}},
      {&f.related_why,
       {"Why", "tracelab.related.why", FT_STRING, BASE_NONE, nullptr, 0,
        "How the sessions belong together (ftp-data, redirected-from...)",
        HFILL}},
      {&f.artifact,
       {"Artifact", "tracelab.artifact", FT_STRING, BASE_NONE, nullptr, 0,
        "A file, message or body recovered from the session", HFILL}},
      {&f.artifact_kind,
       {"Kind", "tracelab.artifact.kind", FT_STRING, BASE_NONE, nullptr, 0,
        "http-body, mail, ftp-file, tftp-file...", HFILL}},
      {&f.artifact_sha256,
       {"SHA-256", "tracelab.artifact.sha256", FT_STRING, BASE_NONE, nullptr, 0,
        "The digest of the recovered bytes", HFILL}},
      {&f.artifact_size,
       {"Size", "tracelab.artifact.size", FT_UINT64, BASE_DEC, nullptr, 0,
        "Recovered bytes", HFILL}},
      {&f.grade_criterion,
       {"Criterion", "tracelab.grade.criterion", FT_STRING, BASE_NONE, nullptr,
        0, "A rubric criterion this frame is evidence for", HFILL}},
      {&f.grade_result,
       {"Result", "tracelab.grade.result", FT_STRING, BASE_NONE, nullptr, 0,
        "pass, fail or unverifiable", HFILL}},
      {&f.grade_points,
       {"Points", "tracelab.grade.points", FT_UINT32, BASE_DEC, nullptr, 0,
        "Points earned for the criterion", HFILL}},
      {&f.grade_feedback,
       {"Feedback", "tracelab.grade.feedback", FT_STRING, BASE_NONE, nullptr, 0,
        "The rubric's feedback for this result", HFILL}},
      {&f.problem,
       {"Problem", "tracelab.problem", FT_STRING, BASE_NONE, nullptr, 0,
        "Something the analysis could not do (a key log it cannot read...)",
        HFILL}},
  };
  proto_register_field_array(proto, hf, G_N_ELEMENTS(hf));

  static gint* ett[] = {&f.ett_tracelab, &f.ett_step, &f.ett_finding,
                        &f.ett_artifact, &f.ett_grade};
  proto_register_subtree_array(ett, G_N_ELEMENTS(ett));

  static ei_register_info ei[] = {
      {&f.ei_error,
       {"tracelab.finding.error", PI_PROTOCOL, PI_ERROR,
        "A step failed or is missing", EXPFILL}},
      {&f.ei_warning,
       {"tracelab.finding.warning", PI_PROTOCOL, PI_WARN,
        "Suspicious or incomplete", EXPFILL}},
      {&f.ei_info,
       {"tracelab.finding.info", PI_PROTOCOL, PI_NOTE, "Worth knowing",
        EXPFILL}},
      {&f.ei_grade_fail,
       {"tracelab.grade.fail", PI_COMMENTS_GROUP, PI_WARN,
        "A rubric criterion failed", EXPFILL}},
      {&f.ei_problem,
       {"tracelab.problem.expert", PI_UNDECODED, PI_WARN,
        "tracelab could not do something", EXPFILL}},
  };
  expert_module_t* em = expert_register_protocol(proto);
  expert_register_field_array(em, ei, G_N_ELEMENTS(ei));
}

// A change of preference makes Wireshark dissect the file again; the next
// frame then starts a new analysis with the new values.
void prefs_changed() {
  forget_analysis();
}

void register_prefs(int proto) {
  Preferences& p = prefs();
  module_t* m = prefs_register_protocol(proto, prefs_changed);
  prefs_register_enum_preference(
      m, "lang", "Language",
      "The language of explanations, findings and grades (en or ru)", &p.lang,
      kLangs, FALSE);
  prefs_register_filename_preference(
      m, "keylog_file", "TLS key log file",
      "An SSLKEYLOGFILE key log for decrypting TLS (Wireshark's own "
      "tls.keylog_file is used too)",
      &p.keylog_file, FALSE);
  prefs_register_string_preference(
      m, "rubric", "Rubric",
      "A built-in rubric (smtp-send, pop3-read, ftp-session...) or a rubric "
      "file: each frame of evidence shows the criterion and its result",
      &p.rubric);
  prefs_register_bool_preference(
      m, "show_secrets", "Show secrets",
      "Show the passwords steps carry instead of a mask", &p.show_secrets);
}

void file_opened() {
  forget_analysis();
}
void file_closed() {
  forget_analysis();
}
// Called when a sequential read of the whole file has ended (Wireshark's
// first pass, tshark -2's first pass): every frame has been fed, so the
// sessions still open end and the findings that depend on the whole
// capture are found.
void first_pass_done() {
  if (FileAnalysis* a = existing_analysis()) a->finish();
}

}  // namespace

void register_protocol() {
  FieldIds& f = ids();
  f.proto = proto_register_protocol("tracelab session analysis", "tracelab",
                                    "tracelab");
  register_fields(f.proto);
  register_prefs(f.proto);
  register_init_routine(file_opened);
  register_cleanup_routine(file_closed);
  register_postseq_cleanup_routine(first_pass_done);
  register_taps();
}

void register_handoff() {
  dissector_handle_t h =
      create_dissector_handle(dissect_frame_tree, ids().proto);
  register_postdissector(h);
}

}  // namespace tracelab::wsplugin
