// SPDX-License-Identifier: GPL-2.0-or-later
//
// The sessions view: a header per session and its dialog, as text or as
// NDJSON (docs/sessions-schema.md).
#include <ctime>
#include <map>

#include "out_buffer.hpp"
#include "tracelab/explain.hpp"
#include "tracelab/output.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

void append_utc(std::string& out, int64_t ns) {
  const time_t secs = static_cast<time_t>(ns / 1'000'000'000);
  struct tm tm;
  gmtime_r(&secs, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  out += buf;
  std::string frac;
  append_seconds_ns(frac, ns % 1'000'000'000, 6);
  out.append(frac, 1);  // ".xxxxxx" without the leading 0
  out += " UTC";
}

// The note an event is shown with: the catalog's explanation of the step
// (what a 227 means), then the dissector's remark (what only this capture
// says: where the data connection goes, how long the answer took), joined
// by "; ".  `scratch` holds the result when it is built.
const std::string& note_of(const Session& s, const Event& e, Lang lang,
                           std::string& scratch) {
  scratch = explain(s.protocol, e, lang);
  if (scratch.empty()) return e.note;
  if (!e.note.empty()) {
    scratch += "; ";
    scratch += e.note;
  }
  return scratch;
}

// What a secret looks like when it is not to be shown (its length is not
// revealed either).
constexpr const char* kSecretMask = "********";

class TextSessions final : public SessionSink {
 public:
  TextSessions(FILE* f, const OutputOptions& o)
      : out_(f, o.line_buffered),
        show_secrets_(o.show_secrets),
        lang_(o.lang) {}

 private:
  void session_done(Session&& s) override { print(s); }
  void finish() override { out_.flush(); }

  void print(const Session& s) {
    std::string& o = out_.str();
    o += "Session ";
    append_uint(o, s.id);
    o += "  ";
    append_display_text(o, s.protocol);
    o += "  ";
    o += s.client.to_string();
    o += " \u2192 ";
    o += s.server.to_string();
    o += "\n  start ";
    append_utc(o, s.start_ns);
    o += ", duration ";
    append_seconds_ns(o, s.end_ns - s.start_ns, 6);
    o += " s, frames ";
    append_uint(o, s.first_frame);
    o += "\u2013";
    append_uint(o, s.last_frame);
    o += "\n  client\u2192server ";
    append_uint(o, s.bytes_c2s);
    o += " bytes in ";
    append_uint(o, s.packets_c2s);
    o += " packets, server\u2192client ";
    append_uint(o, s.bytes_s2c);
    o += " bytes in ";
    append_uint(o, s.packets_s2c);
    o += " packets\n  ended: ";
    o += end_reason_name(s.end_reason);
    if (s.gaps) {
      o += ", ";
      append_uint(o, s.gaps);
      o += " gap(s), ";
      append_uint(o, s.gap_bytes);
      o += " bytes missing";
    }
    o += '\n';
    for (const auto& f : s.findings) {
      // Marked so that a reader cannot miss it.
      o += f.severity == Severity::Error     ? "  !! "
           : f.severity == Severity::Warning ? "  !  "
                                             : "  i  ";
      o += severity_name(f.severity);
      o += ' ';
      o += f.id;
      if (!f.frames.empty()) {
        o += " (#";
        for (size_t i = 0; i < f.frames.size(); ++i) {
          if (i) o += ", #";
          append_uint(o, f.frames[i]);
        }
        o += ')';
      }
      o += ": ";
      o += explain_finding(f.id, lang_);
      if (!f.detail.empty()) {
        o += ": ";
        append_display_text(o, f.detail);
      }
      o += '\n';
    }
    for (const auto& n : s.notes) {
      o += "  note: ";
      append_display_text(o, n);
      o += '\n';
    }
    for (const auto& e : s.events) {
      const size_t start = o.size();
      o += "  #";
      append_uint(o, e.frame);
      while (o.size() - start < 10) o.push_back(' ');
      o += " +";
      append_seconds_ns(o, e.ts_ns - s.start_ns, 6);
      while (o.size() - start < 24) o.push_back(' ');
      o += e.dir == Direction::ClientToServer ? " C\u2192S " : " S\u2192C ";
      o += step_kind_name(e.kind);
      if (!e.command.empty()) {
        o += "  ";
        append_display_text(o, e.command);
      }
      if (!e.args.empty()) {
        o += ' ';
        append_display_text(o, e.args);
      }
      if (!e.secret.empty()) {
        o += ' ';
        if (show_secrets_)
          append_display_text(o, e.secret);
        else
          o += kSecretMask;
      }
      if (e.code >= 0) {
        o += "  ";
        append_int(o, e.code);
      }
      if (!e.status.empty()) {
        o += "  ";
        append_display_text(o, e.status);
      }
      if (!e.text.empty()) {
        o += "  ";
        append_display_text(o, e.text);
      }
      const std::string& note = note_of(s, e, lang_, note_);
      if (!note.empty()) {
        o += " \u2014 ";
        append_display_text(o, note);
      }
      o += '\n';
    }
    for (const auto& a : s.artifacts) {
      o += "  artifact ";
      append_display_text(o, a.kind);
      o += " \"";
      append_display_text(o, a.name);
      o += "\" ";
      append_uint(o, a.size);
      o += " bytes";
      if (!a.media_type.empty()) {
        o += " (";
        append_display_text(o, a.media_type);
        o += ')';
      }
      o += " sha256 ";
      o += a.sha256;
      o += " frames ";
      append_uint(o, a.first_frame);
      o += '-';
      append_uint(o, a.last_frame);
      if (!a.note.empty()) {
        o += " \u2014 ";
        append_display_text(o, a.note);
      }
      if (!a.path.empty()) {
        o += " -> ";
        append_display_text(o, a.path);
      }
      o += '\n';
    }
    if (!s.related.empty()) {
      o += "  related sessions:";
      for (const auto& l : s.related) {
        o += ' ';
        append_uint(o, l.id);
        o += " (";
        o += link_why_name(l.why);
        o += ')';
      }
      o += '\n';
    }
    o += '\n';
    out_.line_done();
  }
  OutBuffer out_;
  bool show_secrets_;
  Lang lang_;
  std::string note_;
};

void append_key_string(std::string& o, const char* key, const std::string& v) {
  o += ",\"";
  o += key;
  o += "\":";
  append_json_string(o, v);
}

// A step's fields as one object; a name that repeats, or that always
// names a list (field_is_list), becomes an array.
void append_fields(std::string& o, const std::vector<Field>& fields) {
  o += ",\"fields\":{";
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = fields[i].name;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; ++j) seen = name == fields[j].name;
    if (seen) continue;
    size_t count = 0;
    for (size_t j = i; j < fields.size(); ++j) count += name == fields[j].name;
    if (i) o += ',';
    append_json_string(o, name);
    o += ':';
    const bool list = count > 1 || field_is_list(name);
    if (list) o += '[';
    bool first = true;
    for (size_t j = i; j < fields.size(); ++j) {
      if (name != fields[j].name) continue;
      if (!first) o += ',';
      first = false;
      append_json_string(o, fields[j].value);
    }
    if (list) o += ']';
  }
  o += '}';
}

class JsonSessions final : public SessionSink {
 public:
  JsonSessions(FILE* f, const OutputOptions& o)
      : out_(f, o.line_buffered), show_secrets_(o.show_secrets), lang_(o.lang) {
    if (o.header) {
      std::string& s = out_.str();
      s += "{\"schema\":\"tracelab.sessions\",\"version\":";
      append_uint(s, kSessionsSchemaVersion);
      s += ",\"capture\":";
      append_json_string(s, o.capture_name);
      s += "}\n";
      out_.line_done();
    }
  }

 private:
  void session_done(Session&& s) override { print(s); }
  void finish() override { out_.flush(); }

  void print(const Session& s) {
    std::string& o = out_.str();
    o += "{\"id\":";
    append_uint(o, s.id);
    append_key_string(o, "protocol", s.protocol);
    append_key_string(o, "transport", s.transport);
    append_key_string(o, "client", s.client.to_string());
    append_key_string(o, "server", s.server.to_string());
    o += ",\"start\":";
    append_seconds_ns(o, s.start_ns, 9);
    o += ",\"end\":";
    append_seconds_ns(o, s.end_ns, 9);
    o += ",\"first_frame\":";
    append_uint(o, s.first_frame);
    o += ",\"last_frame\":";
    append_uint(o, s.last_frame);
    o += ",\"bytes\":{\"c2s\":";
    append_uint(o, s.bytes_c2s);
    o += ",\"s2c\":";
    append_uint(o, s.bytes_s2c);
    o += "},\"packets\":{\"c2s\":";
    append_uint(o, s.packets_c2s);
    o += ",\"s2c\":";
    append_uint(o, s.packets_s2c);
    o += "},\"end_reason\":\"";
    o += end_reason_name(s.end_reason);
    o += "\",\"gaps\":";
    append_uint(o, s.gaps);
    o += ",\"gap_bytes\":";
    append_uint(o, s.gap_bytes);
    o += ",\"events\":[";
    bool first = true;
    for (const auto& e : s.events) {
      if (!first) o += ',';
      first = false;
      o += "{\"frame\":";
      append_uint(o, e.frame);
      o += ",\"time\":";
      append_seconds_ns(o, e.ts_ns - s.start_ns, 9);
      o += ",\"dir\":\"";
      o += direction_name(e.dir);
      o += '"';
      o += ",\"kind\":\"";
      o += step_kind_name(e.kind);
      o += '"';
      if (e.outcome != Outcome::None) {
        o += ",\"outcome\":\"";
        o += outcome_name(e.outcome);
        o += '"';
      }
      if (e.answers != kNoStep) {
        o += ",\"answers\":";
        append_int(o, e.answers);
      }
      if (!e.command.empty()) append_key_string(o, "command", e.command);
      if (!e.args.empty()) append_key_string(o, "args", e.args);
      if (!e.secret.empty()) {
        if (show_secrets_)
          append_key_string(o, "secret", e.secret);
        else
          o += ",\"secret_hidden\":true";
      }
      if (e.code >= 0) {
        o += ",\"code\":";
        append_int(o, e.code);
      }
      if (!e.status.empty()) append_key_string(o, "status", e.status);
      if (!e.text.empty()) append_key_string(o, "text", e.text);
      const std::string& note = note_of(s, e, lang_, note_);
      if (!note.empty()) append_key_string(o, "note", note);
      if (!e.fields.empty()) append_fields(o, e.fields);
      o += '}';
    }
    o += "],\"artifacts\":[";
    first = true;
    for (const auto& a : s.artifacts) {
      if (!first) o += ',';
      first = false;
      o += "{\"kind\":";
      append_json_string(o, a.kind);
      append_key_string(o, "name", a.name);
      o += ",\"size\":";
      append_uint(o, a.size);
      append_key_string(o, "sha256", a.sha256);
      if (!a.media_type.empty())
        append_key_string(o, "media_type", a.media_type);
      o += ",\"first_frame\":";
      append_uint(o, a.first_frame);
      o += ",\"last_frame\":";
      append_uint(o, a.last_frame);
      if (!a.note.empty()) append_key_string(o, "note", a.note);
      if (!a.path.empty()) append_key_string(o, "path", a.path);
      o += '}';
    }
    o += "],\"related\":[";
    first = true;
    for (const auto& l : s.related) {
      if (!first) o += ',';
      first = false;
      o += "{\"id\":";
      append_uint(o, l.id);
      o += ",\"why\":\"";
      o += link_why_name(l.why);
      o += "\"}";
    }
    o += "],\"findings\":[";
    first = true;
    for (const auto& f : s.findings) {
      if (!first) o += ',';
      first = false;
      o += "{\"id\":\"";
      o += f.id;
      o += "\",\"severity\":\"";
      o += severity_name(f.severity);
      o += "\",\"frames\":[";
      for (size_t i = 0; i < f.frames.size(); ++i) {
        if (i) o += ',';
        append_uint(o, f.frames[i]);
      }
      o += ']';
      append_key_string(o, "explanation", explain_finding(f.id, lang_));
      if (!f.detail.empty()) append_key_string(o, "detail", f.detail);
      o += '}';
    }
    o += "],\"notes\":[";
    first = true;
    for (const auto& n : s.notes) {
      if (!first) o += ',';
      first = false;
      append_json_string(o, n);
    }
    o += "]}\n";
    out_.line_done();
  }
  OutBuffer out_;
  bool show_secrets_;
  Lang lang_;
  std::string note_;
};

}  // namespace

std::unique_ptr<SessionSink> make_sessions_text(FILE* out,
                                                const OutputOptions& o) {
  return std::make_unique<TextSessions>(out, o);
}

std::unique_ptr<SessionSink> make_sessions_json(FILE* out,
                                                const OutputOptions& o) {
  return std::make_unique<JsonSessions>(out, o);
}

}  // namespace tracelab
