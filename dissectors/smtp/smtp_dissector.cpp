// SPDX-License-Identifier: GPL-2.0-or-later
#include "smtp/smtp_dissector.hpp"

#include <cctype>
#include <cstring>
#include <deque>
#include <vector>

#include "common/ascii.hpp"
#include "common/bounded_line.hpp"
#include "common/dialog_checks.hpp"
#include "common/secret_spans.hpp"
#include "common/start_tls.hpp"
#include "mail/auth.hpp"
#include "mail/dot_stuffing.hpp"
#include "mail/mail_message.hpp"
#include "smtp/smtp_columns.hpp"

namespace tracelab {
namespace {

using mail::MailMessage;

constexpr size_t kMaxLine = 4096;         // command / reply line kept
constexpr size_t kMaxWaitNoLine = 65536;  // bytes held waiting for a line end
constexpr size_t kMaxReplyLines = 64;     // lines of one reply kept
constexpr size_t kMaxPending = 256;       // commands awaiting replies

std::string_view as_text(std::span<const uint8_t> d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

// A command waiting for its reply.
struct Pending {
  std::string verb;  // "." for the end of a message
  StepIndex step = kNoStep;
  int64_t ts = 0;
  uint64_t frame = 0;
  std::string detail;  // what a finding about it names (RCPT: the address)
};

// The address inside "FROM:<a@b> SIZE=10" / "TO:<a@b>" (without <>).
std::string path_address(std::string_view args) {
  const size_t colon = args.find(':');
  std::string_view v =
      colon == std::string_view::npos ? args : args.substr(colon + 1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  if (!v.empty() && v.front() == '<') {
    const size_t close = v.find('>');
    return std::string(v.substr(
        1, close == std::string_view::npos ? v.size() - 1 : close - 1));
  }
  return std::string(v.substr(0, v.find(' ')));
}

Outcome reply_outcome(int code) {
  if (code >= 200 && code < 300) return Outcome::Success;
  if (code >= 400 && code < 600) return Outcome::Failure;
  if (code >= 100 && code < 400) return Outcome::Intermediate;
  return Outcome::Info;
}

bool is_auth_prompt_text(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return !s.empty();
}

class SmtpDissector final : public Dissector {
 public:
  explicit SmtpDissector(DissectorOutput& out) : out_(out), message_(out) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    if (!named_) {
      out_.set_protocol("SMTP");
      named_ = true;
    }
    switch (start_tls_.check(dir, data, clock, out_)) {
      case lines::StartTls::Verdict::Opaque: return {data.size(), 0, false};
      case lines::StartTls::Verdict::HandOver:
        checks_.set_blind(true);  // until plaintext comes back
        return {0, 0, false};
      case lines::StartTls::Verdict::NotTls:
        // The server now reads bytes as TLS: it answers no command.
        checks_.set_blind(true);
        pending_.clear();
        break;
      case lines::StartTls::Verdict::Decrypted: checks_.set_blind(false); break;
      case lines::StartTls::Verdict::Plain: break;
    }
    const std::string_view pdu = as_text(data);
    // As tshark does, wait until the first line of a delivery is complete.
    if (pdu.find('\n') == std::string_view::npos && pdu.size() < kMaxWaitNoLine)
      return {0, 0, true};
    clock_ = clock;
    if (dir == Direction::ClientToServer) {
      secrets_.begin(pdu);
      column_role_ = smtp::SmtpColumns::LineRole::Plain;
      client_bytes(pdu);
    } else {
      server_bytes(pdu);
    }
    if (PacketColumns* const columns = out_.columns())
      summarize(*columns, dir, pdu);
    return {data.size(), 0, false};
  }

  // The packet-list columns of the delivery `pdu` (tshark's view of it:
  // smtp_columns.hpp), with what the dialog marked as secret masked.
  void summarize(PacketColumns& columns, Direction dir, std::string_view pdu) {
    std::string info;
    if (dir == Direction::ClientToServer) {
      std::string masked;
      const std::string_view shown =
          secrets_.apply(0, out_.settings().show_secrets, masked);
      if (columns_.client(shown, column_role_, info) ==
          smtp::SmtpColumns::Pdu::EndOfMessage) {
        columns.frame_summary(clock_.frame, "SMTP/IMF", info);
        return;
      }
    } else {
      columns_.server(pdu, info);
    }
    columns.frame_summary(clock_.frame, "SMTP", info);
  }

  void on_gap(Direction dir, uint64_t bytes, const StreamClock&) override {
    if (dir == Direction::ClientToServer) {
      client_line_.clear();
      if (mode_ == Mode::Data || mode_ == Mode::Bdat) {
        gap_bytes_ += bytes;
        unstuff_.gap();
        if (mode_ == Mode::Bdat)
          bdat_left_ = bytes >= bdat_left_ ? 0 : bdat_left_ - bytes;
      }
    } else {
      server_line_.clear();
      reply_lines_.clear();
    }
  }

  void on_end(EndReason why, const StreamClock& clock) override {
    clock_ = clock;
    if (message_.active())
      message_.end("incomplete: the session ended before the message did",
                   clock.frame);
    transaction_end();
    std::vector<lines::DialogChecks::Unanswered> left;
    for (const Pending& p : pending_) left.push_back({p.verb, p.frame});
    checks_.finish(out_, why, clock.frame, left, "QUIT");
  }

 private:
  enum class Mode : uint8_t { Commands, Data, Bdat };

  // ---- client ------------------------------------------------------------

  void client_bytes(std::string_view d) {
    size_t pos = 0;
    while (pos < d.size()) {
      if (mode_ == Mode::Data) {
        pos += data_bytes(d.substr(pos));
      } else if (mode_ == Mode::Bdat) {
        const size_t take =
            static_cast<size_t>(std::min<uint64_t>(bdat_left_, d.size() - pos));
        write_message(d.substr(pos, take));
        pos += take;
        bdat_left_ -= take;
        if (bdat_left_ == 0) bdat_chunk_done();
      } else {
        if (!client_line_.take(d, pos)) {
          lines::hide_open_line_secret(secrets_, client_line_,
                                       secret_start(client_line_.line()));
          return;
        }
        command_line(client_line_.line());
        client_line_.clear();
      }
    }
  }

  // Where a secret begins in a client line, complete or not yet: a SASL
  // response that carries one (all but AUTH LOGIN's user name), or the
  // initial response after AUTH's mechanism; npos when none.
  size_t secret_start(std::string_view line) const {
    if (auth_active_ && !awaiting_auth_reply_)
      return auth_mech_ == "LOGIN" && auth_step_ == 0 ? std::string_view::npos
                                                      : 0;
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos ||
        ascii_upper(line.substr(0, sp)) != "AUTH")
      return std::string_view::npos;
    const size_t sp2 = line.find(' ', sp + 1);
    return sp2 == std::string_view::npos ? sp2 : sp2 + 1;
  }

  void write_message(std::string_view bytes) {
    message_.write(
        {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()},
        clock_.frame);
  }

  // DATA: dot-unstuffing and the end mark "<CRLF>.<CRLF>".
  size_t data_bytes(std::string_view d) {
    bool ended = false;
    const size_t used = unstuff_.feed(
        d, [this](std::string_view b) { write_message(b); }, ended);
    if (ended) message_done(true);
    return used;
  }

  // The message step; after DATA's end mark the reply answers it (the
  // 354 answered DATA), after BDAT LAST the reply answers that BDAT.
  void message_done(bool dot) {
    std::string note;
    if (gap_bytes_) {
      note = "truncated: " + std::to_string(gap_bytes_) + " bytes missing";
    }
    message_.end(note, clock_.frame);
    Event e = step_event(Direction::ClientToServer, StepKind::Message, clock_);
    e.fields = message_.fields();
    if (!note.empty()) e.note = note;
    const StepIndex at = out_.event(std::move(e));
    mode_ = Mode::Commands;
    gap_bytes_ = 0;
    if (dot) expect(".", at, "");
  }

  void bdat_chunk_done() {
    mode_ = Mode::Commands;
    if (bdat_last_) message_done(false);
  }

  void expect(std::string verb, StepIndex step, std::string detail) {
    if (pending_.size() >= kMaxPending) pending_.pop_front();
    pending_.push_back(
        {std::move(verb), step, clock_.ts_ns, clock_.frame, std::move(detail)});
  }

  void command_line(std::string_view line) {
    if (auth_active_ && !awaiting_auth_reply_) {
      auth_response(line);
      return;
    }
    const size_t sp = line.find(' ');
    std::string verb = ascii_upper(line.substr(0, sp));
    std::string_view args =
        sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    Event e = step_event(Direction::ClientToServer, StepKind::Command, clock_);
    e.command = verb;
    e.args.assign(args);
    e.text.assign(line);
    std::string detail;
    if (verb == "AUTH") {
      const size_t sp2 = args.find(' ');
      auth_mech_ = ascii_upper(args.substr(0, sp2));
      auth_step_ = 0;
      auth_active_ = true;
      awaiting_auth_reply_ = true;
      e.add_field("mechanism", auth_mech_);
      e.args = auth_mech_;
      if (sp2 != std::string_view::npos) {
        // An initial response rides on the command: masked as a whole
        // (base64 hides where the password starts).
        const std::string_view ir = args.substr(sp2 + 1);
        const auto s = mail::decode_sasl_response(auth_mech_, 0, ir);
        auth_step_ = 1;
        if (!s.user.empty()) {
          e.add_field("decoded", s.user);
          e.add_field("user", s.user);
        }
        e.secret = s.secret;
        const size_t at = static_cast<size_t>(ir.data() - line.data());
        e.text = lines::hide_line_secret(secrets_, client_line_, line, at);
      }
    } else if (verb == "MAIL") {
      e.add_field("from", path_address(args));
      const std::string up = ascii_upper(args);
      const size_t sz = up.find(" SIZE=");
      if (sz != std::string::npos) {
        std::string_view v = args.substr(sz + 6);
        e.add_field("size", std::string(v.substr(0, v.find(' '))));
      }
    } else if (verb == "RCPT") {
      detail = path_address(args);
      e.add_field("to", detail);
    } else if (verb == "DATA") {
      mode_ = Mode::Data;
      unstuff_.reset();
      gap_bytes_ = 0;
      message_.begin();
    } else if (verb == "BDAT") {
      uint64_t n = 0;
      size_t i = 0;
      while (i < args.size() &&
             std::isdigit(static_cast<unsigned char>(args[i])) &&
             n < (uint64_t{1} << 40))
        n = n * 10 + static_cast<uint64_t>(args[i++] - '0');
      bdat_last_ = ascii_upper(args).find("LAST") != std::string::npos;
      if (!message_.active()) {
        message_.begin();
        gap_bytes_ = 0;
      }
      bdat_left_ = n;
      mode_ = Mode::Bdat;
      const StepIndex at = out_.event(std::move(e));
      expect(verb, at, "");
      if (n == 0) bdat_chunk_done();
      return;
    } else if (verb == "RSET") {
      if (message_.active()) message_.end("aborted by RSET", clock_.frame);
    } else if (verb == "QUIT") {
      checks_.quit_sent();
    }
    if (detail.empty()) detail = e.text;
    const StepIndex at = out_.event(std::move(e));
    expect(std::move(verb), at, std::move(detail));
  }

  void auth_response(std::string_view line) {
    using Role = smtp::SmtpColumns::LineRole;
    column_role_ = auth_mech_ != "LOGIN" ? Role::Sasl
                   : auth_step_ == 0     ? Role::User
                   : auth_step_ == 1     ? Role::Pass
                                         : Role::Sasl;
    Event e = step_event(Direction::ClientToServer, StepKind::Auth, clock_);
    awaiting_auth_reply_ = true;
    e.text.assign(line);
    if (line == "*") {  // the client cancels the exchange
      out_.event(std::move(e));
      return;
    }
    const auto s = mail::decode_sasl_response(auth_mech_, auth_step_++, line);
    if (!s.user.empty()) {
      e.add_field("decoded", s.user);
      e.add_field("user", s.user);
    }
    e.secret = s.secret;
    // The whole line is base64 of what carries the secret.
    if (!s.secret.empty())
      e.text = lines::hide_line_secret(secrets_, client_line_, line, 0);
    out_.event(std::move(e));
  }

  // ---- server ------------------------------------------------------------

  void server_bytes(std::string_view d) {
    size_t pos = 0;
    while (pos < d.size()) {
      if (!server_line_.take(d, pos)) return;
      reply_line(server_line_.line());
      server_line_.clear();
    }
  }

  void reply_line(std::string_view line) {
    const bool coded = line.size() >= 3 &&
                       std::isdigit(static_cast<unsigned char>(line[0])) &&
                       std::isdigit(static_cast<unsigned char>(line[1])) &&
                       std::isdigit(static_cast<unsigned char>(line[2]));
    const bool more = coded && line.size() >= 4 && line[3] == '-';
    if (reply_lines_.size() < kMaxReplyLines) reply_lines_.emplace_back(line);
    if (reply_lines_.size() == 1)
      reply_code_ =
          coded ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0')
                : -1;
    if (more) return;
    reply_done();
  }

  // The text after the code of reply line `i`.
  std::string_view reply_text(size_t i) const {
    std::string_view l = reply_lines_[i];
    return l.size() > 4 ? l.substr(4) : std::string_view{};
  }

  void reply_done() {
    const int code = reply_code_;
    const Outcome outcome = reply_outcome(code);
    Event e = step_event(Direction::ServerToClient, StepKind::Reply, clock_);
    e.code = code;
    e.outcome = outcome;
    // The reply's lines as they crossed the wire.
    for (size_t i = 0; i < reply_lines_.size(); ++i) {
      if (i) e.text += "\r\n";
      e.text += reply_lines_[i];
    }
    Pending answers;
    if (!greeted_) {
      greeted_ = true;
      e.kind = StepKind::Greeting;
      e.outcome =
          outcome == Outcome::Failure ? Outcome::Failure : Outcome::Info;
      if (outcome == Outcome::Failure) checks_.fatal_greeting();
      out_.event(std::move(e));
      reply_lines_.clear();
      return;
    }
    if (code == 334 && auth_active_ && !pending_.empty() &&
        pending_.front().verb == "AUTH") {
      // A SASL prompt: the client's next line answers it.
      e.kind = StepKind::Continuation;
      lines::answer(e, pending_.front().step, pending_.front().ts);
      std::string prompt;
      if (mail::base64_decode(reply_text(0), prompt) &&
          is_auth_prompt_text(prompt))
        e.add_field("decoded", prompt);
      awaiting_auth_reply_ = false;
      out_.event(std::move(e));
      reply_lines_.clear();
      return;
    }
    if (!pending_.empty()) {
      answers = std::move(pending_.front());
      pending_.pop_front();
    }
    lines::answer(e, answers.step, answers.ts);
    out_.event(std::move(e));
    const std::string& v = answers.verb;

    if (v == "AUTH") {
      auth_active_ = false;
      awaiting_auth_reply_ = false;
    }
    if (v == "EHLO" && code == 250 && reply_lines_.size() > 1) {
      Event x =
          step_event(Direction::ServerToClient, StepKind::Extensions, clock_);
      x.outcome = Outcome::Info;
      lines::answer(x, answers.step, answers.ts);
      for (size_t i = 1; i < reply_lines_.size(); ++i) {
        if (i > 1) x.args += ", ";
        x.args += reply_text(i);
      }
      x.text = std::move(x.args);
      x.args.clear();
      out_.event(std::move(x));
    }
    judge(answers, code, outcome);
    if (v == "DATA" && code != 354 && mode_ == Mode::Data &&
        message_.size() == 0) {
      message_.end("refused: no data sent", clock_.frame);
      mode_ = Mode::Commands;
    }
    if (v == "STARTTLS" && code == 220) {
      // Both directions are TLS from here, if the next bytes say so; the
      // plaintext, if it can be decrypted, comes back as a new dialog (EHLO
      // again, no greeting).
      pending_.clear();
      mode_ = Mode::Commands;
      client_line_.clear();
      start_tls_.accepted("STARTTLS");
    }
    reply_lines_.clear();
  }

  // What a reply to `p` tells about the dialog.
  void judge(const Pending& p, int code, Outcome outcome) {
    const std::string& v = p.verb;
    const uint64_t frame = clock_.frame;
    const bool ok = outcome == Outcome::Success;
    const bool failed = outcome == Outcome::Failure;
    if (v == "MAIL") {
      transaction_end();
      if (ok) {
        txn_ = Transaction{};
        txn_.open = true;
      }
    } else if (v == "RCPT") {
      if (ok) {
        txn_.rcpt_ok = true;
      } else if (failed && txn_.refused.size() < 64) {
        txn_.refused.push_back(frame);
        if (!txn_.refused_detail.empty()) txn_.refused_detail += ", ";
        txn_.refused_detail += p.detail;
      }
    } else if (v == "DATA" || v == "BDAT" || v == ".") {
      if (v != ".") {
        txn_.data = true;
        recipients_verdict();
      }
      const bool accepted = ok || (v == "DATA" && code == 354);
      if (!accepted)
        out_.finding(findings::make(findings::kSmtpMessageRejected, frame,
                                    reply_lines_.front()));
      if (v == ".") txn_ = Transaction{};  // the transaction is over
      return;
    } else if (v == "RSET" || v == "QUIT" || v == "HELO" || v == "EHLO") {
      if (ok || v == "QUIT") transaction_end();
    }
    const std::string family = v == "HELO" ? "EHLO" : v;
    const bool auth = v == "AUTH";
    if (ok) checks_.succeeded(family, auth);
    if (failed) {
      // RCPT refusals count as recipient-refused when no recipient of the
      // transaction was accepted (reported at its end); else as refused
      // commands.
      checks_.refused(family, frame, p.detail, auth);
    }
  }

  // The transaction's recipients, judged once its DATA was answered or it
  // ended: all refused is `smtp-recipient-refused`.
  void recipients_verdict() {
    if (txn_.verdict_done) return;
    txn_.verdict_done = true;
    if (!txn_.rcpt_ok && !txn_.refused.empty()) {
      Finding f = findings::make(findings::kSmtpRecipientRefused,
                                 txn_.refused.front(), txn_.refused_detail);
      f.frames = txn_.refused;
      out_.finding(std::move(f));
      checks_.forget_refusals(txn_.refused);
    }
  }

  // RSET, a new MAIL, QUIT or the end: a transaction with an accepted
  // recipient but no DATA is `smtp-no-data`.
  void transaction_end() {
    if (!txn_.open) return;
    recipients_verdict();
    if (txn_.rcpt_ok && !txn_.data)
      out_.finding(findings::make(findings::kSmtpNoData, clock_.frame, ""));
    txn_ = Transaction{};
  }

  struct Transaction {
    bool open = false;
    bool rcpt_ok = false;
    bool data = false;
    bool verdict_done = false;
    std::vector<uint64_t> refused;
    std::string refused_detail;
  };

  DissectorOutput& out_;
  StreamClock clock_;
  smtp::SmtpColumns columns_;
  // The last AUTH response in the client delivery being read, for columns_.
  smtp::SmtpColumns::LineRole column_role_ = smtp::SmtpColumns::LineRole::Plain;
  MailMessage message_;

  Mode mode_ = Mode::Commands;
  mail::DotUnstuffer unstuff_;
  uint64_t bdat_left_ = 0;
  bool bdat_last_ = false;
  uint64_t gap_bytes_ = 0;
  lines::BoundedLine client_line_{kMaxLine}, server_line_{kMaxLine};
  lines::SecretSpans secrets_;  ///< in the client delivery being read
  std::vector<std::string> reply_lines_;
  int reply_code_ = -1;
  std::deque<Pending> pending_;
  bool greeted_ = false;
  bool auth_active_ = false;
  bool awaiting_auth_reply_ = false;
  std::string auth_mech_;
  int auth_step_ = 0;
  lines::StartTls start_tls_;
  lines::DialogChecks checks_;
  Transaction txn_;
  bool named_ = false;
};

bool looks_like_smtp(Direction dir, std::span<const uint8_t> d) {
  const std::string_view s = as_text(d);
  if (dir == Direction::ServerToClient)
    return s.size() >= 4 && (s.starts_with("220 ") || s.starts_with("220-")) &&
           (s.find("SMTP") != std::string_view::npos ||
            s.find("smtp") != std::string_view::npos);
  const std::string u = ascii_upper(s.substr(0, 5));
  return u == "EHLO " || u == "HELO ";
}

}  // namespace

DissectorInfo smtp_dissector_info() {
  DissectorInfo info;
  info.name = "smtp";
  info.tcp_ports = {25, 587};
  info.tls_ports = {465};
  info.probe = looks_like_smtp;
  info.make = [](DissectorOutput& out) -> std::unique_ptr<Dissector> {
    return std::make_unique<SmtpDissector>(out);
  };
  return info;
}

}  // namespace tracelab
