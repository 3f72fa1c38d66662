// SPDX-License-Identifier: GPL-2.0-or-later
//
// The findings vocabulary: every id a dissector or the session model may
// report (Session::findings), with its usual severity.  Ids are stable
// strings (docs/sessions-schema.md documents each); the explanation catalog
// explains each one in English and Russian.  Where a flaw means the same in
// several protocols (a session closed without QUIT, a refused login) the id
// is shared, so that a script or a rubric asks once for all of them.
#pragma once

#include <span>
#include <string_view>

#include "tracelab/session.hpp"

namespace tracelab::findings {

// Any dialog protocol (SMTP, POP3, IMAP, FTP).
inline constexpr const char* kNoQuit = "no-quit";
inline constexpr const char* kAuthFailed = "auth-failed";
inline constexpr const char* kCommandRefused = "command-refused";
inline constexpr const char* kStartTlsNoTls = "starttls-no-tls";
inline constexpr const char* kNoReply = "no-reply";
// SMTP.
inline constexpr const char* kSmtpRecipientRefused = "smtp-recipient-refused";
inline constexpr const char* kSmtpMessageRejected = "smtp-message-rejected";
inline constexpr const char* kSmtpNoData = "smtp-no-data";
// POP3.
inline constexpr const char* kPop3DeleNotCommitted = "pop3-dele-not-committed";
// IMAP.
inline constexpr const char* kImapUntagged = "imap-untagged-command";
inline constexpr const char* kImapMailboxMissing = "imap-mailbox-missing";
// FTP.
inline constexpr const char* kFtpTransferFailed = "ftp-transfer-failed";
inline constexpr const char* kFtpTransferIncomplete = "ftp-transfer-incomplete";
// TFTP.
inline constexpr const char* kTftpError = "tftp-error";
inline constexpr const char* kTftpIncomplete = "tftp-transfer-incomplete";
// HTTP.
inline constexpr const char* kHttpClientError = "http-client-error";
inline constexpr const char* kHttpServerError = "http-server-error";
inline constexpr const char* kHttpRedirectNotFollowed =
    "http-redirect-not-followed";
// TLS.
inline constexpr const char* kTlsHandshakeFailed = "tls-handshake-failed";
inline constexpr const char* kTlsNotDecrypted = "tls-not-decrypted";
inline constexpr const char* kNotTls = "not-tls";
// DNS.
inline constexpr const char* kDnsError = "dns-error";
// The transport.
inline constexpr const char* kBytesMissing = "bytes-missing";

struct Info {
  const char* id;
  Severity severity;  ///< the usual one; a dissector may lower it
};

/// Every id above, once.
std::span<const Info> all();

/// The registry's entry for `id`, or null when it is not one.
const Info* find(std::string_view id);

/// A finding of `id` at `frame` with the registry's severity.
Finding make(const char* id, uint64_t frame, std::string detail = {});

}  // namespace tracelab::findings
