// SPDX-License-Identifier: GPL-2.0-or-later
// POP3 dialogs as the lecture and the labs bring them: states, secrets,
// multi-line answers, byte-stuffing, DELE and the QUIT that commits it.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "dissector_harness.hpp"
#include "pop3/pop3_dissector.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr auto C = Direction::ClientToServer;
constexpr auto S = Direction::ServerToClient;

const DissectorInfo& pop3() {
  static const DissectorInfo info = pop3_dissector_info();
  return info;
}

const std::string kMessage =
    "From: carol@example\r\nSubject: Lab 2\r\n\r\nline one\r\n"
    "..starts with a dot\r\n";

// The lecture's session: USER/PASS, STAT, LIST, RETR, DELE, QUIT.
std::vector<Piece> lecture_dialog() {
  return {
      {S, "+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>\r\n", 1},
      {C, "USER mrose\r\n", 2},
      {S, "+OK mrose is a real hoopy frood\r\n", 3},
      {C, "PASS secret\r\n", 4},
      {S, "+OK mrose's maildrop has 2 messages (320 octets)\r\n", 5},
      {C, "STAT\r\n", 6},
      {S, "+OK 2 320\r\n", 7},
      {C, "LIST\r\n", 8},
      {S, "+OK 2 messages (320 octets)\r\n1 120\r\n2 200\r\n.\r\n", 9},
      {C, "RETR 1\r\n", 10},
      {S, "+OK 120 octets\r\n" + kMessage.substr(0, 30), 11},
      {S, kMessage.substr(30) + ".\r\n", 12},
      {C, "TOP 2 0\r\n", 13},
      {S, "+OK\r\nSubject: two\r\n\r\n.\r\n", 14},
      {C, "DELE 1\r\n", 15},
      {S, "+OK message 1 deleted\r\n", 16},
      {C, "LIST 9\r\n", 17},
      {S, "-ERR no such message, only 2 messages in maildrop\r\n", 18},
      {C, "QUIT\r\n", 19},
      {S, "+OK dewey POP3 server signing off (1 message left)\r\n", 20},
  };
}

std::vector<std::string> kinds(const Recorded& r) {
  std::vector<std::string> out;
  for (const auto& e : r.events) {
    std::string s =
        std::string(direction_name(e.dir)) + " " + step_kind_name(e.kind);
    if (!e.command.empty()) s += " " + e.command;
    if (!e.status.empty()) s += " " + e.status;
    if (!e.args.empty()) s += " [" + e.args + "]";
    if (e.answers != kNoStep)
      s += " -> " + r.events.at(static_cast<size_t>(e.answers)).command;
    out.push_back(s);
  }
  return out;
}

}  // namespace

