// SPDX-License-Identifier: GPL-2.0-or-later
// IMAP dialogs as a lab brings them: events, states, secrets, messages.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dissector_harness.hpp"
#include "imap/imap_dissector.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr auto C = Direction::ClientToServer;
constexpr auto S = Direction::ServerToClient;

const DissectorInfo& imap() {
  static const DissectorInfo info = imap_dissector_info();
  return info;
}

// A MIME message with an encoded-word Subject and a base64 attachment.
const std::string kMessage =
    "From: Carol <carol@example.test>\r\n"
    "To: alice@example.test\r\n"
    "Subject: =?utf-8?B?0J/RgNC40LLQtdGC?= =?utf-8?Q?_=D0=B8=D0=B7?= lab\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hello, Alice\r\n"
    "--b1\r\n"
    "Content-Type: application/octet-stream; name=\"report.bin\"\r\n"
    "Content-Disposition: attachment; filename=\"report.bin\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "AAECAwQF\r\n"
    "--b1--\r\n";

const std::string kAppended =
    "From: alice@example.test\r\nSubject: draft\r\n\r\nnote to self\r\n";

std::vector<Piece> lecture_dialog() {
  const std::string n = std::to_string(kMessage.size());
  const std::string m = std::to_string(kAppended.size());
  return {
      {S, "* OK [CAPABILITY IMAP4rev1 LITERAL+ AUTH=PLAIN] ready\r\n", 1},
      {C, "a001 LOGIN alice \"wonderland\"\r\n", 2},
      {S, "a001 OK [CAPABILITY IMAP4rev1] Logged in\r\n", 3},
      {C, "a002 LIST \"\" *\r\n", 4},
      {S, "* LIST (\\HasNoChildren) \".\" INBOX\r\na002 OK List completed\r\n",
       5},
      {C, "a003 SELECT INBOX\r\n", 6},
      {S,
       "* FLAGS (\\Seen)\r\n* 2 EXISTS\r\n* 0 RECENT\r\n"
       "* OK [UIDVALIDITY 17] UIDs valid\r\n"
       "a003 OK [READ-WRITE] Select completed\r\n",
       7},
      {C, "a004 STATUS INBOX (MESSAGES UNSEEN)\r\n", 8},
      {S, "* STATUS INBOX (MESSAGES 2 UNSEEN 1)\r\na004 OK Status done\r\n", 9},
      {C, "a005 SEARCH FROM \"carol\"\r\n", 10},
      {S, "* SEARCH 1 2\r\na005 OK Search completed\r\n", 11},
      {C, "a006 FETCH 1 BODY[TEXT]\r\n", 12},
      {S, "* 1 FETCH (BODY[TEXT] {14}\r\nHello, Alice\r\n)\r\na006 OK done\r\n",
       13},
      {C, "a007 FETCH 2 BODY[]\r\n", 14},
      {S,
       "* 2 FETCH (FLAGS (\\Seen) BODY[] {" + n + "}\r\n" +
           kMessage.substr(0, 100),
       15},
      {S, kMessage.substr(100) + ")\r\na007 OK Fetch completed\r\n", 16},
      {C, "a008 APPEND INBOX (\\Seen) {" + m + "}\r\n", 17},
      {S, "+ Ready for literal data\r\n", 18},
      {C, kAppended + "\r\n", 19},
      {S, "a008 OK [APPENDUID 17 3] Append completed\r\n", 20},
      {C, "a009 LOGOUT\r\n", 21},
      {S, "* BYE Logging out\r\na009 OK Logout completed\r\n", 22},
  };
}

bool has(const std::vector<std::string>& lines, const std::string& want) {
  return std::find(lines.begin(), lines.end(), want) != lines.end();
}

}  // namespace

