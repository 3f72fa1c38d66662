// SPDX-License-Identifier: GPL-2.0-or-later
//
// The mail dialogs (SMTP, POP3, IMAP) on the typed session model, judged
// against oracles that are not tracelab: the lab's real captures with the
// servers' own logs (samples/flawed/*.server.log) and the frame numbers of
// samples/README.md, tshark's decoding of the same captures (which reply
// follows which command), and the RFCs for the dialog rules.
//
//   - the correct lab sessions have no `error` finding;
//   - each flawed one has its finding, with the frame where the flaw shows;
//   - every reply answers the command tshark sees it answer;
//   - the harness cases: a command typed without an IMAP tag keeps its
//     password masked, 334 prompts are decoded, plain text after an
//     accepted STARTTLS is parsed and reported.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "dissector_harness.hpp"
#include "smtp/smtp_columns.hpp"
#include "test_support.hpp"

using namespace tracelab;
using namespace tracelab::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr auto C = Direction::ClientToServer;
constexpr auto S = Direction::ServerToClient;

bool is_mail(const std::string& protocol) {
  return protocol == "SMTP" || protocol == "POP" || protocol == "IMAP";
}

// The mail sessions of a sample, as `tracelab sessions --json` gives them
// (with the sample's key log when it has one).
std::vector<json> mail_sessions(const std::string& name) {
  const fs::path cap = samples_dir() / name;
  REQUIRE_MESSAGE(fs::exists(cap), "sample missing: " << cap.string());
  std::string keys;
  if (fs::exists(cap.string() + ".keys"))
    keys = " --keylog " + sh_quote(cap.string() + ".keys");
  std::istringstream out(run(sh_quote(tracelab_bin()) +
                             " sessions --json --no-header --no-progress" +
                             keys + " " + sh_quote(cap.string())));
  std::vector<json> sessions;
  for (std::string line; std::getline(out, line);) {
    json j = json::parse(line);
    if (is_mail(j.value("protocol", ""))) sessions.push_back(std::move(j));
  }
  REQUIRE_MESSAGE(!sessions.empty(), "no mail session in " << name);
  return sessions;
}

std::vector<json> findings_of(const std::vector<json>& sessions) {
  std::vector<json> out;
  for (const auto& s : sessions)
    if (s.contains("findings"))
      for (const auto& f : s["findings"]) out.push_back(f);
  return out;
}

// The finding `id` (the first one), or null.
json finding(const std::vector<json>& fs, const std::string& id) {
  for (const auto& f : fs)
    if (f.value("id", "") == id) return f;
  return nullptr;
}

bool has_frame(const json& f, uint64_t frame) {
  if (!f.is_object() || !f.contains("frames")) return false;
  for (const auto& x : f["frames"])
    if (x.get<uint64_t>() == frame) return true;
  return false;
}

std::vector<std::string> errors(const std::vector<json>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs)
    if (f.value("severity", "") == "error") out.push_back(f.dump());
  return out;
}

// The server's own log beside a flawed sample; the test fails without it.
std::string server_log(const std::string& name) {
  const fs::path log = samples_dir() / "flawed" / (name + ".server.log");
  REQUIRE_MESSAGE(fs::exists(log), "server log missing: " << log.string());
  return read_file(log);
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cols;
  size_t start = 0;
  for (size_t at; (at = line.find('\t', start)) != line.npos; start = at + 1)
    cols.push_back(line.substr(start, at - start));
  cols.push_back(line.substr(start));
  return cols;
}

std::string upper(std::string s) {
  for (char& c : s)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// tshark's Info column of `frame` in the sample's reference packet list.
std::string tshark_info(const std::string& name, uint64_t frame) {
  const fs::path tsv = samples_dir() / (name + ".tshark.tsv");
  REQUIRE_MESSAGE(fs::exists(tsv), "reference list missing: " << tsv.string());
  std::istringstream in(read_file(tsv));
  for (std::string line; std::getline(in, line);) {
    const auto cols = split_tabs(line);
    if (cols.size() >= 9 && cols[0] == std::to_string(frame)) return cols[8];
  }
  return {};
}

const std::vector<std::string> kCorrect = {
    "smtp-helo.pcap",     "smtp-auth-login-mime.pcap",
    "smtp-starttls.pcap", "pop3.pcap",
    "pop3s.pcap",         "imap.pcap",
    "imaps.pcap",         "smtp-mime-no-attachment.pcap",
};

}  // namespace

