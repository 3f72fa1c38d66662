// SPDX-License-Identifier: GPL-2.0-or-later
// ICMP and ICMPv6 Info, as tshark 4.0 words them.  The message names were
// checked against tshark's output for every type and code.
#include <algorithm>
#include <string_view>

#include "network_columns.hpp"
#include "tracelab/text.hpp"

namespace tracelab::columns {
namespace {

using Names = std::initializer_list<std::string_view>;

// Names of codes 0..n-1; empty entries are codes tshark does not name.
std::string_view code_name(Names names, uint8_t code) {
  if (code < names.size()) return names.begin()[code];
  return {};
}

// RFC 8335 PROBE replies, the same for ICMP and ICMPv6.
std::string_view extended_echo_reply_code(uint8_t code) {
  return code_name({"No error", "Malformed Query", "No Such Interface",
                    "No Such Table Entry", "Multiple Interfaces Satisfy Query"},
                   code);
}

// --- ICMP (RFC 792 and later)

std::string_view icmp_type_name(uint8_t type) {
  static constexpr std::string_view kNames[] = {
      "Echo (ping) reply",
      "Reserved",
      "Reserved",
      "Destination unreachable",
      "Source quench (flow control)",
      "Redirect",
      "Alternate host address",
      {},
      "Echo (ping) request",
      "Router advertisement",
      "Router solicitation",
      "Time-to-live exceeded",
      "Parameter problem",
      "Timestamp request",
      "Timestamp reply",
      "Information request",
      "Information reply",
      "Address mask request",
      "Address mask reply",
      "Reserved (for security)",
      {},
      {},
      {},
      {},
      {},
      {},
      {},
      {},
      {},
      {},
      "Traceroute",
      "Datagram Conversion Error",
      "Mobile Host Redirect",
      "IPv6 Where-Are-You",
      "IPv6 I-Am-Here",
      "Mobile Registration Request",
      "Mobile Registration Reply",
      "Domain Name Request",
      "Domain Name Reply",
      "SKIP",
      "Photuris",
      "Experimental mobility protocols",
      "Extended Echo request",
      "Extended Echo reply",
  };
  if (type < std::size(kNames)) return kNames[type];
  return {};
}

// Whether the type has a code table (then an unnamed code prints as
// "Unknown code: N"), and the name of `code`.
bool icmp_code_name(uint8_t type, uint8_t code, std::string_view& name) {
  switch (type) {
    case 3:
      name = code_name(
          {"Network unreachable", "Host unreachable", "Protocol unreachable",
           "Port unreachable", "Fragmentation needed", "Source route failed",
           "Destination network unknown", "Destination host unknown",
           "Source host isolated", "Network administratively prohibited",
           "Host administratively prohibited", "Network unreachable for TOS",
           "Host unreachable for TOS",
           "Communication administratively filtered",
           "Host precedence violation", "Precedence cutoff in effect"},
          code);
      return true;
    case 5:
      name = code_name(
          {"Redirect for network", "Redirect for host",
           "Redirect for TOS and network", "Redirect for TOS and host"},
          code);
      return true;
    case 6: name = code_name({"Alternate address for host"}, code); return true;
    case 9:
      name = code == 16 ? "Does not route common traffic"
                        : code_name({"Normal router advertisement"}, code);
      return true;
    case 11:
      name = code_name({"Time to live exceeded in transit",
                        "Fragment reassembly time exceeded"},
                       code);
      return true;
    case 12:
      name = code_name({"Pointer indicates the error",
                        "Required option missing", "Bad length"},
                       code);
      return true;
    case 40:
      name = code_name(
          {"Bad SPI", "Authentication Failed", "Decompression Failed",
           "Decryption Failed", "Need Authentication", "Need Authorization"},
          code);
      return true;
    case 42: name = code_name({"No error"}, code); return true;
    case 43: name = extended_echo_reply_code(code); return true;
    default: return false;
  }
}

bool icmp_has_id_seq(uint8_t type) {
  return type == 0 || type == 8 || (type >= 13 && type <= 18);
}

// --- ICMPv6 (RFC 4443, 4861 and later)

std::string_view icmpv6_type_name(uint8_t type) {
  switch (type) {
    case 1: return "Destination Unreachable";
    case 2: return "Packet Too Big";
    case 3: return "Time Exceeded";
    case 4: return "Parameter Problem";
    case 100:
    case 101:
    case 200:
    case 201: return "Private experimentation";
    case 127: return "Reserved for expansion of ICMPv6 error messages";
    case 128: return "Echo (ping) request";
    case 129: return "Echo (ping) reply";
    case 130: return "Multicast Listener Query";
    case 131: return "Multicast Listener Report";
    case 132: return "Multicast Listener Done";
    case 133: return "Router Solicitation";
    case 134: return "Router Advertisement";
    case 135: return "Neighbor Solicitation";
    case 136: return "Neighbor Advertisement";
    case 137: return "Redirect";
    case 138: return "Router Renumbering";
    case 139: return "Node Information Query";
    case 140: return "Node Information Reply";
    case 141: return "Inverse Neighbor Discovery Solicitation";
    case 142: return "Inverse Neighbor Discovery Advertisement";
    case 143: return "Multicast Listener Report Message v2";
    case 144: return "Home Agent Address Discovery Request";
    case 145: return "Home Agent Address Discovery Reply";
    case 146: return "Mobile Prefix Solicitation";
    case 147: return "Mobile Prefix Advertisement";
    case 148: return "Certification Path Solicitation";
    case 149: return "Certification Path Advertisement";
    case 150: return "Experimental Mobility";
    case 151: return "Multicast Router Advertisement";
    case 152: return "Multicast Router Solicitation";
    case 153: return "Multicast Router Termination";
    case 154: return "FMIPv6";
    case 155: return "RPL Control";
    case 156: return "Locator Update";
    case 157: return "Duplicate Address Request";
    case 158: return "Duplicate Address Confirmation";
    case 159: return "MPL Control Message";
    case 160: return "Extended Echo request";
    case 161: return "Extended Echo reply";
    case 255: return "Reserved for expansion of ICMPv6 informational messages";
    default: return {};
  }
}

bool icmpv6_code_name(uint8_t type, uint8_t code, std::string_view& name) {
  switch (type) {
    case 1:
      name = code_name(
          {"no route to destination", "Administratively prohibited",
           "Beyond scope of source address", "Address unreachable",
           "Port unreachable", "Source address failed ingress/egress policy",
           "Reject route to destination", "Error in Source Routing Header"},
          code);
      return true;
    case 3:
      name = code_name({"hop limit exceeded in transit",
                        "fragment reassembly time exceeded"},
                       code);
      return true;
    case 4:
      name = code_name({"erroneous header field encountered",
                        "unrecognized Next Header type encountered",
                        "unrecognized IPv6 option encountered",
                        "IPv6 First Fragment has incomplete IPv6 Header Chain"},
                       code);
      return true;
    case 138:
      name = code == 255 ? "Sequence number reset"
                         : code_name({"Command", "Result"}, code);
      return true;
    case 139:
      name = code_name({"Query subject = IPv6 addresses",
                        "Query subject = DNS name or empty",
                        "Query subject = IPv4 addresses"},
                       code);
      return true;
    case 140:
      name = code_name({"Successful", "Refused", "Unknown query type"}, code);
      return true;
    case 160: name = code_name({"No error"}, code); return true;
    case 161: name = extended_echo_reply_code(code); return true;
    default: return false;
  }
}

// Looks for a neighbor-discovery option (1 source, 2 target link-layer
// address) in `opts`; appends " <prefix> <mac>" when found.
void append_lladdr_option(const uint8_t* opts, uint32_t len, uint8_t want,
                          std::string_view prefix, std::string& info) {
  uint32_t i = 0;
  while (i + 2 <= len) {
    const uint32_t olen = opts[i + 1] * 8u;
    if (olen == 0 || i + olen > len) return;
    if (opts[i] == want && olen >= 8) {
      MacAddr m;
      for (int k = 0; k < 6; ++k) m.bytes[k] = opts[i + 2 + k];
      info += prefix;
      m.append_to(info);
      return;
    }
    i += olen;
  }
}

void append_ipv6_at(const uint8_t* d, std::string& info) {
  IpAddr a;
  a.family = 6;
  for (int k = 0; k < 16; ++k) a.bytes[k] = d[k];
  a.append_to(info);
}

// Neighbor discovery messages name their target and link-layer address.
// `body` is the message after type, code and checksum.  Returns false for
// other types; sets `cut` when the message is too short for its fields.
bool format_neighbor_discovery(uint8_t type, const uint8_t* body, uint32_t len,
                               std::string& info, bool& cut) {
  uint32_t fixed = 0;  // bytes before the options
  switch (type) {
    case 133: fixed = 4; break;
    case 134: fixed = 12; break;
    case 135:
    case 136: fixed = 20; break;
    default: return false;
  }
  info += icmpv6_type_name(type);
  if (len < fixed) {
    cut = true;
    return true;
  }
  if (type == 135) {
    info += " for ";
    append_ipv6_at(body + 4, info);
  } else if (type == 136) {
    info += ' ';
    append_ipv6_at(body + 4, info);
    const uint8_t flags = body[0];
    info += " (";
    const size_t open = info.size();
    if (flags & 0x80) info += "rtr, ";
    if (flags & 0x40) info += "sol, ";
    if (flags & 0x20) info += "ovr, ";
    if (info.size() == open)
      info += "none";
    else
      info.resize(info.size() - 2);
    info += ')';
  }
  // Source link-layer address (1) for solicitations and router
  // advertisements, target link-layer address (2) for advertisements.
  if (type == 136)
    append_lladdr_option(body + fixed, len - fixed, 2, " is at ", info);
  else
    append_lladdr_option(body + fixed, len - fixed, 1, " from ", info);
  return true;
}

}  // namespace

void append_hex(std::string& out, uint32_t v, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4)
    out.push_back(kHex[(v >> shift) & 15]);
}

