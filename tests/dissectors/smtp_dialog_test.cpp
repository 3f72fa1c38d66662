// SPDX-License-Identifier: GPL-2.0-or-later
// SMTP dialogs as the lecture and the labs bring them: events, replies
// matched to pipelined commands, AUTH secrets, messages, STARTTLS.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dissector_harness.hpp"
#include "mail/imf_columns.hpp"
#include "mail/imf_summary.hpp"
#include "smtp/smtp_dissector.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr auto C = Direction::ClientToServer;
constexpr auto S = Direction::ServerToClient;

const DissectorInfo& smtp() {
  static const DissectorInfo info = smtp_dissector_info();
  return info;
}

// The lecture's telnet dialog: EHLO refused, HELO, MAIL FROM:<>, RCPT,
// DATA with a stuffed dot, QUIT.
std::vector<Piece> lecture_dialog() {
  return {
      {S, "220 ns.itep.ru ESMTP Sendmail ready\r\n", 1},
      {C, "EHLO client.example\r\n", 2},
      {S, "500 Command unrecognized\r\n", 3},
      {C, "HELO client.example\r\n", 4},
      {S, "250 ns.itep.ru Hello client.example\r\n", 5},
      {C, "MAIL FROM:<>\r\n", 6},
      {S, "250 2.1.0 <>... Sender ok\r\n", 7},
      {C, "RCPT TO:<vasja@ns.itep.ru>\r\n", 8},
      {S, "250 2.1.5 <vasja@ns.itep.ru>... Recipient ok\r\n", 9},
      {C, "DATA\r\n", 10},
      {S, "354 Enter mail, end with \".\" on a line by itself\r\n", 11},
      {C,
       "From: teacher@example\r\nSubject: Lab 1\r\n\r\nHello\r\n..dot "
       "line\r\n",
       12},
      {C, ".\r\n", 13},
      {S, "250 2.0.0 Message accepted for delivery\r\n", 14},
      {C, "QUIT\r\n", 15},
      {S, "221 2.0.0 ns.itep.ru closing connection\r\n", 16},
  };
}

