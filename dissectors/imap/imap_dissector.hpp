// SPDX-License-Identifier: GPL-2.0-or-later
//
// IMAP4rev1 (RFC 3501, with LITERAL+, IDLE, ENABLE, ID, NAMESPACE, MOVE,
// UIDPLUS).  Each direction goes through a Fragmentizer (lines and
// literals) and then a small grammar; the events it reports:
//
//   kind "command"  (c2s)  command = verb in upper case ("LOGIN",
//                          "UID FETCH", "DONE"), text = tag, args = the
//                          rest with literals shown as quoted strings.
//                          LOGIN's password and AUTHENTICATE's data go to
//                          Event::secret, never to args.
//   kind "auth-data" (c2s) a line of an AUTHENTICATE exchange; the decoded
//                          user name (PLAIN, LOGIN) in args, the rest in
//                          secret.
//   kind "response" (s2c)  a status response: status = OK/NO/BAD/PREAUTH/
//                          BYE, args = its tag ("*" when untagged),
//                          text = the rest of the line, response code in
//                          brackets first ("[READ-WRITE] Select completed");
//                          tagged ones carry the verb they complete in
//                          command.
//   kind "untagged" (s2c)  server data, args "*", text = the line after
//                          "* " ("2 EXISTS", "SEARCH 1 2", "1 FETCH (...)").
//   kind "continuation" (s2c) "+ ...", text = what follows the "+".
//   kind "state"           the connection's state changed: text is
//                          "authenticated", "selected" (args = mailbox),
//                          "logout"; "tls" when STARTTLS succeeded (the
//                          rest of the stream is TLS and not parsed).
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