TEST_CASE("the lecture's IMAP dialog") {
  const Recorded r = run_dissector(imap(), lecture_dialog());
  const auto l = r.event_lines();
  INFO(doctest::toString(l.size()));
  CHECK(r.protocol == "IMAP");
  CHECK(has(l,
            "1 s2c greeting status=OK text=* OK [CAPABILITY IMAP4rev1 "
            "LITERAL+ AUTH=PLAIN] ready"));
  // The password is a secret, never an argument: masked as typed.
  CHECK(has(l,
            "2 c2s command command=LOGIN args=alice ******** text=a001 LOGIN "
            "alice ******** secret=wonderland"));
  CHECK(has(l,
            "3 s2c reply command=LOGIN status=OK "
            "text=a001 OK [CAPABILITY IMAP4rev1] Logged in"));
  CHECK(has(l, "3 s2c state text=authenticated"));
  CHECK(has(l, "4 c2s command command=LIST args=\"\" * text=a002 LIST \"\" *"));
  CHECK(has(l, "5 s2c untagged text=* LIST (\\HasNoChildren) \".\" INBOX"));
  CHECK(has(l, "7 s2c untagged text=* 2 EXISTS"));
  CHECK(has(l,
            "7 s2c untagged status=OK text=* OK [UIDVALIDITY 17] UIDs "
            "valid"));
  CHECK(has(l,
            "7 s2c reply command=SELECT status=OK "
            "text=a003 OK [READ-WRITE] Select completed"));
  CHECK(has(l, "7 s2c state args=INBOX text=selected"));
  CHECK(has(l, "9 s2c untagged text=* STATUS INBOX (MESSAGES 2 UNSEEN 1)"));
  CHECK(has(l,
            "10 c2s command command=SEARCH args=FROM \"carol\" text=a005 "
            "SEARCH FROM \"carol\""));
  CHECK(has(l, "11 s2c untagged text=* SEARCH 1 2"));
  // The text is the lines as typed; a literal's bytes are left out, its
  // announcement stays (RFC 3501 4.3).
  CHECK(has(l, "13 s2c untagged text=* 1 FETCH (BODY[TEXT] {14})"));
  CHECK(has(l, "16 s2c untagged text=* 2 FETCH (FLAGS (\\Seen) BODY[] {" +
                   std::to_string(kMessage.size()) + "})"));
  // APPEND is reported when its message begins, before the server's "+".
  CHECK(has(l, "17 c2s command command=APPEND args=INBOX (\\Seen) {" +
                   std::to_string(kAppended.size()) +
                   "} text=a008 APPEND INBOX (\\Seen) {" +
                   std::to_string(kAppended.size()) + "}"));
  CHECK(has(l, "18 s2c continuation status=+ text=+ Ready for literal data"));
  CHECK(has(l,
            "20 s2c reply command=APPEND status=OK "
            "text=a008 OK [APPENDUID 17 3] Append completed"));
  CHECK(has(l, "22 s2c untagged status=BYE text=* BYE Logging out"));
  CHECK(has(l, "22 s2c state text=logout"));
  for (const auto& line : l) CHECK(line.find("wonderland\"") == line.npos);

  // The fetched message (named by its decoded Subject), its attachment,
  // and the appended message.
  REQUIRE(r.artifacts.size() == 3);
  CHECK(r.artifacts[0].kind == "mail");
  CHECK(r.artifacts[0].name == "Привет из lab");
  CHECK(r.artifacts[0].size == kMessage.size());
  CHECK(r.artifacts[0].first_frame == 15);
  CHECK(r.artifacts[0].note == "");
  CHECK(r.artifacts[1].kind == "attachment");
  CHECK(r.artifacts[1].name == "report.bin");
  CHECK(r.artifacts[1].media_type == "application/octet-stream");
  CHECK(r.artifacts[1].size == 6);
  CHECK(r.artifacts[2].kind == "mail");
  CHECK(r.artifacts[2].name == "draft");
  CHECK(r.artifacts[2].size == kAppended.size());
  bool found_message = false;
  for (const auto& [h, bytes] : r.artifact_bytes)
    if (bytes == kMessage) found_message = true;
  CHECK(found_message);
}

TEST_CASE("IMAP: 1-byte pieces give the same events and artifacts") {
  const auto [whole, bytewise] = whole_and_bytewise(imap(), lecture_dialog());
  CHECK(whole.size() > 30);
  CHECK(whole == bytewise);
}

