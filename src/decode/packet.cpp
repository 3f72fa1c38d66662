// SPDX-License-Identifier: GPL-2.0-or-later
// DecodedPacket bookkeeping and the link-type registry.
#include <string>

#include "layers.hpp"

namespace tracelab {
using decode_detail::kLinkRawDlt12;
using decode_detail::kLinkRawDlt14;

// Only scalars and counts are cleared: arrays (VLAN ids, TCP options, SACK
// blocks) are read only up to their counts, so stale entries are harmless and
// resetting stays a few stores per packet.
void DecodedPacket::reset() {
  link_type = 0;
  has_eth = false;
  vlan_count = 0;
  ethertype = 0;
  l3 = L3::None;
  src.family = 0;
  dst.family = 0;
  ip_proto = 0;
  ttl = 0;
  ip_id = 0;
  ip6_frag_id = 0;
  ip_payload_len = 0;
  is_fragment = false;
  frag_offset = 0;
  frag_more = false;
  reassembled = false;
  reassembled_fragments = 0;
  tunnelled = false;
  l4 = L4::None;
  sport = dport = 0;
  tcp.seq = tcp.ack = 0;
  tcp.flags = tcp.window = tcp.urgent = 0;
  tcp.header_len = 0;
  tcp.has_mss = tcp.has_wscale = tcp.sack_perm = tcp.has_ts = false;
  tcp.sack_count = 0;
  tcp.option_count = 0;
  udp = UdpHeader{};
  icmp = IcmpHeader{};
  arp.opcode = 0;
  arp.sender_ip.family = arp.target_ip.family = 0;
  payload = nullptr;
  payload_len = 0;
  payload_wire_len = 0;
  malformed = nullptr;
}

bool link_type_supported(uint32_t link_type) {
  switch (link_type) {
    case kLinkNull:
    case kLinkEthernet:
    case kLinkRaw:
    case kLinkRawDlt12:
    case kLinkRawDlt14:
    case kLinkLoop:
    case kLinkLinuxSll:
    case kLinkIpv4:
    case kLinkIpv6:
    case kLinkLinuxSll2: return true;
    default: return false;
  }
}

std::string link_type_name(uint32_t link_type) {
  switch (link_type) {
    case kLinkNull: return "NULL";
    case kLinkEthernet: return "Ethernet";
    case kLinkRaw:
    case kLinkRawDlt12:
    case kLinkRawDlt14: return "RAW";
    case kLinkLoop: return "LOOP";
    case kLinkLinuxSll: return "LINUX_SLL";
    case kLinkIpv4: return "IPV4";
    case kLinkIpv6: return "IPV6";
    case kLinkLinuxSll2: return "LINUX_SLL2";
    default: return "link type " + std::to_string(link_type);
  }
}

}  // namespace tracelab
