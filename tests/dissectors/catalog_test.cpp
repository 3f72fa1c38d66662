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

// --- The catalog keyed on typed steps (explain(Session, Event, Lang)) ---

#include "../../src/explain/catalog.hpp"
#include "tracelab/findings.hpp"

namespace {

// A session of `protocol` whose last step is a reply answering a command
// `verb` (through Event::answers, as the dissectors of session model 2 emit
// them).
struct Dialog {
  Session s;
  explicit Dialog(const char* protocol) { s.protocol = protocol; }
  StepIndex add(Event e) {
    s.events.push_back(std::move(e));
    return StepIndex(s.events.size() - 1);
  }
  StepIndex cmd(const char* verb) {
    Event e;
    e.kind = StepKind::Command;
    e.command = verb;
    return add(std::move(e));
  }
  const Event& answer(StepIndex to, int code, const char* status,
                      StepKind kind = StepKind::Reply) {
    Event e;
    e.dir = Direction::ServerToClient;
    e.kind = kind;
    e.code = code;
    e.status = status;
    e.answers = to;
    add(std::move(e));
    return s.events.back();
  }
};

}  // namespace

TEST_CASE("catalog: a reply is explained by the command it answers") {
  Dialog d("SMTP");
  Event hello;
  hello.dir = Direction::ServerToClient;
  hello.kind = StepKind::Greeting;
  hello.code = 220;
  d.add(hello);
  CHECK(explain(d.s, d.s.events.back(), Lang::En) ==
        "service ready: the server greets the client");
  // 220 answering STARTTLS (RFC 3207 4): the TLS handshake follows.
  const Event& tls = d.answer(d.cmd("STARTTLS"), 220, "");
  CHECK(explain(d.s, tls, Lang::En) ==
        "ready to start TLS: the TLS handshake follows");
  CHECK(explain(d.s, tls, Lang::Ru).find("рукопожатие TLS") !=
        std::string::npos);
  // 554 as a greeting vs answering RCPT (RFC 5321 3.1, 4.2.2).
  Dialog g("SMTP");
  Event refuse;
  refuse.dir = Direction::ServerToClient;
  refuse.kind = StepKind::Greeting;
  refuse.code = 554;
  g.add(refuse);
  CHECK(explain(g.s, g.s.events.back(), Lang::En)
            .starts_with("service unavailable"));
  const Event& rcpt = d.answer(d.cmd("RCPT"), 554, "");
  CHECK(explain(d.s, rcpt, Lang::En).starts_with("recipient refused"));
  CHECK(explain(d.s, d.answer(d.cmd("MAIL"), 250, ""), Lang::En) ==
        "sender accepted");
  CHECK(explain(d.s, d.answer(d.cmd("AUTH"), 235, ""), Lang::En) ==
        "authentication succeeded");
  CHECK(explain(d.s, d.answer(d.cmd("AUTH"), 535, ""), Lang::En)
            .starts_with("authentication failed"));
  CHECK(explain(d.s, d.answer(d.cmd("DATA"), 354, ""), Lang::En)
            .starts_with("start mail input"));
  CHECK(explain(d.s, d.answer(d.cmd("QUIT"), 221, ""), Lang::En)
            .find("closes the connection") != std::string::npos);
  // 250 after the final ".": it answers the message step.
  Event msg;
  msg.kind = StepKind::Message;
  const StepIndex m = d.add(msg);
  CHECK(explain(d.s, d.answer(m, 250, ""), Lang::En) ==
        "message accepted for delivery");
  // 334 with its prompt decoded (RFC 4954 4: "VXNlcm5hbWU6").
  Event prompt;
  prompt.dir = Direction::ServerToClient;
  prompt.kind = StepKind::Continuation;
  prompt.code = 334;
  prompt.text = "VXNlcm5hbWU6";
  prompt.add_field("decoded", "Username:");
  d.add(prompt);
  CHECK(explain(d.s, d.s.events.back(), Lang::En) ==
        "the server asks for the user name (base64 of \"Username:\")");

  Dialog pop("POP3");
  Event ok;
  ok.dir = Direction::ServerToClient;
  ok.kind = StepKind::Greeting;
  ok.status = "+OK";
  pop.add(ok);
  CHECK(explain(pop.s, pop.s.events.back(), Lang::En)
            .starts_with("server ready"));
  CHECK(explain(pop.s, pop.answer(pop.cmd("DELE"), -1, "+OK"), Lang::En) ==
        "message marked for deletion (deleted only after QUIT)");
  Dialog imap("IMAP");
  Event star;
  star.dir = Direction::ServerToClient;
  star.kind = StepKind::Greeting;
  star.status = "OK";
  imap.add(star);
  CHECK(explain(imap.s, imap.s.events.back(), Lang::En)
            .starts_with("server ready"));
  Dialog ftp("FTP");
  CHECK(explain(ftp.s, ftp.answer(ftp.cmd("RETR"), 150, ""), Lang::En)
            .find("sends the file") != std::string::npos);
  CHECK(explain(ftp.s, ftp.answer(ftp.cmd("STOR"), 226, ""), Lang::En)
            .starts_with("transfer complete"));
}

