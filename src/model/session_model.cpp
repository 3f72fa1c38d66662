// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <map>
#include <unordered_map>

#include "tracelab/model.hpp"

namespace tracelab {
namespace {

class SessionModel final : public SessionSink {
 public:
  explicit SessionModel(SessionSink& out) : out_(out) {}

  void session_done(Session&& s) override {
    if (auto it = early_.find(s.id); it != early_.end()) {
      for (auto& [link, key] : it->second) attach(s, link, key);
      early_links_ -= it->second.size();
      early_.erase(it);
    }
    const uint64_t id = s.id;
    held_events_ += s.events.size();
    held_.emplace(id, std::move(s));
    drain();
  }

  void late_link(uint64_t id, Link link, std::string_view key) override {
    if (auto it = held_.find(id); it != held_.end()) {
      attach(it->second, link, key);
      drain();
      return;
    }
    if (id < next_id_) return;  // already passed on
    // Not finished yet: kept until it is, within a bound.
    if (early_links_ >= kMaxEarlyLinks) return;
    early_[id].emplace_back(link, std::string(key));
    ++early_links_;
  }

  void clock(int64_t ts_ns) override {
    // Capture times stay far from the int64 limits (a clock from the year
    // 1677 to 2262): clamp a damaged one so that arithmetic cannot wrap.
    now_ = std::clamp<int64_t>(ts_ns, INT64_MIN / 2, INT64_MAX / 2);
    if (next_deadline_ <= now_) drain();
  }

  void finish() override {
    finishing_ = true;
    drain();
    early_.clear();
    out_.finish();
  }

 private:
  static constexpr size_t kMaxHeld = 4096;
  /// Steps the held sessions may have together: long dialogs that end one
  /// after another go on sooner rather than piling up while they linger.
  static constexpr size_t kMaxHeldEvents = 300'000;
  static constexpr size_t kMaxEarlyLinks = 65536;
  static constexpr int64_t kNever = INT64_MAX;
  /// A finished session lingers this long (capture time) so that a link
  /// found soon after its end -- a connection resuming its TLS session, a
  /// data connection's control session -- still reaches it.
  static constexpr int64_t kLinger = 10'000'000'000;

  static void attach(Session& s, const Link& link, std::string_view key) {
    s.relate(link);
    if (key.empty()) return;
    for (auto& a : s.awaiting)
      if (a.key == key) a.met = true;
  }

  // Whether `s` still waits for a follow-up or a link that may come.
  bool waiting(const Session& s) {
    if (s.end_ns > now_ - kLinger) {
      const int64_t until =
          s.end_ns > kNever - kLinger ? kNever : s.end_ns + kLinger;
      next_deadline_ = std::min(next_deadline_, until);
      return true;
    }
    for (const auto& a : s.awaiting)
      if (!a.met && a.deadline_ns > now_) {
        next_deadline_ = std::min(next_deadline_, a.deadline_ns);
        return true;
      }
    return false;
  }

  void drain() {
    next_deadline_ = kNever;
    while (!held_.empty()) {
      auto it = held_.begin();
      Session& s = it->second;
      const bool forced = finishing_ || held_.size() > kMaxHeld ||
                          held_events_ > kMaxHeldEvents;
      if (!forced && (it->first > next_id_ || waiting(s))) break;
      if (it->first >= next_id_) next_id_ = it->first + 1;
      complete(s);
      held_events_ -= s.events.size();
      out_.session_done(std::move(s));
      held_.erase(it);
    }
    // Sessions go on in id order, so only the first held one's deadline
    // can release anything (waiting() noted it); those behind it wait for
    // it whatever their own deadlines.
  }

  // Follow-ups that did not come become findings.
  static void complete(Session& s) {
    for (auto& a : s.awaiting)
      if (!a.met) s.findings.push_back(std::move(a.finding));
    s.awaiting.clear();
  }

  SessionSink& out_;
  std::map<uint64_t, Session> held_;
  std::unordered_map<uint64_t, std::vector<std::pair<Link, std::string>>>
      early_;
  size_t early_links_ = 0;
  size_t held_events_ = 0;
  uint64_t next_id_ = 0;
  // Far in the past, yet with room to subtract kLinger without overflow.
  int64_t now_ = INT64_MIN / 2;
  int64_t next_deadline_ = kNever;
  bool finishing_ = false;
};

}  // namespace

std::unique_ptr<SessionSink> make_session_model(SessionSink& out) {
  return std::make_unique<SessionModel>(out);
}

}  // namespace tracelab
