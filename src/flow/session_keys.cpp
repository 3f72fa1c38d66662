// SPDX-License-Identifier: GPL-2.0-or-later
#include "session_keys.hpp"

namespace tracelab::flow {

void SessionKeys::offer(std::string_view key, uint64_t session_id) {
  if (key.empty() || key.size() > kMaxKeyBytes) return;
  std::string k(key);
  if (owner_.count(k)) return;  // the first offer keeps it
  if (order_.size() >= kMaxKeys) {
    owner_.erase(order_.front());
    order_.pop_front();
  }
  owner_.emplace(k, session_id);
  order_.push_back(std::move(k));
}

std::optional<uint64_t> SessionKeys::owner(std::string_view key) const {
  if (key.empty() || key.size() > kMaxKeyBytes) return std::nullopt;
  const auto it = owner_.find(std::string(key));
  if (it == owner_.end()) return std::nullopt;
  return it->second;
}

}  // namespace tracelab::flow
