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
#include <deque>
#include <string>

#include "ftp_link.hpp"
#include "ftp_parse.hpp"

namespace tracelab {

namespace {

/// Longer lines are cut here (noted once); the rest of the line is skipped.
constexpr size_t kMaxLine = 8192;
/// Text kept of a multi-line reply.
constexpr size_t kMaxReplyText = 16 * 1024;
/// Commands waiting for their reply.
constexpr size_t kMaxPending = 64;

bool is_transfer(std::string_view verb) {
  return verb == "LIST" || verb == "NLST" || verb == "MLSD" || verb == "RETR" ||
         verb == "STOR" || verb == "STOU" || verb == "APPE";
}

class FtpControl final : public Dissector {
 public:
  explicit FtpControl(DissectorOutput& out)
      : out_(out), link_(std::make_shared<ftp::ControlLink>()) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    // Named on first use, not in the constructor: the output may still be
    // under construction then.
    if (!named_) named_ = (out_.set_protocol("FTP"), true);
    const size_t d = static_cast<size_t>(dir);
    const std::string_view all(reinterpret_cast<const char*>(data.data()),
                               data.size());
    // The bytes new in this delivery begin after last time's tail: tshark
    // shows their first line.
    if (tail_[d] < all.size()) summarize(dir, all.substr(tail_[d]), clock);
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
        if (nl == std::string_view::npos && all.size() - pos < kMaxLine)
          break;  // wait for the rest
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
    if (dir == Direction::ServerToClient && multi_code_ >= 0) {
      reply_text_ += "\n[" + std::to_string(bytes) + " bytes missing]";
      finish_reply(clock);
    }
  }

  void on_end(EndReason, const StreamClock& clock) override {
    if (multi_code_ >= 0) finish_reply(clock);
    for (const Pending& p : pending_)
      if (p.verb != "QUIT")
        out_.event(note_event(Direction::ClientToServer, clock,
                              p.verb + " got no reply"));
  }

 private:
  struct Pending {
    std::string verb, args;
  };

  void summarize(Direction dir, std::string_view fresh,
                 const StreamClock& clock) {
    const size_t end = fresh.find_first_of("\r\n");
    info_.assign(dir == Direction::ClientToServer ? "Request: " : "Response: ");
    info_.append(fresh.substr(0, std::min(end, kMaxLine)));
    out_.frame_summary(clock.frame, "FTP", info_);
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
    if (verb == "PASS" || verb == "ACCT")
      e.secret = args;
    else
      e.args = args;
    if (is_transfer(verb)) start_transfer(verb, args, l);
    if (pending_.size() < kMaxPending) {
      pending_.push_back({verb, verb == "PASS" || verb == "ACCT" ? "" : args});
    } else {
      e.note = "too many commands without a reply: not paired";
    }
    out_.event(std::move(e));
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
    Event e = step_event(Direction::ServerToClient, StepKind::Reply, clock);
    if (code > 0) e.code = code;
    e.text = reply_text_;
    Pending p;
    if (code >= 200 && !pending_.empty()) {
      p = std::move(pending_.front());
      pending_.pop_front();
    } else if (code >= 100 && code < 200 && !pending_.empty()) {
      p = pending_.front();
    }
    if (!p.verb.empty()) e.args = "to " + p.verb;
    act(code, p, e, clock);
    out_.event(std::move(e));
  }

  // What a reply to a command changes.
  void act(int code, const Pending& p, Event& e, const StreamClock& clock) {
    const std::string_view text = reply_text_;
    if (p.verb == "PASV" && code == 227) {
      if (auto hp = ftp::parse_pasv_reply(text))
        announce(*hp, "PASV", false, clock, e);
    } else if (p.verb == "EPSV" && code == 229) {
      if (auto port = ftp::parse_epsv_reply(text)) {
        ftp::HostPort hp;
        hp.addr = out_.server_end().addr;
        hp.port = *port;
        announce(hp, "EPASV", false, clock, e);
      }
    } else if (p.verb == "PORT" && code / 100 == 2) {
      if (auto hp = ftp::parse_port_arg(p.args))
        announce(*hp, "PORT", true, clock, e);
    } else if (p.verb == "EPRT" && code / 100 == 2) {
      if (auto hp = ftp::parse_eprt_arg(p.args))
        announce(*hp, "", true, clock, e);
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

  void announce(const ftp::HostPort& where, const char* mode, bool active,
                const StreamClock& clock, Event& e) {
    ExpectedConnection x;
    x.tcp = true;
    x.server.addr = where.addr;
    x.server.port = where.port;
    ftp::DataSetup setup;
    setup.mode = mode;
    setup.active = active;
    setup.seq_at_announce = link_->transfer_seq;
    x.make = [link = link_, setup](DissectorOutput& o) {
      return ftp::make_data_dissector(o, link, setup);
    };
    out_.expect(std::move(x), clock.ts_ns);
    e.note = "data connection expected at " +
             (where.addr.family ? Endpoint{where.addr, where.port}.to_string()
                                : "port " + std::to_string(where.port));
  }

  DissectorOutput& out_;
  std::shared_ptr<ftp::ControlLink> link_;
  std::string info_;
  size_t tail_[2] = {0, 0};
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
