// SPDX-License-Identifier: GPL-2.0-or-later
//
// Decoding: the second stage.  Turns a captured record into the facts the
// rest of the pipeline needs (link, network and transport headers and the
// transport payload) without copying the payload and without allocating.
//
// IP fragments are the one exception: a Defragmenter buffers them (bounded)
// and, when a datagram completes, hands back a packet whose payload points
// into its own reassembly buffer.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tracelab/capture.hpp"

namespace tracelab {

/// An IPv4 or IPv6 address (IPv4 lives in the first 4 bytes).
struct IpAddr {
  uint8_t family = 0;  ///< 0 none, 4 or 6
  std::array<uint8_t, 16> bytes{};

  bool operator==(const IpAddr& o) const = default;
  /// Appends the textual form ("10.0.0.1", "2001:db8::1" per RFC 5952) to
  /// `out` without allocating beyond the string's growth.
  void append_to(std::string& out) const;
  std::string to_string() const;
};

struct MacAddr {
  std::array<uint8_t, 6> bytes{};
  bool operator==(const MacAddr& o) const = default;
  void append_to(std::string& out) const;  ///< "30:46:9a:23:fb:fa"
};

/// TCP flag bits, as in the header's 9 low bits of the offset/flags field.
enum TcpFlag : uint16_t {
  kTcpFin = 0x001,
  kTcpSyn = 0x002,
  kTcpRst = 0x004,
  kTcpPsh = 0x008,
  kTcpAck = 0x010,
  kTcpUrg = 0x020,
  kTcpEce = 0x040,
  kTcpCwr = 0x080,
  kTcpAe = 0x100,  ///< formerly NS
};

/// One TCP option as it appears in the header, in order (tshark prints the
/// options of SYN segments in header order: "MSS=1460 WS=16 TSval=...
/// SACK_PERM").
enum class TcpOptKind : uint8_t {
  Mss,
  WindowScale,
  SackPerm,
  Sack,
  Timestamp,
  Other,
};

struct TcpOption {
  TcpOptKind kind = TcpOptKind::Other;
  uint8_t raw_kind = 0;
};

struct TcpHeader {
  uint32_t seq = 0;
  uint32_t ack = 0;
  uint16_t flags = 0;   ///< TcpFlag bits
  uint16_t window = 0;  ///< raw, unscaled
  uint16_t urgent = 0;
  uint8_t header_len = 0;  ///< bytes, including options
  // Parsed options.
  bool has_mss = false;
  uint16_t mss = 0;
  bool has_wscale = false;
  uint8_t wscale = 0;  ///< shift count as sent (tshark prints 2^shift)
  bool sack_perm = false;
  bool has_ts = false;
  uint32_t ts_val = 0;
  uint32_t ts_ecr = 0;
  uint8_t sack_count = 0;
  std::array<std::pair<uint32_t, uint32_t>, 4> sack{};  ///< left, right edges
  /// Options in header order (NOP and EOL omitted), for Info formatting.
  uint8_t option_count = 0;
  std::array<TcpOption, 12> options{};
};

struct UdpHeader {
  uint16_t length = 0;    ///< from the header
  uint16_t checksum = 0;  ///< as sent (zero is illegal over IPv6)
};

struct IcmpHeader {
  uint8_t type = 0;
  uint8_t code = 0;
  uint16_t checksum = 0;  ///< as sent (tshark pairs echo replies by it)
  uint16_t id = 0;        ///< echo identifier, when an echo
  uint16_t seq = 0;       ///< echo sequence, when an echo
};

struct ArpHeader {
  uint16_t opcode = 0;  ///< 1 request, 2 reply
  MacAddr sender_mac, target_mac;
  IpAddr sender_ip, target_ip;  ///< IPv4 over Ethernet only; family 0 otherwise
};

enum class L3 : uint8_t { None, Ipv4, Ipv6, Arp, Other };
enum class L4 : uint8_t { None, Tcp, Udp, Icmp, Icmpv6, Other };

/// Everything decoding learned about one record.  Reused from packet to
/// packet: call reset() (decode() does) rather than constructing anew.
struct DecodedPacket {
  // --- link layer
  uint32_t link_type = 0;
  bool has_eth = false;
  MacAddr eth_src, eth_dst;
  uint8_t vlan_count = 0;
  std::array<uint16_t, 2> vlan_ids{};  ///< outermost first
  uint16_t ethertype = 0;              ///< innermost, after VLAN tags

