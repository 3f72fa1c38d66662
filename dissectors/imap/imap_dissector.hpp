// SPDX-License-Identifier: GPL-2.0-or-later
//
// IMAP4rev1 (RFC 3501, with LITERAL+, IDLE, ENABLE, ID, NAMESPACE, MOVE,
// UIDPLUS).  Each direction goes through a Fragmentizer (lines and
// literals) and then a small grammar; the steps it reports:
//
//   "greeting" (s2c)     the first untagged status: OK info, PREAUTH
//                        success, BYE failure.
//   "command" (c2s)      command = verb in upper case ("LOGIN", "UID
//                        FETCH", "DONE"); text = the command as typed (its
//                        lines without line ends, a literal's bytes left
//                        out and its "{n}" kept), LOGIN's password masked
//                        ("a1 LOGIN student ********", the password in
//                        secret); args = what follows the verb, the same
//                        way; fields `tag`, `user` (LOGIN), `mechanism`
//                        (AUTHENTICATE), `mailbox` (SELECT, EXAMINE, LIST,
//                        CREATE...).  A line typed without a tag ("LOGIN
//                        student secret": the server reads LOGIN as the
//                        tag) is read as the client meant it, masked the
//                        same way, and reported (imap-untagged-command).
//   "auth" (c2s)         a line of an AUTHENTICATE exchange, as typed,
//                        masked when it carries the password; `decoded`
//                        and `user` the user name (PLAIN, LOGIN).
//   "reply" (s2c)        a tagged status response: status = OK/NO/BAD,
//                        outcome success (OK) or failure, `answers` the
//                        command with that tag, `delay`, `tag`.
//   "untagged" (s2c)     server data and untagged status ("* 2 EXISTS",
//                        "* OK [UNSEEN 1]"), info; a "* BYE" while a
//                        command other than LOGOUT waits is a failure
//                        answering it.
//   "continuation" (s2c) "+ ...": intermediate, answering the last command
//                        sent; `decoded` for an AUTHENTICATE prompt.
//   "message"            a message literal (FETCH BODY[]/RFC822, APPEND)
//                        ended: the fields of mail/message_facts.hpp; a
//                        FETCH's answers the FETCH.
//   "state"              the connection's state changed: text is
//                        "authenticated", "selected" (`mailbox`),
//                        "logout"; "tls" when STARTTLS succeeded.
//
// Findings: those of common/dialog_checks.hpp (LOGIN/AUTHENTICATE refused
// is auth-failed; no LOGOUT is no-quit), imap-untagged-command,
// imap-mailbox-missing (SELECT/EXAMINE answered NO; a warning when another
// mailbox was selected in the session all the same), starttls-no-tls.
//
// Messages from FETCH BODY[] / BINARY[] / RFC822 and from APPEND literals
// become artifacts of kind "mail" (BODY[]<origin> ones noted "partial"),
// named by their decoded Subject; their attachments become artifacts of
// kind "attachment".
#pragma once

#include "tracelab/dissector.hpp"

namespace tracelab {

DissectorInfo imap_dissector_info();

}  // namespace tracelab