TEST_CASE("mail: the correct lab sessions have no error finding") {
  for (const auto& name : kCorrect) {
    CAPTURE(name);
    const auto fs = findings_of(mail_sessions(name));
    CHECK(errors(fs).empty());
  }
}

TEST_CASE("mail: each flawed lab session has its finding, at its frame") {
  SUBCASE("smtp-no-quit: closed after the 250, no QUIT") {
    // postfix counts no quit=1 among the commands.
    const std::string log = server_log("smtp-no-quit");
    CHECK(log.find("data=1 commands=4") != std::string::npos);
    CHECK(log.find("quit=1") == std::string::npos);
    const auto f =
        finding(findings_of(mail_sessions("smtp-no-quit.pcap")), "no-quit");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 27));  // the client's FIN
  }
  SUBCASE("smtp-auth-refused: a typo, then the right password") {
    // postfix: one failure, one of two AUTHs succeeded; the message went.
    const std::string log = server_log("smtp-auth-refused");
    CHECK(log.find("auth=1/2") != std::string::npos);
    const auto fs = findings_of(mail_sessions("smtp-auth-refused.pcap"));
    const auto f = finding(fs, "auth-failed");
    REQUIRE(f.is_object());
    CHECK(has_frame(f, 18));
    // Retried with success: a warning.  The session did its job (235 in
    // 29, the message queued in 47, QUIT), so by the lab's rule -- an
    // error means the dialog did not do its job -- there is no error.
    CHECK(f["severity"] == "warning");
    CHECK(errors(fs).empty());
  }
  SUBCASE("smtp-auth-failed: wrong password, gave up") {
    CHECK(server_log("smtp-auth-failed").find("auth=0/1") != std::string::npos);
    const auto f = finding(findings_of(mail_sessions("smtp-auth-failed.pcap")),
                           "auth-failed");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 18));
  }
  SUBCASE("smtp-rcpt-refused: both recipients refused, DATA anyway") {
    const std::string log = server_log("smtp-rcpt-refused");
    CHECK(log.find("Relay access denied") != std::string::npos);
    const auto fs = findings_of(mail_sessions("smtp-rcpt-refused.pcap"));
    const auto r = finding(fs, "smtp-recipient-refused");
    REQUIRE(r.is_object());
    CHECK(r["severity"] == "error");
    CHECK(has_frame(r, 14));
    CHECK(has_frame(r, 17));
    const auto d = finding(fs, "smtp-message-rejected");
    REQUIRE(d.is_object());
    CHECK(has_frame(d, 20));
  }
  SUBCASE("smtp-starttls-plain: EHLO typed in the clear after STARTTLS") {
    const std::string log = server_log("smtp-starttls-plain");
    CHECK(log.find("wrong version number") != std::string::npos);
    const auto sessions = mail_sessions("smtp-starttls-plain.pcapng");
    const auto f = finding(findings_of(sessions), "starttls-no-tls");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 13));
    // Dissected on in plain text, as tshark does.
    CHECK(tshark_info("smtp-starttls-plain.pcapng", 13) ==
          "C: EHLO tl-client.test");
    bool plain_ehlo = false;
    for (const auto& e : sessions[0]["events"])
      if (e["frame"] == 13 && e.value("command", "") == "EHLO")
        plain_ehlo = e.value("text", "") == "EHLO tl-client.test";
    CHECK(plain_ehlo);
    // The server reset it: we cannot blame the client for no QUIT.
    CHECK(finding(findings_of(sessions), "no-quit").is_null());
  }
  SUBCASE("pop3-auth-failed: wrong password, QUIT") {
    CHECK(server_log("pop3-auth-failed").find("Password mismatch") !=
          std::string::npos);
    const auto fs = findings_of(mail_sessions("pop3-auth-failed.pcap"));
    const auto f = finding(fs, "auth-failed");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 12));
    CHECK(finding(fs, "no-quit").is_null());
  }
  SUBCASE("pop3-dele-no-quit: DELE never committed") {
    // dovecot: del=0/2, nothing deleted.
    CHECK(server_log("pop3-dele-no-quit").find("del=0/2") != std::string::npos);
    const auto fs = findings_of(mail_sessions("pop3-dele-no-quit.pcap"));
    const auto f = finding(fs, "pop3-dele-not-committed");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 27));  // +OK Marked to be deleted
    CHECK(has_frame(f, 29));  // the client's FIN
    const auto q = finding(fs, "no-quit");
    REQUIRE(q.is_object());
    CHECK(has_frame(q, 29));
  }
  SUBCASE("imap-untagged: LOGIN typed without a tag") {
    CHECK(tshark_info("imap-untagged.pcap", 8).find("LOGIN BAD") !=
          std::string::npos);
    const auto sessions = mail_sessions("imap-untagged.pcap");
    const auto f = finding(findings_of(sessions), "imap-untagged-command");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 6));
    const auto& ev = sessions[0]["events"];
    int64_t untagged = -1;
    for (size_t i = 0; i < ev.size(); ++i) {
      CHECK(ev[i].value("text", "").find("wonderland") == std::string::npos);
      if (ev[i]["frame"] == 6 && ev[i]["kind"] == "command") {
        untagged = static_cast<int64_t>(i);
        CHECK(ev[i]["text"] == "LOGIN alice ********");
        CHECK(ev[i]["command"] == "LOGIN");
        CHECK(ev[i]["fields"]["user"] == "alice");
      }
    }
    REQUIRE(untagged >= 0);
    bool bad_answers = false;
    for (const auto& e : ev)
      if (e["frame"] == 8 && e["kind"] == "reply")
        bad_answers = e.value("answers", -1) == untagged &&
                      e["status"] == "BAD" && e["outcome"] == "failure";
    CHECK(bad_answers);
  }
  SUBCASE("imap-select-missing: SELECT of a mailbox that is not there") {
    CHECK(tshark_info("imap-select-missing.pcap", 16).find("NO Mailbox") !=
          std::string::npos);
    const auto f =
        finding(findings_of(mail_sessions("imap-select-missing.pcap")),
                "imap-mailbox-missing");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 16));
    CHECK(f["detail"] == "Nonexistent");
  }
  SUBCASE("imap-no-logout: closed after the FETCH") {
    CHECK(server_log("imap-no-logout").find("Connection closed") !=
          std::string::npos);
    const auto f =
        finding(findings_of(mail_sessions("imap-no-logout.pcap")), "no-quit");
    REQUIRE(f.is_object());
    CHECK(f["severity"] == "error");
    CHECK(has_frame(f, 18));
  }
}

