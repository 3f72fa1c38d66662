// SPDX-License-Identifier: GPL-2.0-or-later
// Link layers: Ethernet (with VLAN tags), Linux cooked v1/v2, BSD and
// OpenBSD loopback, raw IP.  Each strips its header and hands the rest to the
// network decoder chosen by EtherType or address family.
#include <algorithm>
#include <cstring>

#include "layers.hpp"

namespace tracelab {
namespace decode_detail {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherArp = 0x0806;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr uint16_t kEtherVlan = 0x8100;
constexpr uint16_t kEtherQinQ = 0x88a8;
constexpr uint16_t kEtherQinQOld = 0x9100;
constexpr uint16_t kEtherMpls = 0x8847;
constexpr uint16_t kEtherMplsMulticast = 0x8848;
constexpr uint16_t kEtherPppoeSession = 0x8864;
// Tags beyond this are not plausible; stops a frame of nothing but tags from
// looping long.
constexpr int kMaxVlanTags = 8;

bool is_vlan_tpid(uint16_t t) {
  return t == kEtherVlan || t == kEtherQinQ || t == kEtherQinQOld;
}

void copy_mac(MacAddr& m, const uint8_t* d) {
  std::memcpy(m.bytes.data(), d, 6);
}

// Address families of the BSD loopback header.  AF_INET6 differs per OS:
// 24 (NetBSD, OpenBSD), 28 (FreeBSD, DragonFly), 30 (macOS), 10 (Linux).
void decode_address_family(Context& c, uint32_t family, Span s) {
  switch (family) {
    case 2: decode_ipv4(c, s); break;
    case 10:
    case 24:
    case 28:
    case 30: decode_ipv6(c, s); break;
    default: c.p.l3 = L3::Other; break;
  }
}

void decode_ethernet(Context& c, Span s) {
  if (!s.has(14)) {
    c.p.malformed = "truncated Ethernet header";
    return;
  }
  c.p.has_eth = true;
  copy_mac(c.p.eth_dst, s.data);
  copy_mac(c.p.eth_src, s.data + 6);
  uint16_t type = s.be16(12);
  uint32_t off = 14;
  int tags = 0;
  while (is_vlan_tpid(type)) {
    if (tags == kMaxVlanTags) {
      c.p.malformed = "too many VLAN tags";
      return;
    }
    if (!s.has(off + 4)) {
      c.p.malformed = "truncated VLAN tag";
      return;
    }
    if (c.p.vlan_count < c.p.vlan_ids.size())
      c.p.vlan_ids[c.p.vlan_count] = s.be16(off) & 0x0fff;
    ++c.p.vlan_count;
    ++tags;
    type = s.be16(off + 2);
    off += 4;
  }
  if (type <= 1500) {  // an 802.3 length: LLC follows, not an EtherType
    decode_llc(c, s.after(off).limit(type));
    return;
  }
  decode_ethertype(c, type, s.after(off));
}

// Linux cooked captures: v1 has a 16-byte header with the protocol last, v2
// a 20-byte one with the protocol first.  Protocol values up to 1500 name
// 802.3 / 802.2 framings rather than EtherTypes.
void decode_cooked(Context& c, Span s, uint32_t header_len,
                   uint32_t proto_offset) {
  if (!s.has(header_len)) {
    c.p.malformed = "truncated Linux cooked header";
    return;
  }
  const uint16_t proto = s.be16(proto_offset);
  if (proto <= 1500) {
    c.p.l3 = L3::Other;
    return;
  }
  decode_ethertype(c, proto, s.after(header_len));
}

void decode_null(Context& c, Span s) {
  if (!s.has(4)) {
    c.p.malformed = "truncated loopback header";
    return;
  }
  // Host byte order of the capturing machine, unknown to us: families are
  // small numbers, so a value with only high bits set is the other order.
  uint32_t family = s.le32(0);
  if ((family & 0xffff) == 0) family = s.be32(0);
  decode_address_family(c, family, s.after(4));
}

void decode_loop(Context& c, Span s) {
  if (!s.has(4)) {
    c.p.malformed = "truncated loopback header";
    return;
  }
  decode_address_family(c, s.be32(0), s.after(4));
}

}  // namespace

void decode_raw_ip(Context& c, Span s) {
  if (!s.has(1)) {
    c.p.malformed = "truncated IP header";
    return;
  }
  switch (s.u8(0) >> 4) {
    case 4: decode_ipv4(c, s); break;
    case 6: decode_ipv6(c, s); break;
    default: c.p.l3 = L3::Other; break;
  }
}

void decode_ethertype(Context& c, uint16_t ethertype, Span s) {
  c.p.ethertype = ethertype;
  switch (ethertype) {
    case kEtherIpv4: decode_ipv4(c, s); break;
    case kEtherIpv6: decode_ipv6(c, s); break;
    case kEtherArp: decode_arp(c.p, s); break;
    case kEtherMpls:
    case kEtherMplsMulticast: decode_mpls(c, s); break;
    case kEtherPppoeSession: decode_pppoe_session(c, s); break;
    default: c.p.l3 = L3::Other; break;
  }
}

}  // namespace decode_detail

bool decode_packet(const Record& rec, DecodedPacket& p, Defragmenter* defrag) {
  using namespace decode_detail;
  p.reset();
  p.link_type = rec.link_type;
  if (rec.kind != RecordKind::Packet) return true;
  Span s{rec.data, rec.data ? rec.caplen : 0,
         std::max(rec.wire_len, rec.data ? rec.caplen : 0)};
  Context c{p, defrag, rec.ts_ns};
  switch (rec.link_type) {
    case kLinkEthernet: decode_ethernet(c, s); break;
    case kLinkLinuxSll: decode_cooked(c, s, 16, 14); break;
    case kLinkLinuxSll2: decode_cooked(c, s, 20, 0); break;
    case kLinkNull: decode_null(c, s); break;
    case kLinkLoop: decode_loop(c, s); break;
    case kLinkRaw:
    case kLinkRawDlt12:
    case kLinkRawDlt14: decode_raw_ip(c, s); break;
    case kLinkIpv4: decode_ipv4(c, s); break;
    case kLinkIpv6: decode_ipv6(c, s); break;
    default: return false;
  }
  return true;
}

}  // namespace tracelab
