// SPDX-License-Identifier: GPL-2.0-or-later
#include "imap/imap_dissector.hpp"

#include <cstring>
#include <deque>
#include <string>
#include <utility>
#include <vector>

#include "common/ascii.hpp"
#include "common/dialog_checks.hpp"
#include "common/secret_spans.hpp"
#include "common/start_tls.hpp"
#include "imap/fragmentizer.hpp"
#include "imap/mail_artifacts.hpp"
#include "imap/syntax.hpp"
#include "imap/tshark_columns.hpp"
#include "mail/auth.hpp"
#include "mail/mime.hpp"

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
  StepIndex step = kNoStep;
  int64_t ts = 0;
  uint64_t frame = 0;
  std::string detail;     // the command as typed, secret masked
  bool untagged = false;  // typed without a tag (imap-untagged-command)
};

// The commands of RFC 3501 and the extensions this dissector knows.
bool is_imap_command(std::string_view upper) {
  static constexpr std::string_view kCommands[] = {
      "CAPABILITY", "NOOP",      "LOGOUT",       "STARTTLS",  "AUTHENTICATE",
      "LOGIN",      "SELECT",    "EXAMINE",      "CREATE",    "DELETE",
      "RENAME",     "SUBSCRIBE", "UNSUBSCRIBE",  "LIST",      "LSUB",
      "STATUS",     "APPEND",    "CHECK",        "CLOSE",     "EXPUNGE",
      "SEARCH",     "FETCH",     "STORE",        "COPY",      "UID",
      "IDLE",       "ENABLE",    "ID",           "NAMESPACE", "MOVE",
      "UNSELECT",   "GETQUOTA",  "GETQUOTAROOT", "SETQUOTA",  "GETACL",
      "SETACL",     "MYRIGHTS",  "COMPRESS",     "XLIST",     "SORT",
      "THREAD"};
  for (auto c : kCommands)
    if (upper == c) return true;
  return false;
}

// Where the astring (atom, quoted string or literal announcement "{n}")
// at `pos` of a line as typed starts and ends; pos moves past it and the
// spaces after.
std::pair<size_t, size_t> astring_extent(std::string_view s, size_t& pos) {
  while (pos < s.size() && s[pos] == ' ') ++pos;
  const size_t start = pos;
  if (pos < s.size() && s[pos] == '"') {
    for (++pos; pos < s.size() && s[pos] != '"'; ++pos)
      if (s[pos] == '\\' && pos + 1 < s.size()) ++pos;
    if (pos < s.size()) ++pos;
  } else {
    while (pos < s.size() && s[pos] != ' ') ++pos;
  }
  const size_t end = pos;
  while (pos < s.size() && s[pos] == ' ') ++pos;
  return {start, end - start};
}

// Where LOGIN's password or AUTHENTICATE's initial response begins in a
// client command line that has not ended yet
// ("a1 LOGIN user pass", or untagged "LOGIN user pass"), or npos.
size_t open_command_secret_at(std::string_view line) {
  size_t pos = 0;
  std::string verb = ascii_upper(imap::next_token(line, pos));
  if (verb != "LOGIN" && verb != "AUTHENTICATE")
    verb = ascii_upper(imap::next_token(line, pos));
  if (verb == "AUTHENTICATE") {   // a SASL-IR initial response
    imap::next_token(line, pos);  // the mechanism
    while (pos < line.size() && line[pos] == ' ') ++pos;
    return pos < line.size() ? pos : std::string_view::npos;
  }
  if (verb != "LOGIN" || pos >= line.size()) return std::string_view::npos;
  astring_extent(line, pos);  // the user name
  return pos < line.size() ? pos : std::string_view::npos;
}