bool format_icmp(const DecodedPacket& p, std::string& info) {
  // tshark reads up to byte 5 before writing anything.
  if (!p.payload || p.payload_len + 4 < 6) return true;
  const IcmpHeader& h = p.icmp;
  // A router advertisement with code 0 or 16 is read as a Mobile IP one.
  const bool mobile = h.type == 9 && (h.code == 0 || h.code == 16);
  const std::string_view type =
      mobile ? "Mobile IP Advertisement" : icmp_type_name(h.type);
  if (type.empty()) {
    info += "Unknown ICMP (obsolete or malformed?)";
    return false;
  }
  // tshark pads the type name to 20 columns.
  info += type;
  if (type.size() < 20) info.append(20 - type.size(), ' ');
  std::string_view code;
  if (icmp_code_name(h.type, h.code, code)) {
    info += " (";
    if (code.empty()) {
      info += "Unknown code: ";
      append_uint(info, h.code);
    } else {
      info += code;
    }
    info += ')';
  }
  if (icmp_has_id_seq(h.type)) {
    if (p.payload_len < 4) return true;
    info += " id=0x";
    append_hex(info, h.id, 4);
    info += ", seq=";
    append_uint(info, h.seq);
    info += '/';
    append_uint(info, static_cast<uint16_t>(h.seq >> 8 | h.seq << 8));
    info += ", ttl=";
    append_uint(info, p.ttl);
  }
  return false;
}

