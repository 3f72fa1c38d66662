// SPDX-License-Identifier: GPL-2.0-or-later
//
// Connections announced by dissectors (dissector.hpp ExpectedConnection)
// and waiting for their first packet.  Few are ever pending (one per FTP
// transfer or TFTP request in flight), so a small vector searched linearly
// is enough; its size is bounded and entries expire in capture time.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tracelab/dissector.hpp"

namespace tracelab::flow {

class Conversation;

/// One announced connection that a new flow matched.
struct ExpectationMatch {
  ExpectedConnection what;
  uint64_t owner_session = 0;
  Conversation* owner = nullptr;  ///< null when the announcer has ended
  bool first_is_server = false;   ///< endpoint `a` of take() is the server
};

class Expectations {
 public:
  /// Pending at most; a new one beyond drops the oldest.
  static constexpr size_t kMax = 256;

  void add(ExpectedConnection&& what, uint64_t owner_session,
           Conversation* owner, int64_t now_ns);
  /// The oldest pending expectation a new flow between `a` and `b` matches
  /// (either orientation), removed from the table; expired ones are dropped
  /// on the way.
  std::optional<ExpectationMatch> take(bool tcp, const Endpoint& a,
                                       const Endpoint& b, int64_t now_ns);
  /// The announcer ended: its pending expectations stay valid, but the link
  /// back to its session record is gone.
  void owner_gone(const Conversation* owner);
  size_t pending() const { return pending_.size(); }
  uint64_t dropped() const { return dropped_; }

 private:
  struct Pending {
    ExpectationMatch m;
    int64_t expires_ns = 0;
  };
  std::vector<Pending> pending_;
  uint64_t dropped_ = 0;           ///< evicted by the bound
  int64_t latest_ns_ = INT64_MIN;  ///< latest capture time take() saw
};

}  // namespace tracelab::flow
