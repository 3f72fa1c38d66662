// SPDX-License-Identifier: GPL-2.0-or-later
//
// A text line gathered across deliveries, for the line-oriented protocols
// (SMTP, POP3).  Only its first `cap` bytes are kept -- a line that never
// ends cannot grow memory -- but it is still consumed up to its LF.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tracelab::lines {

class BoundedLine {
 public:
  explicit BoundedLine(size_t cap) : cap_(cap) {}

  /// Consumes `d` from `pos` up to and including the next LF.  True when
  /// that completed a line (then `pos` is just past it and line() holds
  /// it); false when `d` ran out first (`pos` is then d.size()).
  bool take(std::string_view d, size_t& pos) {
    const size_t nl = d.find('\n', pos);
    const size_t end = nl == std::string_view::npos ? d.size() : nl;
    begin_ = static_cast<std::ptrdiff_t>(pos) -
             static_cast<std::ptrdiff_t>(buf_.size());
    end_ = end;
    if (buf_.size() < cap_)
      buf_.append(d.substr(pos, std::min(end - pos, cap_ - buf_.size())));
    if (nl == std::string_view::npos) {
      pos = d.size();
      return false;
    }
    pos = nl + 1;
    return true;
  }
  /// The completed line without its CR LF (or LF).
  std::string_view line() const {
    std::string_view l(buf_);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    return l;
  }
  /// Where the completed line's byte `i` lies in the delivery `d` that
  /// completed it (negative: in an earlier delivery), and where its line
  /// end lies: for masking a secret in that delivery (secret_spans.hpp).
  std::ptrdiff_t offset_in_delivery(size_t i) const {
    return begin_ + static_cast<std::ptrdiff_t>(i);
  }
  std::ptrdiff_t end_in_delivery() const {
    return static_cast<std::ptrdiff_t>(end_);
  }
  /// Nothing gathered: the next byte starts a line.
  bool empty() const { return buf_.empty(); }
  void clear() { buf_.clear(); }

 private:
  size_t cap_;
  std::string buf_;
  std::ptrdiff_t begin_ = 0;
  size_t end_ = 0;
};

}  // namespace tracelab::lines
