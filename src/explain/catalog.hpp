// SPDX-License-Identifier: GPL-2.0-or-later
//
// The catalog's tables: plain arrays of (key, English, Russian), one file
// per family, looked up linearly (they are small and only read when a
// session is printed).
#pragma once

#include <cctype>
#include <span>
#include <string>
#include <string_view>

#include "tracelab/explain.hpp"

namespace tracelab::catalog {

/// A text in both languages.
struct Text {
  const char* en;
  const char* ru;
  const char* in(Lang l) const { return l == Lang::Ru ? ru : en; }
};

/// A numeric code (a reply code, a digit) and what it means.
struct CodeEntry {
  int code;
  Text text;
};

/// A word (a command verb, a status, a response code) and what it means.
struct WordEntry {
  const char* word;
  Text text;
};

/// The protocols the catalog knows.
enum class Proto { Unknown, Smtp, Pop3, Imap, Ftp, Http, Tftp, Dns };
/// "SMTP"/"ESMTP", "POP"/"POP3", "IMAP", "FTP", "HTTP"/"HTTP2", "TFTP",
/// "DNS"/"MDNS"/"LLMNR" (case-insensitive).
Proto proto_of(std::string_view protocol);

/// A reply explained in its context: the protocol, the reply's code or
/// status ("220", "+OK", "OK"), the context ("greeting", the command it
/// answers, "message" after a mail message; "" for any) and the text.
struct ReplyEntry {
  Proto proto;
  const char* key;
  const char* context;
  Text text;
};
std::span<const ReplyEntry> contextual_replies();

/// TLS handshake messages keyed on field `message` ("ClientHello"), with the
/// start of the text older dissectors write ("Server Key Exchange").
struct TlsMessageEntry {
  const char* message;
  const char* legacy_text;
  Text text;
};
std::span<const TlsMessageEntry> tls_messages();
const TlsMessageEntry* tls_by_message(std::string_view message);
/// An older dissector's TLS step: the entry whose legacy text the step's
/// text starts with (the longest, at a word boundary).
const TlsMessageEntry* tls_by_text(std::string_view text);
/// "Close Notify" / "Handshake Failure (40)" -> "close_notify" /
/// "handshake_failure".
std::string alert_id(std::string_view name);
/// TLS alert descriptions keyed on field `alert` ("close_notify").
std::span<const WordEntry> tls_alerts();
/// TCP steps keyed on field `flags` ("SYN", "SYN-ACK", "ACK", "FIN", "RST").
std::span<const WordEntry> tcp_steps();
/// Alerts as older dissectors wrote them, by the start of the text
/// ("Warning alert: Close Notify", "Fatal alert", "encrypted alert").
std::span<const WordEntry> alert_steps();

/// The entry of `table` whose key (`key(entry)`) `text` starts with: the
/// longest one, followed by a word boundary ("ACK" is not "ACKNOWLEDGE").
template <class Entry, class Key>
const Entry* by_text_prefix(std::span<const Entry> table, std::string_view text,
                            Key key) {
  const Entry* best = nullptr;
  size_t best_len = 0;
  for (const Entry& e : table) {
    const std::string_view k = key(e);
    if (k.size() <= best_len || !text.starts_with(k)) continue;
    if (text.size() > k.size() &&
        std::isalnum(static_cast<unsigned char>(text[k.size()])))
      continue;
    best = &e;
    best_len = k.size();
  }
  return best;
}

const Text* find_code(std::span<const CodeEntry> table, int code);
/// Case-insensitive.
const Text* find_word(std::span<const WordEntry> table, std::string_view word);
bool iequals(std::string_view a, std::string_view b);

// SMTP (smtp_replies.cpp).
std::span<const CodeEntry> smtp_full_codes();
std::span<const CodeEntry> smtp_first_digit();
std::span<const CodeEntry> smtp_second_digit();
std::span<const CodeEntry> enhanced_class();
std::span<const CodeEntry> enhanced_subject();
/// Common full enhanced codes, keyed as class*10000 + subject*1000 + detail
/// (2.1.5 -> 21005): detail has up to three digits.
std::span<const CodeEntry> enhanced_full();
/// "2.1.0 Ok" -> "2.1.0: success, addressing (...)"; "" when the text does
/// not start with an enhanced status code.
std::string explain_enhanced(std::string_view text, Lang lang);

// FTP (ftp_replies.cpp).
std::span<const CodeEntry> ftp_full_codes();
std::span<const CodeEntry> ftp_first_digit();
std::span<const CodeEntry> ftp_second_digit();

// POP3 and IMAP statuses and IMAP response codes (mail_statuses.cpp).
std::span<const WordEntry> pop3_statuses();
std::span<const WordEntry> imap_statuses();
std::span<const WordEntry> imap_response_codes();
std::span<const WordEntry> imap_untagged_data();

// Commands (mail_commands.cpp; FTP's in ftp_commands.cpp).
std::span<const WordEntry> smtp_commands();
std::span<const WordEntry> pop3_commands();
std::span<const WordEntry> imap_commands();
std::span<const WordEntry> ftp_commands();

// HTTP methods and status codes (http_messages.cpp).
std::span<const WordEntry> http_methods();
std::span<const CodeEntry> http_full_codes();
std::span<const CodeEntry> http_classes();

// TFTP and DNS (tftp_dns_messages.cpp).
std::span<const WordEntry> tftp_commands();
std::span<const CodeEntry> tftp_errors();
std::span<const WordEntry> tftp_statuses();
std::span<const WordEntry> dns_opcodes();
std::span<const CodeEntry> dns_rcodes();

// What each finding means (finding_texts.cpp).
std::span<const WordEntry> finding_texts();

}  // namespace tracelab::catalog
