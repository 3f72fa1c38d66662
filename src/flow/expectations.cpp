// SPDX-License-Identifier: GPL-2.0-or-later
#include "expectations.hpp"

#include <algorithm>

namespace tracelab::flow {

namespace {

bool matches(const Endpoint& want, const Endpoint& got) {
  if (want.addr.family != 0 && !(want.addr == got.addr)) return false;
  return want.port == 0 || want.port == got.port;
}

}  // namespace

void Expectations::add(ExpectedConnection&& what, uint64_t owner_session,
                       Conversation* owner, int64_t now_ns) {
  if (!what.make) return;
  if (pending_.size() >= kMax) {
    pending_.erase(pending_.begin());
    ++dropped_;
  }
  Pending p;
  // Capture time only grows for the flow table (a capture merged out of
  // order): count from the latest time seen, not from this frame's.
  p.expires_ns =
      std::max(now_ns, latest_ns_) + std::max<int64_t>(what.ttl_ns, 0);
  p.m.what = std::move(what);
  p.m.owner_session = owner_session;
  p.m.owner = owner;
  pending_.push_back(std::move(p));
}

std::optional<ExpectationMatch> Expectations::take(bool tcp, const Endpoint& a,
                                                   const Endpoint& b,
                                                   int64_t now_ns) {
  latest_ns_ = std::max(latest_ns_, now_ns);
  std::erase_if(pending_,
                [&](const Pending& p) { return p.expires_ns < now_ns; });
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    const ExpectedConnection& w = it->m.what;
    if (w.tcp != tcp) continue;
    bool a_server = matches(w.server, a) && matches(w.client, b);
    bool b_server = !a_server && matches(w.server, b) && matches(w.client, a);
    if (!a_server && !b_server) continue;
    ExpectationMatch m = std::move(it->m);
    m.first_is_server = a_server;
    pending_.erase(it);
    return m;
  }
  return std::nullopt;
}

void Expectations::owner_gone(const Conversation* owner) {
  for (Pending& p : pending_)
    if (p.m.owner == owner) p.m.owner = nullptr;
}

}  // namespace tracelab::flow
