// SPDX-License-Identifier: GPL-2.0-or-later
//
// The STARTTLS hand-over the text protocols share (SMTP STARTTLS, POP3
// STLS, IMAP STARTTLS).  Once the server accepts, the next bytes either way
// decide what follows:
//
//   - a TLS record (a handshake record, or an SSLv2 one: its length has bit
//     7 set; no line of these protocols starts with either byte): the
//     dissector asks the flow layer to put TLS under it
//     (DissectorOutput::start_tls) and leaves those bytes unconsumed, so
//     that they are TLS's first.  If TLS decrypts, plaintext comes back
//     through on_data as a new dialog; if the output cannot switch (it
//     presents the same bytes again), the rest is noted once and parsed no
//     further;
//   - anything else: the client went on in plain text (a student typing at
//     a telnet prompt).  The server reads those bytes as a broken TLS
//     record, but the dialog is still plain text, shown as such (tshark
//     does the same), and finding `starttls-no-tls` marks the frame.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tracelab/dissector.hpp"
#include "tracelab/findings.hpp"

namespace tracelab::lines {

/// Whether `data` starts like a TLS (or SSLv2) record.
inline bool looks_like_tls_record(std::span<const uint8_t> data) {
  return !data.empty() && (data[0] == 0x16 || (data[0] & 0x80));
}

class StartTls {
 public:
  /// The server accepted `command`: the next bytes decide.
  void accepted(std::string_view command) {
    command_.assign(command);
    state_ = State::Accepted;
  }

  /// True from the acceptance until bytes decided what follows, or while
  /// the hand-over to TLS is asked for and no plaintext came back.
  bool pending() const {
    return state_ == State::Accepted || state_ == State::Asked;
  }

  enum class Verdict : uint8_t {
    Plain,      ///< parse `data` as this protocol
    HandOver,   ///< consume nothing: TLS takes these bytes
    Opaque,     ///< TLS nobody decrypts: consume everything, parse nothing
    NotTls,     ///< plain text after the acceptance (reported); parse it
    Decrypted,  ///< the first plaintext TLS handed back; parse it
  };

  /// Call first on every delivery.
  Verdict check(Direction dir, std::span<const uint8_t> data,
                const StreamClock& clock, DissectorOutput& out) {
    if (state_ == State::Opaque) return Verdict::Opaque;
    if (data.empty()) return Verdict::Plain;
    if (state_ == State::Accepted) {
      if (looks_like_tls_record(data)) {
        state_ = State::Asked;
        out.start_tls();
        return Verdict::HandOver;
      }
      state_ = State::Plain;
      out.finding(
          findings::make(findings::kStartTlsNoTls, clock.frame, command_));
      return Verdict::NotTls;
    }
    if (state_ == State::Asked) {
      if (looks_like_tls_record(data)) {
        // The same bytes again: the output could not switch.
        state_ = State::Opaque;
        Event e = step_event(dir, StepKind::Tls, clock);
        e.text = "TLS follows (" + command_ + "); not parsed";
        out.event(std::move(e));
        return Verdict::Opaque;
      }
      state_ = State::Plain;  // decrypted plaintext from TLS
      return Verdict::Decrypted;
    }
    return Verdict::Plain;
  }

 private:
  enum class State : uint8_t { Plain, Accepted, Asked, Opaque };
  std::string command_;
  State state_ = State::Plain;
};

}  // namespace tracelab::lines
