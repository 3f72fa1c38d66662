// SPDX-License-Identifier: GPL-2.0-or-later
//
// The explanation catalog: replies by full code and by digits, enhanced
// status codes, POP3 and IMAP statuses, commands, both languages, and the
// sessions view filling notes the dissector left empty.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "tracelab/explain.hpp"
#include "tracelab/output.hpp"

using namespace tracelab;

namespace {

Event reply(int code, std::string text, std::string status = {}) {
  Event e;
  e.dir = Direction::ServerToClient;
  e.kind = StepKind::Reply;
  e.code = code;
  e.text = std::move(text);
  e.status = std::move(status);
  return e;
}

Event command(std::string verb) {
  Event e;
  e.kind = StepKind::Command;
  e.command = std::move(verb);
  return e;
}

}  // namespace

TEST_CASE("catalog: SMTP replies by full code, by digits, enhanced codes") {
  CHECK(explain("SMTP", reply(220, "mx ESMTP"), Lang::En) ==
        "service ready: the server greets the client");
  CHECK(
      explain("SMTP", reply(354, "go ahead"), Lang::Ru).find("<CRLF>.<CRLF>") !=
      std::string::npos);
  // Every common full code of the lecture is in the catalog.
  for (int code :
       {211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451,
        452, 500, 501, 502, 503, 504, 530, 535, 550, 551, 552, 553, 554}) {
    CAPTURE(code);
    const std::string en = explain_smtp_reply(code, "", Lang::En);
    const std::string ru = explain_smtp_reply(code, "", Lang::Ru);
    CHECK(!en.empty());
    CHECK(!ru.empty());
    CHECK(en != ru);
    // A full code says more than its digits alone would.
    CHECK(en != explain_smtp_reply(code / 10 * 10 + 9, "", Lang::En));
  }
  // Unknown full codes are explained by their digits.
  CHECK(explain_smtp_reply(432, "", Lang::En) ==
        "transient negative completion: try again later (unspecified)");
  CHECK(explain_smtp_reply(259, "", Lang::Ru) ==
        "успешное выполнение (почтовая система)");
  CHECK(explain_smtp_reply(999, "", Lang::En).empty());
  CHECK(explain_smtp_reply(-1, "", Lang::En).empty());
  // Enhanced status codes add class, subject and, when known, the detail.
  CHECK(explain_smtp_reply(250, "2.1.0 Ok", Lang::En) ==
        "requested action okay, completed; 2.1.0: success, addressing "
        "(originator address accepted)");
  CHECK(explain_smtp_reply(550, "5.7.999 nope", Lang::En)
            .ends_with("5.7.999: permanent failure, security or policy"));
  CHECK(explain_smtp_reply(250, "2.1.0", Lang::En).find("2.1.0") !=
        std::string::npos);
  // Not enhanced codes: no class appended.
  for (const char* t : {"2.1", "3.1.0 x", "2.1.0x", "2..0 x", "2.1. x", "250"})
    CHECK(explain_smtp_reply(250, t, Lang::En) ==
          "requested action okay, completed");
}

TEST_CASE("catalog: FTP replies by full code, else by digits") {
  CHECK(explain("FTP", reply(150, ""), Lang::En) ==
        "file status okay; about to open the data connection");
  CHECK(explain("FTP", reply(227, "Entering Passive Mode (127,0,0,1,4,1)"),
                Lang::Ru)
            .starts_with("пассивный режим"));
  CHECK(explain_ftp_reply(226, Lang::En).starts_with("closing the data"));
  CHECK(explain_ftp_reply(331, Lang::En) == "user name okay, need password");
  // Codes no RFC defines fall back to their digits.
  CHECK(explain_ftp_reply(259, Lang::En) ==
        "positive completion (file system)");
  CHECK(explain_ftp_reply(639, Lang::En) ==
        "protected reply (authentication and accounting)");
  CHECK(explain_ftp_reply(99, Lang::En).empty());
}

