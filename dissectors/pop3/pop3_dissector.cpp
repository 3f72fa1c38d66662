// SPDX-License-Identifier: GPL-2.0-or-later
#include "pop3/pop3_dissector.hpp"

#include <deque>
#include <set>

#include "lines/bounded_line.hpp"
#include "lines/start_tls.hpp"
#include "mime/ascii.hpp"
#include "pop3/pop3_columns.hpp"
#include "smtp/auth.hpp"
#include "smtp/dot_stuffing.hpp"
#include "smtp/mail_message.hpp"

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
  std::string args;
};

class Pop3Dissector final : public Dissector {
 public:
  explicit Pop3Dissector(DissectorOutput& out) : out_(out), message_(out) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    if (!named_) {
      out_.set_protocol("POP");
      named_ = true;
    }
    if (start_tls_.opaque(dir, data, clock, out_))
      return {data.size(), 0, false};
    const std::string_view seg = as_text(data);
    clock_ = clock;
    std::string info;
    bool imf;
    if (dir == Direction::ClientToServer) {
      client_bytes(seg);
      imf = columns_.client(seg, info);
    } else {
      server_bytes(seg);
      imf = columns_.server(seg, info);
    }
    out_.frame_summary(clock.frame, imf ? "POP/IMF" : "POP", info);
    return {data.size(), 0, false};
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

  void on_end(EndReason, const StreamClock& clock) override {
    clock_ = clock;
    if (message_.active())
      message_.end("incomplete: the session ended before the message did",
                   clock.frame);
  }

 private:
  enum class Body : uint8_t { None, Listing, Message };

  Event make(Direction dir, StepKind kind) const {
    return step_event(dir, kind, clock_);
  }

  // ---- client ------------------------------------------------------------

  void client_bytes(std::string_view d) {
    for (size_t pos = 0; pos < d.size();) {
      if (!client_line_.take(d, pos)) return;
      command_line(client_line_.line());
      client_line_.clear();
    }
  }

  void command_line(std::string_view line) {
    if (sasl_ && !sasl_awaiting_server_) {
      Event e = make(Direction::ClientToServer, StepKind::Auth);
      sasl_awaiting_server_ = true;
      if (line == "*") {
        e.args = "cancelled";
      } else {
        const auto s =
            mail::decode_sasl_response(sasl_mech_, sasl_step_++, line);
        e.args = s.user;
        e.secret = s.secret;
      }
      out_.event(std::move(e));
      return;
    }
    const size_t sp = line.find(' ');
    std::string verb = mime::ascii_upper(line.substr(0, sp));
    const std::string_view args =
        sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    Event e = make(Direction::ClientToServer, StepKind::Command);
    e.command = verb;
    if (verb == "PASS") {
      e.secret.assign(args);
    } else if (verb == "APOP") {
      const size_t sp2 = args.rfind(' ');
      e.args.assign(args.substr(0, sp2));
      if (sp2 != std::string_view::npos) e.secret.assign(args.substr(sp2 + 1));
    } else if (verb == "AUTH" && !args.empty()) {
      // A mechanism: the SASL exchange follows.
      const size_t sp2 = args.find(' ');
      sasl_mech_ = mime::ascii_upper(args.substr(0, sp2));
      sasl_ = true;
      sasl_awaiting_server_ = true;
      sasl_step_ = 0;
      e.args = sasl_mech_;
      if (sp2 != std::string_view::npos) {
        const auto s =
            mail::decode_sasl_response(sasl_mech_, 0, args.substr(sp2 + 1));
        sasl_step_ = 1;
        if (!s.user.empty()) e.args += " " + s.user;
        e.secret = s.secret;
      }
    } else {
      e.args.assign(args);
    }
    if (pending_.size() >= kMaxPending) pending_.pop_front();
    pending_.push_back({verb, std::string(args.substr(0, args.find(' ')))});
    // Only what decides the answer's shape is kept (never a secret).
    if (verb == "PASS" || verb == "APOP") pending_.back().args.clear();
    if (verb == "AUTH") pending_.back().args = sasl_mech_;
    out_.event(std::move(e));
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
    const uint64_t size = message_.size();
    message_.end(note, clock_.frame);
    Event e = make(Direction::ServerToClient, StepKind::Message);
    e.args = std::to_string(size) + " bytes";
    e.text = message_.summary().readable_subject();
    e.note = note;
    out_.event(std::move(e));
    body_ = Body::None;
    gap_bytes_ = 0;
  }

