// SPDX-License-Identifier: GPL-2.0-or-later
//
// What a script reading `sessions --json` can rely on, the same way for
// every protocol (docs/sessions-schema.md, version 2):
//  - "did every step succeed": every reply-like step has an outcome;
//  - "what answers what": `answers` points at an earlier step sent the
//    other way;
//  - findings: registered ids with an explanation, frames inside the
//    session; none of severity error on the correct lab sessions in
//    samples/, and on each flawed one an error at the frame where the flaw
//    shows.  Those frames come from samples/README.md's table of flawed
//    sessions, where each was read off tshark's packet list and the
//    server's own log (samples/flawed/), not from tracelab.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_support.hpp"

using namespace tracelab::test;
using nlohmann::json;

namespace {

std::vector<json> sessions_of(const std::filesystem::path& cap) {
  std::string cmd =
      sh_quote(tracelab_bin()) + " sessions --json --no-header --no-progress ";
  const auto keys = std::filesystem::path(cap.string() + ".keys");
  if (std::filesystem::exists(keys)) cmd += "--keylog " + sh_quote(keys) + " ";
  int status = -1;
  std::istringstream out(run(cmd + sh_quote(cap.string()), &status));
  CHECK(status == 0);
  std::vector<json> all;
  for (std::string line; std::getline(out, line);)
    all.push_back(json::parse(line));
  return all;
}

// Kinds that answer something, and must say how it went.
const std::set<std::string> kReplyKinds = {"reply", "response", "answer"};
// Kinds a reply may answer.
const std::set<std::string> kAskingKinds = {
    "command", "request", "query", "handshake", "message", "auth", "data"};
const std::set<std::string> kOutcomes = {"success", "intermediate", "failure",
                                         "info"};
const std::set<std::string> kSeverities = {"error", "warning", "info"};

// One script for every protocol: did every step succeed?  Returns the
// frames of the steps that failed.
std::vector<uint64_t> failed_steps(const json& s) {
  std::vector<uint64_t> frames;
  for (const auto& e : s["events"])
    if (e.value("outcome", "") == "failure")
      frames.push_back(e["frame"].get<uint64_t>());
  return frames;
}

struct Expected {
  const char* capture;
  const char* finding;
  uint64_t frame;  // a frame the finding must name
  const char* severity = "error";
};

// samples/README.md, "flawed sessions": the frame where each flaw shows.
const Expected kFlawed[] = {
    {"smtp-no-quit.pcap", "no-quit", 27},
    {"smtp-auth-failed.pcap", "auth-failed", 18},
    {"smtp-rcpt-refused.pcap", "smtp-recipient-refused", 14},
    {"smtp-starttls-plain.pcapng", "starttls-no-tls", 13},
    {"pop3-auth-failed.pcap", "auth-failed", 12},
    {"pop3-dele-no-quit.pcap", "pop3-dele-not-committed", 27},
    {"imap-untagged.pcap", "imap-untagged-command", 6},
    {"imap-select-missing.pcap", "imap-mailbox-missing", 16},
    {"imap-no-logout.pcap", "no-quit", 18},
    {"ftp-no-quit.pcap", "no-quit", 32},
    {"ftp-retr-missing.pcap", "ftp-transfer-failed", 20},
    {"ftp-login-failed.pcap", "auth-failed", 12},
    {"tftp-not-found.pcap", "tftp-error", 2},
    {"http-redirect-not-followed.pcapng", "http-redirect-not-followed", 6},
    {"tls-no-shared-cipher.pcapng", "tls-handshake-failed", 6},
    // "More flawed sessions" (make-samples.sh flawed-more).
    {"smtp-starttls-auth-failed.pcap", "auth-failed", 29},
    {"pop3-stls-auth-failed.pcap", "auth-failed", 23},
    {"imaps-select-missing.pcap", "imap-mailbox-missing", 23},
    {"imaps-no-logout.pcap", "no-quit", 31},
    {"tftp-write-refused.pcap", "tftp-error", 2},
    // A refused command and a 404 are mistakes of the lab, not failures
    // of the dialog: the session went on (QUIT; the page was answered).
    {"pop3s-retr-zero.pcap", "command-refused", 27, "warning"},
    {"http-redirect-404.pcapng", "http-client-error", 21, "warning"},
};

// Lab sessions done right (samples/README.md).  Not listed: the FTP
// samples and tftp.pcap, which read a missing file on purpose, tcp-edges and
// http-lossy, which are not lab sessions, and smtp-auth-refused, whose
// refused password was retried successfully: its finding is a warning.
const char* const kCorrect[] = {
    "smtp-helo.pcap",
    "smtp-auth-login-mime.pcap",
    "smtp-starttls.pcap",
    "smtp-mime-no-attachment.pcap",
    "pop3.pcap",
    "pop3s.pcap",
    "imap.pcap",
    "imaps.pcap",
    "http-redirect-https.pcapng",
    "tftp-read-write.pcap",
    "http-keepalive-chunked.pcap",
    "tls13-aesgcm.pcapng",
    "tls13-chacha20.pcapng",
    "tls12-cbc.pcapng",
    "tls-ccm.pcapng",
    "tls-resumption.pcapng",
    "tls13-early-data.pcapng",
    "tls13-ipv6-embedded-keys.pcapng",
};

}  // namespace

