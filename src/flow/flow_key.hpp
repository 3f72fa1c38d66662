// SPDX-License-Identifier: GPL-2.0-or-later
//
// The compact, direction-independent key of a conversation: both endpoints in
// a canonical order (the smaller address:port first), the transport protocol
// and the address family.  Built on the stack from a DecodedPacket, so a
// lookup never allocates.
#pragma once

#include <cstdint>
#include <cstring>

#include "tracelab/decode.hpp"

namespace tracelab::flow {

struct FlowKey {
  uint8_t addr[2][16];
  uint16_t port[2];
  uint8_t proto;   // IP protocol number: 6 or 17
  uint8_t family;  // 4 or 6
  uint8_t pad[2];  // zero, so that memcmp/hash see no garbage

  bool operator==(const FlowKey& o) const {
    return std::memcmp(this, &o, sizeof(FlowKey)) == 0;
  }
};
static_assert(sizeof(FlowKey) == 40, "FlowKey must stay packed");

/// Builds the key of `p`'s conversation.  `src_is_first` tells whether the
/// packet's source is endpoint 0 of the key.
inline FlowKey make_flow_key(const DecodedPacket& p, uint8_t proto,
                             bool& src_is_first) {
  FlowKey k;
  std::memset(&k, 0, sizeof k);
  k.proto = proto;
  k.family = p.src.family;
  const size_t alen = p.src.family == 4 ? 4 : 16;
  const int c = std::memcmp(p.src.bytes.data(), p.dst.bytes.data(), alen);
  src_is_first = c < 0 || (c == 0 && p.sport <= p.dport);
  const IpAddr& a = src_is_first ? p.src : p.dst;
  const IpAddr& b = src_is_first ? p.dst : p.src;
  std::memcpy(k.addr[0], a.bytes.data(), alen);
  std::memcpy(k.addr[1], b.bytes.data(), alen);
  k.port[0] = src_is_first ? p.sport : p.dport;
  k.port[1] = src_is_first ? p.dport : p.sport;
  return k;
}

inline uint64_t hash_flow_key(const FlowKey& k) {
  // Five 64-bit words mixed with a multiply-xorshift: cheap, and good enough
  // for an open-addressing table whose size is a power of two.
  uint64_t w[5];
  std::memcpy(w, &k, sizeof w);
  uint64_t h = 0x9e3779b97f4a7c15ull;
  for (uint64_t x : w) {
    h ^= x;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 31;
  }
  h *= 0x94d049bb133111ebull;
  return h ^ (h >> 29);
}

}  // namespace tracelab::flow