// Each step as "dir kind [verb] [code] [args] -> what it answers" (the
// answered step's verb, or its kind when it is no command).
std::vector<std::string> kinds(const Recorded& r) {
  std::vector<std::string> out;
  for (const auto& e : r.events) {
    std::string s =
        std::string(direction_name(e.dir)) + " " + step_kind_name(e.kind);
    if (!e.command.empty()) s += " " + e.command;
    if (e.code >= 0) s += " " + std::to_string(e.code);
    if (!e.args.empty()) s += " [" + e.args + "]";
    if (e.answers != kNoStep) {
      const Event& a = r.events.at(static_cast<size_t>(e.answers));
      s += " -> " + (a.command.empty() ? std::string(step_kind_name(a.kind))
                                       : a.command);
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("SMTP: the lecture's dialog, event by event") {
  const Recorded r = run_dissector(smtp(), lecture_dialog());
  CHECK(r.protocol == "SMTP");
  // RFC 5321 3.3: DATA gets its 354; the reply after the final "." answers
  // the message step.
  const std::vector<std::string> want = {
      "s2c greeting 220",         "c2s command EHLO [client.example]",
      "s2c reply 500 -> EHLO",    "c2s command HELO [client.example]",
      "s2c reply 250 -> HELO",    "c2s command MAIL [FROM:<>]",
      "s2c reply 250 -> MAIL",    "c2s command RCPT [TO:<vasja@ns.itep.ru>]",
      "s2c reply 250 -> RCPT",    "c2s command DATA",
      "s2c reply 354 -> DATA",    "c2s message",
      "s2c reply 250 -> message", "c2s command QUIT",
      "s2c reply 221 -> QUIT",
  };
  CHECK(kinds(r) == want);
  // Text as it crossed the wire, code included.
  CHECK(r.events[6].text == "250 2.1.0 <>... Sender ok");
  CHECK(r.events[0].outcome == Outcome::Info);
  CHECK(r.events[2].outcome == Outcome::Failure);
  CHECK(r.events[10].outcome == Outcome::Intermediate);
  CHECK(r.events[12].outcome == Outcome::Success);
  CHECK(r.events[5].field("from") == "");  // MAIL FROM:<> has no address
  CHECK(r.events[7].field("to") == "vasja@ns.itep.ru");
  CHECK(r.events[11].field("subject") == "Lab 1");
  CHECK(r.events[11].field("from") == "teacher@example");
  CHECK(r.events[11].field("bytes") == "59");
  CHECK(r.events[11].field("body") == "Hello\r\n.dot line\r\n");
  // The EHLO refused and not retried as EHLO, but HELO did the job.
  CHECK(r.finding_ids().empty());
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].kind == "mail");
  CHECK(r.artifacts[0].name == "Lab 1");
  CHECK(r.artifacts[0].note.empty());
  // Dot-unstuffed, without the end mark.
  CHECK(
      r.artifact_bytes.begin()->second ==
      "From: teacher@example\r\nSubject: Lab 1\r\n\r\nHello\r\n.dot line\r\n");
  // The packet list, as tshark writes it.
  CHECK(r.frames.at(2).second == "C: EHLO client.example");
  CHECK(r.frames.at(3).second == "S: 500 Command unrecognized");
  CHECK(r.frames.at(12).second == "C: DATA fragment, 60 bytes");
  CHECK(r.frames.at(13).first == "SMTP/IMF");
  // Without a Content-Type tshark lists the text lines (CR LF as blanks).
  CHECK(r.frames.at(13).second ==
        "from: teacher@example, subject: Lab 1, , Hello  , ..dot line  ");
}

TEST_CASE("SMTP: 1-byte pieces give the same events as whole segments") {
  const auto [whole, bytewise] = whole_and_bytewise(smtp(), lecture_dialog());
  CHECK(whole == bytewise);
}

TEST_CASE("SMTP: EHLO extensions, pipelining, AUTH LOGIN and PLAIN") {
  const std::vector<Piece> talk = {
      {S, "220 mx ESMTP\r\n", 1},
      {C, "EHLO lab\r\n", 2},
      {S,
       "250-mx Hello lab\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
       "250-AUTH PLAIN LOGIN CRAM-MD5\r\n250 STARTTLS\r\n",
       3},
      {C, "AUTH LOGIN\r\n", 4},
      {S, "334 VXNlcm5hbWU6\r\n", 5},
      {C, "YWxpY2U=\r\n", 6},
      {S, "334 UGFzc3dvcmQ6\r\n", 7},
      {C, "d29uZGVybGFuZA==\r\n", 8},
      {S, "235 2.7.0 Authentication successful\r\n", 9},
      {C,
       "MAIL FROM:<a@x> SIZE=10\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@z>\r\nDATA\r\n",
       10},
      {S,
       "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 no such user\r\n354 go\r\n",
       11},
      {C, "Subject: x\r\n\r\nbody\r\n.\r\nRSET\r\n", 12},
      {S, "250 2.0.0 queued\r\n250 2.0.0 Ok\r\n", 13},
      {C, "AUTH PLAIN AGJvYgBidWlsZGVy\r\n", 14},
      {S, "503 5.5.1 Error: already authenticated\r\n", 15},
  };
  const Recorded r = run_dissector(smtp(), talk);
  const auto k = kinds(r);
  const auto ext = std::find_if(
      r.events.begin(), r.events.end(),
      [](const Event& e) { return e.kind == StepKind::Extensions; });
  REQUIRE(ext != r.events.end());
  CHECK(ext->text ==
        "PIPELINING, SIZE 10240000, AUTH PLAIN LOGIN CRAM-MD5, STARTTLS");
  CHECK(ext->outcome == Outcome::Info);
  // AUTH LOGIN: the 334 prompts decoded (RFC 4954 4: base64 challenges),
  // the user name typed in base64 and decoded, the password only a secret.
  CHECK(std::find(k.begin(), k.end(), "s2c continuation 334 -> AUTH") !=
        k.end());
  const auto prompt = std::find_if(
      r.events.begin(), r.events.end(),
      [](const Event& e) { return e.kind == StepKind::Continuation; });
  REQUIRE(prompt != r.events.end());
  CHECK(prompt->field("decoded") == "Username:");
  CHECK(prompt->outcome == Outcome::Intermediate);
  CHECK(prompt->text == "334 VXNlcm5hbWU6");
  CHECK((prompt + 2)->field("decoded") == "Password:");
  const auto user =
      std::find_if(r.events.begin(), r.events.end(),
                   [](const Event& e) { return e.kind == StepKind::Auth; });
  REQUIRE(user != r.events.end());
  CHECK(user->text == "YWxpY2U=");
  CHECK(user->field("decoded") == "alice");
  CHECK(user->field("user") == "alice");
  CHECK(user->secret.empty());
  CHECK((user + 2)->kind == StepKind::Auth);
  CHECK((user + 2)->secret == "wonderland");
  CHECK((user + 2)->text == "********");
  CHECK((user + 2)->field("decoded") == "");
  for (const auto& e : r.events) {
    CHECK(e.args.find("wonderland") == std::string::npos);
    CHECK(e.text.find("d29uZGVybGFuZA") == std::string::npos);
  }
  // Pipelined commands get their replies in order.
  for (const char* want : {"s2c reply 250 -> MAIL", "s2c reply 250 -> RCPT",
                           "s2c reply 550 -> RCPT", "s2c reply 354 -> DATA",
                           "s2c reply 250 -> message", "s2c reply 250 -> RSET",
                           "s2c reply 503 -> AUTH"})
    CHECK(std::find(k.begin(), k.end(), want) != k.end());
  // MAIL's fields (RFC 1870 SIZE).
  const auto mail =
      std::find_if(r.events.begin(), r.events.end(),
                   [](const Event& e) { return e.command == "MAIL"; });
  REQUIRE(mail != r.events.end());
  CHECK(mail->field("from") == "a@x");
  CHECK(mail->field("size") == "10");
  // AUTH PLAIN with an initial response: masked as typed.
  const auto plain =
      std::find_if(r.events.begin(), r.events.end(), [](const Event& e) {
        return e.command == "AUTH" && e.args.starts_with("PLAIN");
      });
  REQUIRE(plain != r.events.end());
  CHECK(plain->text == "AUTH PLAIN ********");
  CHECK(plain->field("user") == "bob");
  CHECK(plain->field("mechanism") == "PLAIN");
  CHECK(plain->secret == "builder");
  // tshark's columns for the AUTH LOGIN steps and the multi-line reply.
  CHECK(r.frames.at(3).second ==
        "S: 250-mx Hello lab | PIPELINING | SIZE 10240000 | AUTH PLAIN LOGIN "
        "CRAM-MD5 | STARTTLS");
  CHECK(r.frames.at(6).second == "C: User: YWxpY2U=");
  // tshark: "C: Pass: d29uZGVybGFuZA=="; masked without --show-secrets.
  CHECK(r.frames.at(8).second == "C: Pass: ********");
  const auto [whole, bytewise] = whole_and_bytewise(smtp(), talk);
  CHECK(whole == bytewise);
}

TEST_CASE("SMTP: a secret split across segments is hidden in both") {
  // The password line of AUTH LOGIN, and AUTH PLAIN's initial response
  // pipelined behind another command, each end in the next segment: no
  // byte of either secret may reach the packet list of either segment.
  const std::vector<Piece> talk = {
      {S, "220 mx ESMTP\r\n", 1},
      {C, "EHLO lab\r\n", 2},
      {S, "250 mx\r\n", 3},
      {C, "AUTH LOGIN\r\n", 4},
      {S, "334 VXNlcm5hbWU6\r\n", 5},
      {C, "YWxpY2U=\r\n", 6},
      {S, "334 UGFzc3dvcmQ6\r\n", 7},
      {C, "d29uZGVy", 8},
      {C, "bGFuZA==\r\n", 9},
      {S, "535 5.7.8 Error: authentication failed\r\n", 10},
      {C, "NOOP\r\nAUTH PLAIN AGJv", 11},
      {C, "YgBidWlsZGVy\r\n", 12},
      {S, "250 2.0.0 Ok\r\n235 2.7.0 Authentication successful\r\n", 13},
  };
  const Recorded r = run_dissector(smtp(), talk);
  CHECK(r.frames.at(6).second == "C: User: YWxpY2U=");
  // As in tshark, a segment whose first line has not ended waits for the
  // next (frame 8 is TCP's); the line is then shown whole, masked.
  CHECK(r.frames.count(8) == 0);
  CHECK(r.frames.at(9).second == "C: Pass: ********");
  CHECK(r.frames.at(11).second == "C: NOOP | AUTH PLAIN ********");
  for (const auto& [frame, cols] : r.frames) {
    CAPTURE(frame);
    CHECK(cols.second.find("d29uZGVy") == std::string::npos);
    CHECK(cols.second.find("bGFuZA") == std::string::npos);
    CHECK(cols.second.find("AGJv") == std::string::npos);
    CHECK(cols.second.find("YgBidWlsZGVy") == std::string::npos);
  }
  // The dialog reads the same secrets as from whole lines.
  CHECK(std::count_if(r.events.begin(), r.events.end(), [](const Event& e) {
          return e.secret == "wonderland" || e.secret == "builder";
        }) == 2);
}

TEST_CASE("SMTP: BDAT chunks make one message; two messages stay apart") {
  const std::vector<Piece> talk = {
      {S, "220 mx ESMTP\r\n", 1},
      {C, "EHLO lab\r\n", 2},
      {S, "250-mx\r\n250 CHUNKING\r\n", 3},
      {C, "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nBDAT 14\r\nSubject: on", 4},
      {C, "e\r\nBDAT 3 LAST\r\nx\r\n", 5},
      {S, "250 Ok\r\n250 Ok\r\n250 14 bytes\r\n250 queued\r\n", 6},
      {C, "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n", 7},
      {S, "250 Ok\r\n250 Ok\r\n354 go\r\n", 8},
      {C, "Message-ID: <two@x>\r\n\r\n.\r\n", 9},
      {S, "250 queued\r\n", 10},
  };
  const Recorded r = run_dissector(smtp(), talk);
  REQUIRE(r.artifacts.size() == 2);
  CHECK(r.artifacts[0].name == "one");
  CHECK(r.artifacts[1].name == "<two@x>");
  std::vector<std::string> bodies;
  for (const auto& [h, b] : r.artifact_bytes) bodies.push_back(b);
  CHECK(bodies[0] == "Subject: one\r\nx\r\n");
  CHECK(bodies[1] == "Message-ID: <two@x>\r\n\r\n");
  const auto [whole, bytewise] = whole_and_bytewise(smtp(), talk);
  CHECK(whole == bytewise);
}

TEST_CASE("SMTP: a message cut short is closed with a note") {
  const std::vector<Piece> talk = {
      {S, "220 mx\r\n", 1},
      {C, "DATA\r\n", 2},
      {S, "354 go\r\n", 3},
      {C, "Subject: cut\r\n\r\nhalf", 4},
  };
  const Recorded r = run_dissector(smtp(), talk);
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].note.starts_with("incomplete"));
}