// A mailbox argument the way it is worth naming (a literal's bytes were
// turned into a quoted string already).
std::string mailbox_argument(const std::string& verb, std::string_view args) {
  size_t ap = 0;
  if (verb == "LIST" || verb == "LSUB") {
    imap::next_astring(args, ap);  // the reference name
    return imap::next_astring(args, ap);
  }
  if (verb == "SELECT" || verb == "EXAMINE" || verb == "CREATE" ||
      verb == "DELETE" || verb == "RENAME" || verb == "SUBSCRIBE" ||
      verb == "UNSUBSCRIBE" || verb == "STATUS" || verb == "APPEND")
    return imap::next_astring(args, ap);
  return {};
}

bool printable(const std::string& s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return !s.empty();
}

class ImapDissector;

// One direction: lines and literals into logical units.  `unit` is the
// unit for parsing (small literals in place as quoted strings); `wire` is
// its text as it crossed the wire: its lines without their line ends, a
// literal's bytes left out (its announcement "{n}" stays).
class Side final : public imap::FragmentSink {
 public:
  Side(ImapDissector& d, Direction dir) : d_(d), dir_(dir) {}
  void on_line(std::string_view line, bool truncated) override;
  void on_literal_data(std::span<const uint8_t> bytes) override;
  void on_literal_end() override;

  Fragmentizer frag;
  std::string unit;            // the logical line so far
  std::string wire;            // its lines as typed, literals left out
  std::string_view last_line;  // the line just read, in the delivery
  bool unit_truncated = false;
  bool reported = false;  // the command's event was already emitted
  size_t left = 0;        // bytes left unconsumed last time
  enum class Lit { Inline, Message } lit = Lit::Inline;
  size_t lit_inline_start = 0;  // where the literal's text begins in unit
  bool lit_clipped = false;
  void reset() {
    frag.reset();
    unit.clear();
    wire.clear();
    unit_truncated = false;
    reported = false;
    left = 0;
  }