// tshark's view of a dialog: for each frame with a reply, the frame of the
// command it answers (SMTP, POP3: the last command before it; IMAP: the
// request with the same tag).
std::map<uint64_t, std::pair<uint64_t, std::string>> tshark_answers(
    const fs::path& cap, const std::string& proto) {
  std::string keys;
  if (fs::exists(cap.string() + ".keys"))
    keys = " -o " + sh_quote("tls.keylog_file:" + cap.string() + ".keys");
  std::string fields;
  if (proto == "SMTP")
    fields = "-e smtp.req.command -e smtp.response.code";
  else if (proto == "POP")
    fields = "-e pop.request.command -e pop.response.indicator";
  else
    fields =
        "-e imap.request_tag -e imap.request.command -e imap.response_tag "
        "-e imap.response.status";
  const std::string filter = proto == "SMTP"  ? "smtp"
                             : proto == "POP" ? "pop"
                                              : "imap";
  std::istringstream in(run_oracle(
      "tshark -n -r " + sh_quote(cap.string()) + keys + " -Y " + filter +
          " -T fields -E separator=/t -E occurrence=l -e frame.number " +
          fields + " 2>/dev/null",
      cap));
  std::map<uint64_t, std::pair<uint64_t, std::string>> out;
  uint64_t last_cmd = 0;
  std::string last_verb;
  std::map<std::string, std::pair<uint64_t, std::string>> by_tag;
  for (std::string line; std::getline(in, line);) {
    const auto c = split_tabs(line);
    if (c.size() < 3) continue;
    const uint64_t frame = std::stoull(c[0]);
    if (proto == "IMAP") {
      if (c.size() < 5) continue;
      if (!c[1].empty() && !c[2].empty()) by_tag[c[1]] = {frame, upper(c[2])};
      const std::string tag = c[3];
      if (!tag.empty() && tag != "*" && tag != "+" && by_tag.count(tag))
        out[frame] = by_tag[tag];
      continue;
    }
    const std::string verb = upper(c[1]);
    // tshark takes AUTH responses for commands: only real verbs count
    // (tshark shortens STARTTLS to "STAR").
    const bool command =
        !verb.empty() &&
        (proto == "POP" || smtp::is_known_command(verb) || verb == "STAR");
    if (command) {
      last_cmd = frame;
      last_verb = verb;
    }
    if (!c[2].empty() && last_cmd && !command)
      out[frame] = {last_cmd, last_verb};
  }
  return out;
}