TEST_CASE("catalog: HTTP, TFTP and DNS steps") {
  Event get = command("GET");
  CHECK(explain("HTTP", get, Lang::En) == "asks for a resource");
  CHECK(explain("HTTP2", get, Lang::Ru) == "запрос ресурса");
  Event moved = reply(301, "Moved Permanently");
  moved.kind = StepKind::Response;
  CHECK(explain("HTTP", moved, Lang::En).starts_with("moved permanently"));
  moved.code = 418;  // not in the table: its class
  CHECK(explain("HTTP", moved, Lang::En) == "client error");
  CHECK(explain("TFTP", command("RRQ"), Lang::En).starts_with("read request"));
  Event err = reply(1, "File not found", "ERROR");
  CHECK(explain("TFTP", err, Lang::Ru) == "файл не найден");
  CHECK(explain("TFTP", reply(-1, "blksize=1428", "OACK"), Lang::En)
            .starts_with("option acknowledgement"));
  CHECK(explain("DNS", command("QUERY"), Lang::En).starts_with("a standard"));
  Event nx = reply(3, "no answer records", "No such name");
  nx.kind = StepKind::Answer;
  CHECK(explain("MDNS", nx, Lang::En).starts_with("no such name"));
}

TEST_CASE("catalog: TCP and TLS steps, whatever the session carries") {
  auto step = [](StepKind kind, const char* text) {
    Event e;
    e.kind = kind;
    e.text = text;
    return e;
  };
  CHECK(explain("TCP", step(StepKind::Handshake, "SYN"), Lang::En)
            .starts_with("TCP handshake, step 1"));
  CHECK(explain("HTTP", step(StepKind::Handshake, "SYN-ACK"), Lang::En)
            .starts_with("TCP handshake, step 2"));
  CHECK(explain("SMTP", step(StepKind::Close, "RST"), Lang::Ru)
            .starts_with("соединение сброшено"));
  // The lecture's TLS 1.2 handshake, message by message.
  for (const char* m :
       {"ClientHello TLS 1.2, SNI a.test, 2 cipher suites",
        "ServerHello TLS 1.2, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "Certificate (1 certificate)", "Server Key Exchange",
        "Server Hello Done", "Client Key Exchange", "ChangeCipherSpec",
        "encrypted handshake message", "New Session Ticket"}) {
    CAPTURE(m);
    CHECK(!explain("TLS", step(StepKind::Handshake, m), Lang::Ru).empty());
  }
  // The longest key wins; a key must end at a word boundary.
  CHECK(
      explain("TLS", step(StepKind::Handshake, "Certificate Verify"), Lang::En)
          .starts_with("a signature over the handshake"));
  CHECK(explain("TCP", step(StepKind::Handshake, "ACKNOWLEDGED"), Lang::En)
            .empty());
  CHECK(explain("IMAP", step(StepKind::Alert, "Fatal alert: Handshake Failure"),
                Lang::En)
            .starts_with("a fatal TLS error"));
}

TEST_CASE("catalog: every FTP command the issue lists is explained, twice") {
  // RFC 959 and the extensions the FTP dissector follows.
  for (const char* verb :
       {"USER", "PASS", "ACCT", "CWD",  "CDUP", "PWD",  "LIST", "NLST",
        "MLSD", "MLST", "RETR", "STOR", "STOU", "APPE", "REST", "RNFR",
        "RNTO", "DELE", "MKD",  "RMD",  "SIZE", "MDTM", "TYPE", "MODE",
        "STRU", "SYST", "FEAT", "OPTS", "PORT", "PASV", "EPRT", "EPSV",
        "ABOR", "NOOP", "HELP", "SITE", "AUTH", "PBSZ", "PROT", "QUIT"}) {
    CAPTURE(verb);
    CHECK(!explain_command("FTP", verb, Lang::En).empty());
    CHECK(!explain_command("ftp", verb, Lang::Ru).empty());
    CHECK(explain_command("FTP", verb, Lang::En) !=
          explain_command("FTP", verb, Lang::Ru));
  }
  CHECK(explain("FTP", command("EPSV"), Lang::En).starts_with("extended"));
  CHECK(explain_command("FTP", "XYZZY", Lang::En).empty());
}

