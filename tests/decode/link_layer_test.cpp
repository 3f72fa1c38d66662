// SPDX-License-Identifier: GPL-2.0-or-later
// Link layers: every supported link type reaches the IP header.
#include <doctest/doctest.h>

#include "packet_builder.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

Bytes sample_ipv4() {
  return ipv4(17, udp(53, 40000, filler(10)));
}
Bytes sample_ipv6() {
  return ipv6(17, udp(53, 40000, filler(10)));
}

void check_udp_v4(const DecodedPacket& p) {
  CHECK(p.malformed == nullptr);
  CHECK(p.l3 == L3::Ipv4);
  CHECK(p.src.to_string() == "10.0.0.1");
  CHECK(p.dst.to_string() == "10.0.0.2");
  CHECK(p.l4 == L4::Udp);
  CHECK(p.sport == 53);
  CHECK(p.dport == 40000);
  CHECK(p.payload_len == 10);
}

void check_udp_v6(const DecodedPacket& p) {
  CHECK(p.malformed == nullptr);
  CHECK(p.l3 == L3::Ipv6);
  CHECK(p.src.to_string() == "2001:db8::1");
  CHECK(p.dst.to_string() == "2001:db8::2");
  CHECK(p.l4 == L4::Udp);
  CHECK(p.payload_len == 10);
}

Bytes sll(uint16_t proto, const Bytes& payload) {
  Bytes b;
  put16(b, 0);  // packet type: to us
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);
  b = cat(b, {1, 2, 3, 4, 5, 6, 0, 0});
  put16(b, proto);
  return cat(b, payload);
}

Bytes sll2(uint16_t proto, const Bytes& payload) {
  Bytes b;
  put16(b, proto);
  put16(b, 0);
  put32(b, 3);  // interface index
  put16(b, 1);
  b.push_back(0);
  b.push_back(6);
  b = cat(b, {1, 2, 3, 4, 5, 6, 0, 0});
  return cat(b, payload);
}

Bytes family_le(uint32_t f) {
  return {uint8_t(f), 0, 0, uint8_t(f >> 24)};
}
Bytes family_be(uint32_t f) {
  return {0, 0, 0, uint8_t(f)};
}

}  // namespace

TEST_CASE("Ethernet II carries IPv4 and IPv6") {
  DecodedPacket p;
  Bytes f = ethernet(0x0800, sample_ipv4());
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.has_eth);
  CHECK(p.ethertype == 0x0800);
  std::string mac;
  p.eth_src.append_to(mac);
  CHECK(mac == "66:77:88:99:aa:bb");
  check_udp_v4(p);
  f = ethernet(0x86dd, sample_ipv6());
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  check_udp_v6(p);
}

TEST_CASE("802.1Q, QinQ and stacked VLAN tags") {
  DecodedPacket p;
  Bytes f = ethernet(0x0800, sample_ipv4(), {0x8100, 0x2064});
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.vlan_count == 1);
  CHECK(p.vlan_ids[0] == 100);  // priority bits stripped
  check_udp_v4(p);

  f = ethernet(0x86dd, sample_ipv6(), {0x88a8, 10, 0x8100, 20});
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.vlan_count == 2);
  CHECK(p.vlan_ids[0] == 10);
  CHECK(p.vlan_ids[1] == 20);
  check_udp_v6(p);

  f = ethernet(0x0800, sample_ipv4(), {0x9100, 1, 0x9100, 2, 0x8100, 3});
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.vlan_count == 3);
  CHECK(p.ethertype == 0x0800);
  check_udp_v4(p);
}

TEST_CASE("Ethernet padding is not payload") {
  // A 60-byte minimum frame around a 28-byte IPv4/UDP datagram of 0 bytes.
  Bytes ip = ipv4(17, udp(1000, 2000, {}));
  Bytes f = ethernet(0x0800, ip);
  f.resize(60, 0xee);
  DecodedPacket p;
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.malformed == nullptr);
  CHECK(p.l4 == L4::Udp);
  CHECK(p.payload_len == 0);
  CHECK(p.payload_wire_len == 0);
  CHECK(p.ip_payload_len == 8);

  // The same with TCP: trailer bytes are not segment data.
  f = ethernet(0x0800, ipv4(6, tcp(1, 2, 100, 0, kTcpAck)));
  f.resize(60, 0xee);
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.l4 == L4::Tcp);
  CHECK(p.payload_len == 0);
  CHECK(p.payload_wire_len == 0);
}

TEST_CASE("MPLS, PPPoE and LLC/SNAP are looked through") {
  DecodedPacket p;
  // Two MPLS labels, bottom of stack on the second.
  Bytes mpls = {0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40};
  Bytes f = ethernet(0x8847, cat(mpls, sample_ipv4()));
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  check_udp_v4(p);
  f = ethernet(0x8847, cat(mpls, sample_ipv6()), {0x8100, 7});
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  check_udp_v6(p);
  // A label stack that never ends.
  f = ethernet(0x8847, Bytes(80, 0));
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.malformed != nullptr);

  Bytes pppoe = {0x11, 0x00, 0x12, 0x34};
  put16(pppoe, 2 + sample_ipv6().size());
  put16(pppoe, 0x0057);
  f = ethernet(0x8864, cat(pppoe, sample_ipv6()));
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  check_udp_v6(p);

  Bytes snap = {0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00};
  Bytes llc = cat(snap, sample_ipv4());
  f = ethernet(static_cast<uint16_t>(llc.size()), llc);
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  check_udp_v4(p);
}