TEST_CASE("mail: every reply answers the command tshark sees it answer") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  size_t checked = 0;
  for (const auto& cap : sample_capture_files()) {
    const std::string name = cap.filename().string();
    if (!name.starts_with("smtp") && !name.starts_with("pop3") &&
        !name.starts_with("imap"))
      continue;
    CAPTURE(name);
    for (const auto& s : mail_sessions(name)) {
      const std::string proto = s["protocol"];
      const auto theirs = tshark_answers(cap, proto);
      const auto& ev = s["events"];
      for (const auto& e : ev) {
        const std::string kind = e["kind"];
        if (kind != "reply" && kind != "continuation") continue;
        const uint64_t frame = e["frame"];
        CAPTURE(frame);
        // Every reply answers a command (or, after DATA, the message).
        REQUIRE(e.contains("answers"));
        const auto& a = ev.at(e["answers"].get<size_t>());
        CHECK((a["kind"] == "command" || a["kind"] == "message"));
        CHECK(e.contains("outcome"));
        CHECK(e["fields"].contains("delay"));
        auto it = theirs.find(frame);
        if (it == theirs.end()) continue;  // tshark did not pair it
        const auto& [cmd_frame, verb] = it->second;
        if (a["kind"] == "message") {
          // RFC 5321 4.1.1.4: the reply after the final "." ends DATA.
          CHECK(verb == "DATA");
        } else if (verb == "DATA" && a.value("command", "") != "DATA") {
          // tshark reads a command after a refused DATA as message data
          // (samples/README.md, smtp-rcpt-refused): its Info says so.
          CHECK(tshark_info(name, a["frame"].get<uint64_t>())
                    .starts_with("C: DATA fragment"));
        } else {
          CHECK(a["frame"].get<uint64_t>() == cmd_frame);
          // tshark names a UID command by its first word; an untagged
          // LOGIN by its first argument.
          const std::string ours = a.value("command", "");
          if (proto != "IMAP") CHECK(ours.starts_with(verb));
        }
        ++checked;
      }
    }
  }
  MESSAGE("replies checked against tshark: " << checked);
  CHECK(checked > 100);
}

TEST_CASE("IMAP: a command typed without a tag keeps its password masked") {
  const Recorded r = run_dissector(
      registered("imap"),
      {{S, "* OK IMAP4rev1 ready\r\n", 1},
       {C, "LOGIN student secret\r\n", 2},
       {S,
        "LOGIN BAD First parameter in line is IMAP's command tag, not the "
        "command name.\r\n",
        3},
       {C, "a1 LOGIN student x\r\n", 4},
       {S, "a1 NO [AUTHENTICATIONFAILED] Authentication failed.\r\n", 5},
       {C, "a2 LOGOUT\r\n", 6},
       {S, "* BYE bye\r\na2 OK done\r\n", 7}});
  const auto& e = r.events;
  REQUIRE(e.size() >= 6);
  CHECK(e[1].text == "LOGIN student ********");
  CHECK(e[1].command == "LOGIN");
  CHECK(e[1].secret == "secret");
  CHECK(e[1].field("user") == "student");
  CHECK(e[2].answers == 1);
  CHECK(e[2].outcome == Outcome::Failure);
  // RFC 3501 6.2.3's example, as typed.
  CHECK(e[3].text == "a1 LOGIN student ********");
  CHECK(e[3].field("tag") == "a1");
  CHECK(e[3].field("user") == "student");
  CHECK(e[4].answers == 3);
  for (const auto& x : e) {
    CHECK(x.text.find("secret") == std::string::npos);
    CHECK(x.args.find("secret") == std::string::npos);
  }
  const auto t = r.typed_lines();
  CHECK(std::find(t.begin(), t.end(),
                  "finding imap-untagged-command error 2 LOGIN") != t.end());
  CHECK(std::find(t.begin(), t.end(),
                  "finding auth-failed error 5 a1 LOGIN student ********") !=
        t.end());
  const auto [whole, bytewise] = whole_and_bytewise(
      registered("imap"), {{S, "* OK ready\r\n", 1},
                           {C, "LOGIN student secret\r\n", 2},
                           {S, "LOGIN BAD no tag\r\n", 3}});
  CHECK(whole == bytewise);
}

