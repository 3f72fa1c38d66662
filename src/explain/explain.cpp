// SPDX-License-Identifier: GPL-2.0-or-later
//
// Looking an event up in the catalog's tables.
#include <cctype>

#include "catalog.hpp"

namespace tracelab {
namespace catalog {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

const Text* find_code(std::span<const CodeEntry> table, int code) {
  for (const auto& e : table)
    if (e.code == code) return &e.text;
  return nullptr;
}

const Text* find_word(std::span<const WordEntry> table, std::string_view word) {
  if (word.empty()) return nullptr;
  for (const auto& e : table)
    if (iequals(e.word, word)) return &e.text;
  return nullptr;
}

}  // namespace catalog

namespace {

using namespace catalog;

}  // namespace

namespace catalog {
Proto proto_of(std::string_view p) {
  if (iequals(p, "SMTP") || iequals(p, "ESMTP")) return Proto::Smtp;
  if (iequals(p, "POP") || iequals(p, "POP3")) return Proto::Pop3;
  if (iequals(p, "IMAP")) return Proto::Imap;
  if (iequals(p, "FTP")) return Proto::Ftp;
  if (iequals(p, "HTTP") || iequals(p, "HTTP2")) return Proto::Http;
  if (iequals(p, "TFTP")) return Proto::Tftp;
  if (iequals(p, "DNS") || iequals(p, "MDNS") || iequals(p, "LLMNR"))
    return Proto::Dns;
  return Proto::Unknown;
}
}  // namespace catalog

namespace {

std::span<const WordEntry> commands_of(Proto p) {
  switch (p) {
    case Proto::Smtp: return smtp_commands();
    case Proto::Pop3: return pop3_commands();
    case Proto::Imap: return imap_commands();
    case Proto::Ftp: return ftp_commands();
    case Proto::Http: return http_methods();
    case Proto::Tftp: return tftp_commands();
    case Proto::Dns: return dns_opcodes();
    case Proto::Unknown: break;
  }
  return {};
}

// A three-digit reply explained by its full code, else by its first two
// digits ("transient negative completion (mail system)").
std::string explain_by_digits(int code, std::span<const CodeEntry> full,
                              std::span<const CodeEntry> first,
                              std::span<const CodeEntry> second, Lang lang) {
  if (code < 100 || code > 999) return {};
  if (const Text* t = find_code(full, code)) return t->in(lang);
  const Text* d1 = find_code(first, code / 100);
  if (!d1) return {};
  std::string out = d1->in(lang);
  if (const Text* d2 = find_code(second, code / 10 % 10)) {
    out += " (";
    out += d2->in(lang);
    out += ')';
  }
  return out;
}

size_t digits_at(std::string_view s, size_t pos, size_t max) {
  size_t n = 0;
  while (pos + n < s.size() && n < max &&
         std::isdigit(static_cast<unsigned char>(s[pos + n])))
    ++n;
  return n;
}

}  // namespace

// "2.1.0 Ok" -> explanation of the enhanced status code (RFC 3463:
// class.subject.detail, subject and detail up to three digits each).
std::string catalog::explain_enhanced(std::string_view text, Lang lang) {
  if (text.size() < 5 || text[1] != '.') return {};
  const int cls = text[0] - '0';
  const Text* tc = find_code(enhanced_class(), cls);
  if (!tc) return {};
  const size_t ns = digits_at(text, 2, 3);
  if (ns == 0 || 2 + ns >= text.size() || text[2 + ns] != '.') return {};
  const size_t nd = digits_at(text, 3 + ns, 3);
  const size_t end = 3 + ns + nd;
  if (nd == 0 || (end < text.size() && text[end] != ' ')) return {};
  const int subject = std::stoi(std::string(text.substr(2, ns)));
  const int detail = std::stoi(std::string(text.substr(3 + ns, nd)));
  std::string out(text.substr(0, end));
  out += ": ";
  out += tc->in(lang);
  if (const Text* ts = find_code(enhanced_subject(), subject)) {
    out += ", ";
    out += ts->in(lang);
  }
  if (subject < 10 && detail < 1000)
    if (const Text* td =
            find_code(enhanced_full(), cls * 10000 + subject * 1000 + detail)) {
      out += " (";
      out += td->in(lang);
      out += ')';
    }
  return out;
}

namespace {

// The word in brackets at the start of an IMAP response text
// ("[UIDVALIDITY 3857529045] UIDs valid" -> "UIDVALIDITY").
std::string_view bracket_code(std::string_view text) {
  if (text.empty() || text[0] != '[') return {};
  size_t end = 1;
  while (end < text.size() && text[end] != ' ' && text[end] != ']') ++end;
  return text.substr(1, end - 1);
}

// "* 3 EXISTS", "3 EXISTS", "* FLAGS (...)": the data name of an untagged
// IMAP response, the first word that is not "*" or a number.
std::string_view untagged_name(std::string_view text) {
  for (int words = 0; words < 3 && !text.empty(); ++words) {
    size_t end = text.find(' ');
    std::string_view w = text.substr(0, end);
    if (w != "*" && digits_at(w, 0, w.size()) != w.size()) return w;
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return {};
}

std::string explain_tftp_reply(const Event& e, Lang lang) {
  if (iequals(e.status, "ERROR")) {
    const Text* t = find_code(tftp_errors(), e.code);
    return t ? t->in(lang) : std::string();
  }
  const Text* t = find_word(tftp_statuses(), e.status);
  return t ? t->in(lang) : std::string();
}

std::string explain_imap_reply(const Event& e, Lang lang) {
  std::string out;
  if (const Text* t = find_word(imap_statuses(), e.status)) out = t->in(lang);
  if (e.status.empty()) {
    if (const Text* t = find_word(imap_untagged_data(), untagged_name(e.text)))
      out = t->in(lang);
  }
  if (const Text* t = find_word(imap_response_codes(), bracket_code(e.text))) {
    if (!out.empty()) out += "; ";
    out += t->in(lang);
  }
  return out;
}

// A TCP or TLS step, whatever the session carries, by its text as the flow
// layer and older dissectors wrote it: the same tables as the typed lookup
// (typed_steps.cpp), TCP by its flags, TLS by the message's name, alerts
// by their kind.
std::string explain_connection_step(const Event& e, Lang lang) {
  if (const Text* t = find_word(tcp_steps(), e.text)) return t->in(lang);
  if (const TlsMessageEntry* t = tls_by_text(e.text)) return t->text.in(lang);
  if (const WordEntry* w = by_text_prefix(
          alert_steps(), e.text, [](const WordEntry& x) { return x.word; }))
    return w->text.in(lang);
  return {};
}

}  // namespace

std::optional<Lang> parse_lang(std::string_view name) {
  if (iequals(name, "en")) return Lang::En;
  if (iequals(name, "ru")) return Lang::Ru;
  return std::nullopt;
}

std::string explain_smtp_reply(int code, std::string_view text, Lang lang) {
  std::string out = explain_by_digits(
      code, smtp_full_codes(), smtp_first_digit(), smtp_second_digit(), lang);
  std::string enhanced = explain_enhanced(text, lang);
  if (!enhanced.empty()) {
    if (!out.empty()) out += "; ";
    out += enhanced;
  }
  return out;
}

std::string explain_ftp_reply(int code, Lang lang) {
  return explain_by_digits(code, ftp_full_codes(), ftp_first_digit(),
                           ftp_second_digit(), lang);
}

std::string explain_command(std::string_view protocol, std::string_view verb,
                            Lang lang) {
  const auto table = commands_of(proto_of(protocol));
  if (const Text* t = find_word(table, verb)) return t->in(lang);
  // "UID FETCH": the prefix, then the command it modifies.
  const size_t space = verb.find(' ');
  if (space == std::string_view::npos) return {};
  const Text* head = find_word(table, verb.substr(0, space));
  const Text* rest = find_word(table, verb.substr(space + 1));
  std::string out;
  if (head) out = head->in(lang);
  if (rest) {
    if (!out.empty()) out += "; ";
    out += rest->in(lang);
  }
  return out;
}

std::string explain(std::string_view protocol, const Event& e, Lang lang) {
  if (e.kind == StepKind::Handshake || e.kind == StepKind::Alert ||
      e.kind == StepKind::Close)
    return explain_connection_step(e, lang);
  const Proto p = proto_of(protocol);
  if (p == Proto::Unknown) return {};
  if (e.dir == Direction::ClientToServer) {
    if (e.command.empty()) return {};
    return explain_command(protocol, e.command, lang);
  }
  switch (p) {
    case Proto::Smtp: return explain_smtp_reply(e.code, e.text, lang);
    case Proto::Ftp: return explain_ftp_reply(e.code, lang);
    case Proto::Pop3:
      if (const Text* t = find_word(pop3_statuses(), e.status))
        return t->in(lang);
      return {};
    case Proto::Imap: return explain_imap_reply(e, lang);
    case Proto::Http:
      // By full code, else by class: HTTP gives its second digit no
      // meaning.
      if (e.kind != StepKind::Response) return {};
      return explain_by_digits(e.code, http_full_codes(), http_classes(), {},
                               lang);
    case Proto::Tftp: return explain_tftp_reply(e, lang);
    case Proto::Dns:
      if (e.kind != StepKind::Answer) return {};
      if (const Text* t = find_code(dns_rcodes(), e.code)) return t->in(lang);
      return {};
    case Proto::Unknown: break;
  }
  return {};
}

}  // namespace tracelab
