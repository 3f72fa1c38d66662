// SPDX-License-Identifier: GPL-2.0-or-later
//
// IPv4 / IPv6 fragment reassembly.
//
// Policy:
//  - Datagrams are keyed by family, addresses and identification (plus the
//    protocol for IPv4, as RFC 791 asks).
//  - Overlaps and duplicates: the bytes that arrived first win.  A later
//    fragment only fills the gaps it covers; its other bytes are ignored.
//    (This is the "first" policy of BSD-derived stacks; it means a duplicate
//    can never change data already seen.)
//  - The first fragment with MF clear fixes the datagram's length; later
//    bytes beyond that length are ignored.
//  - A datagram may not exceed 65535 bytes of payload.
//  - Memory: every buffered datagram counts its buffer capacity plus a fixed
//    overhead.  A fragment that would push the total past the limit drops
//    its whole datagram (counted in datagrams_dropped_over_limit), so the
//    datagrams already held keep their chance to complete.
//  - Time is capture time: a datagram whose first fragment is older than the
//    timeout when another fragment arrives is dropped (datagrams_expired).
#include <algorithm>
#include <map>
#include <unordered_map>
#include <vector>

#include "layers.hpp"

namespace tracelab {

using decode_detail::FragmentKey;
using decode_detail::Span;

namespace {

constexpr uint32_t kMaxDatagram = 65535;
// Map node, range vector header and bookkeeping, roughly.
constexpr uint64_t kDatagramOverhead = 256;

struct KeyHash {
  size_t operator()(const FragmentKey& k) const {
    uint64_t h = 1469598103934665603ull;
    auto mix = [&](uint8_t b) { h = (h ^ b) * 1099511628211ull; };
    mix(k.family);
    mix(k.proto);
    for (int i = 0; i < 4; ++i) mix(static_cast<uint8_t>(k.id >> (8 * i)));
    for (uint8_t b : k.src) mix(b);
    for (uint8_t b : k.dst) mix(b);
    return static_cast<size_t>(h);
  }
};

using Age = std::pair<int64_t, uint64_t>;  // first fragment's time, serial

struct Datagram {
  std::vector<uint8_t> data;                        // grows to the highest end
  std::vector<std::pair<uint32_t, uint32_t>> have;  // sorted, disjoint [b, e)
  uint32_t total = 0;
  bool total_known = false;
  uint8_t first_proto = 0;
  uint32_t fragments = 0;
  Age age{};
  uint64_t accounted = 0;  // bytes charged to Stats::bytes_buffered
};

uint64_t footprint(const Datagram& d) {
  return kDatagramOverhead + d.data.capacity() +
         d.have.capacity() * sizeof(d.have[0]);
}

}  // namespace

struct Defragmenter::Impl {
  Limits limits;
  Stats stats;
  std::unordered_map<FragmentKey, Datagram, KeyHash> table;
  std::map<Age, FragmentKey> by_age;
  uint64_t serial = 0;
  std::vector<uint8_t> completed;  // the datagram last handed out

  void erase(std::unordered_map<FragmentKey, Datagram, KeyHash>::iterator it) {
    stats.bytes_buffered -= it->second.accounted;
    by_age.erase(it->second.age);
    table.erase(it);
  }

  void expire(int64_t now) {
    while (!by_age.empty()) {
      auto oldest = by_age.begin();
      if (now - oldest->first.first <= limits.timeout_ns) break;
      auto it = table.find(oldest->second);
      ++stats.datagrams_expired;
      if (it != table.end())
        erase(it);
      else
        by_age.erase(oldest);
    }
  }

