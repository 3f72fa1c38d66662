// SPDX-License-Identifier: GPL-2.0-or-later
//
// Secrets in the packet list.  The dialog parsers know where a password lies
// (they mask it in the session's steps); the Info column is built by a
// separate model of tshark's dissector that knows nothing of passwords.  So
// the parser notes, while it reads a delivery, which of its bytes were a
// secret, and the column model is then handed a copy of the delivery with
// those bytes replaced by the mask: "PASS ********" in the Info, the line
// structure (and so tshark's classification) unchanged.  With
// --show-secrets nothing is replaced and the Info equals tshark's.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/bounded_line.hpp"
#include "common/dialog_checks.hpp"

namespace tracelab::lines {

class SecretSpans {
 public:
  /// A new delivery: what is noted from now on is relative to `delivery`.
  void begin(std::string_view delivery) {
    delivery_ = delivery;
    spans_.clear();
  }

  /// Bytes [from, to) of the delivery are a secret.  `from` may be negative
  /// (the line began in an earlier delivery: its start is masked from 0).
  void hide(std::ptrdiff_t from, std::ptrdiff_t to) {
    const auto size = static_cast<std::ptrdiff_t>(delivery_.size());
    from = std::clamp<std::ptrdiff_t>(from, 0, size);
    to = std::clamp<std::ptrdiff_t>(to, 0, size);
    if (from < to)
      spans_.emplace_back(static_cast<size_t>(from), static_cast<size_t>(to));
  }

  /// `part` is a secret; ignored unless it is a view into the delivery.
  void hide(std::string_view part) {
    const char* b = delivery_.data();
    if (part.empty() || part.data() < b ||
        part.data() + part.size() > b + delivery_.size())
      return;
    const std::ptrdiff_t at = part.data() - b;
    hide(at, at + static_cast<std::ptrdiff_t>(part.size()));
  }

  /// The delivery from byte `from` on, with each noted secret replaced by
  /// kSecretMask (a CR ending a line is kept); the delivery itself when
  /// `show` or nothing was noted.  `storage` holds the copy.
  std::string_view apply(size_t from, bool show, std::string& storage) {
    from = std::min(from, delivery_.size());
    if (show || spans_.empty()) return delivery_.substr(from);
    std::sort(spans_.begin(), spans_.end());
    storage.clear();
    size_t at = from;
    for (auto [b, e] : spans_) {
      if (e > b && delivery_[e - 1] == '\r') --e;
      b = std::max(b, at);
      if (e <= b) continue;
      storage.append(delivery_.substr(at, b - at));
      storage.append(kSecretMask);
      at = e;
    }
    storage.append(delivery_.substr(at));
    return storage;
  }

 private:
  std::string_view delivery_;
  std::vector<std::pair<size_t, size_t>> spans_;
};

/// A secret from byte `at` of `line` (the line `gathered` just completed) to
/// its end: noted in `spans` for the packet list, and `line` returned with
/// it masked, for the session's step.
inline std::string hide_line_secret(SecretSpans& spans,
                                    const BoundedLine& gathered,
                                    std::string_view line, size_t at) {
  spans.hide(gathered.offset_in_delivery(at), gathered.end_in_delivery());
  return mask(line, at, line.size() - std::min(at, line.size()));
}

/// The line `gathered` holds has not ended in this delivery: its bytes from
/// `at` on (npos: none) are a secret, hidden in this delivery's Info
/// already -- the rest comes with a later one.
inline void hide_open_line_secret(SecretSpans& spans,
                                  const BoundedLine& gathered, size_t at) {
  if (at != std::string_view::npos)
    spans.hide(gathered.offset_in_delivery(at), gathered.end_in_delivery());
}

}  // namespace tracelab::lines