TEST_CASE("every sample: outcomes, answers and findings read the same way") {
  const auto caps = sample_capture_files();
  REQUIRE(caps.size() >= 40);
  std::map<std::string, size_t> replies;  // by session protocol
  for (const auto& cap : caps) {
    CAPTURE(cap.filename().string());
    const auto sessions = sessions_of(cap);
    REQUIRE_FALSE(sessions.empty());
    for (const auto& s : sessions) {
      const auto& ev = s["events"];
      const std::string proto = s["protocol"];
      for (size_t i = 0; i < ev.size(); ++i) {
        const auto& e = ev[i];
        CAPTURE(proto);
        CAPTURE(e.dump());
        if (e.contains("outcome")) CHECK(kOutcomes.count(e["outcome"]));
        if (kReplyKinds.count(e["kind"])) {
          ++replies[proto];
          CHECK(e.contains("outcome"));
          // Every answer says what it answers, but a TFTP server's: it
          // answers from a new port, in the transfer's own session, which
          // `related` ties to the request (tftp-request).
          if (proto != "TFTP") CHECK(e.contains("answers"));
        }
        if (!e.contains("answers")) continue;
        const auto a = e["answers"].get<int64_t>();
        REQUIRE(a >= 0);
        REQUIRE(static_cast<size_t>(a) < i);
        const auto& asked = ev[a];
        CHECK(kAskingKinds.count(asked["kind"]));
        CHECK(asked["dir"] != e["dir"]);
        CHECK(asked["frame"].get<uint64_t>() <= e["frame"].get<uint64_t>());
      }
      for (const auto& f : s["findings"]) {
        CAPTURE(f.dump());
        CHECK(kSeverities.count(f["severity"]));
        CHECK_FALSE(f.value("explanation", "").empty());
        for (const auto& fr : f["frames"]) {
          CHECK(fr.get<uint64_t>() >= s["first_frame"].get<uint64_t>());
          CHECK(fr.get<uint64_t>() <= s["last_frame"].get<uint64_t>());
        }
      }
      for (const auto& l : s["related"]) {
        CHECK(l["id"].is_number_unsigned());
        CHECK_FALSE(l.value("why", "").empty());
      }
    }
  }
  // The same questions were asked of every dialog protocol the samples hold.
  for (const char* p : {"SMTP", "POP", "IMAP", "FTP", "TFTP", "HTTP"}) {
    CAPTURE(p);
    CHECK(replies[p] > 0);
  }
}

TEST_CASE("correct lab sessions have no error findings") {
  for (const char* name : kCorrect) {
    CAPTURE(name);
    const auto cap = samples_dir() / name;
    REQUIRE(std::filesystem::exists(cap));
    for (const auto& s : sessions_of(cap))
      for (const auto& f : s["findings"]) {
        CAPTURE(f.dump());
        CHECK(f["severity"] != "error");
      }
  }
}

TEST_CASE("each flawed lab session has a finding at the frame of the flaw") {
  std::set<std::string> covered;
  for (const Expected& x : kFlawed) {
    CAPTURE(x.capture);
    CAPTURE(x.finding);
    const auto cap = samples_dir() / x.capture;
    REQUIRE(std::filesystem::exists(cap));
    REQUIRE(is_flawed_sample(cap));
    bool found = false;
    for (const auto& s : sessions_of(cap)) {
      for (const auto& f : s["findings"])
        if (f["id"] == x.finding && f["severity"] == x.severity)
          for (const auto& fr : f["frames"]) found = found || fr == x.frame;
    }
    CHECK(found);
    covered.insert(x.capture);
  }
  // Every flawed sample is listed but the retried password and those whose
  // flaw is a rubric matter, nothing in their dialog failed: a message
  // without an attachment or without a Subject, a ClientHello without SNI.
  const std::set<std::string> kNoFinding = {
      "smtp-auth-refused.pcap", "smtp-mime-no-attachment.pcap",
      "smtp-mime-no-subject.pcap", "https-no-sni.pcapng"};
  for (const auto& cap : sample_capture_files())
    if (is_flawed_sample(cap) && !kNoFinding.count(cap.filename().string()))
      CHECK_MESSAGE(covered.count(cap.filename().string()),
                    cap.filename().string() << " has no expected finding");
}

TEST_CASE("a refused password retried successfully is a warning") {
  const auto cap = samples_dir() / "smtp-auth-refused.pcap";
  REQUIRE(std::filesystem::exists(cap));
  bool warned = false;
  for (const auto& s : sessions_of(cap)) {
    for (const auto& f : s["findings"]) {
      CHECK(f["severity"] != "error");
      if (f["id"] == "auth-failed") {
        warned = f["severity"] == "warning";
        CHECK(f["frames"].get<std::vector<uint64_t>>() ==
              std::vector<uint64_t>{18});
      }
    }
    // The same script for every protocol: the 535 is the one failed step.
    if (s["protocol"] == "SMTP")
      CHECK(failed_steps(s) == std::vector<uint64_t>{18});
  }
  CHECK(warned);
}
