// SPDX-License-Identifier: GPL-2.0-or-later
//
// The STARTTLS hand-over where nobody decrypts (this harness cannot put TLS
// under a session): after the server's yes, the TLS records that follow are
// noted once and never parsed as commands or replies, in all three mail
// protocols.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dissector_harness.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr Direction C2S = Direction::ClientToServer;
constexpr Direction S2C = Direction::ServerToClient;

// A ClientHello record header and a few bytes; a line end inside it must
// not turn the rest into a command.
const std::string kHello("\x16\x03\x01\x00\x05\x01\x00\r\nQUIT\r\n", 13);

std::vector<std::string> run(const char* proto, std::vector<Piece> dialog) {
  dialog.push_back({C2S, kHello, 0});
  dialog.push_back({S2C, std::string("\x16\x03\x03\x00\x02\x02\x00", 7), 0});
  return run_dissector(registered(proto), dialog).event_lines();
}

bool has(const std::vector<std::string>& lines, const std::string& part) {
  for (const auto& l : lines)
    if (l.find(part) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("STARTTLS accepted, nobody decrypts: TLS is noted, not parsed") {
  SUBCASE("SMTP") {
    const auto l = run("smtp", {{S2C, "220 mx ESMTP\r\n"},
                                {C2S, "EHLO c\r\n"},
                                {S2C, "250 STARTTLS\r\n"},
                                {C2S, "STARTTLS\r\n"},
                                {S2C, "220 go ahead\r\n"}});
    CHECK(has(l, "tls text=TLS follows (STARTTLS); not parsed"));
    CHECK_FALSE(has(l, "command=QUIT"));
  }
  SUBCASE("POP3") {
    const auto l = run("pop3", {{S2C, "+OK ready\r\n"},
                                {C2S, "STLS\r\n"},
                                {S2C, "+OK begin TLS\r\n"}});
    CHECK(has(l, "tls text=TLS follows (STLS); not parsed"));
    CHECK_FALSE(has(l, "command=QUIT"));
  }
  SUBCASE("IMAP") {
    const auto l = run("imap", {{S2C, "* OK ready\r\n"},
                                {C2S, "a STARTTLS\r\n"},
                                {S2C, "a OK begin TLS\r\n"}});
    CHECK(has(l, "tls text=TLS follows (STARTTLS); not parsed"));
    CHECK_FALSE(has(l, "QUIT"));
  }
}

TEST_CASE("STARTTLS refused: the dialog goes on in plain text") {
  const auto l = run("smtp", {{S2C, "220 mx ESMTP\r\n"},
                              {C2S, "STARTTLS\r\n"},
                              {S2C, "454 TLS not available\r\n"},
                              {C2S, "QUIT\r\n"}});
  CHECK_FALSE(has(l, "TLS follows"));
  CHECK(has(l, "command=QUIT"));
}
