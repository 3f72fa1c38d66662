// SPDX-License-Identifier: GPL-2.0-or-later
// Protocol and Info columns for frames that are not TCP segments: ARP,
// ICMP/ICMPv6, UDP, IP fragments, other IP protocols and non-IP frames.
#include <string_view>

#include "info.hpp"
#include "network_columns.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

using columns::append_hex;

// Protocol column names tshark gives the IP protocols it dissects.
std::string_view ip_proto_column(uint8_t proto) {
  switch (proto) {
    case 2: return "IGMP";
    case 47: return "GRE";
    case 50: return "ESP";
    case 51: return "AH";
    case 89: return "OSPF";
    case 103: return "PIMv2";
    case 112: return "VRRP";
    case 132: return "SCTP";
    default: return {};
  }
}

void format_ports(const DecodedPacket& p, std::string& info) {
  append_uint(info, p.sport);
  info += " \xe2\x86\x92 ";  // U+2192 RIGHTWARDS ARROW
  append_uint(info, p.dport);
}

void format_udp(const DecodedPacket& p, std::string& info) {
  format_ports(p, info);
  if (p.malformed) return;  // a header cut short shows its ports only
  const uint32_t len = p.udp.length;
  if (len < 8) {
    info += " [BAD UDP LENGTH ";
    append_uint(info, len);
    info += " < 8]";
    return;
  }
  if (len > p.ip_payload_len) {
    info += " [BAD UDP LENGTH ";
    append_uint(info, len);
    info += " > IP PAYLOAD LENGTH]";
  }
  info += " Len=";
  append_uint(info, len - 8);
  if (p.l3 == L3::Ipv6 && p.udp.checksum == 0)
    info += " [ILLEGAL CHECKSUM (0)]";
}

void format_ipv4_fragment(const DecodedPacket& p, std::string& info) {
  info += "Fragmented IP protocol (proto=";
  info += columns::ip_proto_name(p.ip_proto);
  info += ' ';
  append_uint(info, p.ip_proto);
  info += ", off=";
  append_uint(info, p.frag_offset);
  info += ", ID=";
  append_hex(info, p.ip_id, 4);
  info += ')';
}

void format_ipv6_fragment(const DecodedPacket& p, std::string& info) {
  info += "IPv6 fragment (off=";
  append_uint(info, p.frag_offset);
  info += p.frag_more ? " more=y" : " more=n";
  info += " ident=0x";
  append_hex(info, p.ip6_frag_id, 8);
  info += " nxt=";
  append_uint(info, p.ip_proto);
  info += ')';
}

// An IP protocol we do not decode further.
void format_other_ip(const DecodedPacket& p, std::string& protocol,
                     std::string& info) {
  const bool v6 = p.l3 == L3::Ipv6;
  protocol = v6 ? "IPv6" : "IPv4";
  if (v6 && p.ip_proto == 59) {
    info += "IPv6 no next header";
    return;
  }
  const std::string_view column = ip_proto_column(p.ip_proto);
  if (!column.empty()) {
    protocol = column;
    return;
  }
  info += v6 ? "Unknown IP Protocol: Unknown (" : "Unknown (";
  append_uint(info, p.ip_proto);
  info += ')';
}

// Returns true when the message is too short for what tshark reads.
bool format_ip(const DecodedPacket& p, std::string& protocol,
               std::string& info) {
  if (p.is_fragment) {
    if (p.l3 == L3::Ipv6) {
      protocol = "IPv6";
      format_ipv6_fragment(p, info);
    } else {
      protocol = "IPv4";
      format_ipv4_fragment(p, info);
    }
    return false;
  }
  // tshark names TCP and UDP only once it has read their ports.
  const bool ports = !p.malformed || p.ip_payload_len >= 4;
  if ((p.l4 == L4::Udp || p.l4 == L4::Tcp) && !ports) {
    protocol = p.l3 == L3::Ipv6 ? "IPv6" : "IPv4";
    return false;
  }
  switch (p.l4) {
    case L4::Udp:
      protocol = "UDP";
      format_udp(p, info);
      return false;
    case L4::Icmp: protocol = "ICMP"; return columns::format_icmp(p, info);
    case L4::Icmpv6:
      protocol = "ICMPv6";
      return columns::format_icmpv6(p, info);
    case L4::Tcp:
      // Only a segment too short to analyse comes here: its ports.
      protocol = "TCP";
      format_ports(p, info);
      return false;
    default: format_other_ip(p, protocol, info); return false;
  }
}

}  // namespace

void format_network_columns(const DecodedPacket& p, const UdpFrameAnalysis*,
                            std::string& protocol, std::string& info) {
  protocol.clear();
  info.clear();
  bool cut = p.malformed != nullptr;
  switch (p.l3) {
    case L3::Arp:
      columns::format_arp(p, protocol, info);
      cut = false;  // format_arp says so itself
      break;
    case L3::Ipv4:
    case L3::Ipv6: cut = format_ip(p, protocol, info) || cut; break;
    default:
      // A frame whose EtherType we do not know: tshark names the type.
      if (p.has_eth && p.ethertype) {
        protocol = "0x";
        append_hex(protocol, p.ethertype, 4);
        info = "Ethernet II";
      } else {
        protocol = p.has_eth ? "LLC" : "Unknown";
      }
      break;
  }
  if (cut) info += "[Malformed Packet]";
}

}  // namespace tracelab
