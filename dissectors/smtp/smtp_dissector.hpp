// SPDX-License-Identifier: GPL-2.0-or-later
//
// SMTP and ESMTP (RFC 5321, 1870, 2920, 3030, 3207, 4954).
//
// Events: the greeting and every reply are "reply" events (code, text: the
// reply's lines without their codes joined by " | ", args: the verb of the
// command the reply answers, matched in order so pipelined commands get
// theirs; "." for the end of a message); every command is a "command" event
// (verb upper-cased, arguments as sent); the extensions an EHLO reply lists
// follow it as an "extensions" event; AUTH steps are "auth" events with the
// decoded user name in args and the password (or CRAM-MD5 digest) in
// secret; each message is a "message" event when it ends and a streamed
// "mail" artifact (dot-unstuffed DATA, or BDAT chunks).  After a STARTTLS
// the server accepted, the rest of the session is handed to TLS.
#pragma once

#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo smtp_dissector_info();
}