TEST_CASE("catalog: every contextual entry is reached, in both languages") {
  using namespace catalog;
  const char* names[] = {"",    "SMTP", "POP3", "IMAP",
                         "FTP", "HTTP", "TFTP", "DNS"};
  for (const auto& r : contextual_replies()) {
    CAPTURE(r.key);
    CAPTURE(r.context);
    Dialog d(names[int(r.proto)]);
    Event e;
    e.dir = Direction::ServerToClient;
    const std::string key = r.key;
    const bool numeric = key[0] >= '0' && key[0] <= '9';
    e.code = numeric ? std::stoi(key) : -1;
    if (!numeric) e.status = key;
    if (std::string(r.context) == "greeting") {
      e.kind = StepKind::Greeting;
    } else if (std::string(r.context) == "message") {
      Event m;
      m.kind = StepKind::Message;
      e.answers = d.add(m);
      e.kind = StepKind::Reply;
    } else {
      e.answers = d.cmd(r.context);
      e.kind = StepKind::Reply;
    }
    d.add(e);
    for (Lang l : {Lang::En, Lang::Ru}) {
      const std::string got = explain(d.s, d.s.events.back(), l);
      CHECK(got.starts_with(r.text.in(l)));
    }
    CHECK(std::string(r.text.en) != r.text.ru);
  }
}

TEST_CASE("catalog: TCP by flags, TLS by message, alerts by alert") {
  Session s;
  s.protocol = "HTTP";
  auto step = [&](StepKind kind, const char* field, const char* value) {
    Event e;
    e.kind = kind;
    e.add_field(field, value);
    return e;
  };
  for (const auto& t : catalog::tcp_steps()) {
    CAPTURE(t.word);
    const Event e = step(StepKind::Handshake, "flags", t.word);
    CHECK(explain(s, e, Lang::En) == t.text.en);
    CHECK(explain(s, e, Lang::Ru) == t.text.ru);
  }
  // Every message the field contract names.
  for (const char* m :
       {"ClientHello", "ServerHello", "HelloRetryRequest", "Certificate",
        "ServerKeyExchange", "CertificateRequest", "ServerHelloDone",
        "CertificateVerify", "ClientKeyExchange", "ChangeCipherSpec",
        "Finished", "EncryptedHandshakeMessage", "NewSessionTicket",
        "EncryptedExtensions", "EndOfEarlyData", "KeyUpdate"}) {
    CAPTURE(m);
    const Event e = step(StepKind::Handshake, "message", m);
    CHECK(!explain(s, e, Lang::En).empty());
    CHECK(!explain(s, e, Lang::Ru).empty());
    CHECK(explain(s, e, Lang::En) != explain(s, e, Lang::Ru));
  }
  for (const auto& a : catalog::tls_alerts()) {
    CAPTURE(a.word);
    Event e = step(StepKind::Alert, "alert", a.word);
    e.add_field("level", "fatal");
    CHECK(explain(s, e, Lang::En).ends_with(a.text.en));
    CHECK(explain(s, e, Lang::En).starts_with("fatal"));
    CHECK(explain(s, e, Lang::Ru).ends_with(a.text.ru));
  }
  // The text is not the key: a step whose text says something else.
  Event odd = step(StepKind::Handshake, "message", "ServerHelloDone");
  odd.text = "ClientHello (renamed)";
  CHECK(explain(s, odd, Lang::En).starts_with("the server has finished"));
}