TEST_CASE("SMTP: STARTTLS hands over; TLS nobody decrypts is not parsed") {
  const std::vector<Piece> talk = {
      {S, "220 mx ESMTP\r\n", 1},
      {C, "STARTTLS\r\n", 2},
      {S, "220 2.0.0 Ready to start TLS\r\n", 3},
      {C, std::string("\x16\x03\x01\x00\x05hello", 10), 4},
      {S, std::string("\x16\x03\x03\x00\x02hi\r\n", 9), 5},
  };
  const Recorded r = run_dissector(smtp(), talk);
  REQUIRE(r.events.size() == 4);
  CHECK(r.events[3].kind == StepKind::Tls);
  CHECK(r.frames.count(4) == 0);
  // Nothing after the hand-over can be seen: no no-quit, no no-reply.
  CHECK(r.finding_ids().empty());
}

TEST_CASE("IMF Info: from and subject in header order, MIME leaves shown") {
  mail::ImfSummary s;
  for (const char* l :
       {"Subject: =?utf-8?b?0J8=?=", " =?utf-8?b?0J8=?=", "From: A <a@x>",
        "Content-Type: multipart/mixed; boundary=\"b\"", "", "--b",
        "Content-Type: text/plain", "", "hi", "--b",
        "Content-Type: application/octet-stream", "", "AAAA", "--b",
        "Content-Type: application/zip", "", "--b--"})
    s.line(l);
  s.finish();
  CHECK(s.info() ==
        "subject: =?utf-8?b?0J8=?=\\r\\n =?utf-8?b?0J8=?=, from: A <a@x>,  "
        "(text/plain) (application/zip)");
  CHECK(s.from() == "A <a@x>");
}

