// SPDX-License-Identifier: GPL-2.0-or-later
//
// What dissectors hold of their own accord -- an IMAP APPEND literal kept
// whole to take the message apart, the packet list's wait for the literal
// to end -- and the steps open sessions hold are charged to the one memory
// budget (--total-buffer), and what happens at its bound is said (issue:
// hardening, one memory budget).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "dialog_capture.hpp"
#include "test_support.hpp"
#include "tracelab/session.hpp"

using namespace tracelab::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kSessions = 16;
constexpr size_t kLiteral = 1 << 20;  // 1 MiB each

// The dialogs' frames one from each in turn, written as `name`.
fs::path interleaved(const std::vector<std::vector<Bytes>>& dialogs,
                     const std::string& name) {
  std::vector<Bytes> frames;
  for (size_t k = 0;; ++k) {
    bool any = false;
    for (const auto& d : dialogs)
      if (k < d.size()) {
        frames.push_back(d[k]);
        any = true;
      }
    if (!any) break;
  }
  const fs::path p = temp_dir("held-budget") / name;
  write_pcap(p, frames);
  return p;
}

// kSessions IMAP sessions, each APPENDing a 1 MiB message in 8 kB
// segments, all at once: their segments interleaved, so that every
// literal is held at the same time.
fs::path concurrent_appends() {
  std::vector<std::vector<Bytes>> dialogs;
  for (int i = 0; i < kSessions; ++i) {
    TcpDialog d(static_cast<uint16_t>(40000 + i), 143);
    d.server("* OK ready\r\n");
    d.client("a1 LOGIN student secret\r\n");
    d.server("a1 OK logged in\r\n");
    d.client("a2 APPEND INBOX {" + std::to_string(kLiteral) + "}\r\n");
    d.server("+ go ahead\r\n");
    std::string msg = "Subject: lab " + std::to_string(i) +
                      "\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                      "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                      "--b\r\nContent-Type: application/octet-stream\r\n"
                      "Content-Disposition: attachment; filename=a.bin\r\n\r\n";
    const std::string tail = "\r\n--b--\r\n";
    msg += std::string(kLiteral - msg.size() - tail.size(), 'x') + tail;
    for (size_t at = 0; at < msg.size(); at += 8000)
      d.client(msg.substr(at, 8000));
    d.client("\r\n");
    d.server("a2 OK appended\r\n");
    dialogs.push_back(d.frames());
  }
  return interleaved(dialogs, "appends.pcap");
}

constexpr int kNoopSessions = 20;
constexpr int kNoops = 1000;

// kNoopSessions SMTP sessions of kNoops NOOP/250 exchanges each, all open
// at once: some 40,000 steps, far below the old bound on steps held at once
// (300,000) and far above what 2 MiB holds.
fs::path concurrent_noops() {
  std::vector<std::vector<Bytes>> dialogs;
  for (int i = 0; i < kNoopSessions; ++i) {
    TcpDialog d(static_cast<uint16_t>(41000 + i), 25);
    d.server("220 mail.example.org ESMTP\r\n");
    d.client("EHLO lab" + std::to_string(i) + "\r\n");
    d.server("250-mail.example.org\r\n250 PIPELINING\r\n");
    for (int k = 0; k < kNoops; ++k) {
      d.client("NOOP\r\n");
      d.server("250 2.0.0 OK\r\n");
    }
    d.client("QUIT\r\n");
    d.server("221 2.0.0 Bye\r\n");
    dialogs.push_back(d.frames());
  }
  return interleaved(dialogs, "noops.pcap");
}

struct Run {
  std::vector<json> sessions;
  std::string stderr_text;
};

Run sessions_with(const fs::path& cap, const std::string& extra) {
  const fs::path err = cap.parent_path() / "stderr.txt";
  int status = -1;
  const std::string out =
      run(sh_quote(tracelab_bin()) + " sessions --json --no-progress " + extra +
              " " + sh_quote(cap.string()) + " 2>" + sh_quote(err.string()),
          &status);
  REQUIRE(status == 0);
  Run r;
  std::istringstream lines(out);
  for (std::string l; std::getline(lines, l);) {
    if (l.empty()) continue;
    json j = json::parse(l);
    if (!j.contains("schema")) r.sessions.push_back(std::move(j));
  }
  r.stderr_text = read_file(err);
  return r;
}

constexpr std::string_view kStepsCut =
    "the steps' half of the run's memory budget (--total-buffer) was spent: "
    "later steps of this session are not listed";
constexpr std::string_view kStepsWarning =
    " step(s) were not listed: the steps' half of the memory budget "
    "(--total-buffer) was spent while open sessions held them";

// Sessions whose steps the budget cut.
int steps_cut(const Run& r) {
  int cut = 0;
  for (const auto& s : r.sessions)
    for (const auto& n : s.at("notes"))
      if (n == kStepsCut) ++cut;
  return cut;
}

size_t steps(const Run& r) {
  size_t n = 0;
  for (const auto& s : r.sessions) n += s.at("events").size();
  return n;
}

// The count the end-of-run warning gives, or -1 without one.
long long steps_not_listed(const Run& r) {
  const size_t at = r.stderr_text.find(kStepsWarning);
  if (at == std::string::npos) return -1;
  const size_t from = r.stderr_text.rfind(' ', at - 1);
  return std::stoll(r.stderr_text.substr(from + 1, at - from - 1));
}

