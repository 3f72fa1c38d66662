// SPDX-License-Identifier: GPL-2.0-or-later
#include "pop3/pop3_dissector.hpp"

#include <deque>
#include <set>
#include <vector>

#include "common/ascii.hpp"
#include "common/bounded_line.hpp"
#include "common/dialog_checks.hpp"
#include "common/secret_spans.hpp"
#include "common/start_tls.hpp"
#include "mail/auth.hpp"
#include "mail/dot_stuffing.hpp"
#include "mail/mail_message.hpp"
#include "pop3/pop3_columns.hpp"

namespace tracelab {
namespace {

constexpr size_t kMaxLine = 4096;      // command / status line kept
constexpr size_t kMaxListing = 4096;   // text of a listing kept
constexpr size_t kMaxPending = 256;    // commands awaiting replies
constexpr size_t kMaxMarked = 100000;  // DELE marks tracked

std::string_view as_text(std::span<const uint8_t> d) {
  return {reinterpret_cast<const char*>(d.data()), d.size()};
}

struct Pending {
  std::string verb;
  std::string args;  // what decides the answer's shape (never a secret)
  StepIndex step = kNoStep;
  int64_t ts = 0;
  uint64_t frame = 0;
  std::string detail;  // the command as typed, secret masked
};

bool printable(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return !s.empty();
}

bool is_auth_verb(std::string_view v) {
  return v == "PASS" || v == "APOP" || v == "AUTH" || v == "USER";
}

class Pop3Dissector final : public Dissector {
 public:
  explicit Pop3Dissector(DissectorOutput& out) : out_(out), message_(out) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    if (!named_) {
      out_.set_protocol("POP");
      named_ = true;
    }
    switch (start_tls_.check(dir, data, clock, out_)) {
      case lines::StartTls::Verdict::Opaque: return {data.size(), 0, false};
      case lines::StartTls::Verdict::HandOver:
        checks_.set_blind(true);  // until plaintext comes back
        return {0, 0, false};
      case lines::StartTls::Verdict::NotTls: checks_.set_blind(true); break;
      case lines::StartTls::Verdict::Decrypted: checks_.set_blind(false); break;
      case lines::StartTls::Verdict::Plain: break;
    }
    const std::string_view seg = as_text(data);
    clock_ = clock;
    if (dir == Direction::ClientToServer) {
      secrets_.begin(seg);
      client_bytes(seg);
    } else {
      server_bytes(seg);
    }
    if (PacketColumns* const columns = out_.columns())
      summarize(*columns, dir, seg);
    return {data.size(), 0, false};
  }

  // The packet-list columns of the segment `seg` (tshark's view of it:
  // pop3_columns.hpp), with what the dialog marked as secret masked.
  void summarize(PacketColumns& columns, Direction dir, std::string_view seg) {
    std::string info;
    bool imf;
    if (dir == Direction::ClientToServer) {
      std::string masked;
      imf = columns_.client(
          secrets_.apply(0, out_.settings().show_secrets, masked), info);
    } else {
      imf = columns_.server(seg, info);
    }
    columns.frame_summary(clock_.frame, imf ? "POP/IMF" : "POP", info);
  }

  void on_gap(Direction dir, uint64_t bytes, const StreamClock&) override {
    if (dir == Direction::ClientToServer) {
      client_line_.clear();
      return;
    }
    server_line_.clear();
    if (body_ != Body::None) {
      gap_bytes_ += bytes;
      unstuff_.gap();
    }
  }

  void on_end(EndReason why, const StreamClock& clock) override {
    clock_ = clock;
    if (message_.active())
      message_.end("incomplete: the session ended before the message did",
                   clock.frame);
    if (!marked_.empty() && !checks_.blind()) {
      // Marked for deletion, but no QUIT took the session to UPDATE: the
      // server deletes nothing (RFC 1939 6).
      Finding f = findings::make(findings::kPop3DeleNotCommitted, clock.frame);
      f.frames = dele_frames_;
      f.frames.push_back(clock.frame);
      for (const auto& m : marked_) {
        if (!f.detail.empty()) f.detail += " ";
        f.detail += m;
      }
      out_.finding(std::move(f));
    }
    std::vector<lines::DialogChecks::Unanswered> left;
    for (const Pending& p : pending_) left.push_back({p.verb, p.frame});
    checks_.finish(out_, why, clock.frame, left, "QUIT");
  }

