// SPDX-License-Identifier: GPL-2.0-or-later
//
// Keys by which a later session refers to an earlier one: a TLS session id
// or ticket the first handshake issued and a resumed one presents, an
// address a DNS answer gave and a later connection goes to.  The first
// session to offer a key owns it.  Bounded: past kMaxKeys the oldest
// offers are forgotten, so a capture full of handshakes cannot grow it.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tracelab::flow {

class SessionKeys {
 public:
  static constexpr size_t kMaxKeys = 65536;
  /// Longer keys are refused (callers hash long values such as tickets).
  static constexpr size_t kMaxKeyBytes = 128;

  void offer(std::string_view key, uint64_t session_id);
  /// The session that offered `key`, if it is remembered.
  std::optional<uint64_t> owner(std::string_view key) const;
  /// Forgets `key` (a key meant for one referrer); a later offer of it
  /// then owns it anew.
  void forget(std::string_view key);
  size_t size() const { return owner_.size(); }

 private:
  struct Owner {
    uint64_t session = 0;
    uint64_t offer = 0;  ///< which offer made it (see order_)
  };
  std::unordered_map<std::string, Owner> owner_;
  /// Oldest offer first, with its number: a key forgotten and offered
  /// again is not dropped when its first offer's turn comes.
  std::deque<std::pair<std::string, uint64_t>> order_;
  uint64_t offers_ = 0;
};

}  // namespace tracelab::flow