// Mail artifacts of every session: how many, and how many say the budget
// stopped their attachments.
std::pair<int, int> mail_notes(const Run& r) {
  int mails = 0, spent = 0;
  for (const auto& s : r.sessions)
    for (const auto& a : s.at("artifacts"))
      if (a.at("kind") == "mail") {
        ++mails;
        if (a.value("note", "").find("memory budget spent") !=
            std::string::npos)
          ++spent;
      }
  return {mails, spent};
}

}  // namespace

TEST_CASE("held mail messages are charged to --total-buffer") {
  const fs::path cap = concurrent_appends();

  // The default budget holds all of them: every message is taken apart.
  const Run roomy = sessions_with(cap, "");
  CHECK(roomy.sessions.size() == kSessions);
  const auto [mails, spent] = mail_notes(roomy);
  CHECK(mails == kSessions);
  CHECK(spent == 0);
  CHECK(roomy.stderr_text.find("memory budget") == std::string::npos);

  // 8 MiB cannot hold sixteen 1 MiB messages at once: some are streamed
  // without their attachments, each says so, and the run says why.  (A
  // message taken apart briefly needs twice its size, and the sessions'
  // steps draw from the same budget: 4 MiB leaves too little for any.)
  const Run tight = sessions_with(cap, "--total-buffer 8388608");
  const auto [mails2, spent2] = mail_notes(tight);
  CHECK(mails2 == kSessions);
  CHECK(spent2 > 0);
  CHECK(spent2 < kSessions);
  CHECK(
      tight.stderr_text.find("the memory budget (--total-buffer) was spent") !=
      std::string::npos);
  // The messages themselves are all there, whole, either way.
  for (const auto& s : tight.sessions)
    for (const auto& a : s.at("artifacts"))
      if (a.at("kind") == "mail") CHECK(a.at("size") == kLiteral);
}

TEST_CASE("packets: literals held are charged to --total-buffer too") {
  // `packets` keeps no artifacts, but the literals are still held (for the
  // message step's facts, and by tshark's IMAP columns, which wait for each
  // literal to end): sixteen 1 MiB literals at once do not fit in 4 MiB,
  // and the list goes on whole.
  const fs::path cap = concurrent_appends();
  const fs::path err = cap.parent_path() / "packets-stderr.txt";
  int status = -1;
  const std::string out =
      run(sh_quote(tracelab_bin()) +
              " packets --json --no-progress --total-buffer 4194304 " +
              sh_quote(cap.string()) + " 2>" + sh_quote(err.string()),
          &status);
  REQUIRE(status == 0);
  size_t frames = 0;
  std::istringstream lines(out);
  for (std::string l; std::getline(lines, l);)
    if (!l.empty() && !json::parse(l).contains("schema")) ++frames;
  CHECK(frames > kSessions * (kLiteral / 8000));  // every frame listed
  CHECK(read_file(err).find("the memory budget (--total-buffer) was spent") !=
        std::string::npos);
}

TEST_CASE("steps open sessions hold are charged to --total-buffer") {
  const fs::path cap = concurrent_noops();

  // The default budget holds every step.
  const Run roomy = sessions_with(cap, "");
  REQUIRE(roomy.sessions.size() == kNoopSessions);
  const size_t all = steps(roomy);
  CHECK(all > kNoopSessions * 2 * kNoops);
  CHECK(steps_cut(roomy) == 0);
  CHECK(steps_not_listed(roomy) == -1);

  // 2 MiB holds a few thousand steps: every session, open at once, is cut
  // when the budget is spent, lists its first steps only, says so, and the
  // run counts what was not listed.
  const Run tight = sessions_with(cap, "--total-buffer 2097152");
  REQUIRE(tight.sessions.size() == kNoopSessions);
  const size_t listed = steps(tight);
  CHECK(listed > 1000);
  CHECK(listed * sizeof(tracelab::Event) <= 2097152);
  CHECK(steps_cut(tight) == kNoopSessions);
  CHECK(steps_not_listed(tight) == static_cast<long long>(all - listed));
  for (size_t i = 0; i < tight.sessions.size(); ++i) {
    const auto& cut = tight.sessions[i].at("events");
    const auto& whole = roomy.sessions[i].at("events");
    REQUIRE(cut.size() < whole.size());
    for (size_t k = 0; k < cut.size(); ++k) {
      CHECK(cut[k] == whole[k]);  // the first steps, as they were
      CHECK(cut[k].value("answers", -1) < static_cast<long long>(k));
    }
  }
}

TEST_CASE("the default budget cuts no step of the samples") {
  // FTP with its data connections, IMAP, and lossy HTTP (reassembly holds
  // data behind its holes while the sessions hold their steps, all from
  // the same budget).  Copied: the run's stderr is written beside them.
  const fs::path dir = temp_dir("held-budget-samples");
  for (const char* name :
       {"ftp-passive.pcap", "imap.pcap", "http-lossy.pcap"}) {
    CAPTURE(name);
    const fs::path cap = dir / name;
    fs::copy_file(samples_dir() / name, cap,
                  fs::copy_options::overwrite_existing);
    const Run r = sessions_with(cap, "");
    CHECK(!r.sessions.empty());
    CHECK(steps(r) > 0);
    CHECK(steps_cut(r) == 0);
    CHECK(steps_not_listed(r) == -1);
    CHECK(r.stderr_text.find("memory budget") == std::string::npos);
  }
}