 private:
  void append(std::string_view s) {
    const size_t room = kMaxUnitText - std::min(kMaxUnitText, unit.size());
    if (s.size() > room) unit_truncated = true;
    unit.append(s.substr(0, room));
    const size_t wroom = kMaxUnitText - std::min(kMaxUnitText, wire.size());
    wire.append(s.substr(0, wroom));
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
    switch (start_tls_.check(dir, data, clock, out_)) {
      case lines::StartTls::Verdict::Opaque: return {data.size(), 0, false};
      case lines::StartTls::Verdict::HandOver:
        checks_.set_blind(true);  // until plaintext comes back
        for (Side& x : sides_) x.left = 0;
        return {0, 0, false};
      case lines::StartTls::Verdict::NotTls: checks_.set_blind(true); break;
      case lines::StartTls::Verdict::Decrypted: checks_.set_blind(false); break;
      case lines::StartTls::Verdict::Plain: break;
    }
    const size_t fresh_from = std::min(s.left, data.size());
    // The lines are read first: they note where the secrets lie, which the
    // columns then show masked.
    secrets_.begin({reinterpret_cast<const char*>(data.data()), data.size()});
    const size_t used = s.frag.feed(data, s);
    if (dir == Direction::ClientToServer && used < data.size()) {
      // A line still open: a password it began is hidden in this segment's
      // Info already (tshark's columns hold the line until it ends).
      const std::string_view open(
          reinterpret_cast<const char*>(data.data()) + used,
          data.size() - used);
      const size_t at = open_secret_at(open);
      if (at != std::string_view::npos) secrets_.hide(open.substr(at));
    }
    columns(dir, fresh_from);
    s.left = data.size() - used;
    Consumed c;
    c.bytes = used;
    c.mid_pdu = s.frag.mid_unit() || !s.unit.empty() ||
                cols_pending_[dir == Direction::ClientToServer];
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

  void on_end(EndReason why, const StreamClock& clock) override {
    clock_ = clock;
    mail_.abort(Direction::ClientToServer, "truncated: the session ended");
    mail_.abort(Direction::ServerToClient, "truncated: the session ended");
    for (const auto& [frame, name] : missing_mailboxes_) {
      Finding f = findings::make(findings::kImapMailboxMissing, frame, name);
      // A mailbox was selected all the same: the session could do its job.
      if (selected_any_) f.severity = Severity::Warning;
      out_.finding(std::move(f));
    }
    std::vector<lines::DialogChecks::Unanswered> left;
    for (const PendingCommand& p : pending_)
      if (p.verb != "DONE") left.push_back({p.verb, p.frame});
    checks_.finish(out_, why, clock.frame, left, "LOGOUT");
  }

  // --- called by Side ---
  // Decides what the literal announced at the end of `unit` carries.
  bool literal_is_message(Direction dir, std::string_view unit,
                          const LiteralSpec& spec) {
    std::string_view before = unit.substr(0, unit.rfind('{'));
    if (dir == Direction::ClientToServer) {
      size_t pos = 0;
      imap::next_token(before, pos);  // tag
      if (ascii_upper(imap::next_token(before, pos)) != "APPEND") return false;
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
  void report_command(std::string_view unit, std::string_view wire) {
    client_unit(unit, wire);
  }
  // Is the literal announced after `before` (a client unit so far, earlier
  // literals in place as quoted strings) LOGIN's password?  Its bytes are
  // then noted as a secret.
  void literal_bytes(std::string_view before, std::string_view bytes) {
    size_t pos = 0;
    std::string verb = ascii_upper(imap::next_token(before, pos));
    if (verb != "LOGIN")  // untagged, it is the first word
      verb = ascii_upper(imap::next_token(before, pos));
    if (verb != "LOGIN") return;
    const size_t user_at = pos;
    imap::next_astring(before, pos);
    if (pos > user_at && pos >= before.size()) secrets_.hide(bytes);
  }
  void message_data(Direction dir, std::span<const uint8_t> bytes) {
    mail_.data(dir, bytes, clock_.frame);
  }
  // A message literal ended: its `message` step (a FETCH's answers the
  // FETCH command; an APPEND's is the client's).
  void message_end(Direction dir) {
    mail_.end(dir, clock_.frame);
    Event e = make_event(dir, StepKind::Message);
    e.fields = mail_.fields();
    e.note = mail_.partial();
    if (dir == Direction::ServerToClient) {
      e.outcome = Outcome::Info;
      for (auto it = pending_.rbegin(); it != pending_.rend(); ++it)
        if (it->verb.find("FETCH") != std::string::npos) {
          lines::answer(e, it->step, it->ts);
          break;
        }
    }
    out_.event(std::move(e));
  }

  // A line that ends no literal: the logical unit is complete.  An APPEND
  // was reported when its first message began (`reported`), so that it
  // comes before the server's "+" and the message in the events.
  void unit_done(Direction dir, std::string_view unit, std::string_view wire,
                 bool truncated, bool reported) {
    if (dir == Direction::ClientToServer) {
      if (!reported) client_unit(unit, wire);
    } else
      server_unit(unit, wire);
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

  void columns(Direction dir, size_t fresh_from) {
    PacketColumns* const columns = out_.columns();
    if (!columns) return;
    std::string masked;
    const std::string_view fresh =
        secrets_.apply(fresh_from, out_.settings().show_secrets, masked);
    if (fresh.empty()) return;
    const auto& c = cols_.segment(
        dir == Direction::ClientToServer,
        {reinterpret_cast<const uint8_t*>(fresh.data()), fresh.size()});
    cols_pending_[dir == Direction::ClientToServer] = c.pending;
    if (c.set) columns->frame_summary(clock_.frame, c.protocol, c.info);
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
    if (!args.empty()) e.add_field("mailbox", std::string(args));
    out_.event(std::move(e));
  }

  // Where a secret begins in a client line still open: LOGIN's password,
  // AUTHENTICATE's initial response, or a SASL response that carries one
  // (all but AUTH LOGIN's user name); npos when none.
  size_t open_secret_at(std::string_view open) const {
    if (!auth_tag_.empty())
      return auth_mech_ == "LOGIN" && auth_step_ == 0 ? std::string_view::npos
                                                      : 0;
    return open_command_secret_at(open);
  }

  void remember(PendingCommand&& p) {
    if (pending_.size() >= kMaxPendingTags) pending_.pop_front();
    pending_.push_back(std::move(p));
  }

  void client_unit(std::string_view line, std::string_view wire) {
    if (!auth_tag_.empty()) {
      auth_line(wire);
      return;
    }
    if (idle_ && ascii_upper(line) == "DONE") {
      idle_ = false;
      Event e = make_event(Direction::ClientToServer, StepKind::Command);
      e.command = "DONE";
      e.text.assign(wire);
      out_.event(std::move(e));
      return;
    }
    // The same tokens in both forms: the literals come after them.
    size_t pos = 0, wpos = 0;
    std::string_view tag = imap::next_token(line, pos);
    imap::next_token(wire, wpos);
    size_t verb_at = pos;
    std::string verb = ascii_upper(imap::next_token(line, pos));
    imap::next_token(wire, wpos);
    bool untagged = false;
    const std::string tag_upper = ascii_upper(tag);
    if (is_imap_command(tag_upper) && !is_imap_command(verb)) {
      // Typed without a tag: the server takes the command for the tag and
      // the first argument for the command.  Read it as the client meant.
      untagged = true;
      verb = tag_upper;
      pos = verb_at;
      wpos = static_cast<size_t>(tag.data() - line.data()) + tag.size();
      while (wpos < wire.size() && wire[wpos] == ' ') ++wpos;
    }
    if (verb == "UID") {
      verb += " " + ascii_upper(imap::next_token(line, pos));
      imap::next_token(wire, wpos);
    }
    std::string_view args = line.substr(pos);
    Event e = make_event(Direction::ClientToServer, StepKind::Command);
    e.command = verb;
    e.text.assign(wire);
    e.add_field("tag", std::string(tag));
    PendingCommand p;
    p.tag = std::string(tag);
    p.verb = verb;
    if (verb == "LOGIN") {
      size_t ap = 0;
      const std::string user = imap::next_astring(args, ap);
      e.secret = imap::next_astring(args, ap);
      e.add_field("user", user);
      // Mask the rest after the user name as typed (a literal's bytes are
      // not in the text at all).
      size_t mp = wpos;
      astring_extent(wire, mp);  // the user name
      const auto [at, len] = astring_extent(wire, mp);
      if (len > 0 && wire[at] != '{') e.text = hide_secret(wire, at);
    } else if (verb == "AUTHENTICATE") {
      size_t ap = 0;
      auth_mech_ = ascii_upper(imap::next_token(args, ap));
      auth_step_ = 0;
      e.add_field("mechanism", auth_mech_);
      if (!untagged) auth_tag_ = std::string(tag);
      if (ap < args.size()) {  // SASL-IR initial response
        std::string user;
        auth_secret(args.substr(ap), user, e.secret);
        if (!user.empty()) {
          e.add_field("decoded", user);
          e.add_field("user", user);
        }
        size_t mp = wpos;
        imap::next_token(wire, mp);  // the mechanism
        if (mp < wire.size()) e.text = hide_secret(wire, mp);
      }
    } else {
      if (verb == "IDLE") idle_ = true;
      if (verb == "LOGOUT") checks_.quit_sent();
    }
    const std::string mailbox = mailbox_argument(verb, args);
    if (!mailbox.empty()) e.add_field("mailbox", mailbox);
    if (verb == "SELECT" || verb == "EXAMINE") p.mailbox = mailbox;
    // args: what follows the verb, as typed, secret masked.
    const size_t after_verb = std::min(wpos, e.text.size());
    e.args = e.text.substr(after_verb);
    p.ts = clock_.ts_ns;
    p.frame = clock_.frame;
    p.detail = e.text;
    p.untagged = untagged;
    p.step = out_.event(std::move(e));
    if (untagged)
      out_.finding(findings::make(findings::kImapUntagged, clock_.frame,
                                  std::string(tag)));
    remember(std::move(p));
  }

  // `wire` (a client unit as typed, ending with the line just read) with
  // its bytes from `at` on masked; those bytes are noted as a secret in the
  // delivery, for the packet list.
  std::string hide_secret(std::string_view wire, size_t at) {
    const std::string_view last = side(Direction::ClientToServer).last_line;
    const size_t last_at = wire.size() - std::min(wire.size(), last.size());
    // A unit cut at kMaxUnitText no longer ends with its last line: the
    // whole line is hidden then.
    const bool whole = at < last_at || !wire.ends_with(last);
    secrets_.hide(whole ? last : last.substr(at - last_at));
    return lines::mask(wire, at, wire.size() - std::min(at, wire.size()));
  }

  // SASL data, decoded as every mail protocol's is (mail/auth.hpp): the
  // user name and the secret (PLAIN's password, LOGIN's second response,
  // CRAM-MD5's digest).
  void auth_secret(std::string_view b64, std::string& user,
                   std::string& secret) {
    mail::SaslStep s =
        mail::decode_sasl_response(auth_mech_, auth_step_++, b64);
    user = std::move(s.user);
    secret = std::move(s.secret);
  }

  void auth_line(std::string_view line) {
    Event e = make_event(Direction::ClientToServer, StepKind::Auth);
    e.text.assign(line);
    if (line != "*") {  // "*" cancels the exchange
      std::string user;
      auth_secret(line, user, e.secret);
      if (!user.empty()) {
        e.add_field("decoded", user);
        e.add_field("user", user);
      }
      if (!e.secret.empty()) e.text = hide_secret(line, 0);
    }
    out_.event(std::move(e));
  }

  // The command a tagged reply with `tag` completes (removed from the
  // pending ones), or an empty one.
  PendingCommand take(std::string_view tag) {
    PendingCommand cmd;
    for (auto it = pending_.begin(); it != pending_.end(); ++it) {
      if (it->tag == tag) {
        cmd = std::move(*it);
        pending_.erase(it);
        break;
      }
    }
    return cmd;
  }

  void server_unit(std::string_view line, std::string_view wire) {
    if (line.substr(0, 1) == "+") {
      Event e = make_event(Direction::ServerToClient, StepKind::Continuation);
      e.outcome = Outcome::Intermediate;
      e.status = "+";
      e.text.assign(wire);
      // The prompt answers the command that waits for it: the last one.
      if (!pending_.empty())
        lines::answer(e, pending_.back().step, pending_.back().ts);
      if (!auth_tag_.empty()) {
        const std::string_view b64 =
            line.substr(line.size() > 1 && line[1] == ' ' ? 2 : 1);
        std::string prompt = mime::decode_base64(b64);
        if (printable(prompt)) e.add_field("decoded", std::move(prompt));
      }
      out_.event(std::move(e));
      return;
    }
    size_t pos = 0;
    const std::string_view tag = imap::next_token(line, pos);
    const size_t status_at = pos;
    const std::string status = imap::status_word(imap::next_token(line, pos));
    const bool first = !greeted_;
    greeted_ = true;
    if (tag == "*") {
      Event e = make_event(Direction::ServerToClient, StepKind::Untagged);
      e.outcome = Outcome::Info;
      e.status = status;
      e.text.assign(wire);
      if (first && !status.empty()) {
        // The greeting: OK, PREAUTH (already logged in), BYE (refused).
        e.kind = StepKind::Greeting;
        if (status == "PREAUTH") e.outcome = Outcome::Success;
        if (status == "BYE") {
          e.outcome = Outcome::Failure;
          checks_.fatal_greeting();
        }
      } else if (status == "BYE" && !pending_.empty() &&
                 pending_.back().verb != "LOGOUT") {
        // The server hangs up on a command.
        e.outcome = Outcome::Failure;
        lines::answer(e, pending_.back().step, pending_.back().ts);
      }
      out_.event(std::move(e));
      if (status == "PREAUTH") state_event(State::Authenticated);
      if (status == "BYE") state_event(State::Logout);
      return;
    }
    Event e = make_event(Direction::ServerToClient, StepKind::Reply);
    e.status = status.empty()
                   ? ascii_upper(line.substr(status_at, pos - status_at))
                   : status;
    e.outcome = status == "OK"                      ? Outcome::Success
                : status == "NO" || status == "BAD" ? Outcome::Failure
                                                    : Outcome::Info;
    e.text.assign(wire);
    e.add_field("tag", std::string(tag));
    PendingCommand cmd = take(tag);
    e.command = cmd.verb;
    lines::answer(e, cmd.step, cmd.ts);
    out_.event(std::move(e));
    judge(cmd, status);
    completed(cmd, status);
  }

  // What a tagged completion tells about the dialog.
  void judge(const PendingCommand& cmd, const std::string& status) {
    if (cmd.verb.empty()) return;
    const bool ok = status == "OK";
    const bool failed = status == "NO" || status == "BAD";
    const bool auth = cmd.verb == "LOGIN" || cmd.verb == "AUTHENTICATE";
    if (cmd.untagged) return;  // imap-untagged-command said it
    if (ok) checks_.succeeded(cmd.verb, auth);
    if (!failed) return;
    if ((cmd.verb == "SELECT" || cmd.verb == "EXAMINE") && status == "NO") {
      if (missing_mailboxes_.size() < 64)
        missing_mailboxes_.emplace_back(clock_.frame, cmd.mailbox);
      return;
    }
    checks_.refused(cmd.verb, clock_.frame, cmd.detail, auth);
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
      if (ok) {
        selected_any_ = true;
        state_event(State::Selected, cmd.mailbox);
      } else if (state_ == State::Selected) {
        state_event(State::Authenticated);
      }
    } else if ((cmd.verb == "CLOSE" || cmd.verb == "UNSELECT") && ok) {
      state_event(State::Authenticated);
    } else if (cmd.verb == "STARTTLS" && ok) {
      Event e = make_event(Direction::ServerToClient, StepKind::State);
      e.text = "tls";
      out_.event(std::move(e));
      // Bytes after this line are TLS if they look it: the TLS dissector
      // gets them and hands the plaintext back to us.
      side(Direction::ServerToClient).frag.stop_after_line();
      for (Side& s : sides_) s.reset();
      cols_.reset(true);
      cols_.reset(false);
      pending_.clear();
      start_tls_.accepted("STARTTLS");
    }
  }

  DissectorOutput& out_;
  imap::MailArtifacts mail_;
  Side sides_[2];
  imap::TsharkColumns cols_{out_};
  bool cols_pending_[2] = {false, false};  // by "is request"
  lines::SecretSpans secrets_;             // in the delivery being read
  StreamClock clock_;
  State state_ = State::NotAuthenticated;
  std::deque<PendingCommand> pending_;
  std::string auth_tag_, auth_mech_;
  int auth_step_ = 0;
  bool idle_ = false;
  bool named_ = false;
  bool greeted_ = false;
  bool selected_any_ = false;
  std::vector<std::pair<uint64_t, std::string>> missing_mailboxes_;
  lines::StartTls start_tls_;
  lines::DialogChecks checks_;
};

void Side::on_line(std::string_view line, bool truncated) {
  if (truncated) unit_truncated = true;
  const LiteralSpec spec =
      truncated ? LiteralSpec{} : imap::trailing_literal(line);
  last_line = line;
  append(line);
  if (!spec.present) {
    d_.unit_done(dir_, unit, wire, unit_truncated, reported);
    unit.clear();
    wire.clear();
    unit_truncated = false;
    reported = false;
    return;
  }
  if (d_.literal_is_message(dir_, unit, spec)) {
    lit = Lit::Message;
    if (dir_ == Direction::ClientToServer && !reported) {
      d_.report_command(unit, wire);
      reported = true;
    }
  } else {
    // A small literal is parsed in place as a quoted string.
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
  if (dir_ == Direction::ClientToServer)
    d_.literal_bytes(std::string_view(unit).substr(0, lit_inline_start), s);
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
