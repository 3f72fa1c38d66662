// SPDX-License-Identifier: GPL-2.0-or-later
// IMAP against tshark 4.0: the packet list of IMAP frames (the .tshark.tsv
// beside each capture) and the dialog tshark decodes.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "mail_tshark.hpp"
#include "test_support.hpp"

using namespace tracelab::test;

TEST_CASE(
    "IMAP packet list agrees with tshark on the shared and sample "
    "captures") {
  // Plain IMAP samples (imaps is the TLS tests': decrypted IMAP).
  const InfoScore s = score_all(mail_captures("imap", {"imap.pcap"}), {"IMAP"});
  REQUIRE(s.frames > 0);
  MESSAGE("IMAP: " << s.summary());
  INFO(s.misses);
  CHECK(s.protocol == s.frames);
  // Measured: every IMAP and IMAP/IMF frame agrees (109 on 2026-11-30).
  CHECK(s.info_pct() >= 99.0);
}

TEST_CASE(
    "IMAP: every command and tagged status tshark shows is in our events") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  for (const auto& cap : mail_captures("imap", {"imap.pcap", "imaps.pcap"})) {
    CAPTURE(cap.filename().string());
    // tshark reads an APPEND literal's lines as requests ("To: a@b" is the
    // command A@B of tag "To:"): only real verbs and statuses count.
    static const std::set<std::string> kWords = {
        "CAPABILITY", "NOOP",      "LOGOUT",      "STARTTLS", "AUTHENTICATE",
        "LOGIN",      "SELECT",    "EXAMINE",     "CREATE",   "DELETE",
        "RENAME",     "SUBSCRIBE", "UNSUBSCRIBE", "LIST",     "LSUB",
        "STATUS",     "APPEND",    "CHECK",       "CLOSE",    "EXPUNGE",
        "SEARCH",     "FETCH",     "STORE",       "COPY",     "MOVE",
        "UID",        "IDLE",      "DONE",        "ENABLE",   "ID",
        "NAMESPACE",  "UNSELECT",  "OK",          "NO",       "BAD",
        "BYE",        "PREAUTH"};
    std::vector<std::string> theirs;
    // A continuation ("+ OK") is no status: tshark decodes one as if it were.
    for (auto& step :
         tshark_steps(cap, "imap && !(imap.response_tag == \"+\")",
                      "imap.request.command", "imap.response.status", false))
      if (kWords.count(step.substr(2))) theirs.push_back(std::move(step));
    // tshark names a UID command by its first word ("UID FETCH" is UID).
    std::vector<std::string> ours;
    for (std::string step : our_steps(cap, {"IMAP", "TLS"})) {
      if (step.starts_with("C:UID ")) step.resize(5);
      ours.push_back(std::move(step));
    }
    const std::string missing = first_missing_step(ours, theirs);
    INFO("first missing: " << missing);
    CHECK(missing.empty());
    CHECK(theirs.size() > 0);
  }
}
