// SPDX-License-Identifier: GPL-2.0-or-later
//
// Every built-in rubric on the real lab sessions of samples/, end to end
// through `tracelab grade --json`: the correct captures pass with full
// marks, each flawed one fails exactly the criteria listed here, and the
// evidence frames are the ones samples/README.md names for the flaw.  The
// oracle for a frame is tshark's packet list beside the capture
// (CAPTURE.tshark.tsv): the frame must exist there and its Info column
// must show what the README says happened in it (the 535, the NO, the
// client's FIN), which the server's own log in samples/flawed/ confirms.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace tracelab::test;

namespace {

// Frame number -> tshark's Info column, from CAPTURE.tshark.tsv.
std::map<uint64_t, std::string> tshark_info(const fs::path& capture) {
  std::map<uint64_t, std::string> info;
  std::istringstream in(read_file(capture.string() + ".tshark.tsv"));
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> col;
    std::istringstream cells(line);
    for (std::string c; std::getline(cells, c, '\t');) col.push_back(c);
    if (col.size() >= 9) info[std::stoull(col[0])] = col[6] + " " + col[8];
  }
  return info;
}

// A frame of the evidence and what tshark shows in it.
struct Frame {
  uint64_t number;
  const char* info;
};

struct Expected {
  const char* rubric;
  const char* capture;
  /// Criteria that must fail, each with frames its evidence must hold.
  std::map<std::string, std::vector<Frame>> fails;
  bool keys = true;  ///< false: graded without its key log
};

nlohmann::json grade_json(const std::string& rubric, const fs::path& capture) {
  int status = -1;
  const std::string out =
      run(sh_quote(tracelab_bin()) + " grade --json --rubric " +
              sh_quote(rubric) + " " + sh_quote(capture.string()),
          &status);
  REQUIRE_MESSAGE(status == 0, rubric << " " << capture);
  std::istringstream in(out);
  std::string header, line;
  std::getline(in, header);
  REQUIRE(std::getline(in, line));
  return nlohmann::json::parse(line);
}

// The capture alone in a folder of its own: no key log beside it.
fs::path without_keys(const fs::path& capture) {
  const fs::path dir = temp_dir("nokeys");
  REQUIRE(!dir.empty());
  fs::copy_file(capture, dir / capture.filename());
  return dir / capture.filename();
}

void check(const Expected& x) {
  CAPTURE(x.rubric);
  CAPTURE(x.capture);
  const fs::path original = samples_dir() / x.capture;
  REQUIRE_MESSAGE(fs::exists(original), "missing sample " << original);
  const auto info = tshark_info(original);
  REQUIRE_MESSAGE(!info.empty(), "missing " << original << ".tshark.tsv");
  const fs::path capture = x.keys ? original : without_keys(original);
  const auto g = grade_json(x.rubric, capture);

  std::set<std::string> failed, unverifiable;
  for (const auto& c : g["criteria"]) {
    const std::string id = c["id"];
    CAPTURE(id);
    if (c["result"] == "fail") failed.insert(id);
    if (c["result"] == "unverifiable") unverifiable.insert(id);
    // Every evidence frame is a frame of the capture.
    for (const auto& f : c["frames"])
      CHECK_MESSAGE(info.count(f.get<uint64_t>()), "no frame " << f);
  }
  if (!x.keys) {
    // What the key log hides is neither passed nor failed.
    CHECK(g["verdict"] == "incomplete");
    CHECK(failed.empty());
    CHECK_FALSE(unverifiable.empty());
    return;
  }
  CHECK(unverifiable.empty());
  std::set<std::string> want;
  for (const auto& [id, frames] : x.fails) want.insert(id);
  CHECK(failed == want);
  if (want.empty()) {
    CHECK(g["verdict"] == "pass");
    CHECK(g["score"] == g["max"]);
    return;
  }
  CHECK(g["verdict"] == "fail");
  for (const auto& c : g["criteria"]) {
    const auto it = x.fails.find(c["id"].get<std::string>());
    if (it == x.fails.end()) continue;
    CAPTURE(it->first);
    CHECK(c["points"] == 0);
    const auto frames = c["frames"].get<std::vector<uint64_t>>();
    for (const Frame& f : it->second) {
      CAPTURE(f.number);
      CHECK(std::find(frames.begin(), frames.end(), f.number) != frames.end());
      const auto shown = info.find(f.number);
      REQUIRE(shown != info.end());
      CHECK_MESSAGE(shown->second.find(f.info) != std::string::npos,
                    shown->second);
    }
  }
}

