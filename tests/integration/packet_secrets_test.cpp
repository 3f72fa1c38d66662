// SPDX-License-Identifier: GPL-2.0-or-later
// Issue 13 item 9: the packet list masks passwords as `sessions` does.
//
// Generated dialogs carry a password in every form the mail and file
// protocols send one: FTP PASS, POP3 PASS, IMAP LOGIN as an atom, a quoted
// string and a literal, SMTP AUTH PLAIN with an initial response and AUTH
// LOGIN's base64 lines.  The oracle is tshark: with --show-secrets every
// frame's Info equals tshark's; without it, it equals tshark's with the
// password's bytes as they crossed the wire replaced by "********", in text
// and in JSON, and no password appears anywhere in the output.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "dialog_capture.hpp"
#include "test_support.hpp"

using namespace tracelab::test;
using nlohmann::json;

namespace {

struct Case {
  const char* name;
  TcpDialog dialog;
  std::vector<std::string> secrets;  ///< as on the wire
};

std::vector<Case> cases() {
  std::vector<Case> c;
  c.push_back({"ftp",
               TcpDialog(40001, 21)
                   .server("220 ready\r\n")
                   .client("USER bob\r\n")
                   .server("331 password please\r\n")
                   .client("PASS ftp-Secret-1\r\n")
                   .server("230 ok\r\n"),
               {"ftp-Secret-1"}});
  c.push_back({"pop3",
               TcpDialog(40002, 110)
                   .server("+OK POP3 ready\r\n")
                   .client("USER bob\r\n")
                   .server("+OK\r\n")
                   .client("PASS pop-Secret-2\r\n")
                   .server("+OK logged in\r\n"),
               {"pop-Secret-2"}});
  // A password split over two segments: each piece masked in its frame.
  c.push_back({"ftp-split",
               TcpDialog(40005, 21)
                   .server("220 ready\r\n")
                   .client("USER bob\r\n")
                   .server("331 password please\r\n")
                   .client("PASS ftp-Sec")
                   .client("ret-8\r\n")
                   .server("230 ok\r\n"),
               {"ftp-Sec", "ret-8"}});
  c.push_back({"pop3-split",
               TcpDialog(40006, 110)
                   .server("+OK POP3 ready\r\n")
                   .client("USER bob\r\n")
                   .server("+OK\r\n")
                   .client("PASS pop-Sec")
                   .client("ret-9\r\n")
                   .server("+OK logged in\r\n"),
               {"pop-Sec", "ret-9"}});
  c.push_back({"imap-split",
               TcpDialog(40007, 143)
                   .server("* OK IMAP4rev1 ready\r\n")
                   .client("a1 LOGIN bob imapSp")
                   .client("lit10\r\n")
                   .server("a1 OK logged in\r\n"),
               {"imapSp", "lit10"}});
  c.push_back({"imap",
               TcpDialog(40003, 143)
                   .server("* OK IMAP4rev1 ready\r\n")
                   .client("a1 LOGIN bob imapAtom3\r\n")
                   .server("a1 NO wrong\r\n")
                   .client("a2 LOGIN bob \"imap Quoted4\"\r\n")
                   .server("a2 NO wrong\r\n")
                   .client("a3 LOGIN bob {11}\r\n")
                   .server("+ go ahead\r\n")
                   .client("imapLitera5\r\n")
                   .server("a3 OK logged in\r\n"),
               {"imapAtom3", "\"imap Quoted4\"", "imapLitera5"}});
  // AUTH PLAIN "\0bob\0smtpPlain6", AUTH LOGIN "bob" then "smtpLogin7".
  c.push_back({"smtp",
               TcpDialog(40004, 25)
                   .server("220 mx ESMTP\r\n")
                   .client("EHLO c\r\n")
                   .server("250-mx\r\n250 AUTH PLAIN LOGIN\r\n")
                   .client("AUTH PLAIN AGJvYgBzbXRwUGxhaW42\r\n")
                   .server("535 5.7.8 no\r\n")
                   .client("AUTH LOGIN\r\n")
                   .server("334 VXNlcm5hbWU6\r\n")
                   .client("Ym9i\r\n")
                   .server("334 UGFzc3dvcmQ6\r\n")
                   .client("c210cExvZ2luNw==\r\n")
                   .server("235 2.7.0 ok\r\n"),
               {"AGJvYgBzbXRwUGxhaW42", "c210cExvZ2luNw=="}});
  return c;
}

std::string masked(std::string s, const std::vector<std::string>& secrets) {
  for (const std::string& x : secrets)
    for (size_t at; (at = s.find(x)) != std::string::npos;)
      s.replace(at, x.size(), "********");
  return s;
}

std::vector<std::string> tshark_info(const std::string& pcap) {
  int status = 0;
  std::istringstream out(run("tshark -n -r " + sh_quote(pcap) +
                                 " -T fields -e _ws.col.Info 2>/dev/null",
                             &status));
  REQUIRE(status == 0);
  std::vector<std::string> rows;
  for (std::string l; std::getline(out, l);) rows.push_back(l);
  return rows;
}

std::vector<std::string> tracelab_info(const std::string& pcap,
                                       const std::string& opts) {
  int status = 0;
  std::istringstream out(run(sh_quote(tracelab_bin()) +
                                 " packets --json --no-header --no-progress " +
                                 opts + " " + sh_quote(pcap),
                             &status));
  REQUIRE(status == 0);
  std::vector<std::string> rows;
  for (std::string l; std::getline(out, l);)
    rows.push_back(json::parse(l)["info"].get<std::string>());
  return rows;
}

}  // namespace

TEST_CASE("packets masks passwords unless --show-secrets, as tshark shows") {
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is the oracle of this test");
  const auto dir = temp_dir("packet-secrets");
  for (const Case& c : cases()) {
    CAPTURE(c.name);
    const std::string pcap = (dir / (std::string(c.name) + ".pcap")).string();
    c.dialog.write(pcap);
    const auto oracle = tshark_info(pcap);
    REQUIRE(oracle.size() == c.dialog.frames().size());
    // Each secret is in tshark's list: the dialogs are read as meant.
    for (const std::string& s : c.secrets) {
      bool seen = false;
      for (const auto& row : oracle) seen = seen || row.find(s) != row.npos;
      CHECK_MESSAGE(seen, s);
    }
    CHECK(tracelab_info(pcap, "--show-secrets") == oracle);
    std::vector<std::string> hidden;
    for (const auto& row : oracle) hidden.push_back(masked(row, c.secrets));
    CHECK(tracelab_info(pcap, "") == hidden);
    // Nowhere in either view, text or JSON, without --show-secrets.
    for (const char* opts : {"", "--json"}) {
      const std::string out = run(sh_quote(tracelab_bin()) + " packets " +
                                  opts + " --no-progress " + sh_quote(pcap));
      for (std::string s : c.secrets) {
        if (s.front() == '"') s = s.substr(1, s.size() - 2);  // JSON: \"
        CHECK_MESSAGE(out.find(s) == std::string::npos, opts, " ", s);
      }
    }
  }
}
