// SPDX-License-Identifier: GPL-2.0-or-later
//
// The sessions view as NDJSON (docs/sessions-schema.md): stable English
// identifiers (kind, outcome, why, severity, ids), translated `note` and
// finding `explanation`.
#include <ctime>
#include <map>

#include "out_buffer.hpp"
#include "sessions_common.hpp"
#include "tracelab/explain.hpp"
#include "tracelab/output.hpp"
#include "tracelab/text.hpp"

namespace tracelab {

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

namespace {

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
      // The catalog's explanation in the reader's language, the remarks
      // rendered from fields, then any dissector prose left.
      const std::string note = plain(step_note(s, e, lang_));
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
      o += "\",\"frames\":";
      append_json_uint_array(o, f.frames);
      append_key_string(o, "explanation", explain_finding(f.id, lang_));
      if (!f.detail.empty()) append_key_string(o, "detail", f.detail);
      o += '}';
    }
    o += "],\"notes\":";
    append_json_string_array(o, s.notes);
    o += "}\n";
    out_.line_done();
  }
  OutBuffer out_;
  bool show_secrets_;
  Lang lang_;
};

}  // namespace

std::unique_ptr<SessionSink> make_sessions_json(FILE* out,
                                                const OutputOptions& o) {
  return std::make_unique<JsonSessions>(out, o);
}

}  // namespace tracelab
