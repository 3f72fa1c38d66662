// SPDX-License-Identifier: GPL-2.0-or-later
//
// The STARTTLS hand-over the text protocols share (SMTP STARTTLS, POP3
// STLS, IMAP STARTTLS).  Once the server accepts, the dissector asks the
// flow layer to put TLS under it (DissectorOutput::start_tls).  Then one of
// two things happens: TLS took over and decrypts, and plaintext comes back
// as a new dialog; or nobody can decrypt, and what arrives next are TLS
// records -- from there on the session is not this protocol, which is said
// once and parsed no further.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "tracelab/dissector.hpp"

namespace tracelab::lines {

class StartTls {
 public:
  /// The server accepted `command`: asks for the hand-over.
  void accepted(DissectorOutput& out, std::string_view command) {
    command_.assign(command);
    pending_ = true;
    out.start_tls();
  }

  /// True while a hand-over was asked for and no byte has come since.
  bool pending() const { return pending_; }

  /// Whether `data` -- and everything after it -- is TLS nobody decrypts.
  /// The first delivery after accepted() decides, and is noted then.
  bool opaque(Direction dir, std::span<const uint8_t> data,
              const StreamClock& clock, DissectorOutput& out) {
    if (opaque_) return true;
    if (!pending_ || data.empty()) return false;
    pending_ = false;
    // A handshake record, or an SSLv2 one (its length has bit 7 set): no
    // line of these protocols starts with either byte.
    opaque_ = data[0] == 0x16 || (data[0] & 0x80);
    if (opaque_) {
      Event e = step_event(dir, StepKind::Tls, clock);
      e.text = "TLS follows (" + command_ + "); not parsed";
      out.event(std::move(e));
    }
    return opaque_;
  }

 private:
  std::string command_;
  bool pending_ = false;
  bool opaque_ = false;
};

}  // namespace tracelab::lines
