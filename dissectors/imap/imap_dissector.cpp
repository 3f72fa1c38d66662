// SPDX-License-Identifier: GPL-2.0-or-later
#include "imap/imap_dissector.hpp"

#include <cstring>
#include <deque>
#include <string>

#include "imap/fragmentizer.hpp"
#include "imap/mail_artifacts.hpp"
#include "imap/syntax.hpp"
#include "imap/tshark_columns.hpp"
#include "lines/start_tls.hpp"
#include "mime/ascii.hpp"
#include "mime/mime.hpp"

namespace tracelab {
namespace {

using imap::Fragmentizer;
using imap::LiteralSpec;

// Bounds on what one logical command or response keeps for its event.
constexpr size_t kMaxUnitText = 16384;
constexpr size_t kMaxInlineLiteral = 4096;
constexpr size_t kMaxPendingTags = 512;

enum class State { NotAuthenticated, Authenticated, Selected, Logout };

struct PendingCommand {
  std::string tag, verb, mailbox;
};

class ImapDissector;

// One direction: lines and literals into logical units.
class Side final : public imap::FragmentSink {
 public:
  Side(ImapDissector& d, Direction dir) : d_(d), dir_(dir) {}
  void on_line(std::string_view line, bool truncated) override;
  void on_literal_data(std::span<const uint8_t> bytes) override;
  void on_literal_end() override;

  Fragmentizer frag;
  std::string unit;  // the logical line so far
  bool unit_truncated = false;
  bool reported = false;  // the command's event was already emitted
  size_t left = 0;        // bytes left unconsumed last time
  enum class Lit { Inline, Message } lit = Lit::Inline;
  size_t lit_inline_start = 0;  // where the literal's text begins in unit
  bool lit_clipped = false;
  void reset() {
    frag.reset();
    unit.clear();
    unit_truncated = false;
    reported = false;
    left = 0;
  }

 private:
  void append(std::string_view s) {
    const size_t room = kMaxUnitText - std::min(kMaxUnitText, unit.size());
    if (s.size() > room) unit_truncated = true;
    unit.append(s.substr(0, room));
  }
  ImapDissector& d_;
  Direction dir_;
};

class ImapDissector final : public Dissector {
 public:
  explicit ImapDissector(DissectorOutput& out)
      : out_(out),
        mail_(out),
        sides_{Side(*this, Direction::ClientToServer),
               Side(*this, Direction::ServerToClient)} {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    clock_ = clock;
    if (!named_) {
      // Not in the constructor: the output may not be ready to hear it yet.
      named_ = true;
      out_.set_protocol("IMAP");
    }
    Side& s = side(dir);
    const bool tls = start_tls_.opaque(dir, data, clock, out_);
    const size_t fresh_from = std::min(s.left, data.size());
    if (!tls) columns(dir, data.subspan(fresh_from));
    size_t used = data.size();
    if (!tls) used = s.frag.feed(data, s);
    // After a hand-over the flow layer passes what we left to TLS.
    s.left = start_tls_.pending() ? 0 : data.size() - used;
    Consumed c;
    c.bytes = used;
    c.mid_pdu = !tls && (s.frag.mid_unit() || !s.unit.empty() ||
                         cols_pending_[dir == Direction::ClientToServer]);
    return c;
  }

  void on_gap(Direction dir, uint64_t bytes,
              const StreamClock& clock) override {
    clock_ = clock;
    Side& s = side(dir);
    s.reset();
    cols_.reset(dir == Direction::ClientToServer);
    mail_.abort(dir, "truncated: " + std::to_string(bytes) +
                         " bytes missing from the capture");
  }

  void on_end(EndReason, const StreamClock& clock) override {
    clock_ = clock;
    mail_.abort(Direction::ClientToServer, "truncated: the session ended");
    mail_.abort(Direction::ServerToClient, "truncated: the session ended");
  }

