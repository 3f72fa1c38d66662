// SPDX-License-Identifier: GPL-2.0-or-later
#include "session_keys.hpp"

namespace tracelab::flow {

void SessionKeys::offer(std::string_view key, uint64_t session_id) {
  if (key.empty() || key.size() > kMaxKeyBytes) return;
  std::string k(key);
  if (owner_.count(k)) return;  // the first offer keeps it
  if (order_.size() >= kMaxKeys) {
    const auto& [old, n] = order_.front();
    const auto it = owner_.find(old);
    if (it != owner_.end() && it->second.offer == n) owner_.erase(it);
    order_.pop_front();
  }
  const uint64_t n = ++offers_;
  owner_.emplace(k, Owner{session_id, n});
  order_.emplace_back(std::move(k), n);
}

std::optional<uint64_t> SessionKeys::owner(std::string_view key) const {
  if (key.empty() || key.size() > kMaxKeyBytes) return std::nullopt;
  const auto it = owner_.find(std::string(key));
  if (it == owner_.end()) return std::nullopt;
  return it->second.session;
}

void SessionKeys::forget(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyBytes) return;
  owner_.erase(std::string(key));
}

}  // namespace tracelab::flow
