// SPDX-License-Identifier: GPL-2.0-or-later
// The MIME helper library: headers, encoded words, transfer encodings,
// multipart trees and attachment names.
#include "mail/mime.hpp"

#include <doctest/doctest.h>

using namespace tracelab::mime;

TEST_CASE("encoded words in KOI8-R, windows-1251 and UTF-8, B and Q") {
  // "Привет" in each charset.
  CHECK(decode_encoded_words("=?KOI8-R?B?8NLJ18XU?=") == "Привет");
  CHECK(decode_encoded_words("=?windows-1251?Q?=CF=F0=E8=E2=E5=F2?=") ==
        "Привет");
  CHECK(decode_encoded_words("=?utf-8?b?0J/RgNC40LLQtdGC?=") == "Привет");
  CHECK(decode_encoded_words("=?UTF-8?Q?caf=C3=A9_au_lait?=") ==
        "café au lait");
  // Blanks between adjacent encoded words vanish, others stay.
  CHECK(decode_encoded_words("=?utf-8?q?a?= =?utf-8?q?b?=") == "ab");
  CHECK(decode_encoded_words("Re: =?utf-8?q?a?= x") == "Re: a x");
  CHECK(decode_encoded_words("=?utf-8*ru?q?a?=") == "a");
  // Not encoded words: kept as they are.
  CHECK(decode_encoded_words("=?utf-8?x?abc?=") == "=?utf-8?x?abc?=");
  CHECK(decode_encoded_words("=?utf-8?q?open") == "=?utf-8?q?open");
  // Bad bytes in a charset become U+FFFD, never invalid UTF-8.
  CHECK(decode_encoded_words("=?utf-8?q?=FF?=") == "\xEF\xBF\xBD");
}

TEST_CASE("quoted-printable and base64") {
  CHECK(decode_quoted_printable("a=3Db=\r\nc=\nd") == "a=bcd");
  CHECK(decode_quoted_printable("x=4") == "x=4");
  CHECK(decode_quoted_printable("=C3=A9 =  \r\nz") == "é z");
  CHECK(decode_base64("SGVs\r\nbG8=") == "Hello");
  CHECK(decode_base64("SGVsbG8") == "Hello");
  CHECK(decode_base64("") == "");
}

TEST_CASE("RFC 2231 parameters: continuations and charsets") {
  CHECK(header_parameter("attachment; filename=\"a b.txt\"", "filename") ==
        "a b.txt");
  CHECK(header_parameter("attachment; filename*=utf-8''%D0%BE%D1%82%D1%87"
                         "%D1%91%D1%82.pdf",
                         "filename") == "отчёт.pdf");
  CHECK(header_parameter("attachment;\r\n filename*0*=koi8-r''%CF%D4;"
                         " filename*1*=%DE%C5%D4; filename*2=\".txt\"",
                         "FILENAME") == "отчет.txt");
  CHECK(header_parameter("text/plain; name=\"=?utf-8?B?0YQ=?=.txt\"", "name") ==
        "ф.txt");
  CHECK(header_parameter("multipart/mixed; boundary=abc", "boundary") == "abc");
  CHECK(header_parameter("text/plain", "charset") == "");
}

TEST_CASE("a folded, multipart message with nested parts and a message") {
  const std::string raw =
      "Return-Path: <x@y>\r\n"
      "From: =?windows-1251?B?yu7r/w==?= <kolya@example.test>\r\n"
      "To: a@example.test,\r\n b@example.test\r\n"
      "Cc: c@example.test\r\n"
      "Subject: =?KOI8-R?B?8NLJ18XU?=\r\n =?KOI8-R?B?IMfJ?=\r\n"
      "Date: Mon, 02 Mar 2026 10:05:00 +0000\r\n"
      "Message-ID: <m1@example.test>\r\n"
      "Content-Type: multipart/mixed;\r\n boundary=\"outer\"\r\n"
      "\r\n"
      "preamble\r\n"
      "--outer\r\n"
      "Content-Type: multipart/alternative; boundary=inner\r\n"
      "\r\n"
      "--inner\r\n"
      "Content-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "caf=C3=A9\r\n"
      "--inner\r\n"
      "Content-Type: text/html\r\n"
      "\r\n"
      "<p>x</p>\r\n"
      "--inner--\r\n"
      "--outer\r\n"
      "Content-Type: application/pdf\r\n"
      "Content-Disposition: attachment; filename*=utf-8''r%C3%A9.pdf\r\n"
      "Content-Transfer-Encoding: base64\r\n"
      "\r\n"
      "JVBERi0=\r\n"
      "--outer\r\n"
      "Content-Type: message/rfc822\r\n"
      "\r\n"
      "Subject: inner one\r\n"
      "\r\n"
      "inner body\r\n"
      "--outer--\r\n"
      "epilogue\r\n";
  const Message m = parse_message(raw);
  CHECK(m.from == "Коля <kolya@example.test>");
  CHECK(m.to == "a@example.test, b@example.test");
  CHECK(m.cc == "c@example.test");
  CHECK(m.subject == "Привет ги");
  CHECK(m.date == "Mon, 02 Mar 2026 10:05:00 +0000");
  CHECK(m.message_id == "<m1@example.test>");
  CHECK(m.notes.empty());
  REQUIRE(m.parts.size() == 5);
  CHECK(m.parts[0].media_type == "text/plain");
  CHECK(m.parts[0].body == "café");
  CHECK(m.parts[0].depth == 2);
  CHECK(!m.parts[0].is_attachment());
  CHECK(m.parts[1].media_type == "text/html");
  CHECK(m.parts[1].body == "<p>x</p>");
  CHECK(m.parts[2].filename == "ré.pdf");
  CHECK(m.parts[2].body == "%PDF-");
  CHECK(m.parts[2].is_attachment());
  CHECK(m.parts[3].media_type == "message/rfc822");
  CHECK(m.parts[3].filename == "inner one");
  CHECK(m.parts[3].body == "Subject: inner one\r\n\r\ninner body");
  CHECK(m.parts[4].body == "inner body");
  CHECK(m.parts[4].depth == 2);
}

TEST_CASE("MIME: hostile structure stays bounded") {
  std::string deep = "Content-Type: multipart/mixed; boundary=b0\r\n\r\n";
  for (int i = 1; i < 40; ++i)
    deep += "--b" + std::to_string(i - 1) +
            "\r\nContent-Type: multipart/mixed; boundary=b" +
            std::to_string(i) + "\r\n\r\n";
  const Message m = parse_message(deep);
  CHECK(!m.notes.empty());
  Limits small;
  small.max_message = 10;
  CHECK(parse_message("Subject: abcdefghijkl\r\n\r\nx", small).notes.size() ==
        1);
  // A single-part message without a header section is one text part.
  const Message bare = parse_message("just text");
  CHECK(bare.parts.size() == 1);
}

TEST_CASE("to_utf8 returns UTF-8 whatever the bytes and the charset name") {
  const std::string junk("\x8c\x00\xff\xfe\xc0\xaf\xed\xa0\x80z", 10);
  for (const char* cs : {"", "utf-8", "us-ascii", "latin1", "\x01\xff"}) {
    const std::string out = tracelab::mime::to_utf8(junk, cs);
    INFO("charset " << cs);
    CHECK(tracelab::mime::to_utf8(out, "utf-8") == out);  // valid: unchanged
    CHECK(out.find('z') != std::string::npos);
  }
}