  void listing_line(std::string_view line) {
    if (line == ".") {
      Event e = make(Direction::ServerToClient, StepKind::Listing);
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
      if (!listing_.empty()) listing_ += " | ";
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
    const bool ok = line.starts_with("+OK");
    const bool err = line.starts_with("-ERR");
    if (sasl_ && !ok && !err && (line == "+" || line.starts_with("+ "))) {
      // A SASL challenge: the client's next line answers it.
      e.status = "+";
      e.text.assign(line.substr(std::min<size_t>(2, line.size())));
      e.args = "AUTH";
      sasl_awaiting_server_ = false;
      out_.event(std::move(e));
      return;
    }
    size_t skip = ok ? 3 : err ? 4 : 0;
    if (skip && line.size() > skip && line[skip] == ' ') ++skip;
    e.status = ok ? "+OK" : err ? "-ERR" : "";
    e.text.assign(line.substr(skip));
    Pending answers;
    if (!greeted_) {
      greeted_ = true;
    } else if (!pending_.empty()) {
      answers = std::move(pending_.front());
      pending_.pop_front();
    }
    e.args = answers.verb;
    out_.event(std::move(e));
    after_reply(answers, ok);
  }

  void after_reply(const Pending& p, bool ok) {
    const std::string& v = p.verb;
    if (v == "AUTH") sasl_ = false;
    if (!ok) return;
    const bool no_arg = p.args.empty();
    if (v == "CAPA" || ((v == "LIST" || v == "UIDL") && no_arg) ||
        (v == "AUTH" && no_arg)) {
      body_ = Body::Listing;
    } else if (v == "RETR" || v == "TOP") {
      body_ = Body::Message;
      partial_ = v == "TOP";
      unstuff_.reset();
      gap_bytes_ = 0;
      message_.begin();
    } else if ((v == "PASS" || v == "APOP" || v == "AUTH") &&
               !in_transaction_) {
      in_transaction_ = true;
      state("TRANSACTION");
    } else if (v == "DELE" && in_transaction_) {
      if (marked_.size() < kMaxMarked) marked_.insert(p.args);
    } else if (v == "RSET") {
      marked_.clear();
    } else if (v == "QUIT" && in_transaction_) {
      state("UPDATE");
      Event e = make(Direction::ServerToClient, StepKind::Update);
      if (marked_.empty()) {
        e.text = "no messages were marked for deletion";
      } else {
        e.text = "deleted:";
        for (const auto& m : marked_) e.text += " " + m;
      }
      out_.event(std::move(e));
      marked_.clear();
    } else if (v == "STLS") {
      pending_.clear();
      client_line_.clear();
      start_tls_.accepted(out_, "STLS");
    }
  }

  DissectorOutput& out_;
  StreamClock clock_;
  pop3::Pop3Columns columns_;
  mail::MailMessage message_;
  lines::BoundedLine client_line_{kMaxLine}, server_line_{kMaxLine};
  std::deque<Pending> pending_;
  Body body_ = Body::None;
  bool partial_ = false;
  mail::DotUnstuffer unstuff_;
  uint64_t gap_bytes_ = 0;
  std::string listing_;
  uint64_t listing_lines_ = 0;
  std::set<std::string> marked_;
  bool greeted_ = false;
  bool in_transaction_ = false;
  bool sasl_ = false;
  bool sasl_awaiting_server_ = false;
  std::string sasl_mech_;
  int sasl_step_ = 0;
  lines::StartTls start_tls_;
  bool named_ = false;
};

bool looks_like_pop3(Direction dir, std::span<const uint8_t> d) {
  const std::string_view s = as_text(d);
  if (dir == Direction::ServerToClient)
    return s.starts_with("+OK ") && (s.find("POP") != std::string_view::npos ||
                                     s.find("pop") != std::string_view::npos);
  return mime::ascii_upper(s.substr(0, 5)) == "CAPA\r" ||
         mime::ascii_upper(s.substr(0, 5)) == "USER ";
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
