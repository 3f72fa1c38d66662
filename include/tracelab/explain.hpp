// SPDX-License-Identifier: GPL-2.0-or-later
//
// The explanation catalog: what a dialog step means, in the words a
// networking course uses ("220 — service ready", "354 — start mail input").
// Explanations are presentation policy, not facts, so dissectors do not
// write them: the outputs ask the catalog for the note of an event the
// dissector left without one.  One catalog serves every protocol and ships
// in English and Russian.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/session.hpp"

namespace tracelab {

enum class Lang : uint8_t { En, Ru };

/// "en" or "ru" (case-insensitive); nullopt for anything else.
std::optional<Lang> parse_lang(std::string_view name);

/// The explanation of `e`, a step of a session whose protocol is `protocol`
/// ("SMTP", "POP"/"POP3", "IMAP", "FTP", "HTTP"/"HTTP2", "TFTP",
/// "DNS"/"MDNS"/"LLMNR"; case-insensitive), or "" when the catalog has
/// nothing to say.  TCP and TLS steps (kinds "handshake", "alert", "close":
/// SYN, FIN, ClientHello, Server Key Exchange...) are explained by their
/// text whatever the protocol.  Commands are explained by their verb
/// (HTTP: the method; DNS: the operation); replies by their code (SMTP and
/// FTP: the full code when the catalog has it, otherwise its first and
/// second digits; an SMTP enhanced status code at the start of the text
/// adds its class and subject; HTTP: the full code, else its class; DNS:
/// the RCODE; TFTP: the error code), their status (POP3 "+OK"/"-ERR", IMAP
/// "OK"/"NO"/"BAD"/"PREAUTH"/"BYE", TFTP "OACK") and an IMAP response code
/// in brackets.
std::string explain(std::string_view protocol, const Event& e, Lang lang);

/// A piece of a sentence the catalog builds: its own words (`wire` false),
/// or a value taken from the step (an address, a file name, a decoded
/// prompt: untrusted, escaped on output, and marked as such by the text
/// view's test mode).
struct Piece {
  std::string text;
  bool wire = false;
};
using Phrase = std::vector<Piece>;

/// The phrase as one string (wire pieces as they are: escape on output).
std::string plain(const Phrase& p);

/// The facts of a step as the catalog reads them: the step's fields, plus
/// those an older dissector still writes as `key=value` arguments or as
/// English prose in `note` (recognised and lifted into fields, so that the
/// remark is rendered in the reader's language), and what is left of the
/// note (dissector prose the catalog does not know yet).
struct StepFacts {
  std::vector<Field> fields;
  std::string note;
  std::string_view field(std::string_view name) const {
    for (const auto& f : fields)
      if (name == f.name) return f.value;
    return {};
  }
};
StepFacts step_facts(const Session& s, const Event& e);

/// The explanation of step `e` of session `s`, keyed on the typed step, never
/// on its text: (protocol, kind, command or code or status, context), where
/// the context is the kind Greeting or the command the step answers
/// (`s.events[e.answers].command`; "message" for the reply after a mail
/// message).  SMTP 220 as a greeting is "service ready", answering STARTTLS
/// "ready to start TLS".  TCP steps are keyed on field `flags`, TLS
/// handshake steps on field `message`, alerts on `alert` (with fallbacks to
/// the step's text for dissectors that do not set them yet).  Falls back to
/// explain(protocol, e, lang) when no contextual entry exists.
Phrase explain_step(const Session& s, const Event& e, Lang lang);
std::string explain(const Session& s, const Event& e, Lang lang);

/// Remarks rendered from the step's fields in the reader's language
/// ("data connection expected at 10.99.0.1:40088", "answered after 12 ms",
/// "redirect to HTTPS: https://...", "deleted: 2, 3", "decoded: Username:").
std::vector<Phrase> step_remarks(const Session& s, const Event& e, Lang lang);

/// The note a step is shown with: the explanation, then the remarks, then
/// whatever dissector prose is left in Event.note, joined by "; ".
Phrase step_note(const Session& s, const Event& e, Lang lang);

/// The step's first words as the views show them: what crossed the wire
/// (IMAP tag, command, arguments; code, status, text), or the name of a
/// step the analyzer describes (TCP flags, TLS message, alert, state...);
/// a secret masked unless `show_secrets`.  `f` is step_facts(s, e).
Phrase step_headline(const Session& s, const Event& e, const StepFacts& f,
                     Lang lang, bool show_secrets = false);

/// Words of the sessions view in the reader's language.
const char* kind_label(StepKind k, Lang lang);
const char* outcome_label(Outcome o, Lang lang);
const char* severity_label(Severity s, Lang lang);
const char* end_reason_label(EndReason r, Lang lang);
const char* link_why_label(LinkWhy w, Lang lang);
/// "mail" -> "письмо"; an unknown kind is returned as it is.
std::string artifact_kind_label(std::string_view kind, Lang lang);
/// A protocol state as the lecture names it: POP3 "TRANSACTION" ->
/// "состояние TRANSACTION (транзакция)"; IMAP "selected" -> "выбранное
/// состояние (Selected)".  The state's own name is a wire piece.
Phrase state_phrase(std::string_view protocol, std::string_view state,
                    Lang lang);

/// The fixed words of the sessions view's text form.
enum class Word : uint8_t {
  Session,         ///< "Session" / "Сеанс"
  Start,           ///< "start"
  Duration,        ///< "duration"
  Seconds,         ///< "s"
  Frames,          ///< "frames"
  ClientToServer,  ///< "client→server"
  ServerToClient,  ///< "server→client"
  In,              ///< "in" (N bytes in M packets)
  Ended,           ///< "ended"
  Gaps,            ///< "gaps"
  Missing,         ///< "missing" (bytes)
  Note,            ///< "note"
  Artifact,        ///< "artifact"
  Related,         ///< "related sessions"
  Findings,        ///< "findings"
  Answers,         ///< "answers" (the step a reply answers)
  Kind,            ///< "kind"
  Outcome,         ///< "outcome"
  Text,            ///< "text"
  Attachments,     ///< "attachments"
  MoreLines,       ///< "more lines (--show-message prints them all)"
  Subject,         ///< "subject"
  From,            ///< "from"
  To,              ///< "to"
  Secret,          ///< "secret" (a masked password)
  Message,         ///< "message"
};
const char* word(Word w, Lang lang);

/// Counted nouns: "5105 bytes" / "5105 байт", "2 байта", "21 пакет".
enum class Noun : uint8_t { Byte, Packet, Line, Gap };
std::string count(uint64_t n, Noun noun, Lang lang);

/// An artifact's completeness note ("partial: header only", "truncated:
/// the connection ended first") in the reader's language; a note the
/// catalog does not know is returned as it is.
std::string artifact_note(std::string_view note, Lang lang);

/// What finding `id` (tracelab/findings.hpp) means, or "" for an unknown
/// id.
std::string explain_finding(std::string_view id, Lang lang);

/// The pieces, for callers that only have a code or a word.
std::string explain_smtp_reply(int code, std::string_view text, Lang lang);
std::string explain_ftp_reply(int code, Lang lang);
std::string explain_command(std::string_view protocol, std::string_view verb,
                            Lang lang);

}  // namespace tracelab
