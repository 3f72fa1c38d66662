// SPDX-License-Identifier: GPL-2.0-or-later
// ARP, RARP and Inverse ARP Info, as tshark 4.0 words them.
#include <algorithm>

#include "network_columns.hpp"

namespace tracelab::columns {
namespace {

enum ArpOp : uint16_t {
  kRequest = 1,
  kReply = 2,
  kRarpRequest = 3,
  kRarpReply = 4,
  kDrarpRequest = 5,
  kDrarpReply = 6,
  kDrarpError = 7,
  kInarpRequest = 8,
  kInarpReply = 9,
};

bool all_zero(const MacAddr& m) {
  return std::all_of(m.bytes.begin(), m.bytes.end(),
                     [](uint8_t b) { return b == 0; });
}

bool zero_ip(const IpAddr& a) {
  return a.bytes[0] == 0 && a.bytes[1] == 0 && a.bytes[2] == 0 &&
         a.bytes[3] == 0;
}

// "Who has X? Tell Y" and its special cases (RFC 5227 probes and
// announcements; gratuitous requests).
void format_request(const ArpHeader& a, std::string& info) {
  const bool gratuitous = a.sender_ip == a.target_ip;
  if (gratuitous) {
    info += all_zero(a.target_mac) ? "ARP Announcement for "
                                   : "Gratuitous ARP for ";
    a.target_ip.append_to(info);
    if (!all_zero(a.target_mac)) info += " (Request)";
    return;
  }
  info += "Who has ";
  a.target_ip.append_to(info);
  if (all_zero(a.target_mac) && zero_ip(a.sender_ip)) {
    info += "? (ARP Probe)";
    return;
  }
  info += "? Tell ";
  a.sender_ip.append_to(info);
}

}  // namespace

void format_arp(const DecodedPacket& p, std::string& protocol,
                std::string& info) {
  const ArpHeader& a = p.arp;
  switch (a.opcode) {
    case kRarpRequest:
    case kRarpReply: protocol = "RARP"; break;
    case kDrarpRequest:
    case kDrarpReply:
    case kDrarpError: protocol = "DRARP"; break;
    case kInarpRequest:
    case kInarpReply: protocol = "Inverse ARP"; break;
    default: protocol = "ARP"; break;
  }
  // Only Ethernet/IPv4 ARP carries addresses we print.
  if (a.sender_ip.family != 4) {
    if (p.malformed) info += "[Malformed Packet]";
    return;
  }
  switch (a.opcode) {
    case kRequest: format_request(a, info); break;
    case kReply:
      if (a.sender_ip == a.target_ip) {
        info += "Gratuitous ARP for ";
        a.sender_ip.append_to(info);
        info += " (Reply)";
      } else {
        a.sender_ip.append_to(info);
        info += " is at ";
        a.sender_mac.append_to(info);
      }
      break;
    case kRarpRequest:
    case kInarpRequest:
    case kDrarpRequest:
      info += "Who is ";
      a.target_mac.append_to(info);
      info += "? Tell ";
      a.sender_mac.append_to(info);
      break;
    case kRarpReply:
    case kDrarpReply:
      a.target_mac.append_to(info);
      info += " is at ";
      a.target_ip.append_to(info);
      break;
    case kDrarpError: info += "DRARP Error"; break;
    case kInarpReply:
      a.sender_mac.append_to(info);
      info += " is at ";
      a.sender_ip.append_to(info);
      break;
    default:
      info += "Unknown ARP opcode 0x";
      append_hex(info, a.opcode, 4);
      break;
  }
}

}  // namespace tracelab::columns
