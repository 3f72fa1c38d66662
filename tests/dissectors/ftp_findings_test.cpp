// SPDX-License-Identifier: GPL-2.0-or-later
// FTP on the typed session model, against oracles that are not tracelab:
// the lab samples (samples/README.md says what each did; vsftpd's own log in
// samples/flawed/*.server.log says what the server saw), tshark's FTP
// fields, and RFC 959's reply classes.
//
//   - correct lab sessions have no `error` finding; each flawed one has the
//     error the README names, in the frame where the flaw shows;
//   - every reply answers the command tshark lists as the oldest one still
//     waiting for its reply (a 1xx leaves it waiting);
//   - every reply's outcome is its code's class (RFC 959 4.2.1).
#include <doctest/doctest.h>

#include <cctype>
#include <deque>
#include <map>

#include "session_json.hpp"
#include "test_support.hpp"
#include "transfer_oracle.hpp"

using namespace tracelab::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char* kCorrect[] = {"ftp-active.pcap", "ftp-passive.pcap",
                          "ftp-ipv6-eprt.pcap", "ftp-ipv6-epsv.pcap"};

fs::path sample(const std::string& name) {
  const fs::path p = samples_dir() / name;
  REQUIRE_MESSAGE(fs::exists(p), "missing sample " << p);
  return p;
}

std::string server_log(const std::string& capture) {
  const fs::path log = samples_dir() / "flawed" /
                       (fs::path(capture).stem().string() + ".server.log");
  REQUIRE_MESSAGE(fs::exists(log), "missing server log " << log);
  return read_file(log);
}

// The frame tshark finds for `filter` (the first), or the README's
// `readme_frame` when tshark is absent; both must agree when it is present.
uint64_t flaw_frame(const fs::path& cap, const std::string& filter,
                    uint64_t readme_frame) {
  const auto frames = tshark_frames(cap, filter);
  if (!have_tool("tshark")) return readme_frame;
  REQUIRE_FALSE(frames.empty());
  CHECK(frames.front() == readme_frame);
  return frames.front();
}

const CaptureFinding* find(const std::vector<CaptureFinding>& all,
                           const std::string& id, uint64_t frame) {
  for (const auto& f : all)
    if (f.id == id && f.at(frame)) return &f;
  return nullptr;
}

std::string outcome_of_code(int code) {
  switch (code / 100) {
    case 1:
    case 3: return "intermediate";
    case 2: return "success";
    case 4:
    case 5: return "failure";
  }
  return "info";
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(c));
  return s;
}

}  // namespace

TEST_CASE("FTP samples of correct lab sessions have no error finding") {
  for (const char* name : kCorrect) {
    CAPTURE(name);
    const auto all = capture_findings(sessions_json(sample(name)));
    for (const auto& f : all) {
      CAPTURE(f.id);
      CAPTURE(f.detail);
      CHECK(f.severity != "error");
    }
    // Their one refusal, RETR missing.txt answered 550 (samples/README),
    // is a warning: the session's other transfers succeeded.
    const auto refused = tshark_frames(sample(name), "ftp.response.code==550");
    if (have_tool("tshark")) {
      REQUIRE(refused.size() == 1);
      const CaptureFinding* f = find(all, "ftp-transfer-failed", refused[0]);
      REQUIRE(f);
      CHECK(f->severity == "warning");
      CHECK(f->detail == "RETR missing.txt");
    }
  }
}

TEST_CASE("FTP flawed samples: the error is where the flaw shows") {
  SUBCASE("ftp-no-quit: closed without QUIT") {
    const fs::path cap = sample("ftp-no-quit.pcap");
    // vsftpd's protocol log ends with the 226: it never saw QUIT.
    const std::string log = server_log("ftp-no-quit.pcap");
    CHECK(log.find("226 Directory send OK.") != std::string::npos);
    CHECK(log.find("\"QUIT\"") == std::string::npos);
    // README: client FIN in 32.
    const uint64_t fin =
        flaw_frame(cap, "tcp.dstport==21 && tcp.flags.fin==1", 32);
    const auto all = capture_findings(sessions_json(cap));
    const CaptureFinding* f = find(all, "no-quit", fin);
    REQUIRE(f);
    CHECK(f->severity == "error");
    CHECK(f->protocol == "FTP");
  }
  SUBCASE("ftp-retr-missing: RETR of a file that is not there") {
    const fs::path cap = sample("ftp-retr-missing.pcap");
    CHECK(server_log("ftp-retr-missing.pcap").find("FAIL DOWNLOAD") !=
          std::string::npos);
    // README: RETR 19, 550 in 20.
    const uint64_t refused = flaw_frame(cap, "ftp.response.code==550", 20);
    const uint64_t retr = flaw_frame(cap, "ftp.request.command==RETR", 19);
    const auto all = capture_findings(sessions_json(cap));
    const CaptureFinding* f = find(all, "ftp-transfer-failed", refused);
    REQUIRE(f);
    CHECK(f->severity == "error");
    CHECK(f->at(retr));
    CHECK(f->detail == "RETR readme.txt");
    // QUIT was sent: no no-quit.
    for (const auto& g : all) CHECK(g.id != "no-quit");
  }
  SUBCASE("ftp-login-failed: a refused password") {
    const fs::path cap = sample("ftp-login-failed.pcap");
    CHECK(server_log("ftp-login-failed.pcap").find("FAIL LOGIN") !=
          std::string::npos);
    // README: PASS 10, 530 in 12.
    const uint64_t refused = flaw_frame(cap, "ftp.response.code==530", 12);
    const auto all = capture_findings(sessions_json(cap));
    const CaptureFinding* f = find(all, "auth-failed", refused);
    REQUIRE(f);
    CHECK(f->severity == "error");
    CHECK(f->at(flaw_frame(cap, "ftp.request.command==PASS", 10)));
    // The password never shows in a finding.
    CHECK(f->detail.find("secret") == std::string::npos);
  }
}