 private:
  enum class Body : uint8_t { None, Listing, Message };

  Event make(Direction dir, StepKind kind) const {
    return step_event(dir, kind, clock_);
  }

  // ---- client ------------------------------------------------------------

  void client_bytes(std::string_view d) {
    for (size_t pos = 0; pos < d.size();) {
      if (!client_line_.take(d, pos)) {
        lines::hide_open_line_secret(secrets_, client_line_,
                                     secret_start(client_line_.line()));
        return;
      }
      command_line(client_line_.line());
      client_line_.clear();
    }
  }

  // Where a secret begins in a client line, complete or not yet: a whole
  // SASL response, PASS's argument, what follows APOP's user name or AUTH's
  // mechanism (the digest, an initial response); npos when none.
  size_t secret_start(std::string_view line) const {
    if (sasl_ && !sasl_awaiting_server_) return 0;
    const size_t sp = line.find(' ');
    if (sp == std::string_view::npos) return sp;
    const std::string verb = ascii_upper(line.substr(0, sp));
    if (verb == "PASS") return sp + 1;
    if (verb != "APOP" && verb != "AUTH") return std::string_view::npos;
    const size_t sp2 = line.find(' ', sp + 1);
    return sp2 == std::string_view::npos ? sp2 : sp2 + 1;
  }

  void command_line(std::string_view line) {
    if (sasl_ && !sasl_awaiting_server_) {
      Event e = make(Direction::ClientToServer, StepKind::Auth);
      sasl_awaiting_server_ = true;
      e.text.assign(line);
      if (line != "*") {  // "*" cancels the exchange
        const auto s =
            mail::decode_sasl_response(sasl_mech_, sasl_step_++, line);
        if (!s.user.empty()) {
          e.add_field("decoded", s.user);
          e.add_field("user", s.user);
        }
        e.secret = s.secret;
        if (!s.secret.empty())
          e.text = lines::hide_line_secret(secrets_, client_line_, line, 0);
      }
      out_.event(std::move(e));
      return;
    }
    const size_t sp = line.find(' ');
    std::string verb = ascii_upper(line.substr(0, sp));
    const std::string_view args =
        sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    Event e = make(Direction::ClientToServer, StepKind::Command);
    e.command = verb;
    e.text.assign(line);
    const auto offset = [&](std::string_view part) {
      return static_cast<size_t>(part.data() - line.data());
    };
    if (verb == "PASS") {
      e.secret.assign(args);
      if (sp != std::string_view::npos)
        e.text =
            lines::hide_line_secret(secrets_, client_line_, line, offset(args));
    } else if (verb == "APOP") {
      const size_t sp2 = args.rfind(' ');
      e.args.assign(args.substr(0, sp2));
      e.add_field("user", e.args);
      if (sp2 != std::string_view::npos) {
        const std::string_view digest = args.substr(sp2 + 1);
        e.secret.assign(digest);
        e.text = lines::hide_line_secret(secrets_, client_line_, line,
                                         offset(digest));
      }
    } else if (verb == "AUTH" && !args.empty()) {
      // A mechanism: the SASL exchange follows.
      const size_t sp2 = args.find(' ');
      sasl_mech_ = ascii_upper(args.substr(0, sp2));
      sasl_ = true;
      sasl_awaiting_server_ = true;
      sasl_step_ = 0;
      e.args = sasl_mech_;
      e.add_field("mechanism", sasl_mech_);
      if (sp2 != std::string_view::npos) {
        const std::string_view ir = args.substr(sp2 + 1);
        const auto s = mail::decode_sasl_response(sasl_mech_, 0, ir);
        sasl_step_ = 1;
        if (!s.user.empty()) {
          e.add_field("decoded", s.user);
          e.add_field("user", s.user);
        }
        e.secret = s.secret;
        e.text =
            lines::hide_line_secret(secrets_, client_line_, line, offset(ir));
      }
    } else {
      e.args.assign(args);
      if (verb == "USER") e.add_field("user", std::string(args));
      if ((verb == "RETR" || verb == "TOP" || verb == "DELE") && !args.empty())
        e.add_field("message_number",
                    std::string(args.substr(0, args.find(' '))));
      if (verb == "QUIT") checks_.quit_sent();
    }
    Pending p{verb,         std::string(args.substr(0, args.find(' '))),
              kNoStep,      clock_.ts_ns,
              clock_.frame, e.text};
    // Only what decides the answer's shape is kept (never a secret).
    if (verb == "PASS" || verb == "APOP") p.args.clear();
    if (verb == "AUTH") p.args = sasl_mech_;
    p.step = out_.event(std::move(e));
    if (pending_.size() >= kMaxPending) pending_.pop_front();
    pending_.push_back(std::move(p));
  }