TEST_CASE("IMAP: SASL secrets split across segments are hidden in both") {
  // A PLAIN response after the continuation, an initial response riding
  // on AUTHENTICATE, and AUTH LOGIN's password, each ending in the next
  // segment: none of their bytes may reach either segment's Info.
  const std::vector<Piece> talk = {
      {S, "* OK IMAP4rev1 ready\r\n", 1},
      {C, "1 AUTHENTICATE PLAIN\r\n", 2},
      {S, "+ \r\n", 3},
      {C, "AGJvYgBo", 4},
      {C, "dW50ZXIy\r\n", 5},
      {S, "1 NO failed\r\n", 6},
      {C, "2 AUTHENTICATE PLAIN AGFs", 7},
      {C, "aWNlAHdvbmRlcmxhbmQ=\r\n", 8},
      {S, "2 NO failed\r\n", 9},
      {C, "3 AUTHENTICATE LOGIN\r\n", 10},
      {S, "+ VXNlcm5hbWU6\r\n", 11},
      {C, "Ym9i\r\n", 12},
      {S, "+ UGFzc3dvcmQ6\r\n", 13},
      {C, "c2Vz", 14},
      {C, "YW1l\r\n", 15},
      {S, "3 OK done\r\n", 16},
  };
  const Recorded r = run_dissector(imap(), talk);
  for (const auto& [frame, cols] : r.frames) {
    CAPTURE(frame);
    CAPTURE(cols.second);
    for (const char* piece :
         {"AGJvYgBo", "dW50ZXIy", "AGFs", "aWNlAHdvbmRl", "c2Vz", "YW1l"})
      CHECK(cols.second.find(piece) == std::string::npos);
  }
  // The user name of AUTH LOGIN is no secret: shown as typed.
  CHECK(r.frames.at(12).second.find("Ym9i") != std::string::npos);
  // The dialog reads the secrets as from whole lines.
  std::string lines;
  for (const auto& l : r.event_lines()) lines += l + "\n";
  CAPTURE(lines);
  for (const char* secret : {"hunter2", "wonderland", "sesame"})
    CHECK(std::count_if(r.events.begin(), r.events.end(), [&](const Event& e) {
            return e.secret == secret;
          }) == 1);
}

TEST_CASE("IMAP: LOGIN with literals, LITERAL+, AUTHENTICATE, IDLE") {
  const std::vector<Piece> talk = {
      {S, "* OK IMAP4rev1 ready\r\n", 1},
      {C, "1 LOGIN {5}\r\n", 2},
      {S, "+ go ahead\r\n", 3},
      {C, "alice {4+}\r\npass\r\n", 4},
      {S, "1 NO [AUTHENTICATIONFAILED] nope\r\n", 5},
      // PLAIN: "\0bob\0hunter2"
      {C, "2 AUTHENTICATE PLAIN\r\n", 6},
      {S, "+ \r\n", 7},
      {C, "AGJvYgBodW50ZXIy\r\n", 8},
      {S, "2 OK done\r\n", 9},
      {C, "3 EXAMINE \"Sent Items\"\r\n", 10},
      {S, "3 OK [READ-ONLY] done\r\n", 11},
      {C, "4 IDLE\r\n", 12},
      {S, "+ idling\r\n* 3 EXISTS\r\n", 13},
      {C, "DONE\r\n", 14},
      {S, "4 OK IDLE terminated\r\n", 15},
      {C, "5 UID FETCH 7 (BODY.PEEK[]<0.10>)\r\n", 16},
      {S, "* 3 FETCH (UID 7 BODY[]<0> {10}\r\nSubject: x)\r\n5 OK done\r\n",
       17},
      {C, "6 CLOSE\r\n", 18},
      {S, "6 OK closed\r\n", 19},
  };
  const Recorded r = run_dissector(imap(), talk);
  const auto l = r.event_lines();
  // Literals' bytes are not in the text: neither is the password.
  CHECK(has(l,
            "4 c2s command command=LOGIN args={5} {4+} text=1 LOGIN {5} {4+} "
            "secret=pass"));
  CHECK(has(l,
            "5 s2c reply command=LOGIN status=NO "
            "text=1 NO [AUTHENTICATIONFAILED] nope"));
  CHECK(has(l,
            "6 c2s command command=AUTHENTICATE args=PLAIN text=2 "
            "AUTHENTICATE PLAIN"));
  CHECK(has(l, "8 c2s auth text=******** secret=hunter2"));
  CHECK(has(l, "9 s2c state text=authenticated"));
  CHECK(has(l, "11 s2c state args=Sent Items text=selected"));
  CHECK(has(l, "14 c2s command command=DONE text=DONE"));
  CHECK(has(l,
            "16 c2s command command=UID FETCH args=7 (BODY.PEEK[]<0.10>) "
            "text=5 UID FETCH 7 (BODY.PEEK[]<0.10>)"));
  // The typed facts: the user name of the literal LOGIN, the PLAIN user,
  // EXAMINE's mailbox; the refused LOGIN retried by AUTHENTICATE.
  const auto login =
      std::find_if(r.events.begin(), r.events.end(),
                   [](const Event& e) { return e.command == "LOGIN"; });
  REQUIRE(login != r.events.end());
  CHECK(login->field("user") == "alice");
  CHECK(login->field("tag") == "1");
  const auto auth =
      std::find_if(r.events.begin(), r.events.end(),
                   [](const Event& e) { return e.kind == StepKind::Auth; });
  REQUIRE(auth != r.events.end());
  CHECK(auth->field("user") == "bob");
  const auto ex =
      std::find_if(r.events.begin(), r.events.end(),
                   [](const Event& e) { return e.command == "EXAMINE"; });
  REQUIRE(ex != r.events.end());
  CHECK(ex->field("mailbox") == "Sent Items");
  CHECK(has(r.typed_lines(), "finding auth-failed warning 5 1 LOGIN {5} {4+}"));
  // The harness ends the session with a FIN and no LOGOUT was sent.
  CHECK(has(r.typed_lines(), "finding no-quit error 20 LOGOUT"));
  CHECK(has(l, "19 s2c state text=authenticated"));
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].note == "partial: bytes from 0");
  CHECK(r.artifacts[0].size == 10);
  const auto [whole, bytewise] = whole_and_bytewise(imap(), talk);
  CHECK(whole == bytewise);
}

