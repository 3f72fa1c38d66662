// SPDX-License-Identifier: GPL-2.0-or-later
#include "smtp/smtp_dissector.hpp"

#include <cctype>
#include <cstring>
#include <deque>

#include "lines/bounded_line.hpp"
#include "lines/start_tls.hpp"
#include "mime/ascii.hpp"
#include "smtp/auth.hpp"
#include "smtp/dot_stuffing.hpp"
#include "smtp/mail_message.hpp"
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

class SmtpDissector final : public Dissector {
 public:
  explicit SmtpDissector(DissectorOutput& out) : out_(out), message_(out) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    if (!named_) {
      out_.set_protocol("SMTP");
      named_ = true;
    }
    if (start_tls_.opaque(dir, data, clock, out_))
      return {data.size(), 0, false};
    const std::string_view pdu = as_text(data);
    // As tshark does, wait until the first line of a delivery is complete.
    if (pdu.find('\n') == std::string_view::npos && pdu.size() < kMaxWaitNoLine)
      return {0, 0, true};
    clock_ = clock;
    std::string info;
    if (dir == Direction::ClientToServer) {
      client_bytes(pdu);
      if (columns_.client(pdu, info) == smtp::SmtpColumns::Pdu::EndOfMessage) {
        out_.frame_summary(clock.frame, "SMTP/IMF", info);
        return {data.size(), 0, false};
      }
    } else {
      server_bytes(pdu);
      columns_.server(pdu, info);
    }
    out_.frame_summary(clock.frame, "SMTP", info);
    return {data.size(), 0, false};
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