  // Copies the parts of [b, e) not yet held, then records [b, e) as held.
  static void fill(Datagram& d, uint32_t b, uint32_t e, const uint8_t* src) {
    uint32_t pos = b;
    for (const auto& [hb, he] : d.have) {
      if (he <= pos) continue;
      if (hb >= e) break;
      if (hb > pos) std::copy(src + (pos - b), src + (hb - b), &d.data[pos]);
      pos = std::max(pos, he);
      if (pos >= e) break;
    }
    if (pos < e) std::copy(src + (pos - b), src + (e - b), &d.data[pos]);
    // Merge [b, e) into the sorted range list.
    auto it = std::lower_bound(d.have.begin(), d.have.end(), b,
                               [](const std::pair<uint32_t, uint32_t>& r,
                                  uint32_t v) { return r.second < v; });
    uint32_t nb = b, ne = e;
    auto last = it;
    while (last != d.have.end() && last->first <= ne) {
      nb = std::min(nb, last->first);
      ne = std::max(ne, last->second);
      ++last;
    }
    it = d.have.erase(it, last);
    d.have.insert(it, {nb, ne});
  }

  static bool complete(const Datagram& d) {
    // An empty datagram never completes; it just expires.
    if (!d.total_known || d.total == 0) return false;
    return !d.have.empty() && d.have[0].first == 0 &&
           d.have[0].second >= d.total;
  }

  Span offer(const FragmentKey& key, int64_t ts, uint32_t offset, bool more,
             Span payload, uint8_t& proto, uint32_t& fragments) {
    expire(ts);
    uint32_t end = offset + payload.cap;
    if (offset > kMaxDatagram || end > kMaxDatagram) return Span{};
    auto it = table.find(key);
    if (it == table.end()) {
      if (stats.bytes_buffered + kDatagramOverhead + end > limits.max_bytes) {
        ++stats.datagrams_dropped_over_limit;
        return Span{};
      }
      it = table.emplace(key, Datagram{}).first;
      it->second.age = {ts, serial++};
      by_age.emplace(it->second.age, key);
    }
    Datagram& d = it->second;
    if (!more && !d.total_known) {
      // A datagram cannot end before bytes already held beyond this end.
      const bool contradicts = !d.have.empty() && d.have.back().second > end;
      if (!contradicts) {
        d.total = end;
        d.total_known = true;
      }
    }
    if (d.total_known) end = std::min(end, d.total);
    if (offset < end) {
      if (end > d.data.size()) {
        // Grow geometrically (fragments usually arrive in order) but charge
        // the exact capacity, so the limit holds.
        const size_t cap = std::max<size_t>(
            end, std::min<size_t>(2 * d.data.capacity(), kMaxDatagram));
        const uint64_t grown =
            kDatagramOverhead + cap + (d.have.size() + 1) * sizeof(d.have[0]);
        if (stats.bytes_buffered - d.accounted + grown > limits.max_bytes) {
          ++stats.datagrams_dropped_over_limit;
          erase(it);
          return Span{};
        }
        d.data.reserve(cap);
        d.data.resize(end);
      }
      fill(d, offset, end, payload.data);
      ++d.fragments;
    }
    if (offset == 0) d.first_proto = proto;
    stats.bytes_buffered += footprint(d) - d.accounted;
    d.accounted = footprint(d);
    if (!complete(d)) return Span{};
    const uint32_t total = d.total;
    completed.swap(d.data);
    completed.resize(total);
    proto = d.first_proto;
    fragments = d.fragments;
    ++stats.datagrams_completed;
    erase(it);
    return Span{completed.data(), total, total};
  }
};

Defragmenter::Defragmenter() : Defragmenter(Limits{}) {}
Defragmenter::Defragmenter(Limits limits) : impl_(std::make_unique<Impl>()) {
  impl_->limits = limits;
}
Defragmenter::~Defragmenter() = default;

const Defragmenter::Stats& Defragmenter::stats() const {
  return impl_->stats;
}

namespace decode_detail {
Span offer_fragment(Defragmenter& d, const FragmentKey& key, int64_t ts_ns,
                    uint32_t offset, bool more, Span payload, uint8_t& proto,
                    uint32_t& fragments) {
  return d.impl().offer(key, ts_ns, offset, more, payload, proto, fragments);
}
}  // namespace decode_detail

}  // namespace tracelab
