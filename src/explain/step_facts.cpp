// SPDX-License-Identifier: GPL-2.0-or-later
//
// The facts of a step as the catalog reads them: its fields, plus those that
// dissectors written before the field contract still give as `key=value`
// arguments or English prose.  Lifting them into fields here means the
// remark is rendered in the reader's language; once every dissector emits
// the fields, nothing is lifted and this stays a no-op.  What is not
// recognised is left in StepFacts::note.
#include <cctype>
#include <optional>

#include "catalog.hpp"

namespace tracelab {
namespace {

using namespace catalog;

// Field names the lift may create: static strings, as Field requires.
constexpr const char* kKnownArgKeys[] = {"version",
                                         "sni",
                                         "alpn",
                                         "cipher_suite",
                                         "ja3",
                                         "ja4",
                                         "ja3s",
                                         "subject",
                                         "issuer",
                                         "extensions",
                                         "session_id",
                                         "not_after",
                                         "offered_versions"};

const char* known_key(std::string_view k) {
  for (const char* n : kKnownArgKeys)
    if (k == n) return n;
  return nullptr;
}

bool has(const std::vector<Field>& fs, std::string_view name) {
  for (const auto& f : fs)
    if (name == f.name) return true;
  return false;
}

void add(std::vector<Field>& fs, const char* name, std::string_view v) {
  if (!has(fs, name)) fs.push_back({name, std::string(v)});
}

void add_list(std::vector<Field>& fs, const char* name, std::string_view v,
              char sep) {
  if (has(fs, name)) return;
  while (!v.empty()) {
    size_t end = v.find(sep);
    std::string_view item = v.substr(0, end);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) fs.push_back({name, std::string(item)});
    if (end == std::string_view::npos) break;
    v.remove_prefix(end + 1);
  }
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// "version=TLS 1.2 sni=a.test alpn=h2,http/1.1": a value runs to the next
// " key=" (values may hold spaces and '=').
void lift_key_values(std::string_view args, std::vector<Field>& fs) {
  auto key_at = [&](size_t pos) -> size_t {  // length of "key" before '='
    size_t n = 0;
    while (pos + n < args.size() && is_key_char(args[pos + n])) ++n;
    return n > 0 && pos + n < args.size() && args[pos + n] == '=' ? n : 0;
  };
  size_t pos = 0;
  while (pos < args.size()) {
    const size_t kn = key_at(pos);
    if (!kn) return;  // not key=value arguments
    const std::string_view key = args.substr(pos, kn);
    size_t vstart = pos + kn + 1, vend = vstart;
    while (vend < args.size() && !(args[vend] == ' ' && key_at(vend + 1)))
      ++vend;
    const std::string_view value = args.substr(vstart, vend - vstart);
    if (const char* name = known_key(key)) {
      if (key == "alpn" || key == "offered_versions")
        add_list(fs, name, value, ',');
      else
        add(fs, name, value);
    }
    pos = vend + 1;
  }
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// "<digits> <word>" -> the digits when the word is `unit`.
std::optional<std::string_view> count_of(std::string_view s,
                                         std::string_view unit) {
  const size_t sp = s.find(' ');
  if (sp == std::string_view::npos || s.substr(sp + 1) != unit) return {};
  if (!all_digits(s.substr(0, sp))) return {};
  return s.substr(0, sp);
}

int decode64(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// A SASL prompt in base64 ("VXNlcm5hbWU6" -> "Username:"), when it decodes
// to printable ASCII.
std::optional<std::string> base64_text(std::string_view in) {
  if (in.empty() || in.size() % 4 != 0 || in.size() > 512) return {};
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=') {
      if (i + 2 < in.size()) return {};
      break;
    }
    const int v = decode64(in[i]);
    if (v < 0) return {};
    acc = acc << 6 | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(char(acc >> bits & 0xff));
    }
  }
  for (char c : out)
    if (c < 0x20 || c > 0x7e) return {};
  if (out.empty()) return {};
  return out;
}

// One "; "-separated remark of an older dissector: lifted into fields when
// it is one the catalog knows.
bool lift_remark(const Event& e, std::string_view r, std::vector<Field>& fs) {
  auto after = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!r.starts_with(prefix)) return {};
    return r.substr(prefix.size());
  };
  if (auto v = after("data connection expected at ")) {
    add(fs, "data_endpoint", *v);
    return true;
  }
  if (auto v = after("first byte ")) {
    if (v->ends_with(" s after the request")) {
      add(fs, "delay", v->substr(0, v->size() - 20));
      return true;
    }
  }
  for (const char* p : {"redirect to HTTPS: ",
                        "redirect to HTTPS on another "
                        "host: ",
                        "redirect: "})
    if (auto v = after(p)) {
      add(fs, "location", *v);
      return true;
    }
  if (auto v = after("session resumed with ")) {
    const size_t comma = v->find(", issued in ");
    if (comma == std::string_view::npos) return false;
    const std::string_view how = v->substr(0, comma);
    add(fs, "resumed_with",
        how.starts_with("its session id")                  ? "session-id"
        : how.find("pre-shared") != std::string_view::npos ? "psk"
                                                           : "ticket");
    std::string_view from = v->substr(comma + 12);
    if (from.starts_with("session ") && all_digits(from.substr(8)))
      add(fs, "resumed_from", from.substr(8));
    else
      add(fs, "resumed_from_unseen", "yes");
    return true;
  }
  if (auto v = after("data connection of the FTP command ")) {
    // "RETR data.bin, TYPE I"
    std::string_view cmd = *v;
    const size_t type = cmd.rfind(", TYPE ");
    if (type != std::string_view::npos) {
      add(fs, "type", cmd.substr(type + 7));
      cmd = cmd.substr(0, type);
    }
    const size_t sp = cmd.find(' ');
    add(fs, "command", cmd.substr(0, sp));
    if (sp != std::string_view::npos) add(fs, "file", cmd.substr(sp + 1));
    return true;
  }
  if (auto v = after("mode ")) {
    if (e.kind != StepKind::Command) return false;
    const size_t comma = v->find(", ");
    add(fs, "mode", v->substr(0, comma));
    if (comma != std::string_view::npos)
      add_list(fs, "options", v->substr(comma + 2), ',');
    return true;
  }
  if (r == "partial" && e.kind == StepKind::Message) {
    add(fs, "partial", "yes");
    return true;
  }
  if (r == "duplicate (retransmitted) block") {
    add(fs, "duplicate", "block");
    return true;
  }
  if (r ==
      "duplicate (retransmitted) block: answers a duplicate ACK "
      "(Sorcerer's Apprentice Syndrome)") {
    add(fs, "duplicate", "sorcerer");
    return true;
  }
  if (r == "duplicate ACK") {
    add(fs, "duplicate", "ack");
    return true;
  }
  if (auto v = after("answers the query in frame ")) {
    const size_t sp = v->find(" after ");
    if (sp == std::string_view::npos || !v->ends_with(" ms")) return false;
    add(fs, "query_frame", v->substr(0, sp));
    std::string_view ms = v->substr(sp + 7);
    ms.remove_suffix(3);
    add(fs, "delay_ms", ms);
    return true;
  }
  if (r == "the message is cut short or damaged") {
    add(fs, "malformed", "yes");
    return true;
  }
  return false;
}

