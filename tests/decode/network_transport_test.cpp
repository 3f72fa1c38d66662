// SPDX-License-Identifier: GPL-2.0-or-later
// IPv4, IPv6 (extension headers), TCP options, UDP, ICMP, ICMPv6, ARP.
#include <doctest/doctest.h>

#include "packet_builder.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

// The frame is kept until the next call: the payload points into it.
DecodedPacket decode_raw(const Bytes& b) {
  static Bytes kept;
  kept = b;
  DecodedPacket p;
  REQUIRE(decode_packet(record(kLinkRaw, kept), p, nullptr));
  return p;
}

// MSS 1460, SACK_PERM, TS, NOP, WS 7: a Linux SYN.
Bytes linux_syn_options() {
  return {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
}

}  // namespace

TEST_CASE("IPv4 header fields, options and TTL") {
  Ipv4Options o;
  o.ttl = 3;
  o.id = 0xbeef;
  o.options = {7, 7, 4, 0, 0, 0, 0, 1};  // record route + NOP... padded to 8
  DecodedPacket p = decode_raw(ipv4(17, udp(5, 6, filler(4)), o));
  CHECK(p.malformed == nullptr);
  CHECK(p.ttl == 3);
  CHECK(p.ip_id == 0xbeef);
  CHECK(p.ip_proto == 17);
  CHECK(p.ip_payload_len == 12);
  CHECK(p.l4 == L4::Udp);
  CHECK(p.udp.length == 12);
  CHECK(p.payload_len == 4);
  CHECK(p.payload[0] == 0);
}

TEST_CASE("IPv4 header checks") {
  Bytes good = ipv4(6, tcp(1, 2, 3, 4, kTcpAck));
  Bytes bad = good;
  bad[0] = 0x44;  // IHL 4 words
  CHECK(decode_raw(bad).malformed != nullptr);
  bad = good;
  bad[0] = 0x4f;  // IHL 60 bytes, more than captured
  CHECK(decode_raw(bad).malformed != nullptr);
  bad = good;
  bad[2] = 0;
  bad[3] = 10;  // total length below header length
  CHECK(decode_raw(bad).malformed != nullptr);
  bad = good;
  bad[2] = bad[3] = 0;  // segmentation offload: length from the frame
  DecodedPacket p = decode_raw(bad);
  CHECK(p.malformed == nullptr);
  CHECK(p.l4 == L4::Tcp);
  // Total length shorter than the frame: the rest is not payload.
  Ipv4Options o;
  o.total_length_delta = -5;
  p = decode_raw(ipv4(6, tcp(1, 2, 3, 4, kTcpAck, {}, filler(10)), o));
  CHECK(p.payload_len == 5);
  CHECK(p.payload_wire_len == 5);
}

TEST_CASE("TCP header and options in header order") {
  DecodedPacket p = decode_raw(
      ipv4(6, tcp(45208, 80, 1000, 0, kTcpSyn, linux_syn_options())));
  CHECK(p.malformed == nullptr);
  REQUIRE(p.l4 == L4::Tcp);
  CHECK(p.sport == 45208);
  CHECK(p.dport == 80);
  CHECK(p.tcp.seq == 1000);
  CHECK(p.tcp.flags == kTcpSyn);
  CHECK(p.tcp.window == 65535);
  CHECK(p.tcp.header_len == 40);
  CHECK(p.tcp.has_mss);
  CHECK(p.tcp.mss == 1460);
  CHECK(p.tcp.sack_perm);
  CHECK(p.tcp.has_ts);
  CHECK(p.tcp.ts_val == 1);
  CHECK(p.tcp.ts_ecr == 0);
  CHECK(p.tcp.has_wscale);
  CHECK(p.tcp.wscale == 7);
  REQUIRE(p.tcp.option_count == 4);
  CHECK(p.tcp.options[0].kind == TcpOptKind::Mss);
  CHECK(p.tcp.options[1].kind == TcpOptKind::SackPerm);
  CHECK(p.tcp.options[2].kind == TcpOptKind::Timestamp);
  CHECK(p.tcp.options[3].kind == TcpOptKind::WindowScale);
  CHECK(p.payload_len == 0);
}

