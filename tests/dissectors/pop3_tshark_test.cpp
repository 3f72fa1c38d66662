// SPDX-License-Identifier: GPL-2.0-or-later
// POP3 against tshark 4.0 on the shared captures and the samples: the
// packet list of POP and POP/IMF frames, and the dialog (every request and
// +OK/-ERR tshark decodes is in our events, in order).
#include <doctest/doctest.h>

#include <set>

#include "mail_tshark.hpp"
#include "test_support.hpp"

using namespace tracelab::test;

namespace {

std::vector<std::filesystem::path> pop3_captures() {
  // pop3s.pcap is POP3 in implicit TLS on 995, decrypted with its key log.
  return mail_captures("pop3", {"pop3.pcap", "pop3s.pcap"});
}

}  // namespace

TEST_CASE("POP packet list agrees with tshark") {
  const auto caps = pop3_captures();
  REQUIRE_FALSE(caps.empty());  // nothing to compare must not pass
  const InfoScore s = score_all(caps, {"POP"});
  REQUIRE(s.frames > 0);
  MESSAGE("POP: " << s.summary());
  INFO(s.misses);
  // Every frame, including zeek-pop3.pcap's RETR segments that tshark shows
  // as messages of their own (parsed its way: mail::append_imf_info) and the
  // POP3 inside implicit TLS.
  CHECK(s.info == s.frames);
  CHECK(s.protocol == s.frames);
}

TEST_CASE("POP3: every request and status tshark shows is in our events") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  for (const auto& cap : pop3_captures()) {
    CAPTURE(cap.filename().string());
    // tshark also takes SASL responses for requests: only commands count.
    static const std::set<std::string> kVerbs = {
        "USER", "PASS", "APOP", "AUTH", "STAT", "LIST", "UIDL", "TOP",
        "RETR", "DELE", "RSET", "NOOP", "QUIT", "CAPA", "STLS", "UTF8"};
    std::vector<std::string> theirs;
    for (auto& step : tshark_steps(cap, "pop", "pop.request.command",
                                   "pop.response.indicator", false))
      if (step[0] == 'S' || kVerbs.count(step.substr(2)))
        theirs.push_back(std::move(step));
    const auto ours = our_steps(cap, {"POP", "TLS"});
    const std::string missing = first_missing_step(ours, theirs);
    INFO("first missing: " << missing);
    CHECK(missing.empty());
  }
}
