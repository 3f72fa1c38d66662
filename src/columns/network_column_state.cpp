// SPDX-License-Identifier: GPL-2.0-or-later
//
// The cross-frame notes tshark adds to ARP and ICMP Info in a single pass:
//  - an echo reply names the request it answers: " (request in N)".  Requests
//    are filed under the address pair, identifier, sequence number and the
//    checksum the reply will carry (the request's, adjusted for the changed
//    type), so a reply with different data does not match.  Each request
//    matches one reply.
//  - ARP remembers which MAC each IPv4 address was last seen at; a different
//    MAC claiming it later is flagged " (duplicate use of X detected!)".
#include <algorithm>
#include <array>
#include <unordered_map>

#include "info.hpp"

namespace tracelab {
namespace {

// Tables stop growing here; past it they are cleared (a capture that big in
// ping or ARP traffic loses only old pairings).
constexpr size_t kMaxEntries = 1 << 16;

struct EchoKey {
  std::array<uint8_t, 33> addrs{};  // family, then the two addresses sorted
  uint16_t checksum = 0, id = 0, seq = 0;
  bool operator==(const EchoKey&) const = default;
};

struct EchoKeyHash {
  size_t operator()(const EchoKey& k) const {
    uint64_t h = 1469598103934665603ull;
    for (uint8_t b : k.addrs) h = (h ^ b) * 1099511628211ull;
    h = (h ^ k.checksum) * 1099511628211ull;
    h = (h ^ (uint32_t(k.id) << 16 | k.seq)) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
};

struct EchoRequest {
  uint64_t frame = 0;
  bool answered = false;
};

struct Binding {
  MacAddr mac;
  uint64_t frame = 0;
};

uint16_t ones_add(uint32_t a, uint32_t b) {
  uint32_t s = a + b;
  s = (s & 0xffff) + (s >> 16);
  return static_cast<uint16_t>(s);
}

}  // namespace

struct NetworkColumnState::Impl {
  std::unordered_map<EchoKey, EchoRequest, EchoKeyHash> echoes;
  std::unordered_map<uint32_t, Binding> arp;  // IPv4 address -> last MAC

  static EchoKey echo_key(const DecodedPacket& p, uint16_t checksum) {
    EchoKey k;
    k.addrs[0] = p.src.family;
    const bool swap = p.dst.bytes < p.src.bytes;
    const auto& a = swap ? p.dst.bytes : p.src.bytes;
    const auto& b = swap ? p.src.bytes : p.dst.bytes;
    std::copy(a.begin(), a.end(), k.addrs.begin() + 1);
    std::copy(b.begin(), b.end(), k.addrs.begin() + 17);
    k.checksum = checksum;
    k.id = p.icmp.id;
    k.seq = p.icmp.seq;
    return k;
  }

  void echo(const DecodedPacket& p, uint64_t frame, std::string& info) {
    const bool v4 = p.l4 == L4::Icmp;
    const uint8_t request = v4 ? 8 : 128, reply = v4 ? 0 : 129;
    if (p.icmp.type == request) {
      // The reply's type word differs by 0x0800 (ICMP 8 -> 0, subtracted)
      // or 0x0100 (ICMPv6 128 -> 129, added); its checksum moves the other
      // way, in ones' complement arithmetic.
      const uint16_t delta = v4 ? uint16_t(~0x0800) : uint16_t(0x0100);
      uint16_t expect = static_cast<uint16_t>(
          ~ones_add(static_cast<uint16_t>(~p.icmp.checksum), delta));
      if (expect == 0) expect = 0xffff;
      if (echoes.size() >= kMaxEntries) echoes.clear();
      echoes[echo_key(p, expect)] = EchoRequest{frame, false};
    } else if (p.icmp.type == reply) {
      auto it = echoes.find(echo_key(p, p.icmp.checksum));
      if (it == echoes.end() || it->second.answered) return;
      it->second.answered = true;
      info += " (request in ";
      info += std::to_string(it->second.frame);
      info += ')';
    }
  }

  // One MAC/IP pair seen in an ARP packet; true when the address was last
  // seen at another MAC.
  bool bind(const MacAddr& mac, const IpAddr& ip, uint64_t frame) {
    const uint32_t key = uint32_t(ip.bytes[0]) << 24 | ip.bytes[1] << 16 |
                         ip.bytes[2] << 8 | ip.bytes[3];
    auto it = arp.find(key);
    if (it == arp.end()) {
      if (arp.size() >= kMaxEntries) arp.clear();
      arp.emplace(key, Binding{mac, frame});
      return false;
    }
    if (frame <= it->second.frame) return false;
    if (it->second.mac == mac) {
      it->second.frame = frame;
      return false;
    }
    return true;
  }

  static bool usable(const MacAddr& mac, const IpAddr& ip) {
    const bool zero_mac = std::all_of(mac.bytes.begin(), mac.bytes.end(),
                                      [](uint8_t b) { return b == 0; });
    const bool zero_ip =
        !(ip.bytes[0] | ip.bytes[1] | ip.bytes[2] | ip.bytes[3]);
    return !(mac.bytes[0] & 1) && !zero_mac && !zero_ip;
  }

  void arp_note(const DecodedPacket& p, uint64_t frame, std::string& info) {
    const ArpHeader& a = p.arp;
    if ((a.opcode != 1 && a.opcode != 2) || a.sender_ip.family != 4) return;
    // The target pair counts only in replies, and its verdict replaces the
    // sender's unless both name the same address (as tshark does).
    bool duplicate = false;
    const IpAddr* dup_ip = nullptr;
    if (usable(a.sender_mac, a.sender_ip) &&
        bind(a.sender_mac, a.sender_ip, frame)) {
      duplicate = true;
      dup_ip = &a.sender_ip;
    }
    if (a.opcode != 1 && usable(a.target_mac, a.target_ip) &&
        !(dup_ip && *dup_ip == a.target_ip)) {
      duplicate = bind(a.target_mac, a.target_ip, frame);
      if (duplicate) dup_ip = &a.target_ip;
    }
    if (!duplicate) return;
    info += " (duplicate use of ";
    dup_ip->append_to(info);
    info += " detected!)";
  }
};

NetworkColumnState::NetworkColumnState() : impl_(std::make_unique<Impl>()) {}
NetworkColumnState::~NetworkColumnState() = default;

void format_network_columns(const DecodedPacket& p, const UdpFrameAnalysis* udp,
                            uint64_t frame, NetworkColumnState& state,
                            std::string& protocol, std::string& info) {
  format_network_columns(p, udp, protocol, info);
  if (p.malformed || p.is_fragment) return;
  if (p.l3 == L3::Arp) {
    state.impl().arp_note(p, frame, info);
  } else if (p.l4 == L4::Icmp || p.l4 == L4::Icmpv6) {
    state.impl().echo(p, frame, info);
  }
}

}  // namespace tracelab