TEST_CASE("catalog: POP3 and IMAP statuses and response codes") {
  CHECK(explain("POP", reply(-1, "", "+OK"), Lang::Ru) ==
        "команда выполнена успешно");
  CHECK(explain("POP3", reply(-1, "no such message", "-ERR"), Lang::En) ==
        "negative reply: command failed");
  CHECK(explain("IMAP", reply(-1, "LOGIN completed", "OK"), Lang::En) ==
        "command completed successfully");
  for (const char* s : {"OK", "NO", "BAD", "PREAUTH", "BYE"})
    CHECK(!explain("imap", reply(-1, "", s), Lang::Ru).empty());
  CHECK(explain("IMAP", reply(-1, "[UIDVALIDITY 3857529045] UIDs valid", "OK"),
                Lang::En) ==
        "command completed successfully; the mailbox's UID validity value: "
        "UIDs stay valid while it is unchanged");
  CHECK(explain("IMAP", reply(-1, "[TRYCREATE] no box", "NO"), Lang::En)
            .ends_with("create it first"));
  CHECK(explain("IMAP", reply(-1, "* 3 EXISTS"), Lang::En) ==
        "the number of messages in the mailbox");
  CHECK(explain("IMAP", reply(-1, "FLAGS (\\Seen)"), Lang::En) ==
        "the flags defined in the mailbox");
  CHECK(explain("IMAP", reply(-1, "* 12 34"), Lang::En).empty());
}

TEST_CASE("catalog: commands by protocol, both languages") {
  CHECK(explain("SMTP", command("MAIL"), Lang::Ru) ==
        "начало почтовой транзакции: указывает отправителя");
  CHECK(explain("SMTP", command("rcpt"), Lang::En)
            .starts_with("names a "
                         "recipient"));
  for (const char* v : {"HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET",
                        "VRFY", "EXPN", "HELP", "NOOP", "QUIT", "TURN", "ETRN",
                        "SEND", "SOML", "SAML", "AUTH", "STARTTLS"})
    CHECK(!explain_command("SMTP", v, Lang::Ru).empty());
  for (const char* v :
       {"USER", "PASS", "APOP", "AUTH", "STAT", "LIST", "UIDL", "TOP", "RETR",
        "DELE", "RSET", "NOOP", "QUIT", "CAPA", "STLS"})
    CHECK(!explain_command("POP", v, Lang::En).empty());
  CHECK(explain_command("IMAP", "UID FETCH", Lang::En) ==
        "the command that follows uses UIDs instead of sequence numbers; "
        "retrieve data of messages (flags, headers, body...)");
  // Same verb, different protocols, different meaning.
  CHECK(explain_command("POP", "LIST", Lang::En) !=
        explain_command("IMAP", "LIST", Lang::En));
  CHECK(explain_command("HTTP", "GET", Lang::En) == "asks for a resource");
  CHECK(explain_command("RTSP", "GET", Lang::En).empty());
  CHECK(explain("TCP", command("QUIT"), Lang::En).empty());
  CHECK(parse_lang("RU") == Lang::Ru);
  CHECK(parse_lang("en") == Lang::En);
  CHECK(!parse_lang("de"));
}

TEST_CASE(
    "catalog: the sessions view explains each step, then adds the "
    "dissector's remark") {
  Session s;
  s.protocol = "SMTP";
  s.transport = "tcp";
  s.events.push_back(reply(354, "End data with <CR><LF>.<CR><LF>"));
  Event own = reply(250, "ok");
  own.note = "the dissector's own note";
  s.events.push_back(own);
  for (bool json : {false, true}) {
    CAPTURE(json);
    char* buf = nullptr;
    size_t len = 0;
    FILE* f = open_memstream(&buf, &len);
    REQUIRE(f);
    OutputOptions o;
    o.lang = Lang::Ru;
    auto sink = json ? make_sessions_json(f, o) : make_sessions_text(f, o);
    sink->session_done(Session(s));
    sink->finish();
    sink.reset();
    fclose(f);
    const std::string out(buf, len);
    free(buf);
    CHECK(out.find("ожидается ввод письма") != std::string::npos);
    CHECK(out.find("команда выполнена успешно; the dissector's own note") !=
          std::string::npos);
  }
}