  // --- called by Side ---
  // Decides what the literal announced at the end of `unit` carries.
  bool literal_is_message(Direction dir, std::string_view unit,
                          const LiteralSpec& spec) {
    std::string_view before = unit.substr(0, unit.rfind('{'));
    if (dir == Direction::ClientToServer) {
      size_t pos = 0;
      imap::next_token(before, pos);  // tag
      if (mime::ascii_upper(imap::next_token(before, pos)) != "APPEND")
        return false;
      mail_.begin(dir, "", "", clock_.frame, spec.size);
      return true;
    }
    if (before.substr(0, 2) != "* ") return false;
    const uint64_t n = imap::fetch_number(before.substr(2));
    if (n == 0) return false;
    const imap::FetchItem item = imap::fetch_item_before_literal(before);
    if (!item.message) return false;
    mail_.begin(dir, "message " + std::to_string(n), item.partial, clock_.frame,
                spec.size);
    return true;
  }
  void report_command(std::string_view unit) { client_unit(unit); }
  void message_data(Direction dir, std::span<const uint8_t> bytes) {
    mail_.data(dir, bytes, clock_.frame);
  }
  void message_end(Direction dir) { mail_.end(dir, clock_.frame); }

  // A line that ends no literal: the logical unit is complete.  An APPEND
  // was reported when its first message began (`reported`), so that it
  // comes before the server's "+" and the message in the events.
  void unit_done(Direction dir, std::string_view unit, bool truncated,
                 bool reported) {
    if (dir == Direction::ClientToServer) {
      if (!reported) client_unit(unit);
    } else
      server_unit(unit);
    if (truncated) {
      Event e = make_event(dir, StepKind::Note);
      e.text = "line longer than the limit kept; its end was not parsed";
      out_.event(std::move(e));
    }
  }

 private:
  Side& side(Direction d) {
    return sides_[d == Direction::ClientToServer ? 0 : 1];
  }

  void columns(Direction dir, std::span<const uint8_t> fresh) {
    if (fresh.empty()) return;
    const auto& c = cols_.segment(dir == Direction::ClientToServer, fresh);
    cols_pending_[dir == Direction::ClientToServer] = c.pending;
    if (c.set) out_.frame_summary(clock_.frame, c.protocol, c.info);
  }

  Event make_event(Direction dir, StepKind kind) {
    return step_event(dir, kind, clock_);
  }

  void state_event(State s, std::string_view args = {}) {
    if (s == state_ && s != State::Selected) return;
    state_ = s;
    static const char* const kNames[] = {"not authenticated", "authenticated",
                                         "selected", "logout"};
    Event e = make_event(Direction::ServerToClient, StepKind::State);
    e.text = kNames[int(s)];
    e.args = std::string(args);
    out_.event(std::move(e));
  }

  void client_unit(std::string_view line) {
    if (!auth_tag_.empty()) {
      auth_line(line);
      return;
    }
    if (idle_ && mime::ascii_upper(line) == "DONE") {
      idle_ = false;
      Event e = make_event(Direction::ClientToServer, StepKind::Command);
      e.command = "DONE";
      out_.event(std::move(e));
      return;
    }
    size_t pos = 0;
    const std::string_view tag = imap::next_token(line, pos);
    std::string verb = mime::ascii_upper(imap::next_token(line, pos));
    if (verb == "UID")
      verb += " " + mime::ascii_upper(imap::next_token(line, pos));
    std::string_view args = line.substr(pos);
    Event e = make_event(Direction::ClientToServer, StepKind::Command);
    e.command = verb;
    e.text = std::string(tag);
    PendingCommand p{std::string(tag), verb, {}};
    if (verb == "LOGIN") {
      size_t ap = 0;
      const std::string user = imap::next_astring(args, ap);
      e.secret = imap::next_astring(args, ap);
      e.args.clear();
      imap::append_quoted(e.args, user);
    } else if (verb == "AUTHENTICATE") {
      size_t ap = 0;
      auth_mech_ = mime::ascii_upper(imap::next_token(args, ap));
      auth_step_ = 0;
      e.args = auth_mech_;
      auth_tag_ = std::string(tag);
      if (ap < args.size()) {  // SASL-IR initial response
        std::string user;
        auth_secret(args.substr(ap), user, e.secret);
        if (!user.empty()) e.args += " " + user;
      }
    } else {
      e.args = std::string(args);
      if (verb == "SELECT" || verb == "EXAMINE") {
        size_t ap = 0;
        p.mailbox = imap::next_astring(args, ap);
      } else if (verb == "IDLE") {
        idle_ = true;
      }
    }
    out_.event(std::move(e));
    if (pending_.size() >= kMaxPendingTags) pending_.pop_front();
    pending_.push_back(std::move(p));
  }