  // ---- server ------------------------------------------------------------

  void server_bytes(std::string_view d) {
    size_t pos = 0;
    while (pos < d.size()) {
      if (body_ == Body::Message && server_line_.empty()) {
        pos += message_bytes(d.substr(pos));
        continue;
      }
      if (!server_line_.take(d, pos)) return;
      if (body_ == Body::Listing)
        listing_line(server_line_.line());
      else
        status_line(server_line_.line());
      server_line_.clear();
    }
  }

  // A RETR/TOP body streamed, byte-stuffing undone, "." ends it.
  size_t message_bytes(std::string_view d) {
    bool ended = false;
    const size_t used = unstuff_.feed(
        d, [this](std::string_view b) { write(b); }, ended);
    if (ended) message_done();
    return used;
  }

  void write(std::string_view bytes) {
    message_.write(
        {reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()},
        clock_.frame);
  }

  void message_done() {
    std::string note = partial_ ? "partial" : "";
    if (gap_bytes_) {
      if (!note.empty()) note += "; ";
      note += "truncated: " + std::to_string(gap_bytes_) + " bytes missing";
    }
    message_.end(note, clock_.frame);
    Event e = make(Direction::ServerToClient, StepKind::Message);
    e.outcome = Outcome::Info;
    lines::answer(e, body_for_.step, body_for_.ts);
    for (const Field& f : message_.fields()) e.fields.push_back(f);
    e.note = note;
    out_.event(std::move(e));
    body_ = Body::None;
    gap_bytes_ = 0;
  }

  void listing_line(std::string_view line) {
    if (line == ".") {
      Event e = make(Direction::ServerToClient, StepKind::Listing);
      e.outcome = Outcome::Info;
      lines::answer(e, body_for_.step, body_for_.ts);
      e.args = std::to_string(listing_lines_) + " lines";
      e.text = std::move(listing_);
      out_.event(std::move(e));
      listing_.clear();
      listing_lines_ = 0;
      body_ = Body::None;
      return;
    }
    if (!line.empty() && line[0] == '.') line.remove_prefix(1);
    ++listing_lines_;
    if (listing_.size() < kMaxListing) {
      if (!listing_.empty()) listing_ += "\r\n";
      listing_.append(line.substr(0, kMaxListing - listing_.size()));
    }
  }

  void state(const char* name) {
    Event e = make(Direction::ServerToClient, StepKind::State);
    e.text = name;
    out_.event(std::move(e));
  }

  void status_line(std::string_view line) {
    Event e = make(Direction::ServerToClient, StepKind::Reply);
    e.text.assign(line);
    const bool ok = line.starts_with("+OK");
    const bool err = line.starts_with("-ERR");
    if (sasl_ && !ok && !err && (line == "+" || line.starts_with("+ "))) {
      // A SASL challenge: the client's next line answers it.
      e.kind = StepKind::Continuation;
      e.outcome = Outcome::Intermediate;
      e.status = "+";
      for (auto it = pending_.rbegin(); it != pending_.rend(); ++it)
        if (it->verb == "AUTH") {
          lines::answer(e, it->step, it->ts);
          break;
        }
      std::string prompt;
      if (line.size() > 2 && mail::base64_decode(line.substr(2), prompt) &&
          printable(prompt))
        e.add_field("decoded", prompt);
      sasl_awaiting_server_ = false;
      out_.event(std::move(e));
      return;
    }
    e.status = ok ? "+OK" : err ? "-ERR" : "";
    e.outcome = ok ? Outcome::Success : err ? Outcome::Failure : Outcome::Info;
    if (!greeted_) {
      greeted_ = true;
      e.kind = StepKind::Greeting;
      if (err)
        checks_.fatal_greeting();
      else
        e.outcome = Outcome::Info;
      out_.event(std::move(e));
      return;
    }
    Pending answers;
    if (!pending_.empty()) {
      answers = std::move(pending_.front());
      pending_.pop_front();
    }
    lines::answer(e, answers.step, answers.ts);
    out_.event(std::move(e));
    judge(answers, ok, err);
    after_reply(answers, ok);
  }