TEST_CASE("SMTP: AUTH LOGIN prompts are decoded, the answers shown as typed") {
  // RFC 4954 4: "334 VXNlcm5hbWU6" is base64 of "Username:".
  const std::vector<Piece> talk = {
      {S, "220 mx ESMTP\r\n", 1},     {C, "AUTH LOGIN\r\n", 2},
      {S, "334 VXNlcm5hbWU6\r\n", 3}, {C, "Ym9i\r\n", 4},
      {S, "334 UGFzc3dvcmQ6\r\n", 5}, {C, "YnVsaWRlcg==\r\n", 6},
      {S, "535 5.7.8 Error\r\n", 7},  {C, "QUIT\r\n", 8},
      {S, "221 2.0.0 Bye\r\n", 9},
  };
  const Recorded r = run_dissector(registered("smtp"), talk);
  const auto& e = r.events;
  REQUIRE(e.size() == 9);
  CHECK(e[2].kind == StepKind::Continuation);
  CHECK(e[2].field("decoded") == "Username:");
  CHECK(e[2].answers == 1);
  CHECK(e[3].kind == StepKind::Auth);
  CHECK(e[3].text == "Ym9i");
  CHECK(e[3].field("decoded") == "bob");
  CHECK(e[4].field("decoded") == "Password:");
  CHECK(e[5].text == "********");
  CHECK(e[5].secret == "bulider");
  CHECK(e[5].field("decoded").empty());
  CHECK(e[6].answers == 1);
  CHECK(e[6].outcome == Outcome::Failure);
  CHECK(r.typed_lines().back() == "finding auth-failed error 7 AUTH LOGIN");
  const auto [whole, bytewise] = whole_and_bytewise(registered("smtp"), talk);
  CHECK(whole == bytewise);
}

TEST_CASE("STARTTLS accepted, then plain text: dissected on, reported") {
  for (const char* proto : {"smtp", "pop3", "imap"}) {
    CAPTURE(proto);
    std::vector<Piece> talk;
    if (std::string(proto) == "smtp")
      talk = {{S, "220 mx ESMTP\r\n", 1},
              {C, "STARTTLS\r\n", 2},
              {S, "220 2.0.0 Ready to start TLS\r\n", 3},
              {C, "EHLO lab\r\n", 4}};
    else if (std::string(proto) == "pop3")
      talk = {{S, "+OK ready\r\n", 1},
              {C, "STLS\r\n", 2},
              {S, "+OK Begin TLS\r\n", 3},
              {C, "USER bob\r\n", 4}};
    else
      talk = {{S, "* OK ready\r\n", 1},
              {C, "a STARTTLS\r\n", 2},
              {S, "a OK Begin TLS\r\n", 3},
              {C, "b LOGIN bob x\r\n", 4}};
    const Recorded r = run_dissector(registered(proto), talk, EndReason::Rst);
    // The plain line is a command, as tshark shows it.
    REQUIRE(!r.events.empty());
    CHECK(r.events.back().kind == StepKind::Command);
    CHECK(r.events.back().frame == 4);
    CHECK(r.frames.count(4) == 1);
    // One finding: the server reads those bytes as TLS, so the lack of a
    // reply or of QUIT is not the point.
    CHECK(
        r.typed_lines().back().starts_with("finding starttls-no-tls error 4"));
    CHECK(r.findings.size() == 1);
    const auto [whole, bytewise] = whole_and_bytewise(registered(proto), talk);
    CHECK(whole == bytewise);
  }
}