TEST_CASE("catalog: every command the tables know is explained, twice") {
  struct Table {
    const char* protocol;
    std::span<const catalog::WordEntry> words;
  };
  for (const Table& t : {Table{"SMTP", catalog::smtp_commands()},
                         Table{"POP3", catalog::pop3_commands()},
                         Table{"IMAP", catalog::imap_commands()},
                         Table{"FTP", catalog::ftp_commands()},
                         Table{"HTTP", catalog::http_methods()},
                         Table{"TFTP", catalog::tftp_commands()},
                         Table{"DNS", catalog::dns_opcodes()}}) {
    Session s;
    s.protocol = t.protocol;
    for (const auto& w : t.words) {
      CAPTURE(t.protocol);
      CAPTURE(w.word);
      Event e = command(w.word);
      s.events = {e};
      CHECK(explain(s, s.events[0], Lang::En) == w.text.en);
      CHECK(explain(s, s.events[0], Lang::Ru) == w.text.ru);
    }
  }
}

TEST_CASE("catalog: every finding id has a text in both languages") {
  for (const auto& f : findings::all()) {
    CAPTURE(f.id);
    const std::string en = explain_finding(f.id, Lang::En);
    const std::string ru = explain_finding(f.id, Lang::Ru);
    CHECK(!en.empty());
    CHECK(!ru.empty());
    CHECK(en != ru);
  }
}

TEST_CASE("catalog: remarks from fields, in the reader's language") {
  Session s;
  s.protocol = "FTP";
  Event pasv = command("PASV");
  s.events.push_back(pasv);
  Event r = reply(227, "Entering Passive Mode (10,99,0,1,156,152).");
  r.answers = 0;
  r.add_field("data_endpoint", "10.99.0.1:40088");
  r.add_field("data_mode", "PASV");
  r.add_field("delay", "0.012");
  s.events.push_back(r);
  auto remarks = [&](const Event& e, Lang l) {
    std::string out;
    for (const auto& p : step_remarks(s, e, l)) out += plain(p) + "|";
    return out;
  };
  CHECK(remarks(s.events[1], Lang::En) ==
        "data connection expected at 10.99.0.1:40088|answered after 12 ms|");
  CHECK(remarks(s.events[1], Lang::Ru) ==
        "ожидается соединение данных на 10.99.0.1:40088|ответ через 12 мс|");
  // The address is a wire piece, the rest the catalog's words.
  const auto p = step_remarks(s, s.events[1], Lang::Ru)[0];
  REQUIRE(p.size() == 2);
  CHECK(!p[0].wire);
  CHECK(p[1].wire);
  // HTTP: a redirect to HTTPS.
  Session h;
  h.protocol = "HTTP";
  Event moved = reply(301, "Moved Permanently");
  moved.kind = StepKind::Response;
  moved.add_field("location", "https://tl-server.test/");
  h.events.push_back(moved);
  CHECK(plain(step_remarks(h, h.events[0], Lang::En).at(0)) ==
        "redirect to HTTPS: https://tl-server.test/");
  // TLS resumption; POP3's UPDATE; an AUTH line's decoded user name.
  Session t;
  t.protocol = "HTTP";
  Event hello;
  hello.kind = StepKind::Handshake;
  hello.dir = Direction::ServerToClient;
  hello.add_field("message", "ServerHello");
  hello.add_field("resumed_with", "session-id");
  hello.add_field("resumed_from", "0");
  t.events.push_back(hello);
  CHECK(plain(step_remarks(t, t.events[0], Lang::En).at(0)) ==
        "session resumed with its session id, issued in session 0");
  Session pop;
  pop.protocol = "POP3";
  Event upd;
  upd.kind = StepKind::Update;
  upd.dir = Direction::ServerToClient;
  upd.add_field("deleted", "2");
  upd.add_field("deleted", "3");
  pop.events.push_back(upd);
  CHECK(plain(step_remarks(pop, pop.events[0], Lang::En).at(0)) ==
        "deleted: 2, 3");
  Event auth;
  auth.kind = StepKind::Auth;
  auth.text = "YWxpY2U=";
  auth.add_field("decoded", "alice");
  pop.events.push_back(auth);
  CHECK(plain(step_remarks(pop, pop.events[1], Lang::En).at(0)) ==
        "decoded: alice");
  // The note: explanation, then remarks, then the dissector's own prose.
  Event own = s.events[1];
  own.note = "something only this capture says";
  s.events.push_back(own);
  const std::string note = plain(step_note(s, s.events[2], Lang::En));
  CHECK(note.starts_with("entering passive mode"));
  CHECK(
      note.ends_with("; data connection expected at 10.99.0.1:40088; "
                     "answered after 12 ms; something only this capture "
                     "says"));
}