TEST_CASE("FTP replies answer the command tshark pairs them with") {
  const auto caps = transfer_captures("ftp", "ftp");
  REQUIRE_FALSE(caps.empty());
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  size_t replies = 0;
  for (const auto& cap : caps) {
    CAPTURE(cap.filename().string());
    // tshark's commands per control connection (its client port), in order.
    std::map<std::string, std::deque<std::pair<uint64_t, std::string>>> cmds;
    for (const auto& r :
         tshark_rows(cap, "ftp.request.command",
                     {"frame.number", "tcp.srcport", "ftp.request.command"})) {
      // Several commands in one segment: "USER,PASS".
      std::string verbs = r.at(2);
      for (size_t at = 0; at <= verbs.size();) {
        const size_t comma = std::min(verbs.find(',', at), verbs.size());
        cmds[r.at(1)].emplace_back(std::stoull(r.at(0)),
                                   upper(verbs.substr(at, comma - at)));
        at = comma + 1;
      }
    }
    for (const auto& s : sessions_json(cap)) {
      if (s.at("protocol") != "FTP") continue;
      const std::string client = s.at("client");
      const std::string port = client.substr(client.rfind(':') + 1);
      auto& mine = cmds[port];
      std::deque<std::pair<uint64_t, std::string>> waiting;
      const auto& events = s.at("events");
      for (const auto& e : events) {
        const std::string kind = e.at("kind");
        if (kind != "reply" && kind != "greeting") continue;
        const uint64_t frame = e.at("frame");
        while (!mine.empty() && mine.front().first < frame) {
          waiting.push_back(mine.front());
          mine.pop_front();
        }
        CAPTURE(frame);
        ++replies;
        REQUIRE(e.contains("outcome"));
        // A 220 greeting is information, not an answer (the schema's
        // "info"); anything else is its code's class.
        if (e.contains("code")) {
          const int code = e.at("code");
          CHECK(e.at("outcome") == (kind == "greeting" && code / 100 == 2
                                        ? "info"
                                        : outcome_of_code(code)));
        }
        if (kind == "greeting") {
          CHECK(waiting.empty());
          CHECK_FALSE(e.contains("answers"));
          continue;
        }
        if (waiting.empty()) {  // unsolicited (421 before closing)
          CHECK_FALSE(e.contains("answers"));
          continue;
        }
        REQUIRE(e.contains("answers"));
        const auto& cmd = events.at(e.at("answers").get<size_t>());
        CHECK(cmd.at("frame") == waiting.front().first);
        CHECK(cmd.at("command") == waiting.front().second);
        CHECK(e.at("fields").contains("delay"));
        if (e.value("code", 0) >= 200) waiting.pop_front();
      }
    }
  }
  MESSAGE("FTP replies checked: " << replies);
  CHECK(replies > 100);
}

TEST_CASE("FTP data endpoints are fields, as tshark reads them") {
  // PASV's 227 (ftp.passive.ip/port), PORT's argument (ftp.active.cip/port).
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  for (const char* name : {"ftp-passive.pcap", "ftp-active.pcap"}) {
    CAPTURE(name);
    const bool passive = std::string(name) == "ftp-passive.pcap";
    std::map<uint64_t, std::string> want;
    for (const auto& r : tshark_rows(
             sample(name), passive ? "ftp.passive.port" : "ftp.active.port",
             {"frame.number", passive ? "ftp.passive.ip" : "ftp.active.cip",
              passive ? "ftp.passive.port" : "ftp.active.port"}))
      want[std::stoull(r.at(0))] = r.at(1) + ":" + r.at(2);
    REQUIRE(want.size() == 5);
    size_t seen = 0;
    for (const auto& s : sessions_json(sample(name)))
      for (const auto& e : s.at("events")) {
        if (!e.contains("fields") || !e.at("fields").contains("data_endpoint"))
          continue;
        CAPTURE(e.at("frame"));
        const auto it = want.find(e.at("frame"));
        REQUIRE(it != want.end());
        CHECK(e.at("fields").at("data_endpoint") == it->second);
        CHECK(e.at("fields").at("data_mode") == (passive ? "PASV" : "PORT"));
        ++seen;
      }
    CHECK(seen == want.size());
  }
}

TEST_CASE("FTP-DATA transfers say how they went; the shared captures too") {
  for (const auto& cap : transfer_captures("ftp", "ftp")) {
    CAPTURE(cap.filename().string());
    const auto sessions = sessions_json(cap);
    for (const auto& s : sessions) {
      if (s.at("protocol") != "FTP-DATA") continue;
      for (const auto& e : s.at("events")) {
        if (e.at("kind") != "transfer") continue;
        REQUIRE(e.contains("outcome"));
        CHECK(e.at("fields").contains("bytes"));
        // A transfer with holes failed, and says so on both sessions.
        if (s.at("gap_bytes").get<uint64_t>() > 0) {
          CHECK(e.at("outcome") == "failure");
          bool here = false;
          for (const auto& f : s.at("findings"))
            here = here || f.at("id") == "ftp-transfer-incomplete";
          CHECK(here);
        }
      }
    }
    // On the correct samples every transfer succeeded.
    if (cap.parent_path().filename() == "samples" && !is_flawed_sample(cap))
      for (const auto& s : sessions)
        for (const auto& e : s.at("events"))
          if (e.at("kind") == "transfer") CHECK(e.at("outcome") == "success");
  }
}