  void judge(const Pending& p, bool ok, bool err) {
    const bool auth = is_auth_verb(p.verb);
    if (ok && p.verb != "USER") checks_.succeeded(p.verb, auth);
    if (err && !p.verb.empty())
      checks_.refused(p.verb, clock_.frame, p.detail, auth);
  }

  void after_reply(const Pending& p, bool ok) {
    const std::string& v = p.verb;
    if (v == "AUTH") sasl_ = false;
    if (!ok) return;
    const bool no_arg = p.args.empty();
    if (v == "CAPA" || ((v == "LIST" || v == "UIDL") && no_arg) ||
        (v == "AUTH" && no_arg)) {
      body_ = Body::Listing;
      body_for_ = p;
    } else if (v == "RETR" || v == "TOP") {
      body_ = Body::Message;
      body_for_ = p;
      partial_ = v == "TOP";
      unstuff_.reset();
      gap_bytes_ = 0;
      message_.begin();
    } else if ((v == "PASS" || v == "APOP" || v == "AUTH") &&
               !in_transaction_) {
      in_transaction_ = true;
      state("TRANSACTION");
    } else if (v == "DELE" && in_transaction_) {
      if (marked_.size() < kMaxMarked) {
        marked_.insert(p.args);
        if (dele_frames_.size() < 64) dele_frames_.push_back(clock_.frame);
      }
    } else if (v == "RSET") {
      marked_.clear();
      dele_frames_.clear();
    } else if (v == "QUIT" && in_transaction_) {
      state("UPDATE");
      Event e = make(Direction::ServerToClient, StepKind::Update);
      for (const auto& m : marked_) e.add_field("deleted", m);
      out_.event(std::move(e));
      marked_.clear();
      dele_frames_.clear();
    } else if (v == "STLS") {
      pending_.clear();
      client_line_.clear();
      start_tls_.accepted("STLS");
    }
  }

  DissectorOutput& out_;
  StreamClock clock_;
  pop3::Pop3Columns columns_{out_};
  mail::MailMessage message_;
  lines::BoundedLine client_line_{kMaxLine}, server_line_{kMaxLine};
  lines::SecretSpans secrets_;  ///< in the client delivery being read
  std::deque<Pending> pending_;
  Body body_ = Body::None;
  Pending body_for_;  // the command whose listing or message is coming
  bool partial_ = false;
  mail::DotUnstuffer unstuff_;
  uint64_t gap_bytes_ = 0;
  std::string listing_;
  uint64_t listing_lines_ = 0;
  std::set<std::string> marked_;
  std::vector<uint64_t> dele_frames_;  // the +OK to each DELE marked
  bool greeted_ = false;
  bool in_transaction_ = false;
  bool sasl_ = false;
  bool sasl_awaiting_server_ = false;
  std::string sasl_mech_;
  int sasl_step_ = 0;
  lines::StartTls start_tls_;
  lines::DialogChecks checks_;
  bool named_ = false;
};

bool looks_like_pop3(Direction dir, std::span<const uint8_t> d) {
  const std::string_view s = as_text(d);
  if (dir == Direction::ServerToClient)
    return s.starts_with("+OK ") && (s.find("POP") != std::string_view::npos ||
                                     s.find("pop") != std::string_view::npos);
  return ascii_upper(s.substr(0, 5)) == "CAPA\r" ||
         ascii_upper(s.substr(0, 5)) == "USER ";
}

}  // namespace

DissectorInfo pop3_dissector_info() {
  DissectorInfo info;
  info.name = "pop3";
  info.tcp_ports = {110};
  info.tls_ports = {995};
  info.probe = looks_like_pop3;
  info.make = [](DissectorOutput& out) -> std::unique_ptr<Dissector> {
    return std::make_unique<Pop3Dissector>(out);
  };
  return info;
}

}  // namespace tracelab