  // --- network layer (the first IP header; tshark reports that one)
  L3 l3 = L3::None;
  IpAddr src, dst;
  uint8_t ip_proto = 0;  ///< transport protocol after IPv6 extension headers
  uint8_t ttl = 0;       ///< TTL / hop limit
  uint16_t ip_id = 0;
  /// IPv6 Fragment header Identification (ip_id stays 0 for IPv6).
  uint32_t ip6_frag_id = 0;
  uint32_t ip_payload_len = 0;  ///< transport bytes per the IP header(s)
  /// This record is an IP fragment (not the one completing a datagram).
  bool is_fragment = false;
  /// Fragment offset in bytes and the more-fragments flag (for Info).
  uint32_t frag_offset = 0;
  bool frag_more = false;
  /// This record completed a fragmented datagram; transport fields and the
  /// payload below describe the whole reassembled datagram.
  bool reassembled = false;
  /// Frames of the datagram completed here (first..last), when reassembled.
  uint32_t reassembled_fragments = 0;
  /// An encapsulated IP header was found (IP-in-IP, ICMP error quoting):
  /// tshark lists the inner addresses too; we keep the outer ones.
  bool tunnelled = false;

  // --- transport layer
  L4 l4 = L4::None;
  uint16_t sport = 0, dport = 0;
  TcpHeader tcp;
  UdpHeader udp;
  IcmpHeader icmp;
  ArpHeader arp;

  /// Transport payload present in the capture.  For ICMP and ICMPv6 this is
  /// the message body after the 4-byte type/code/checksum; for ARP, the ARP
  /// packet itself.
  const uint8_t* payload = nullptr;
  uint32_t payload_len = 0;
  /// Transport payload length according to the headers (may exceed
  /// payload_len when the snaplen cut the frame).
  uint32_t payload_wire_len = 0;

  /// Non-empty when a header was cut short or inconsistent: a short
  /// human-readable reason (static storage).  Decoding stops at that layer;
  /// what that layer's header did show is kept as tshark keeps it (the
  /// addresses of an IP header cut short, TCP/UDP ports, ICMP type/code),
  /// while a header tshark calls bogus (bad version or lengths) yields none.
  const char* malformed = nullptr;

  void reset();
};

class Defragmenter;

/// Decodes one record.  Returns false when the link type is not supported
/// (p.link_type says which).  `defrag` may be null: fragments are then left
/// as fragments.  Never reads outside rec.data[0, rec.caplen).
bool decode_packet(const Record& rec, DecodedPacket& p, Defragmenter* defrag);

/// True for link types decode_packet understands.
bool link_type_supported(uint32_t link_type);

/// Human name of a link type for messages ("Ethernet", "LINUX_SLL2", ...).
std::string link_type_name(uint32_t link_type);

/// Reassembles IPv4 and IPv6 fragments.  Memory is bounded: datagrams that
/// stay incomplete for `timeout_ns` of capture time, or that would push the
/// total past `max_bytes`, are dropped and counted.  Where fragments overlap
/// or repeat, the bytes received first win; a datagram may not exceed 65535
/// bytes.  A fragment cut by the snaplen is never buffered.
class Defragmenter {
 public:
  struct Limits {
    uint64_t max_bytes = 64ull << 20;
    int64_t timeout_ns = 60'000'000'000;  ///< 60 s, as Linux' ipfrag_time
  };
  Defragmenter();
  explicit Defragmenter(Limits limits);
  ~Defragmenter();
  Defragmenter(const Defragmenter&) = delete;
  Defragmenter& operator=(const Defragmenter&) = delete;

  struct Stats {
    uint64_t datagrams_completed = 0;
    uint64_t datagrams_expired = 0;
    uint64_t datagrams_dropped_over_limit = 0;
    uint64_t bytes_buffered = 0;
  };
  const Stats& stats() const;

  // Used by decode_packet; not a public interface for callers.
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracelab
