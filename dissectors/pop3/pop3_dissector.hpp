// SPDX-License-Identifier: GPL-2.0-or-later
//
// POP3 (RFC 1939, 2449 CAPA and PIPELINING, 2595 STLS, 5034 AUTH).
//
// Events: every command ("command": verb upper-cased, arguments; PASS's
// password and APOP's digest in secret only, the AUTH user name decoded in
// args), every status line ("reply": status "+OK"/"-ERR", text, args: the
// verb it answers, matched in order), the body of a multi-line answer as a
// "listing" (CAPA, LIST, UIDL: its lines joined by " | ") or a "message"
// (RETR, TOP), and the session's state changes ("state": AUTHORIZATION ->
// TRANSACTION -> UPDATE).  DELE marks are tracked and the QUIT that commits
// them says which messages the server deleted ("update").  RETR and TOP
// messages are streamed as "mail" artifacts (byte-stuffing undone; TOP's
// noted "partial").  After STLS is accepted the session is handed to TLS.
#pragma once

#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo pop3_dissector_info();
}
