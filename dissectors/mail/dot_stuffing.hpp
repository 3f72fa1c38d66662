// SPDX-License-Identifier: GPL-2.0-or-later
//
// Undoing the dot-stuffing of SMTP DATA and POP3 multi-line answers
// (RFC 5321 4.5.2, RFC 1939 3): a line that starts with "." loses it, and a
// line that is only "." ends the body.  Byte by byte, so a body may arrive
// in any pieces; what is held between pieces is the state, never bytes
// (a dot and a CR held back are known to be exactly that).
#pragma once

#include <cstdint>
#include <string_view>

namespace tracelab::mail {

class DotUnstuffer {
 public:
  /// A new body starts (at a line start).
  void reset() { state_ = State::LineStart; }
  /// Bytes were lost: the next ones are not at a line start.
  void gap() { state_ = State::Mid; }

  /// Feeds `d`; the body's bytes go to write(std::string_view) in order.
  /// Returns the bytes consumed: all of `d`, or those up to and including
  /// the end mark, in which case `ended` is set.
  template <class Write>
  size_t feed(std::string_view d, Write&& write, bool& ended) {
    ended = false;
    size_t run = 0;  // start of the bytes to pass on as they are
    for (size_t i = 0; i < d.size(); ++i) {
      const char c = d[i];
      switch (state_) {
        case State::LineStart:
          if (c == '.') {
            if (i > run) write(d.substr(run, i - run));
            run = i + 1;  // the dot is dropped (or ends the body)
            state_ = State::Dot;
          } else {
            state_ = after(c);
          }
          break;
        case State::Dot:
          if (c == '\r') {
            run = i + 1;  // held: the end mark, or a line "\r..."
            state_ = State::DotCr;
          } else {
            state_ = c == '\n' ? State::LineStart : State::Mid;
          }
          break;
        case State::DotCr:
          if (c == '\n') {
            ended = true;
            state_ = State::LineStart;
            return i + 1;
          }
          write("\r");
          state_ = c == '\r' ? State::Cr : State::Mid;
          break;
        case State::Mid:
        case State::Cr: state_ = after(c); break;
      }
    }
    if (run < d.size()) write(d.substr(run));
    return d.size();
  }

 private:
  enum class State : uint8_t { LineStart, Dot, DotCr, Mid, Cr };
  State after(char c) const {
    if (c == '\n') return State::LineStart;
    return c == '\r' ? State::Cr : State::Mid;
  }
  State state_ = State::LineStart;
};

}  // namespace tracelab::mail