// Criteria failed only because the session stopped (or skipped ahead)
// before those steps, or because what is missing is missing from every
// frame (a ClientHello without SNI): nothing to point at, so no frames.
const std::vector<Frame> kNotDone;

const std::vector<Expected>& expectations() {
  static const std::vector<Expected> all = {
      // smtp-send: the three correct SMTP sessions.
      {"smtp-send", "smtp-helo.pcap", {}},
      {"smtp-send", "smtp-auth-login-mime.pcap", {}},
      {"smtp-send", "smtp-starttls.pcap", {}},
      // Without the key log even whether AUTH was attempted is unseen.
      {"smtp-send", "smtp-starttls.pcap", {}, false},
      // A refused password retried with the right one is a recovered
      // mistake, as a refused recipient replaced by an accepted one: AUTH
      // ended with 235 (frame 29), so the lab passes.
      {"smtp-send", "smtp-auth-refused.pcap", {}},
      // The flaw is smtp-mime's: the message itself was sent correctly.
      {"smtp-send", "smtp-mime-no-attachment.pcap", {}},
      {"smtp-send", "smtp-no-quit.pcap", {{"quit", {{27, "[FIN, ACK]"}}}}},
      // The student gave up after the 535: no message was sent at all.
      {"smtp-send",
       "smtp-auth-failed.pcap",
       {{"auth", {{18, "535"}}},
        {"mail-from", kNotDone},
        {"recipients", kNotDone},
        {"data", kNotDone},
        {"accepted", kNotDone}}},
      // Both recipients refused: the server then refuses DATA with "no
      // valid recipients" (RFC 5321 3.3), so no message can be accepted.
      {"smtp-send",
       "smtp-rcpt-refused.pcap",
       {{"recipients", {{14, "554"}, {17, "550"}}},
        {"data", {{19, "DATA"}, {20, "554"}}},
        {"accepted", {{20, "554"}}}}},

      {"smtp-mime", "smtp-auth-login-mime.pcap", {}},
      {"smtp-mime", "smtp-starttls.pcap", {}},
      {"smtp-mime",
       "smtp-mime-no-attachment.pcap",
       {{"mime", {{32, "(text/plain)"}}}}},
      // MIME with an attachment but no Subject: postfix's header_checks log
      // (flawed/smtp-mime-no-subject.server.log) has "header From:",
      // "header MIME-Version: 1.0", "header Content-Type: multipart/mixed"
      // and "header Content-Disposition: attachment" for this message and no
      // "header Subject:" line.
      {"smtp-mime",
       "smtp-mime-no-subject.pcap",
       {{"mime", {{33, "from: Alice"}}}}},
      // The message itself was sent correctly.
      {"smtp-send", "smtp-mime-no-subject.pcap", {}},

      {"smtp-tls", "smtp-starttls.pcap", {}},
      {"smtp-tls", "smtp-starttls.pcap", {}, false},
      // The plain EHLO after STARTTLS makes the server reset the
      // connection (frame 14): TLS never started, so the session carried
      // no TLS and nothing was done inside it.
      {"smtp-tls",
       "smtp-starttls-plain.pcapng",
       {{"tls", kNotDone},
        {"tls-started", {{13, "EHLO"}}},
        {"hello", kNotDone},
        {"auth", kNotDone},
        {"mail-from", kNotDone},
        {"recipients", kNotDone},
        {"data", kNotDone},
        {"accepted", kNotDone},
        {"quit", kNotDone}}},
      // TLS did start; inside it AUTH LOGIN with alice's name and bob's
      // password: postfix logs "SASL LOGIN authentication failed ...
      // sasl_username=alice" and "auth=0/1", dovecot "Password mismatch".
      // The student then quit: no message.
      {"smtp-tls",
       "smtp-starttls-auth-failed.pcap",
       {{"auth", {{21, "AUTH LOGIN"}, {29, "535"}}},
        {"mail-from", kNotDone},
        {"recipients", kNotDone},
        {"data", kNotDone},
        {"accepted", kNotDone}}},

      // pop3.pcap's first PASS is refused, the second accepted: recovered.
      {"pop3-read", "pop3.pcap", {}},
      {"pop3-read", "pop3s.pcap", {}},
      // Never logged in, the student could not STAT or RETR.
      {"pop3-read",
       "pop3-auth-failed.pcap",
       {{"login", {{12, "-ERR"}}},
        {"stat-or-list", kNotDone},
        {"retr", kNotDone}}},
      {"pop3-read",
       "pop3-dele-no-quit.pcap",
       {{"quit", {{27, "Marked to be deleted"}, {29, "[FIN, ACK]"}}}}},

      {"pop3-tls", "pop3s.pcap", {}},
      {"pop3-tls", "pop3s.pcap", {}, false},
      // STLS, then a wrong password (capital W): dovecot logs "Password
      // mismatch" and "Aborted login by logging out (auth failed, 1
      // attempts ...) ... TLS".
      {"pop3-tls",
       "pop3-stls-auth-failed.pcap",
       {{"login", {{23, "-ERR [AUTH] Authentication failed."}}},
        {"stat-or-list", kNotDone},
        {"retr", kNotDone}}},
      // RETR 0 (messages are numbered from 1) over port 995: dovecot's
      // "Logged out ... retr=0/0": nothing was read.
      {"pop3-tls",
       "pop3s-retr-zero.pcap",
       {{"retr", {{25, "RETR 0"}, {27, "There's no message 0"}}}}},

      {"imap-read", "imap.pcap", {}},
      {"imap-read", "imaps.pcap", {}},
      // imap-untagged and imap-no-logout also never LIST (their dialogs in
      // samples/README.md have no LIST): a second, real omission.
      {"imap-read",
       "imap-untagged.pcap",
       {{"tagged", {{6, "LOGIN alice"}}}, {"list", kNotDone}}},
      // No mailbox selected: there was nothing to SEARCH or FETCH.
      {"imap-read",
       "imap-select-missing.pcap",
       {{"select", {{14, "SELECT Nonexistent"}, {16, "NO"}}},
        {"read", kNotDone}}},
      {"imap-read",
       "imap-no-logout.pcap",
       {{"list", kNotDone}, {"logout", {{18, "[FIN, ACK]"}}}}},

      {"imap-tls", "imaps.pcap", {}},
      {"imap-tls", "imaps.pcap", {}, false},
      // SELECT Sent over port 993: only INBOX exists (the LIST before it
      // shows it); the NO is the server's answer in the capture, dovecot
      // logs the login over TLS and "Logged out" after it.
      {"imap-tls",
       "imaps-select-missing.pcap",
       {{"select", {{21, "SELECT Sent"}, {23, "NO Mailbox doesn't exist"}}},
        {"read", kNotDone}}},
      // dovecot logs "Disconnected: Connection closed (FETCH finished ...
      // ago)", not "Logged out": the client's FIN (31) came with no LOGOUT.
      {"imap-tls", "imaps-no-logout.pcap", {{"logout", {{31, "[FIN, ACK]"}}}}},

      {"ftp-session", "ftp-passive.pcap", {}},
      {"ftp-session", "ftp-active.pcap", {}},
      {"ftp-session", "ftp-ipv6-epsv.pcap", {}},
      {"ftp-session", "ftp-ipv6-eprt.pcap", {}},
      // The flawed FTP sessions are short telnet dialogs: each does only
      // the part of the lab that shows its flaw; the rest is not done.
      {"ftp-session",
       "ftp-no-quit.pcap",
       {{"download", kNotDone},
        {"upload", kNotDone},
        {"quit", {{32, "[FIN, ACK]"}}}}},
      {"ftp-session",
       "ftp-retr-missing.pcap",
       {{"listing", kNotDone},
        {"download", {{19, "RETR readme.txt"}, {20, "550"}}},
        {"upload", kNotDone}}},
      {"ftp-session",
       "ftp-login-failed.pcap",
       {{"login", {{10, "PASS"}, {12, "530"}}},
        {"data-mode", kNotDone},
        {"listing", kNotDone},
        {"download", kNotDone},
        {"upload", kNotDone}}},

      // tftp.pcap is no correct TFTP lab: it reads a missing file on
      // purpose (samples/README.md), the one ERROR (frame 22).
      {"tftp-transfer", "tftp.pcap", {{"no-error", {{22, "File not found"}}}}},
      // The only request ended in an ERROR: it cannot have completed.
      {"tftp-transfer",
       "tftp-not-found.pcap",
       {{"completed", kNotDone}, {"no-error", {{2, "File not found"}}}}},
      // The whole lab: a read and a write, each to its short last block.
      {"tftp-transfer", "tftp-read-write.pcap", {}},
      // A WRQ of a new name to a server without -c: tftpd logs "WRQ from
      // ... filename report.txt" and "sending NAK (1, File not found)".
      {"tftp-transfer",
       "tftp-write-refused.pcap",
       {{"completed", kNotDone}, {"no-error", {{2, "File not found"}}}}},

      {"http-to-https", "http-redirect-https.pcapng", {}},
      {"http-to-https", "http-redirect-https.pcapng", {}, false},
      // No connection to port 443 at all: no handshake, SNI or page.
      {"http-to-https",
       "http-redirect-not-followed.pcapng",
       {{"followed", {{6, "301"}}},
        {"tls-handshake", kNotDone},
        {"sni", kNotDone},
        {"inside", kNotDone}}},
      // Redirect followed (curl -L) to a page that does not exist: nginx's
      // access log has "GET /lab3.html" 301, then 404 (tls.log: over
      // TLSv1.3 with sni="tl-server.test"), its error log the failed open().
      {"http-to-https",
       "http-redirect-404.pcapng",
       {{"inside", {{16, "GET /lab3.html"}, {21, "404 Not Found"}}}}},

      {"https", "tls13-aesgcm.pcapng", {}},
      {"https", "tls13-chacha20.pcapng", {}},
      {"https", "tls12-cbc.pcapng", {}},
      {"https", "tls-resumption.pcapng", {}},
      {"https", "tls-ccm.pcapng", {}},
      {"https", "tls13-early-data.pcapng", {}},
      {"https", "tls13-ipv6-embedded-keys.pcapng", {}},
      {"https", "http-redirect-https.pcapng", {}},
      {"https", "tls13-aesgcm.pcapng", {}, false},
      // The handshake failed in the clear: a fail, not "no key log";
      // without a session no page could be fetched.
      {"https",
       "tls-no-shared-cipher.pcapng",
       {{"tls-handshake", {{4, "Client Hello"}, {6, "Handshake Failure"}}},
        {"inside", kNotDone}}},
      {"https",
       "http-redirect-404.pcapng",
       {{"inside", {{16, "GET /lab3.html"}, {21, "404 Not Found"}}}}},
      // curl to https://10.99.0.1/: no SNI for an address (RFC 6066), so the
      // ClientHello (frame 4) has no server_name extension; nginx's tls.log
      // has sni="-" for this 200. A missing extension has no frame to show.
      {"https", "https-no-sni.pcapng", {{"sni", kNotDone}}},
  };
  return all;
}

}  // namespace

