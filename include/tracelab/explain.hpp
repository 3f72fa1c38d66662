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

/// What finding `id` (tracelab/findings.hpp) means, or "" for an unknown
/// id.
std::string explain_finding(std::string_view id, Lang lang);

/// The pieces, for callers that only have a code or a word.
std::string explain_smtp_reply(int code, std::string_view text, Lang lang);
std::string explain_ftp_reply(int code, Lang lang);
std::string explain_command(std::string_view protocol, std::string_view verb,
                            Lang lang);

}  // namespace tracelab