bool format_icmpv6(const DecodedPacket& p, std::string& info) {
  // Bytes of the message captured; under 4 only when the header was cut.
  const uint32_t n =
      p.payload ? p.payload_len + 4 : std::min<uint32_t>(p.ip_payload_len, 3);
  if (n == 0) return true;
  const IcmpHeader& h = p.icmp;
  bool cut = n < 4;
  if (!cut &&
      format_neighbor_discovery(h.type, p.payload, p.payload_len, info, cut))
    return cut;
  const std::string_view type = icmpv6_type_name(h.type);
  if (type.empty()) {
    info += "Unknown (";
    append_uint(info, h.type);
    info += ')';
    return cut;
  }
  info += type;
  std::string_view code;
  if (n >= 2 && icmpv6_code_name(h.type, h.code, code)) {
    info += " (";
    if (!code.empty()) {
      info += code;
    } else if (h.type == 1) {
      info += "Unknown";
    } else {
      info += "Unknown (";
      append_uint(info, h.code);
      info += ')';
    }
    info += ')';
  }
  if (cut) return true;
  if (h.type == 128 || h.type == 129) {
    if (p.payload_len < 4) return true;
    info += " id=0x";
    append_hex(info, h.id, 4);
    info += ", seq=";
    append_uint(info, h.seq);
    info += ", hop limit=";
    append_uint(info, p.ttl);
  }
  return false;
}

}  // namespace tracelab::columns