  void on_end(EndReason, const StreamClock& clock) override {
    clock_ = clock;
    if (message_.active())
      message_.end("incomplete: the session ended before the message did",
                   clock.frame);
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
        if (!client_line_.take(d, pos)) return;
        command_line(client_line_.line());
        client_line_.clear();
      }
    }
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
    if (ended) message_done();
    return used;
  }

  void message_done() {
    std::string note;
    if (gap_bytes_) {
      note = "truncated: " + std::to_string(gap_bytes_) + " bytes missing";
    }
    const uint64_t size = message_.size();
    message_.end(note, clock_.frame);
    Event e = step_event(Direction::ClientToServer, StepKind::Message, clock_);
    e.args = std::to_string(size) + " bytes";
    e.text = message_.summary().readable_subject();
    if (!note.empty()) e.note = note;
    out_.event(std::move(e));
    mode_ = Mode::Commands;
    gap_bytes_ = 0;
    expect(".");
  }

  void bdat_chunk_done() {
    mode_ = Mode::Commands;
    if (bdat_last_) message_done();
  }

  void expect(std::string verb) {
    if (pending_.size() >= kMaxPending) pending_.pop_front();
    pending_.push_back(std::move(verb));
  }

  void command_line(std::string_view line) {
    if (auth_active_ && !awaiting_auth_reply_) {
      auth_response(line);
      return;
    }
    const size_t sp = line.find(' ');
    std::string verb = mime::ascii_upper(line.substr(0, sp));
    std::string_view args =
        sp == std::string_view::npos ? std::string_view{} : line.substr(sp + 1);
    Event e = step_event(Direction::ClientToServer, StepKind::Command, clock_);
    e.command = verb;
    e.args.assign(args);
    if (verb == "AUTH") {
      const size_t sp2 = args.find(' ');
      auth_mech_ = mime::ascii_upper(args.substr(0, sp2));
      auth_step_ = 0;
      auth_active_ = true;
      awaiting_auth_reply_ = true;
      if (sp2 != std::string_view::npos) {
        // An initial response rides on the command.
        const auto s =
            mail::decode_sasl_response(auth_mech_, 0, args.substr(sp2 + 1));
        auth_step_ = 1;
        e.args = auth_mech_;
        if (!s.user.empty()) e.args += " " + s.user;
        e.secret = s.secret;
      }
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
      bdat_last_ = mime::ascii_upper(args).find("LAST") != std::string::npos;
      if (!message_.active()) {
        message_.begin();
        gap_bytes_ = 0;
      }
      bdat_left_ = n;
      mode_ = Mode::Bdat;
      out_.event(std::move(e));
      expect(verb);
      if (n == 0) bdat_chunk_done();
      return;
    } else if (verb == "RSET") {
      if (message_.active()) message_.end("aborted by RSET", clock_.frame);
    }
    out_.event(std::move(e));
    expect(std::move(verb));
  }

  void auth_response(std::string_view line) {
    Event e = step_event(Direction::ClientToServer, StepKind::Auth, clock_);
    awaiting_auth_reply_ = true;
    if (line == "*") {
      e.args = "cancelled";
      out_.event(std::move(e));
      return;
    }
    const auto s = mail::decode_sasl_response(auth_mech_, auth_step_++, line);
    e.args = s.user;
    e.secret = s.secret;
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
    if (reply_lines_.size() < kMaxReplyLines)
      reply_lines_.emplace_back(
          line.substr(coded ? std::min<size_t>(4, line.size()) : 0));
    if (reply_lines_.size() == 1)
      reply_code_ =
          coded ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0')
                : -1;
    if (more) return;
    reply_done();
  }

  void reply_done() {
    const int code = reply_code_;
    Event e = step_event(Direction::ServerToClient, StepKind::Reply, clock_);
    e.code = code;
    for (size_t i = 0; i < reply_lines_.size(); ++i) {
      if (i) e.text += " | ";
      e.text += reply_lines_[i];
    }
    std::string answers;
    if (!greeted_) {
      greeted_ = true;
      answers = "";  // the greeting
    } else if (code == 334 && auth_active_) {
      answers = "AUTH";
      awaiting_auth_reply_ = false;
    } else if (!pending_.empty()) {
      answers = std::move(pending_.front());
      pending_.pop_front();
    }
    e.args = answers;
    out_.event(std::move(e));

    if (answers == "AUTH" && code != 334) {
      auth_active_ = false;
      awaiting_auth_reply_ = false;
    }
    if (answers == "EHLO" && code == 250 && reply_lines_.size() > 1) {
      Event x =
          step_event(Direction::ServerToClient, StepKind::Extensions, clock_);
      for (size_t i = 1; i < reply_lines_.size(); ++i) {
        if (i > 1) x.args += ", ";
        x.args += reply_lines_[i];
      }
      out_.event(std::move(x));
    }
    if (answers == "DATA" && code != 354 && mode_ == Mode::Data &&
        message_.size() == 0) {
      message_.end("refused: no data sent", clock_.frame);
      mode_ = Mode::Commands;
    }
    if (answers == "STARTTLS" && code == 220) {
      // Both directions are TLS from here; the plaintext, if it can be
      // decrypted, comes back as a new dialog (EHLO again, no greeting).
      pending_.clear();
      mode_ = Mode::Commands;
      client_line_.clear();
      start_tls_.accepted(out_, "STARTTLS");
    }
    reply_lines_.clear();
  }

  DissectorOutput& out_;
  StreamClock clock_;
  smtp::SmtpColumns columns_;
  MailMessage message_;

  Mode mode_ = Mode::Commands;
  mail::DotUnstuffer unstuff_;
  uint64_t bdat_left_ = 0;
  bool bdat_last_ = false;
  uint64_t gap_bytes_ = 0;
  lines::BoundedLine client_line_{kMaxLine}, server_line_{kMaxLine};
  std::vector<std::string> reply_lines_;
  int reply_code_ = -1;
  std::deque<std::string> pending_;
  bool greeted_ = false;
  bool auth_active_ = false;
  bool awaiting_auth_reply_ = false;
  std::string auth_mech_;
  int auth_step_ = 0;
  lines::StartTls start_tls_;
  bool named_ = false;
};

bool looks_like_smtp(Direction dir, std::span<const uint8_t> d) {
  const std::string_view s = as_text(d);
  if (dir == Direction::ServerToClient)
    return s.size() >= 4 && (s.starts_with("220 ") || s.starts_with("220-")) &&
           (s.find("SMTP") != std::string_view::npos ||
            s.find("smtp") != std::string_view::npos);
  const std::string u = mime::ascii_upper(s.substr(0, 5));
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