TEST_CASE("TCP SACK blocks, unknown options, payload") {
  Bytes opts = {1, 1, 5, 18};
  put32(opts, 100);
  put32(opts, 200);
  put32(opts, 300);
  put32(opts, 400);
  opts = cat(opts, {30, 4, 0xaa, 0xbb});  // MPTCP: "other"
  DecodedPacket p = decode_raw(
      ipv6(6, tcp(1, 2, 3, 4, kTcpAck | kTcpPsh, opts, filler(100))));
  CHECK(p.malformed == nullptr);
  REQUIRE(p.tcp.sack_count == 2);
  CHECK(p.tcp.sack[0] == std::pair<uint32_t, uint32_t>{100, 200});
  CHECK(p.tcp.sack[1] == std::pair<uint32_t, uint32_t>{300, 400});
  REQUIRE(p.tcp.option_count == 2);
  CHECK(p.tcp.options[0].kind == TcpOptKind::Sack);
  CHECK(p.tcp.options[1].kind == TcpOptKind::Other);
  CHECK(p.tcp.options[1].raw_kind == 30);
  CHECK(p.payload_len == 100);
  CHECK(p.payload_wire_len == 100);
  CHECK(p.payload[99] == 99);
}

TEST_CASE("TCP option with a length past the header stops the walk") {
  Bytes opts = {2, 4, 0x05, 0xb4, 3, 9, 0, 0};
  DecodedPacket p = decode_raw(ipv4(6, tcp(1, 2, 3, 4, kTcpSyn, opts)));
  CHECK(p.malformed == nullptr);
  CHECK(p.tcp.has_mss);
  CHECK_FALSE(p.tcp.has_wscale);
  CHECK(p.tcp.option_count == 1);
}

TEST_CASE("TCP data offset checks") {
  Bytes b = ipv4(6, tcp(1, 2, 3, 4, kTcpAck));
  b[20 + 12] = 0x40;  // 16-byte header
  CHECK(decode_raw(b).malformed != nullptr);
  b[20 + 12] = 0xf0;  // 60 bytes, segment is 20
  CHECK(decode_raw(b).malformed != nullptr);
}

TEST_CASE("snaplen cut: payload shorter than the wire says") {
  Bytes b = ipv4(6, tcp(1, 2, 3, 4, kTcpAck, {}, filler(1000)));
  DecodedPacket p;
  REQUIRE(decode_packet(record(kLinkRaw, b, 0, 100), p, nullptr));
  CHECK(p.malformed == nullptr);
  CHECK(p.payload_len == 60);
  CHECK(p.payload_wire_len == 1000);
}

