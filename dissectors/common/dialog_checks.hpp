// SPDX-License-Identifier: GPL-2.0-or-later
//
// What the command/reply protocols (SMTP, POP3, IMAP) check alike, and the
// pieces of their steps they build alike:
//
//   - `delay`: seconds from a command to the reply that answers it;
//   - `auth-failed`: an authentication the server refused; an Error unless
//     a later authentication in the same session succeeded (then a
//     Warning: the dialog still did its job);
//   - `command-refused` (Warning): any other refusal not covered by a more
//     specific finding and not retried successfully with the same verb;
//   - `no-quit`: the session ended without QUIT (IMAP: LOGOUT).  Not when
//     the server refused service in its greeting, nor when the rest of the
//     session went into TLS nobody decrypts (we cannot see), nor after
//     STARTTLS was answered with plain text (the server read it as TLS).
//     A Warning when the capture simply ended with the connection open;
//   - `no-reply` (Warning): a command left unanswered when the session
//     ended by FIN or RST.
//
// The masking rule the three share for secrets: `text` is the line as it
// crossed the wire (without its CR LF) with the secret's bytes replaced by
// kSecretMask; the secret itself goes to Event::secret.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/dissector.hpp"
#include "tracelab/findings.hpp"

namespace tracelab::lines {

inline constexpr std::string_view kSecretMask = "********";

/// `line` with bytes [at, at + len) replaced by the mask.
inline std::string mask(std::string_view line, size_t at, size_t len) {
  if (at > line.size()) return std::string(line);
  std::string out(line.substr(0, at));
  out += kSecretMask;
  if (len < line.size() - at) out.append(line.substr(at + len));
  return out;
}

/// "0.012345": seconds from `from_ns` to `to_ns`.
inline std::string delay_text(int64_t from_ns, int64_t to_ns) {
  const int64_t d = to_ns >= from_ns ? to_ns - from_ns : 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%06lld",
                static_cast<long long>(d / 1'000'000'000),
                static_cast<long long>((d % 1'000'000'000) / 1000));
  return buf;
}

/// Makes `reply` answer `command` (its step index and time).
inline void answer(Event& reply, StepIndex command, int64_t command_ts) {
  if (command == kNoStep) return;
  reply.answers = command;
  reply.add_field("delay", delay_text(command_ts, reply.ts_ns));
}

class DialogChecks {
 public:
  static constexpr size_t kMaxRefusals = 64;

  /// The client said goodbye (QUIT, LOGOUT).
  void quit_sent() { quit_ = true; }
  /// The server refused service in its greeting (554, -ERR, BYE).
  void fatal_greeting() { fatal_greeting_ = true; }
  /// From here we cannot see the dialog (TLS nobody decrypts), or the
  /// server no longer reads it as commands (plain text after STARTTLS).
  void set_blind(bool b) { blind_ = b; }
  bool blind() const { return blind_; }

  /// The server refused `verb` (its reply in `frame`); `auth` when it was
  /// an authentication.  `detail` is what the finding names.
  void refused(std::string_view verb, uint64_t frame, std::string detail,
               bool auth) {
    if (refusals_.size() >= kMaxRefusals) return;
    refusals_.push_back({std::string(verb), frame, std::move(detail), auth});
  }
  /// `verb` succeeded: earlier refusals of it (of any authentication,
  /// when `auth`) were retried successfully.
  void succeeded(std::string_view verb, bool auth) {
    for (Refusal& r : refusals_)
      if (auth ? r.auth : (!r.auth && r.verb == verb)) r.retried = true;
  }
  /// Refusals in `frames` are covered by a more specific finding.
  void forget_refusals(const std::vector<uint64_t>& frames) {
    std::erase_if(refusals_, [&](const Refusal& r) {
      return !r.auth &&
             std::find(frames.begin(), frames.end(), r.frame) != frames.end();
    });
  }
  /// Whether an authentication succeeded after the last refusal of one.
  bool auth_retried() const {
    for (const Refusal& r : refusals_)
      if (r.auth && !r.retried) return false;
    return true;
  }

  struct Unanswered {
    std::string verb;
    uint64_t frame = 0;
  };

  /// The session ended (`why`, at `end_frame`): reports the findings.
  void finish(DissectorOutput& out, EndReason why, uint64_t end_frame,
              const std::vector<Unanswered>& unanswered,
              std::string_view quit_verb) {
    for (const Refusal& r : refusals_) {
      if (r.auth) {
        Finding f = findings::make(findings::kAuthFailed, r.frame, r.detail);
        if (r.retried) f.severity = Severity::Warning;
        out.finding(std::move(f));
      } else if (!r.retried) {
        out.finding(
            findings::make(findings::kCommandRefused, r.frame, r.detail));
      }
    }
    if (blind_) return;
    const bool closed = why == EndReason::Fin || why == EndReason::Rst;
    if (closed)
      for (const Unanswered& u : unanswered)
        out.finding(findings::make(findings::kNoReply, u.frame, u.verb));
    if (!quit_ && !fatal_greeting_ && why != EndReason::Open) {
      Finding f =
          findings::make(findings::kNoQuit, end_frame, std::string(quit_verb));
      if (why == EndReason::CaptureEnd) f.severity = Severity::Warning;
      out.finding(std::move(f));
    }
  }

 private:
  struct Refusal {
    std::string verb;
    uint64_t frame;
    std::string detail;
    bool auth;
    bool retried = false;
  };
  std::vector<Refusal> refusals_;
  bool quit_ = false;
  bool fatal_greeting_ = false;
  bool blind_ = false;
};

}  // namespace tracelab::lines
