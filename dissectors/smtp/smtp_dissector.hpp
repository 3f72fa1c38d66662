// SPDX-License-Identifier: GPL-2.0-or-later
//
// SMTP and ESMTP (RFC 5321, 1870, 2920, 3030, 3207, 4954).
//
// Steps: the server's first reply is the "greeting" (info, or failure for
// 554); every later reply is a "reply" (code, outcome by class: 2xx
// success, 1xx/3xx intermediate, 4xx/5xx failure; `text` its lines as
// they crossed the wire, CR LF between them; `answers` the command it
// answers, matched in order so pipelined commands get theirs, and
// `delay`); a 334 to AUTH is a "continuation" with the prompt `decoded`.
// Every command is a "command" (verb upper-cased, `text` as typed; fields
// `from`/`size` on MAIL, `to` on RCPT, `mechanism` on AUTH).  DATA gets its
// 354; the message is a "message" step when its end mark (or BDAT LAST)
// arrived, with the fields of mail/message_facts.hpp, and the reply after
// the final "." answers the message step.  The extensions an EHLO reply
// lists follow it as an "extensions" step.  AUTH lines are "auth" steps:
// `text` as typed (base64), `decoded`/`user` the user name, a line that
// carries the password masked whole ("********", the password in
// `secret`).  Each message is also a streamed "mail" artifact
// (dot-unstuffed DATA, or BDAT chunks).  After a STARTTLS the server
// accepted, the session is handed to TLS when TLS records follow; plain
// text is dissected on (common/start_tls.hpp).  Findings: those of
// common/dialog_checks.hpp, `smtp-recipient-refused` (no RCPT of a
// transaction accepted: the refusals), `smtp-message-rejected` (the reply
// to DATA or the final "." neither 2xx nor 354), `smtp-no-data` (MAIL and
// an accepted RCPT, then RSET, a new MAIL or the end without DATA),
// `starttls-no-tls`.
#pragma once

#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo smtp_dissector_info();
}