// The text of a step an older dissector described in English (not wire
// text): lifted into fields.
void lift_described_text(const Session& s, const Event& e,
                         std::vector<Field>& fs) {
  const std::string_view t = e.text;
  switch (e.kind) {
    case StepKind::Update:
      if (t.starts_with("deleted:")) {
        add_list(fs, "deleted", t.substr(8), ' ');
      } else if (t == "no messages were marked for deletion") {
        add(fs, "deleted_none", "yes");
      }
      break;
    case StepKind::Transfer:
      if (t == "PORT" || t == "PASV" || t == "EPRT" || t == "EPSV" ||
          t == "EPASV") {
        add(fs, "data_mode", t);
      }
      break;
    case StepKind::Note:
      if (auto n = count_of(t, "application data records decrypted"))
        add(fs, "decrypted_records", *n);
      break;
    case StepKind::Certificate: {
      // "subject ...; issuer ...; valid A to B; SAN x,y; key RSA 2048"
      std::string_view rest = t;
      while (!rest.empty()) {
        const size_t end = rest.find("; ");
        std::string_view part = rest.substr(0, end);
        if (part.starts_with("valid ")) {
          const size_t to = part.find(" to ");
          if (to != std::string_view::npos)
            add(fs, "not_after", part.substr(to + 4));
        } else if (part.starts_with("SAN ")) {
          add_list(fs, "san", part.substr(4), ',');
        } else if (part.starts_with("key ")) {
          add(fs, "key", part.substr(4));
        } else if (part.starts_with("subject ")) {
          add(fs, "subject", part.substr(8));
        } else if (part.starts_with("issuer ")) {
          add(fs, "issuer", part.substr(7));
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 2);
      }
      break;
    }
    default: break;
  }
  (void)s;
}

}  // namespace