// tshark's IMF Info of a message held whole (the parser IMAP and POP share).
std::string imf_info_whole(std::string_view m) {
  std::string info;
  size_t fence = 0;
  mail::append_imf_info(m, info, fence);
  return info;
}

TEST_CASE("IMF Info of a message piece seen whole is parsed tshark's way") {
  // A POP fragment that starts mid-line: the first "field name" runs from
  // the start to the first ':' across the blank line, so the header block
  // ends only at the second blank line.
  CHECK(imf_info_whole("tely!\r\n\r\nLog in at:\r\nhttps://x.example\r\n"
                       "\r\nFor help: see\r\nthe FAQ\r\n") ==
        "For help: see  , the FAQ  ");
  // A Content-Type cut by the end of the piece does not count: the field
  // never ended, so tshark lists every line from the start.  (The first
  // field's name is "junk\r\nFrom": From is not seen as From.)
  CHECK(imf_info_whole("junk\r\nFrom: A <a@x>\r\nSubject: T\r\n"
                       "Content-Type: multipart/alternative;\r\n b=\"x") ==
        "subject: T, , junk  , From: A <a@x>  , Subject: T  , "
        "Content-Type: multipart/alternative;  ,  b=\"x");
  // A type without parameters is no type for tshark: the lines are shown.
  CHECK(imf_info_whole("Subject: S\r\nContent-Type: text/plain\r\n\r\n"
                       "body\r\n") == "subject: S, , body  ");
  // With parameters the media type names itself.
  CHECK(imf_info_whole("Subject: S\r\nContent-Type: text/plain; "
                       "charset=us-ascii\r\n\r\nbody\r\n") ==
        "subject: S,  (text/plain)");
  // A piece ending right after a field's CR LF: tshark takes the header
  // block as ended there and trims two more bytes off the value.
  CHECK(imf_info_whole("Subject: Testing\r\n") == "subject: Testi, ");
  CHECK(imf_info_whole("") == "");
  CHECK(imf_info_whole("no colon at all") == "no colon at all");
}