TEST_CASE("every built-in rubric on the real lab samples") {
  for (const auto& x : expectations()) check(x);
}

TEST_CASE(
    "every rubric has a correct sample and two flawed ones; every flawed "
    "sample is graded") {
  std::set<std::string> passing, listed;
  // Rubric -> the flawed lab sessions (samples/flawed/) it fails.
  std::map<std::string, std::set<std::string>> flawed;
  for (const auto& x : expectations()) {
    listed.insert(x.capture);
    if (x.fails.empty() && x.keys) passing.insert(x.rubric);
    if (!x.fails.empty() && x.keys &&
        is_flawed_sample(samples_dir() / x.capture))
      flawed[x.rubric].insert(x.capture);
  }
  for (const char* r : {"smtp-send", "smtp-mime", "smtp-tls", "pop3-read",
                        "pop3-tls", "imap-read", "imap-tls", "ftp-session",
                        "tftp-transfer", "http-to-https", "https"}) {
    CHECK_MESSAGE(passing.count(r), r);
    CHECK_MESSAGE(flawed[r].size() >= 2,
                  r << ": fewer than two flawed samples");
  }
  const auto files = sample_capture_files();
  REQUIRE_FALSE(files.empty());
  for (const auto& f : files)
    if (is_flawed_sample(f))
      CHECK_MESSAGE(listed.count(f.filename().string()),
                    f << " is a flawed lab session no test grades");
}

TEST_CASE("a criterion that applies only if a step happened, inside TLS") {
  // smtp-starttls.pcap: AUTH LOGIN after STARTTLS (samples/README.md).
  // Without the key log nobody can tell whether AUTH was attempted, so
  // "AUTH, if attempted, succeeded" is unverifiable, not a free pass.
  const fs::path sample = samples_dir() / "smtp-starttls.pcap";
  REQUIRE_MESSAGE(fs::exists(sample), "missing " << sample);
  const auto g = grade_json("smtp-send", without_keys(sample));
  bool seen = false;
  for (const auto& c : g["criteria"])
    if (c["id"] == "auth") {
      seen = true;
      CHECK(c["result"] == "unverifiable");
    }
  CHECK(seen);
}
