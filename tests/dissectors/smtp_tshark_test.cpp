// SPDX-License-Identifier: GPL-2.0-or-later
// SMTP against tshark 4.0 on the shared captures and the samples: the
// packet list of SMTP and SMTP/IMF frames, and the dialog (every command
// and reply tshark decodes is in our events, in order, with its code).
#include <doctest/doctest.h>

#include "mail_tshark.hpp"
#include "smtp/smtp_columns.hpp"
#include "test_support.hpp"

using namespace tracelab::test;

namespace {

std::vector<std::filesystem::path> smtp_captures() {
  // smtp-starttls.pcap is left to the TLS tests: past its STARTTLS every
  // frame depends on decryption.
  return mail_captures("smtp", {"smtp-helo.pcap", "smtp-auth-login-mime.pcap"});
}

}  // namespace

TEST_CASE("SMTP packet list agrees with tshark") {
  const auto caps = smtp_captures();
  REQUIRE_FALSE(caps.empty());  // nothing to compare must not pass
  const InfoScore s = score_all(caps, {"SMTP"});
  REQUIRE(s.frames > 0);
  MESSAGE("SMTP: " << s.summary());
  INFO(s.misses);
  // Measured 2026-11-30: 217 of 218 (the miss: tshark's reassembly of
  // zeek-smtp.pcap counted a retransmitted segment twice, so its IMF saw
  // one part more).
  CHECK(s.info_pct() >= 99.0);
  CHECK(s.protocol == s.frames);
}

TEST_CASE("SMTP: every command and reply tshark shows is in our events") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  for (const auto& cap : smtp_captures()) {
    CAPTURE(cap.filename().string());
    // tshark also takes AUTH responses for commands ("C:CHVU"): only real
    // commands count.
    std::vector<std::string> theirs;
    for (auto& step :
         tshark_steps(cap, "smtp", "smtp.req.command", "smtp.response", true))
      if (step[0] == 'S' || tracelab::smtp::is_known_command(step.substr(2)))
        theirs.push_back(std::move(step));
    const auto ours = our_steps(cap, {"SMTP", "TLS"});
    const std::string missing = first_missing_step(ours, theirs);
    INFO("first missing: " << missing);
    CHECK(missing.empty());
  }
}
