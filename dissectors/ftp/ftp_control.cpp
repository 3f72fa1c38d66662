// SPDX-License-Identifier: GPL-2.0-or-later
//
// FTP control connection (RFC 959, RFC 2428, RFC 4217's AUTH TLS).
//
// Lines in both directions: client commands and server replies (one or
// several lines: "211-Features:" ... "211 End").  Replies are paired with
// the oldest command waiting for one (a 1xx preliminary reply does not end
// the wait).  PORT, PASV, EPRT and EPSV become expected connections whose
// dissector (ftp_data.cpp) reports through a ControlLink.
//
// Packet list as tshark 4.0: each segment shows its first line, "Request: "
// or "Response: " in front, whatever line it belongs to.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <deque>
#include <string>
#include <vector>

#include "common/secret_spans.hpp"
#include "ftp_link.hpp"
#include "ftp_parse.hpp"
#include "tracelab/findings.hpp"

namespace tracelab {

namespace {

/// Longer lines are cut here (noted once); the rest of the line is skipped.
constexpr size_t kMaxLine = 8192;
/// Text kept of a multi-line reply.
constexpr size_t kMaxReplyText = 16 * 1024;
/// Commands waiting for their reply.
constexpr size_t kMaxPending = 64;
/// Refused commands remembered for the findings.
constexpr size_t kMaxRefusals = 64;

bool is_transfer(std::string_view verb) {
  return verb == "LIST" || verb == "NLST" || verb == "MLSD" || verb == "RETR" ||
         verb == "STOR" || verb == "STOU" || verb == "APPE";
}

// Where the secret of a command line begins (after "PASS " or "ACCT "), or
// npos; the line may be incomplete.
size_t secret_at(std::string_view l) {
  const size_t sp = l.find(' ');
  if (sp != 4) return std::string_view::npos;
  std::string verb(l.substr(0, 4));
  for (char& c : verb)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return verb == "PASS" || verb == "ACCT" ? sp + 1 : std::string_view::npos;
}

bool is_login(std::string_view verb) {
  return verb == "USER" || verb == "PASS" || verb == "ACCT";
}

// Commands whose argument names a file or directory (the `file` field).
bool names_file(std::string_view verb) {
  return is_transfer(verb) || verb == "DELE" || verb == "SIZE" ||
         verb == "MDTM" || verb == "MLST" || verb == "RNFR" || verb == "RNTO";
}

// The ways to set up a data connection: one failing and another of them
// succeeding (EPSV refused, PASV used) is a successful retry.
bool sets_up_data(std::string_view verb) {
  return verb == "PASV" || verb == "EPSV" || verb == "LPSV" || verb == "PORT" ||
         verb == "EPRT" || verb == "LPRT";
}

Outcome outcome_of(int code) {
  switch (code / 100) {
    case 1:
    case 3: return Outcome::Intermediate;
    case 2: return Outcome::Success;
    case 4:
    case 5: return Outcome::Failure;
    default: return Outcome::Info;  // a line that is no reply
  }
}

// "0.012345": seconds from `from` to `to`.
std::string delay_text(int64_t from, int64_t to) {
  const int64_t d = to >= from ? to - from : 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%06lld",
                static_cast<long long>(d / 1'000'000'000),
                static_cast<long long>((d % 1'000'000'000) / 1000));
  return buf;
}

class FtpControl final : public Dissector {
 public:
  explicit FtpControl(DissectorOutput& out)
      : out_(out), link_(std::make_shared<ftp::ControlLink>()) {
    link_->control = &out_;
  }
  ~FtpControl() override {
    if (link_->control == &out_) link_->control = nullptr;
  }

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    // Named on first use, not in the constructor: the output may still be
    // under construction then.
    if (!named_) named_ = (out_.set_protocol("FTP"), true);
    // Plaintext after AUTH TLS: the dialog is visible again.
    if (in_tls_) blind_ = in_tls_ = false;
    const size_t d = static_cast<size_t>(dir);
    const std::string_view all(reinterpret_cast<const char*>(data.data()),
                               data.size());
    // The bytes new in this delivery begin after last time's tail: tshark
    // shows their first line (summarized once the lines were read, which
    // note where the secrets lie).
    const size_t fresh_from = tail_[d];
    secrets_.begin(all);
    size_t pos = 0;
    while (pos < all.size() && !tls_) {
      if (skipping_[d]) {  // the rest of an over-long line
        const size_t nl = all.find('\n', pos);
        if (nl == std::string_view::npos) {
          pos = all.size();
          break;
        }
        skipping_[d] = false;
        pos = nl + 1;
        continue;
      }
      size_t nl = all.find('\n', pos);
      if (nl == std::string_view::npos || nl - pos > kMaxLine) {
        if (nl == std::string_view::npos && all.size() - pos < kMaxLine) {
          // Wait for the rest; a password begun is hidden already.
          const std::string_view part = all.substr(pos);
          const size_t at = secret_at(part);
          if (dir == Direction::ClientToServer && at != std::string_view::npos)
            secrets_.hide(part.substr(at));
          break;
        }
        out_.event(note_event(
            dir, clock,
            "line longer than " + std::to_string(kMaxLine) + " bytes: cut"));
        line(dir, all.substr(pos, kMaxLine), clock);
        skipping_[d] = true;
        pos += kMaxLine;
        continue;
      }
      std::string_view l = all.substr(pos, nl - pos);
      if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
      pos = nl + 1;
      line(dir, l, clock);
    }
    if (fresh_from < all.size()) summarize(dir, fresh_from, clock);
    if (tls_) {
      // From the next byte on, the TLS dissector hands us the plaintext.
      tls_ = false;
      out_.start_tls();
      tail_[0] = tail_[1] = 0;
      return {pos, 0, false};
    }
    tail_[d] = all.size() - pos;
    return {pos, 0, tail_[d] != 0};
  }

  void on_gap(Direction dir, uint64_t bytes,
              const StreamClock& clock) override {
    const size_t d = static_cast<size_t>(dir);
    tail_[d] = 0;
    skipping_[d] = true;  // resynchronise on the next line end
    // Whatever the client said there (QUIT?) is unknown.
    if (dir == Direction::ClientToServer) blind_ = true;
    if (dir == Direction::ServerToClient && multi_code_ >= 0) {
      reply_text_ += "\n[" + std::to_string(bytes) + " bytes missing]";
      finish_reply(clock);
    }
  }

  void on_end(EndReason why, const StreamClock& clock) override {
    if (multi_code_ >= 0) finish_reply(clock);
    const bool closed = why == EndReason::Fin || why == EndReason::Rst;
    for (const Pending& p : pending_) {
      if (is_transfer(p.verb) && p.prelim_frame) {
        // Started (1xx) but never confirmed by 226/250.
        refuse(Refusal::Transfer, p, p.prelim_frame);
      } else if (closed && p.verb != "QUIT" && !blind_) {
        out_.finding(findings::make(findings::kNoReply, p.frame, p.verb));
      }
    }
    for (const Refusal& r : refusals_) {
      Finding f;
      switch (r.kind) {
        case Refusal::Auth:
          f = findings::make(findings::kAuthFailed, r.frame, r.detail);
          if (r.retried) f.severity = Severity::Warning;
          break;
        case Refusal::Transfer:
          f = findings::make(findings::kFtpTransferFailed, r.frame, r.detail);
          // The session still moved files, or the capture was cut short.
          if (transfers_done_ || (!r.code && !closed))
            f.severity = Severity::Warning;
          break;
        case Refusal::Other:
          if (r.retried) continue;
          f = findings::make(findings::kCommandRefused, r.frame, r.detail);
          break;
      }
      if (r.command_frame && r.command_frame < r.frame)
        f.frames.insert(f.frames.begin(), r.command_frame);
      out_.finding(std::move(f));
    }
    if (!quit_ && !blind_ && !fatal_greeting_ && why != EndReason::Open &&
        (greeted_ || commands_)) {
      Finding f = findings::make(findings::kNoQuit, clock.frame, "QUIT");
      if (why == EndReason::CaptureEnd || why == EndReason::Timeout)
        f.severity = Severity::Warning;
      out_.finding(std::move(f));
    }
  }

 private:
  struct Pending {
    std::string verb, args;
    StepIndex step = kNoStep;
    uint64_t frame = 0;
    int64_t ts = 0;
    uint64_t prelim_frame = 0;  ///< a 1xx reply came (the transfer began)
  };
  struct Refusal {
    enum Kind : uint8_t { Auth, Transfer, Other } kind;
    std::string verb;
    uint64_t command_frame = 0, frame = 0;
    int code = 0;  ///< 0: never answered
    std::string detail;
    bool retried = false;
  };

  void refuse(Refusal::Kind kind, const Pending& p, uint64_t frame,
              int code = 0) {
    if (refusals_.size() >= kMaxRefusals) return;
    Refusal r;
    r.kind = kind;
    r.verb = p.verb;
    r.command_frame = p.frame;
    r.frame = frame;
    r.code = code;
    r.detail = p.args.empty() ? p.verb : p.verb + " " + p.args;
    refusals_.push_back(std::move(r));
  }

  // `verb` succeeded: earlier refusals of it were retried successfully.
  void succeeded(const std::string& verb) {
    for (Refusal& r : refusals_) {
      if (r.kind == Refusal::Auth) {
        r.retried =
            r.retried || verb == "PASS" || verb == "USER" || verb == "ACCT";
      } else if (r.kind == Refusal::Other) {
        r.retried = r.retried || r.verb == verb ||
                    (sets_up_data(r.verb) && sets_up_data(verb));
      }
    }
  }

  void summarize(Direction dir, size_t from, const StreamClock& clock) {
    PacketColumns* const columns = out_.columns();
    if (!columns) return;
    std::string masked;
    const std::string_view fresh =
        secrets_.apply(from, out_.settings().show_secrets, masked);
    const size_t end = fresh.find_first_of("\r\n");
    info_.assign(dir == Direction::ClientToServer ? "Request: " : "Response: ");
    info_.append(fresh.substr(0, std::min(end, kMaxLine)));
    columns->frame_summary(clock.frame, "FTP", info_);
  }

  Event note_event(Direction dir, const StreamClock& clock,
                   std::string text) const {
    Event e = step_event(dir, StepKind::Note, clock);
    e.text = std::move(text);
    return e;
  }

  void line(Direction dir, std::string_view l, const StreamClock& clock) {
    if (dir == Direction::ClientToServer)
      command(l, clock);
    else
      reply_line(l, clock);
  }

  void command(std::string_view l, const StreamClock& clock) {
    size_t sp = l.find(' ');
    std::string verb(l.substr(0, std::min(sp, size_t{16})));
    for (char& c : verb)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::string args(sp == std::string_view::npos ? std::string_view{}
                                                  : l.substr(sp + 1));
    Event e = step_event(Direction::ClientToServer, StepKind::Command, clock);
    e.command = verb;
    const bool secret = verb == "PASS" || verb == "ACCT";
    if (secret) {
      e.secret = args;
      e.text.assign(
          l.substr(0, sp == std::string_view::npos ? l.size() : sp + 1));
      if (sp != std::string_view::npos) {
        e.text += lines::kSecretMask;
        secrets_.hide(l.substr(sp + 1));
      }
    } else {
      e.args = args;
      e.text.assign(l);
    }
    if (verb == "USER" && !args.empty()) e.add_field("user", args);
    if (names_file(verb) && !args.empty()) e.add_field("file", args);
    if (verb == "PORT") {
      if (auto hp = ftp::parse_port_arg(args)) data_fields(e, *hp, "PORT");
    } else if (verb == "EPRT") {
      if (auto hp = ftp::parse_eprt_arg(args)) data_fields(e, *hp, "EPRT");
    }
    if (verb == "QUIT") quit_ = true;
    ++commands_;
    if (is_transfer(verb)) start_transfer(verb, args, l);
    const bool paired = pending_.size() < kMaxPending;
    if (!paired) e.note = "too many commands without a reply: not paired";
    const StepIndex step = out_.event(std::move(e));
    if (paired)
      pending_.push_back(
          {verb, secret ? "" : args, step, clock.frame, clock.ts_ns, 0});
  }

  // `data_endpoint` and `data_mode` of a PORT/EPRT command or 227/229.
  void data_fields(Event& e, const ftp::HostPort& where, const char* mode) {
    if (where.addr.family)
      e.add_field("data_endpoint",
                  Endpoint{where.addr, where.port}.to_string());
    e.add_field("data_mode", mode);
  }

  void start_transfer(const std::string& verb, const std::string& args,
                      std::string_view l) {
    ftp::ControlLink& k = *link_;
    ++k.transfer_seq;
    k.verb = verb;
    k.arg = args;
    k.line.assign(l);
    k.type = type_;
    k.rest = rest_;
    rest_ = 0;
    k.size = -1;
    k.size_by.clear();
    k.final_code = 0;
    if (verb == "RETR" && size_known_ >= 0 && size_name_ == args) {
      k.size = size_known_ > static_cast<int64_t>(k.rest)
                   ? size_known_ - static_cast<int64_t>(k.rest)
                   : 0;
      k.size_by = "SIZE";
    }
  }

  void reply_line(std::string_view l, const StreamClock& clock) {
    const auto start = ftp::parse_reply_start(l);
    if (multi_code_ < 0) {
      reply_frame_ = clock.frame;
      reply_text_.assign(l.substr(0, kMaxReplyText));
      if (!start) {  // not a reply: keep it as text
        multi_code_ = 0;
        finish_reply(clock);
        return;
      }
      multi_code_ = start->code;
      if (!start->more) finish_reply(clock);
      return;
    }
    if (reply_text_.size() < kMaxReplyText) {
      reply_text_ += '\n';
      reply_text_.append(l.substr(0, kMaxReplyText - reply_text_.size()));
    }
    // The last line repeats the code with a space (RFC 959 4.2).
    if (start && !start->more && start->code == multi_code_)
      finish_reply(clock);
  }

  void finish_reply(const StreamClock& clock) {
    const int code = multi_code_;
    multi_code_ = -1;
    // A reply before any command is the server's greeting (120, 220, or
    // 421 refusing service).
    const bool greeting = commands_ == 0 && pending_.empty();
    Event e =
        step_event(Direction::ServerToClient,
                   greeting ? StepKind::Greeting : StepKind::Reply, clock);
    if (code > 0) e.code = code;
    e.text = reply_text_;
    e.outcome = outcome_of(code);
    if (greeting) {
      greeted_ = true;
      if (code / 100 == 2) e.outcome = Outcome::Info;
      if (code >= 400) fatal_greeting_ = true;
      out_.event(std::move(e));
      return;
    }
    if (code == 421) fatal_greeting_ = true;  // the server is closing
    Pending p;
    if (code >= 200 && !pending_.empty()) {
      p = std::move(pending_.front());
      pending_.pop_front();
    } else if (code >= 100 && code < 200 && !pending_.empty()) {
      if (!pending_.front().prelim_frame)
        pending_.front().prelim_frame = clock.frame;
      p = pending_.front();
    }
    if (p.step != kNoStep) {
      e.answers = p.step;
      e.add_field("delay", delay_text(p.ts, clock.ts_ns));
    }
    act(code, p, e, clock);
    judge(code, p, clock);
    out_.event(std::move(e));
  }

  // What a final reply says about the dialog (the findings).
  void judge(int code, const Pending& p, const StreamClock& clock) {
    if (p.verb.empty() || code < 200) return;
    if (is_transfer(p.verb)) link_->final_code = code;
    if (code < 400) {
      if (is_transfer(p.verb)) transfers_done_ = true;
      if (code < 300) succeeded(p.verb);
      return;
    }
    if (code == 530 && is_login(p.verb))
      refuse(Refusal::Auth, p, clock.frame, code);
    else if (is_transfer(p.verb))
      refuse(Refusal::Transfer, p, clock.frame, code);
    else if (p.verb != "QUIT")
      refuse(Refusal::Other, p, clock.frame, code);
  }

  // What a reply to a command changes.
  void act(int code, const Pending& p, Event& e, const StreamClock& clock) {
    const std::string_view text = reply_text_;
    if (p.verb == "PASV" && code == 227) {
      if (auto hp = ftp::parse_pasv_reply(text)) {
        data_fields(e, *hp, "PASV");
        announce(*hp, "PASV", "PASV", false, clock);
      }
    } else if (p.verb == "EPSV" && code == 229) {
      if (auto port = ftp::parse_epsv_reply(text)) {
        ftp::HostPort hp;
        hp.addr = out_.server_end().addr;
        hp.port = *port;
        data_fields(e, hp, "EPSV");
        announce(hp, "EPASV", "EPSV", false, clock);
      }
    } else if (p.verb == "PORT" && code / 100 == 2) {
      if (auto hp = ftp::parse_port_arg(p.args))
        announce(*hp, "PORT", "PORT", true, clock);
    } else if (p.verb == "EPRT" && code / 100 == 2) {
      if (auto hp = ftp::parse_eprt_arg(p.args))
        announce(*hp, "", "EPRT", true, clock);
    } else if (p.verb == "TYPE" && code / 100 == 2 && !p.args.empty()) {
      type_ = static_cast<char>(
          std::toupper(static_cast<unsigned char>(p.args[0])));
    } else if (p.verb == "REST" && code == 350) {
      rest_ = ftp::parse_decimal(p.args).value_or(0);
    } else if (p.verb == "SIZE" && code == 213) {
      if (auto n = ftp::parse_decimal(
              text.substr(std::min<size_t>(4, text.size())))) {
        size_name_ = p.args;
        size_known_ = static_cast<int64_t>(*n);
      }
    } else if (p.verb == "AUTH" && code == 234) {
      tls_ = true;  // the bytes after this line are TLS
      // Unseen unless the TLS dissector decrypts it and hands it back.
      blind_ = in_tls_ = true;
      e.note = "TLS follows on this connection";
    }
    if (is_transfer(p.verb) &&
        (code == 150 || code == 125 || code == 226 || code == 250)) {
      if (auto n = ftp::parse_bytes_note(text)) {
        link_->size = static_cast<int64_t>(*n);
        link_->size_by = std::to_string(code);
      }
    }
  }

  void announce(const ftp::HostPort& where, const char* mode,
                const char* data_mode, bool active, const StreamClock& clock) {
    ExpectedConnection x;
    x.tcp = true;
    x.server.addr = where.addr;
    x.server.port = where.port;
    ftp::DataSetup setup;
    setup.mode = mode;
    setup.data_mode = data_mode;
    setup.active = active;
    setup.seq_at_announce = link_->transfer_seq;
    x.make = [link = link_, setup](DissectorOutput& o) {
      return ftp::make_data_dissector(o, link, setup);
    };
    out_.expect(std::move(x), clock.ts_ns);
  }

  DissectorOutput& out_;
  std::shared_ptr<ftp::ControlLink> link_;
  std::string info_;
  size_t tail_[2] = {0, 0};
  lines::SecretSpans secrets_;  ///< in the client delivery being read
  bool skipping_[2] = {false, false};
  std::deque<Pending> pending_;
  int multi_code_ = -1;  ///< reply being read (0: a line that is no reply)
  uint64_t reply_frame_ = 0;
  std::string reply_text_;
  char type_ = 'A';
  uint64_t rest_ = 0;
  std::string size_name_;
  int64_t size_known_ = -1;
  bool tls_ = false;  ///< AUTH TLS accepted: stop after this line
  bool named_ = false;
  uint64_t commands_ = 0;
  bool greeted_ = false, quit_ = false, fatal_greeting_ = false;
  bool blind_ = false;   ///< client bytes were lost: QUIT may be among them
  bool in_tls_ = false;  ///< after AUTH TLS, before any plaintext came back
  bool transfers_done_ = false;  ///< a transfer was confirmed (226, 250)
  std::vector<Refusal> refusals_;
};

}  // namespace

DissectorInfo ftp_dissector_info() {
  DissectorInfo info;
  info.name = "ftp";
  info.tcp_ports = {21};
  info.tls_ports = {990};
  info.make = [](DissectorOutput& out) {
    return std::make_unique<FtpControl>(out);
  };
  return info;
}

}  // namespace tracelab