TEST_CASE("IMAP: STARTTLS hands over and parsing stops") {
  const std::vector<Piece> talk = {
      {S, "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n", 1},
      {C, ". STARTTLS\r\n", 2},
      {S, ". OK Begin TLS negotiation now\r\n", 3},
      {C, std::string("\x16\x03\x01\x00\x05hello\r\nx NOOP\r\n", 18), 4},
  };
  const Recorded r = run_dissector(imap(), talk);
  const auto l = r.event_lines();
  CHECK(has(l, "3 s2c state text=tls"));
  for (const auto& line : l) CHECK(line.find("NOOP") == line.npos);
}

TEST_CASE("IMAP: a message cut by the end of the session is kept, noted") {
  const std::vector<Piece> talk = {
      {C, "a FETCH 1 RFC822\r\n", 1},
      {S, "* 1 FETCH (RFC822 {100}\r\nSubject: cut\r\n\r\nbody", 2},
  };
  const Recorded r = run_dissector(imap(), talk);
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].name == "cut");
  CHECK(r.artifacts[0].note.find("truncated") == 0);
  CHECK(r.artifacts[0].size == 20);
}

TEST_CASE("IMAP: header-section fetches are kept as partial messages") {
  const std::string hdr = "Subject: Hi\r\nFrom: a@x\r\n\r\n";
  const std::string n = std::to_string(hdr.size());
  const std::vector<Piece> talk = {
      {S, "* PREAUTH ready\r\n", 1},
      {C, "1 SELECT INBOX\r\n", 2},
      {S, "* 1 EXISTS\r\n1 OK [READ-WRITE] done\r\n", 3},
      {C, "2 FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)])\r\n", 4},
      {S,
       "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT FROM)] {" + n + "}\r\n" + hdr +
           ")\r\n2 OK done\r\n",
       5},
      {C, "3 FETCH 1 RFC822.HEADER\r\n", 6},
      {S,
       "* 1 FETCH (RFC822.HEADER {" + n + "}\r\n" + hdr + ")\r\n3 OK done\r\n",
       7},
      {C, "4 FETCH 1 BODY[TEXT]\r\n", 8},
      {S, "* 1 FETCH (BODY[TEXT] {4}\r\nbody)\r\n4 OK done\r\n", 9},
  };
  const Recorded r = run_dissector(imap(), talk);
  // BODY[TEXT] is no message (no header): not a mail artifact.
  REQUIRE(r.artifacts.size() == 2);
  CHECK(r.artifacts[0].note == "partial: header fields only");
  CHECK(r.artifacts[0].name == "Hi");
  CHECK(r.artifact_bytes.begin()->second == hdr);
  CHECK(r.artifacts[1].note == "partial: header only");
  const auto [whole, bytewise] = whole_and_bytewise(imap(), talk);
  CHECK(whole == bytewise);
}