TEST_CASE("IPv6 extension headers before the transport") {
  Bytes hbh = {60, 0, 1, 4, 0, 0, 0, 0};  // -> dest opts
  Bytes dst = {43, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // -> routing
  Bytes rt = {51, 0, 0, 0, 0, 0, 0, 0};                            // -> AH
  Bytes ah = {44, 4, 0, 0};  // AH, 24 bytes -> frag
  ah = cat(ah, filler(20));
  Bytes frag = ipv6_fragment_header(17, 0, false, 7);  // atomic -> UDP
  Bytes ext = cat(cat(cat(cat(hbh, dst), rt), ah), frag);
  DecodedPacket p = decode_raw(ipv6(0, udp(1, 2, filler(3)), ext));
  CHECK(p.malformed == nullptr);
  CHECK(p.ip_proto == 17);
  CHECK(p.l4 == L4::Udp);
  CHECK_FALSE(p.is_fragment);
  CHECK(p.payload_len == 3);
  CHECK(p.ip_payload_len == 11);

  p = decode_raw(ipv6(59, filler(5)));
  CHECK(p.malformed == nullptr);
  CHECK(p.ip_proto == 59);
  CHECK(p.l4 == L4::None);

  // An extension header longer than the packet.
  p = decode_raw(ipv6(0, {}, {6, 3, 0, 0, 0, 0, 0, 0}));
  CHECK(p.malformed != nullptr);
}

TEST_CASE("ICMP echo and errors") {
  Bytes echo = {8, 0, 0, 0, 0x12, 0x34, 0x00, 0x05};
  echo = cat(echo, filler(16));
  DecodedPacket p = decode_raw(ipv4(1, echo));
  CHECK(p.l4 == L4::Icmp);
  CHECK(p.icmp.type == 8);
  CHECK(p.icmp.id == 0x1234);
  CHECK(p.icmp.seq == 5);
  CHECK_FALSE(p.tunnelled);
  CHECK(p.payload_len == 20);

  Bytes unreach = {3, 3, 0, 0, 0, 0, 0, 0};
  unreach = cat(unreach, ipv4(17, udp(1, 2, {})));
  p = decode_raw(ipv4(1, unreach));
  CHECK(p.icmp.type == 3);
  CHECK(p.icmp.code == 3);
  CHECK(p.tunnelled);
  CHECK(p.src.to_string() == "10.0.0.1");

  Bytes v6echo = {128, 0, 0, 0, 0, 9, 0, 1};
  p = decode_raw(ipv6(58, v6echo));
  CHECK(p.l4 == L4::Icmpv6);
  CHECK(p.icmp.id == 9);
  CHECK(p.icmp.seq == 1);

  p = decode_raw(ipv4(1, {8, 0, 0}));
  CHECK(p.malformed != nullptr);
}

TEST_CASE("ARP over Ethernet") {
  Bytes arp = {0,  1, 8, 0, 6, 4, 0, 1, 0x30, 0x46, 0x9a, 0x23, 0xfb, 0xfa,
               10, 0, 0, 8, 0, 0, 0, 0, 0,    0,    10,   0,    0,    138};
  DecodedPacket p;
  Bytes f = ethernet(0x0806, arp);
  f.resize(60);
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.malformed == nullptr);
  CHECK(p.l3 == L3::Arp);
  CHECK(p.arp.opcode == 1);
  CHECK(p.arp.sender_ip.to_string() == "10.0.0.8");
  CHECK(p.arp.target_ip.to_string() == "10.0.0.138");
  std::string mac;
  p.arp.sender_mac.append_to(mac);
  CHECK(mac == "30:46:9a:23:fb:fa");
  f = ethernet(0x0806, Bytes(arp.begin(), arp.begin() + 20));
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.malformed != nullptr);
}

TEST_CASE("other IP protocols and tunnels") {
  DecodedPacket p = decode_raw(ipv4(47, filler(12)));  // GRE
  CHECK(p.l4 == L4::Other);
  CHECK(p.ip_proto == 47);
  CHECK(p.payload_len == 12);
  p = decode_raw(ipv4(41, ipv6(17, udp(1, 2, {}))));
  CHECK(p.tunnelled);
  CHECK(p.src.family == 4);
}

TEST_CASE("a truncated TCP/IPv6 frame is never read past its end") {
  Bytes opts = linux_syn_options();
  Bytes full = ethernet(
      0x86dd, ipv6(6, tcp(443, 5555, 1, 2, kTcpSyn, opts, filler(30))));
  const uint32_t headers = 14 + 40 + 40;
  DecodedPacket p;
  for (uint32_t cut = 0; cut <= full.size(); ++cut) {
    CAPTURE(cut);
    // An exact-size copy, so a sanitizer sees any read past the cut.
    std::vector<uint8_t> exact(full.begin(), full.begin() + cut);
    Record r = record(kLinkEthernet, full);
    r.data = exact.data();
    r.caplen = cut;
    REQUIRE(decode_packet(r, p, nullptr));
    if (cut < headers) {
      CHECK(p.malformed != nullptr);
    } else {
      CHECK(p.malformed == nullptr);
      CHECK(p.payload_len == cut - headers);
      CHECK(p.payload_wire_len == 30);
    }
  }
}

TEST_CASE("reset clears what the previous packet left") {
  DecodedPacket p = decode_raw(
      ipv4(6, tcp(1, 2, 3, 4, kTcpSyn, linux_syn_options(), filler(4))));
  REQUIRE(p.tcp.has_mss);
  Bytes arp = {0, 1, 8, 0, 6, 4, 0, 2};
  Bytes f = ethernet(0x0806, cat(arp, filler(20)));
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.l4 == L4::None);
  CHECK_FALSE(p.tcp.has_mss);
  CHECK(p.tcp.option_count == 0);
  CHECK(p.src.family == 0);
  CHECK(p.sport == 0);
}