StepFacts step_facts(const Session& s, const Event& e) {
  StepFacts f;
  f.fields = e.fields;
  // Older dissectors: TCP flags, TLS messages and alerts in the text.
  if ((e.kind == StepKind::Handshake || e.kind == StepKind::Close) &&
      !has(f.fields, "flags") && !has(f.fields, "message")) {
    if (find_word(tcp_steps(), e.text) && e.text.find(' ') == std::string::npos)
      add(f.fields, "flags", e.text);
    else if (const auto* t = tls_by_text(e.text))
      add(f.fields, "message", t->message);
  }
  if (e.kind == StepKind::Alert && !has(f.fields, "alert")) {
    // "Warning alert: Close Notify", "Fatal alert: Handshake Failure"
    const size_t at = e.text.find("alert: ");
    if (at != std::string::npos) {
      add(f.fields, "alert", alert_id(std::string_view(e.text).substr(at + 7)));
      if (e.text.starts_with("Fatal")) add(f.fields, "level", "fatal");
      if (e.text.starts_with("Warning")) add(f.fields, "level", "warning");
    }
  }
  if (e.kind == StepKind::Handshake || e.kind == StepKind::Certificate ||
      e.kind == StepKind::Alert)
    lift_key_values(e.args, f.fields);
  lift_described_text(s, e, f.fields);
  // Older dissectors: the listing's and message's sizes in args.
  if (e.kind == StepKind::Listing)
    if (auto n = count_of(e.args, "lines")) add(f.fields, "lines", *n);
  if (e.kind == StepKind::Message)
    if (auto n = count_of(e.args, "bytes")) add(f.fields, "bytes", *n);
  // AUTH lines: the decoded user name older dissectors put in args.
  if (e.kind == StepKind::Auth && !e.args.empty() && e.args != e.text)
    add(f.fields, "decoded", e.args);
  // SASL prompts: 334 or "+", base64 (RFC 4954 4).
  const bool prompt =
      e.kind == StepKind::Continuation || (e.dir == Direction::ServerToClient &&
                                           (e.code == 334 || e.status == "+"));
  if (prompt && !has(f.fields, "decoded"))
    if (auto d = base64_text(e.text)) add(f.fields, "decoded", *d);
  // The remarks in note.
  std::string_view rest = e.note;
  while (!rest.empty()) {
    const size_t end = rest.find("; ");
    const std::string_view r = rest.substr(0, end);
    if (!r.empty() && !lift_remark(e, r, f.fields)) {
      if (!f.note.empty()) f.note += "; ";
      f.note += r;
    }
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 2);
  }
  return f;
}

}  // namespace tracelab