TEST_CASE("POP3: the lecture's dialog, event by event") {
  const Recorded r = run_dissector(pop3(), lecture_dialog());
  CHECK(r.protocol == "POP");
  const std::vector<std::string> want = {
      "s2c greeting +OK",
      "c2s command USER [mrose]",
      "s2c reply +OK -> USER",
      "c2s command PASS",
      "s2c reply +OK -> PASS",
      "s2c state",
      "c2s command STAT",
      "s2c reply +OK -> STAT",
      "c2s command LIST",
      "s2c reply +OK -> LIST",
      "s2c listing [2 lines] -> LIST",
      "c2s command RETR [1]",
      "s2c reply +OK -> RETR",
      "s2c message -> RETR",
      "c2s command TOP [2 0]",
      "s2c reply +OK -> TOP",
      "s2c message -> TOP",
      "c2s command DELE [1]",
      "s2c reply +OK -> DELE",
      "c2s command LIST [9]",
      "s2c reply -ERR -> LIST",
      "c2s command QUIT",
      "s2c reply +OK -> QUIT",
      "s2c state",
      "s2c update",
  };
  auto join = [](const std::vector<std::string>& v) {
    std::string o;
    for (const auto& x : v) o += x + "\n";
    return o;
  };
  CHECK(join(kinds(r)) == join(want));
  // The password is a secret, never in args or text (masked as typed).
  CHECK(r.events[3].secret == "secret");
  CHECK(r.events[3].args.empty());
  CHECK(r.events[3].text == "PASS ********");
  CHECK(r.events[1].field("user") == "mrose");
  CHECK(r.events[5].text == "TRANSACTION");
  // Status lines and listings as they crossed the wire.
  CHECK(r.events[2].text == "+OK mrose is a real hoopy frood");
  CHECK(r.events[10].text == "1 120\r\n2 200");
  CHECK(r.events[10].outcome == Outcome::Info);
  CHECK(r.events[0].outcome == Outcome::Info);
  CHECK(r.events[4].outcome == Outcome::Success);
  CHECK(r.events[20].outcome == Outcome::Failure);
  CHECK(r.events[11].field("message_number") == "1");
  CHECK(r.events[13].field("subject") == "Lab 2");
  CHECK(r.events[13].field("bytes") == "69");
  CHECK(r.events[13].field("body") == "line one\r\n.starts with a dot\r\n");
  CHECK(r.events[17].field("message_number") == "1");
  CHECK(r.events.back().kind == StepKind::Update);
  CHECK(r.events.back().field("deleted") == "1");
  // LIST 9 refused (RFC 1939 5: -ERR for a message that does not exist).
  CHECK(r.typed_lines().back() == "finding command-refused warning 18 LIST 9");
  REQUIRE(r.artifacts.size() == 2);
  CHECK(r.artifacts[0].name == "Lab 2");
  CHECK(r.artifacts[0].note.empty());
  CHECK(r.artifacts[1].note == "partial");
  CHECK(r.artifact_bytes.begin()->second ==
        "From: carol@example\r\nSubject: Lab 2\r\n\r\nline one\r\n"
        ".starts with a dot\r\n");
  // tshark's columns.
  CHECK(r.frames.at(2).second == "C: USER mrose");
  CHECK(r.frames.at(9).second == "S: +OK 2 messages (320 octets)");
  CHECK(r.frames.at(12).second == "S: DATA fragment, 43 bytes");
  CHECK(r.frames.at(12).first == "POP");
}

TEST_CASE("POP3: 1-byte pieces give the same events as whole segments") {
  const auto [whole, bytewise] = whole_and_bytewise(pop3(), lecture_dialog());
  CHECK(whole == bytewise);
}

TEST_CASE("POP3: AUTH PLAIN and APOP secrets, RSET clears marks") {
  const std::vector<Piece> talk = {
      {S, "+OK ready <1.2@host>\r\n", 1},
      {C, "AUTH PLAIN\r\n", 2},
      {S, "+ \r\n", 3},
      {C, "AGJvYgBidWlsZGVy\r\n", 4},
      {S, "+OK Logged in.\r\n", 5},
      {C, "DELE 2\r\n", 6},
      {S, "+OK\r\n", 7},
      {C, "RSET\r\n", 8},
      {S, "+OK\r\n", 9},
      {C, "QUIT\r\n", 10},
      {S, "+OK bye\r\n", 11},
  };
  const Recorded r = run_dissector(pop3(), talk);
  const auto auth =
      std::find_if(r.events.begin(), r.events.end(),
                   [](const Event& e) { return e.kind == StepKind::Auth; });
  REQUIRE(auth != r.events.end());
  CHECK(auth->field("user") == "bob");
  CHECK(auth->text == "********");
  CHECK(auth->secret == "builder");
  CHECK(r.events.back().kind == StepKind::Update);
  CHECK(r.events.back().fields.empty());  // RSET unmarked the DELE
  CHECK(r.finding_ids().empty());
  // tshark shows the SASL "+ " as a one-line IMF message.
  CHECK(r.frames.at(3).first == "POP/IMF");
  CHECK(r.frames.at(3).second == "+   ");

  const Recorded a = run_dissector(
      pop3(), {{S, "+OK <1.2@host>\r\n", 1},
               {C, "APOP mrose c4c9334bac560ecc979e58001b3e22fb\r\n", 2},
               {S, "+OK\r\n", 3}});
  CHECK(a.events[1].args == "mrose");
  CHECK(a.events[1].field("user") == "mrose");
  CHECK(a.events[1].text == "APOP mrose ********");
  CHECK(a.events[1].secret == "c4c9334bac560ecc979e58001b3e22fb");
  CHECK(a.events[3].text == "TRANSACTION");
}

TEST_CASE("POP3: a RETR cut short is closed with a note") {
  const Recorded r =
      run_dissector(pop3(), {{S, "+OK\r\n", 1},
                             {C, "RETR 1\r\n", 2},
                             {S, "+OK\r\nSubject: x\r\n\r\nhal", 3}});
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].note.starts_with("incomplete"));
}