  // SASL data: PLAIN carries "authzid\0authcid\0password", LOGIN sends the
  // user name and then the password, each base64.
  void auth_secret(std::string_view b64, std::string& user,
                   std::string& secret) {
    const std::string raw = mime::decode_base64(b64);
    if (auth_mech_ == "PLAIN") {
      const size_t a = raw.find('\0');
      const size_t b = a == std::string::npos ? a : raw.find('\0', a + 1);
      if (b != std::string::npos) {
        user = raw.substr(a + 1, b - a - 1);
        secret = raw.substr(b + 1);
        return;
      }
    } else if (auth_mech_ == "LOGIN" && auth_step_++ == 0) {
      user = raw;
      return;
    }
    secret = std::string(b64);
  }

  void auth_line(std::string_view line) {
    Event e = make_event(Direction::ClientToServer, StepKind::Auth);
    if (line == "*") {
      e.text = "*";  // the client cancels the exchange
    } else {
      std::string user;
      auth_secret(line, user, e.secret);
      e.args = user;
    }
    out_.event(std::move(e));
  }

  void server_unit(std::string_view line) {
    if (line.substr(0, 1) == "+") {
      Event e = make_event(Direction::ServerToClient, StepKind::Continuation);
      e.args = "+";
      e.text =
          std::string(line.substr(line.size() > 1 && line[1] == ' ' ? 2 : 1));
      out_.event(std::move(e));
      if (!auth_tag_.empty() && auth_mech_ == "LOGIN") {
        // nothing to track: the client's lines are counted in auth_secret
      }
      return;
    }
    size_t pos = 0;
    const std::string_view tag = imap::next_token(line, pos);
    const size_t status_at = pos;
    const std::string status = imap::status_word(imap::next_token(line, pos));
    if (tag == "*" && status.empty()) {
      Event e = make_event(Direction::ServerToClient, StepKind::Untagged);
      e.args = "*";
      e.text = std::string(line.substr(status_at));
      out_.event(std::move(e));
      return;
    }
    Event e = make_event(Direction::ServerToClient, StepKind::Response);
    e.args = std::string(tag);
    e.status = status.empty()
                   ? mime::ascii_upper(line.substr(status_at, pos - status_at))
                   : status;
    e.text = std::string(line.substr(pos));
    if (tag == "*") {
      out_.event(std::move(e));
      if (status == "PREAUTH") state_event(State::Authenticated);
      if (status == "BYE") state_event(State::Logout);
      return;
    }
    PendingCommand cmd;
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->tag == tag) {
        cmd = std::move(*it);
        pending_.erase(it);
        break;
      }
    }
    e.command = cmd.verb;
    out_.event(std::move(e));
    completed(cmd, status);
  }