TEST_CASE("802.3 frames with an LLC header are not IP") {
  Bytes f = ethernet(38, filler(38));
  DecodedPacket p;
  REQUIRE(decode_packet(record(kLinkEthernet, f), p, nullptr));
  CHECK(p.l3 == L3::Other);
  CHECK(p.malformed == nullptr);
}

TEST_CASE("Linux cooked captures v1 and v2") {
  DecodedPacket p;
  Bytes f = sll(0x0800, sample_ipv4());
  REQUIRE(decode_packet(record(kLinkLinuxSll, f), p, nullptr));
  CHECK_FALSE(p.has_eth);
  check_udp_v4(p);
  f = sll2(0x86dd, sample_ipv6());
  REQUIRE(decode_packet(record(kLinkLinuxSll2, f), p, nullptr));
  check_udp_v6(p);
  f = sll2(0x0800, sample_ipv4());
  REQUIRE(decode_packet(record(kLinkLinuxSll2, f), p, nullptr));
  check_udp_v4(p);
}

TEST_CASE("raw IP link types") {
  DecodedPacket p;
  Bytes v4 = sample_ipv4(), v6 = sample_ipv6();
  REQUIRE(decode_packet(record(kLinkRaw, v4), p, nullptr));
  check_udp_v4(p);
  REQUIRE(decode_packet(record(kLinkRaw, v6), p, nullptr));
  check_udp_v6(p);
  REQUIRE(decode_packet(record(kLinkIpv4, v4), p, nullptr));
  check_udp_v4(p);
  // DLT_RAW's own values, as some writers store them.
  REQUIRE(decode_packet(record(12, v6), p, nullptr));
  check_udp_v6(p);
  REQUIRE(decode_packet(record(14, v4), p, nullptr));
  check_udp_v4(p);
  REQUIRE(decode_packet(record(kLinkIpv6, v6), p, nullptr));
  check_udp_v6(p);
  // Like tshark's IPv4 dissector, version 6 under an IPv4 label is IPv6;
  // other versions are bogus.
  REQUIRE(decode_packet(record(kLinkIpv4, v6), p, nullptr));
  check_udp_v6(p);
  Bytes v5 = v4;
  v5[0] = 0x55;
  REQUIRE(decode_packet(record(kLinkIpv4, v5), p, nullptr));
  CHECK(p.malformed != nullptr);
  CHECK(p.src.family == 0);
}

TEST_CASE("BSD null loopback in either byte order, every AF_INET6") {
  DecodedPacket p;
  for (auto fam : {family_le(2), family_be(2)}) {
    Bytes f = cat(fam, sample_ipv4());
    REQUIRE(decode_packet(record(kLinkNull, f), p, nullptr));
    check_udp_v4(p);
  }
  for (uint32_t af6 : {24u, 28u, 30u, 10u}) {
    for (auto fam : {family_le(af6), family_be(af6)}) {
      Bytes f = cat(fam, sample_ipv6());
      REQUIRE(decode_packet(record(kLinkNull, f), p, nullptr));
      check_udp_v6(p);
    }
  }
  Bytes f = cat(family_le(7), sample_ipv4());
  REQUIRE(decode_packet(record(kLinkNull, f), p, nullptr));
  CHECK(p.l3 == L3::Other);
}

TEST_CASE("OpenBSD loopback is network byte order") {
  DecodedPacket p;
  Bytes f = cat(family_be(2), sample_ipv4());
  REQUIRE(decode_packet(record(kLinkLoop, f), p, nullptr));
  check_udp_v4(p);
  f = cat(family_be(24), sample_ipv6());
  REQUIRE(decode_packet(record(kLinkLoop, f), p, nullptr));
  check_udp_v6(p);
}

TEST_CASE("unsupported link types are reported, not decoded") {
  Bytes f = sample_ipv4();
  DecodedPacket p;
  CHECK_FALSE(decode_packet(record(147, f), p, nullptr));
  CHECK(p.link_type == 147);
  CHECK_FALSE(link_type_supported(147));
  CHECK(link_type_supported(kLinkLinuxSll2));
  CHECK(link_type_name(kLinkLinuxSll2) == "LINUX_SLL2");
  CHECK(link_type_name(147) == "link type 147");
}

TEST_CASE("short link headers are malformed") {
  DecodedPacket p;
  Bytes f = ethernet(0x0800, sample_ipv4(), {0x8100, 5});
  for (uint32_t cut : {0u, 5u, 13u, 15u, 17u}) {
    REQUIRE(decode_packet(record(kLinkEthernet, f, 0, cut), p, nullptr));
    CHECK(p.malformed != nullptr);
  }
  Bytes s2 = sll2(0x0800, sample_ipv4());
  REQUIRE(decode_packet(record(kLinkLinuxSll2, s2, 0, 19), p, nullptr));
  CHECK(p.malformed != nullptr);
}
