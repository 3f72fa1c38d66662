// SPDX-License-Identifier: GPL-2.0-or-later
//
// POP3 (RFC 1939, 2449 CAPA and PIPELINING, 2595 STLS, 5034 AUTH).
//
// Steps: the greeting ("greeting", +OK info or -ERR failure); every command
// ("command": verb upper-cased, `text` as typed with PASS's password, APOP's
// digest and an AUTH initial response masked, the secret in `secret`;
// fields `user` on USER/APOP, `mechanism` on AUTH, `message_number` on
// RETR/TOP/DELE); every status line ("reply": status, outcome success for
// +OK and failure for -ERR, `answers` the command, matched in order, and
// `delay`); a SASL "+ " prompt ("continuation", intermediate, `decoded`);
// the client's SASL lines ("auth", `decoded`/`user`, the password only in
// `secret`); the body of a multi-line answer as a "listing" (CAPA, LIST,
// UIDL: its lines as sent) or a "message" (RETR, TOP: the message fields of
// mail/message_facts.hpp), both info and answering their command; the
// session's state changes ("state") and the UPDATE a QUIT committed
// ("update", `deleted` per message number).  RETR and TOP messages are
// streamed as "mail" artifacts (byte-stuffing undone; TOP's noted
// "partial").  After STLS is accepted the session is handed to TLS when
// TLS records follow (common/start_tls.hpp).  Findings: those of
// common/dialog_checks.hpp (PASS/APOP/AUTH/USER refusals are auth-failed),
// `pop3-dele-not-committed` (DELE answered +OK, no QUIT reached UPDATE:
// the DELE replies and the close) and `starttls-no-tls`.
#pragma once

#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo pop3_dissector_info();
}
