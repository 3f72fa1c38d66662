// SPDX-License-Identifier: GPL-2.0-or-later
// Transport headers: TCP (with options), UDP, ICMP and ICMPv6.
#include "layers.hpp"

namespace tracelab::decode_detail {
namespace {

constexpr uint8_t kProtoIcmp = 1;
constexpr uint8_t kProtoIpIp = 4;
constexpr uint8_t kProtoTcp = 6;
constexpr uint8_t kProtoUdp = 17;
constexpr uint8_t kProtoIpv6 = 41;
constexpr uint8_t kProtoIcmpv6 = 58;

void set_payload(DecodedPacket& p, Span s) {
  p.payload = s.data;
  p.payload_len = s.cap;
  p.payload_wire_len = s.wire;
}

void record_option(TcpHeader& t, TcpOptKind kind, uint8_t raw) {
  if (t.option_count < t.options.size())
    t.options[t.option_count++] = TcpOption{kind, raw};
}

// Options are kind, length, value; EOL ends them and NOP is one byte.  A
// length that runs past the header ends the walk: what came before stands.
void parse_tcp_options(TcpHeader& t, Span o) {
  uint32_t i = 0;
  while (i < o.cap) {
    const uint8_t kind = o.u8(i);
    if (kind == 0) break;
    if (kind == 1) {
      ++i;
      continue;
    }
    if (i + 2 > o.cap) break;
    const uint8_t len = o.u8(i + 1);
    if (len < 2 || i + len > o.cap) break;
    // A known kind with the wrong length is listed as an unknown option.
    TcpOptKind k = TcpOptKind::Other;
    switch (kind) {
      case 2:
        if (len != 4) break;
        t.has_mss = true;
        t.mss = o.be16(i + 2);
        k = TcpOptKind::Mss;
        break;
      case 3:
        if (len != 3) break;
        t.has_wscale = true;
        t.wscale = o.u8(i + 2);
        k = TcpOptKind::WindowScale;
        break;
      case 4:
        if (len != 2) break;
        t.sack_perm = true;
        k = TcpOptKind::SackPerm;
        break;
      case 5:
        if ((len - 2) % 8 != 0) break;
        for (uint32_t b = i + 2; b + 8 <= i + len; b += 8) {
          if (t.sack_count < t.sack.size())
            t.sack[t.sack_count++] = {o.be32(b), o.be32(b + 4)};
        }
        k = TcpOptKind::Sack;
        break;
      case 8:
        if (len != 10) break;
        t.has_ts = true;
        t.ts_val = o.be32(i + 2);
        t.ts_ecr = o.be32(i + 6);
        k = TcpOptKind::Timestamp;
        break;
      default: break;
    }
    record_option(t, k, kind);
    i += len;
  }
}

// Ports come first in both TCP and UDP; like tshark, keep them even when
// the rest of the header was cut off.
void read_ports(DecodedPacket& p, Span s) {
  if (!s.has(4)) return;
  p.sport = s.be16(0);
  p.dport = s.be16(2);
}

void decode_tcp(DecodedPacket& p, Span s) {
  p.l4 = L4::Tcp;
  read_ports(p, s);
  if (!s.has(20)) {
    p.malformed = "truncated TCP header";
    return;
  }
  TcpHeader& t = p.tcp;
  t.seq = s.be32(4);
  t.ack = s.be32(8);
  const uint16_t off_flags = s.be16(12);
  t.flags = off_flags & 0x1ff;
  t.window = s.be16(14);
  t.urgent = s.be16(18);
  const uint32_t hlen = (off_flags >> 12) * 4u;
  t.header_len = static_cast<uint8_t>(hlen);
  if (hlen < 20) {
    p.malformed = "TCP header length below 20";
    return;
  }
  if (hlen > s.wire) {
    p.malformed = "TCP header longer than the segment";
    return;
  }
  if (!s.has(hlen)) {
    p.malformed = "truncated TCP options";
    return;
  }
  parse_tcp_options(t, Span{s.data + 20, hlen - 20, hlen - 20});
  set_payload(p, s.after(hlen));
}

void decode_udp(DecodedPacket& p, Span s) {
  p.l4 = L4::Udp;
  read_ports(p, s);
  if (!s.has(8)) {
    p.malformed = "truncated UDP header";
    return;
  }
  p.udp.length = s.be16(4);
  p.udp.checksum = s.be16(6);
  // The UDP length bounds the payload when it is consistent with IP's.
  if (p.udp.length >= 8 && p.udp.length <= s.wire) s = s.limit(p.udp.length);
  set_payload(p, s.after(8));
}

// ICMP errors quote the offending IP header; tshark then lists its
// addresses as well.
bool quotes_ip(uint8_t l4_proto, uint8_t type) {
  if (l4_proto == kProtoIcmp)
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
  return type >= 1 && type <= 4;
}

bool has_id_seq(uint8_t l4_proto, uint8_t type) {
  if (l4_proto == kProtoIcmp)
    return type == 0 || type == 8 || (type >= 13 && type <= 18);
  return type == 128 || type == 129;
}

void decode_icmp(DecodedPacket& p, uint8_t proto, Span s) {
  p.l4 = proto == kProtoIcmp ? L4::Icmp : L4::Icmpv6;
  // Type and code are kept when present even if the header is cut short:
  // tshark still names the message then.
  if (s.has(1)) p.icmp.type = s.u8(0);
  if (s.has(2)) p.icmp.code = s.u8(1);
  if (!s.has(4)) {
    p.malformed = "truncated ICMP header";
    return;
  }
  p.icmp.checksum = s.be16(2);
  // The body is kept even when cut short: Info formatting tells how short.
  set_payload(p, s.after(4));
  if (has_id_seq(proto, p.icmp.type)) {
    if (!s.has(8)) {
      p.malformed = "truncated ICMP echo header";
      return;
    }
    p.icmp.id = s.be16(4);
    p.icmp.seq = s.be16(6);
  }
  if (quotes_ip(proto, p.icmp.type) && s.has(9)) {
    const uint8_t version = s.u8(8) >> 4;
    p.tunnelled = version == (proto == kProtoIcmp ? 4 : 6);
  }
}

}  // namespace

void decode_transport(DecodedPacket& p, uint8_t proto, Span s) {
  switch (proto) {
    case kProtoTcp: decode_tcp(p, s); break;
    case kProtoUdp: decode_udp(p, s); break;
    case kProtoIcmp:
    case kProtoIcmpv6: decode_icmp(p, proto, s); break;
    case kProtoIpIp:
    case kProtoIpv6:
      p.tunnelled = true;
      p.l4 = L4::Other;
      set_payload(p, s);
      break;
    default:
      p.l4 = L4::Other;
      set_payload(p, s);
      break;
  }
}

void decode_arp(DecodedPacket& p, Span s) {
  p.l3 = L3::Arp;
  if (!s.has(8)) {
    p.malformed = "truncated ARP header";
    return;
  }
  p.arp.opcode = s.be16(6);
  set_payload(p, s);
  const bool ether_ipv4 =
      s.be16(0) == 1 && s.be16(2) == 0x0800 && s.u8(4) == 6 && s.u8(5) == 4;
  if (!ether_ipv4) return;
  if (!s.has(28)) {
    p.malformed = "truncated ARP addresses";
    return;
  }
  auto ip = [&](IpAddr& a, uint32_t off) {
    a.family = 4;
    a.bytes = {};
    for (int i = 0; i < 4; ++i) a.bytes[i] = s.u8(off + i);
  };
  for (int i = 0; i < 6; ++i) {
    p.arp.sender_mac.bytes[i] = s.u8(8 + i);
    p.arp.target_mac.bytes[i] = s.u8(18 + i);
  }
  ip(p.arp.sender_ip, 14);
  ip(p.arp.target_ip, 24);
}

}  // namespace tracelab::decode_detail