  // What a tagged completion does to the connection.
  void completed(const PendingCommand& cmd, const std::string& status) {
    if (cmd.verb == "AUTHENTICATE") auth_tag_.clear();
    if (cmd.verb == "IDLE") idle_ = false;
    if (cmd.verb == "LOGOUT") {
      state_event(State::Logout);
      return;
    }
    const bool ok = status == "OK";
    if ((cmd.verb == "LOGIN" || cmd.verb == "AUTHENTICATE") && ok) {
      state_event(State::Authenticated);
    } else if (cmd.verb == "SELECT" || cmd.verb == "EXAMINE") {
      // A failed SELECT leaves no mailbox selected (RFC 3501 6.3.1).
      if (ok)
        state_event(State::Selected, cmd.mailbox);
      else if (state_ == State::Selected)
        state_event(State::Authenticated);
    } else if ((cmd.verb == "CLOSE" || cmd.verb == "UNSELECT") && ok) {
      state_event(State::Authenticated);
    } else if (cmd.verb == "STARTTLS" && ok) {
      Event e = make_event(Direction::ServerToClient, StepKind::State);
      e.text = "tls";
      out_.event(std::move(e));
      // Bytes after this line are TLS: the TLS dissector gets them and
      // hands the plaintext back to us.
      side(Direction::ServerToClient).frag.stop_after_line();
      for (Side& s : sides_) s.reset();
      cols_.reset(true);
      cols_.reset(false);
      start_tls_.accepted(out_, "STARTTLS");
    }
  }

  DissectorOutput& out_;
  imap::MailArtifacts mail_;
  Side sides_[2];
  imap::TsharkColumns cols_;
  bool cols_pending_[2] = {false, false};  // by "is request"
  StreamClock clock_;
  State state_ = State::NotAuthenticated;
  std::deque<PendingCommand> pending_;
  std::string auth_tag_, auth_mech_;
  int auth_step_ = 0;
  bool idle_ = false;
  bool named_ = false;
  lines::StartTls start_tls_;
};

void Side::on_line(std::string_view line, bool truncated) {
  if (truncated) unit_truncated = true;
  const LiteralSpec spec =
      truncated ? LiteralSpec{} : imap::trailing_literal(line);
  append(line);
  if (!spec.present) {
    d_.unit_done(dir_, unit, unit_truncated, reported);
    unit.clear();
    unit_truncated = false;
    reported = false;
    return;
  }
  if (d_.literal_is_message(dir_, unit, spec)) {
    lit = Lit::Message;
    if (dir_ == Direction::ClientToServer && !reported) {
      d_.report_command(unit);
      reported = true;
    }
  } else {
    // A small literal is shown in place as a quoted string.
    lit = Lit::Inline;
    unit.resize(std::min(unit.size(), unit.rfind('{')));
    lit_inline_start = unit.size();
    lit_clipped = false;
    unit.push_back('"');
  }
}

void Side::on_literal_data(std::span<const uint8_t> bytes) {
  if (lit == Lit::Message) {
    d_.message_data(dir_, bytes);
    return;
  }
  const size_t have = unit.size() - lit_inline_start;
  const std::string_view s(reinterpret_cast<const char*>(bytes.data()),
                           bytes.size());
  const size_t room = kMaxInlineLiteral - std::min(kMaxInlineLiteral, have);
  if (s.size() > room) lit_clipped = true;
  for (char c : s.substr(0, room)) {
    if (unit.size() >= kMaxUnitText) {
      lit_clipped = true;
      break;
    }
    if (c == '"' || c == '\\') unit.push_back('\\');
    unit.push_back(c);
  }
}

void Side::on_literal_end() {
  if (lit == Lit::Message) {
    d_.message_end(dir_);
    return;
  }
  if (lit_clipped) unit_truncated = true;
  unit.push_back('"');
}

}  // namespace

DissectorInfo imap_dissector_info() {
  DissectorInfo i;
  i.name = "imap";
  i.tcp_ports = {143};
  i.tls_ports = {993};
  i.probe = [](Direction dir, std::span<const uint8_t> d) {
    // A server greeting: "* OK", "* PREAUTH", "* BYE" (with IMAP4 in it).
    if (dir != Direction::ServerToClient || d.size() < 6) return false;
    const std::string_view s(reinterpret_cast<const char*>(d.data()),
                             std::min<size_t>(d.size(), 256));
    if (s.rfind("* OK ", 0) != 0 && s.rfind("* PREAUTH ", 0) != 0) return false;
    return s.find("IMAP4") != std::string_view::npos;
  };
  i.make = [](DissectorOutput& out) {
    return std::make_unique<ImapDissector>(out);
  };
  return i;
}

}  // namespace tracelab
