// SPDX-License-Identifier: GPL-2.0-or-later
//
// Damaged and truncated IP headers: which addresses tshark still reports
// (the first-IP-header columns the packet list compares).  A sweep of
// mutated frames is written to a pcap and checked against tshark itself.
#include <doctest/doctest.h>

#include <array>

#include "packet_builder.hpp"
#include "test_support.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

std::vector<Bytes> damaged_frames() {
  std::vector<Bytes> f;
  const Bytes v4 = ethernet(0x0800, ipv4(17, udp(1000, 2000, filler(12))));
  const Bytes v6 = ethernet(
      0x86dd, ipv6(6, tcp(1, 2, 3, 4, kTcpAck, {1, 1, 1, 1}, filler(6))));
  const Bytes vlan =
      ethernet(0x0800, ipv4(6, tcp(5, 6, 7, 8, kTcpSyn)), {0x8100, 3});
  for (const Bytes* good : {&v4, &v6, &vlan})
    for (size_t cut = 14; cut <= good->size(); ++cut)
      f.emplace_back(good->begin(), good->begin() + cut);
  for (uint8_t first : {0x00, 0x44, 0x45, 0x46, 0x4f, 0x55, 0x65}) {
    Bytes b = v4;
    b[14] = first;
    f.push_back(b);
  }
  for (uint16_t total : {0, 10, 19, 20, 27, 28, 40, 200}) {
    Bytes b = v4;
    b[16] = total >> 8;
    b[17] = total & 0xff;
    f.push_back(b);
  }
  for (uint8_t first : {0x40, 0x50, 0x60, 0x6f}) {
    Bytes b = v6;
    b[14] = first;
    f.push_back(b);
  }
  for (uint16_t plen : {0, 4, 20, 200}) {
    Bytes b = v6;
    b[18] = plen >> 8;
    b[19] = plen & 0xff;
    f.push_back(b);
  }
  return f;
}

}  // namespace

TEST_CASE(
    "damaged IP headers: no addresses when bogus, captured ones when cut") {
  DecodedPacket p;
  Bytes good = ipv4(17, udp(1, 2, {}));
  Bytes bogus = good;
  bogus[3] = 10;  // total length 10 < 20
  REQUIRE(decode_packet(record(kLinkRaw, bogus), p, nullptr));
  CHECK(p.malformed != nullptr);
  CHECK(p.src.family == 0);
  // Cut after the source address: the source is known, the rest is not.
  REQUIRE(decode_packet(record(kLinkRaw, good, 0, 17), p, nullptr));
  CHECK(p.malformed != nullptr);
  CHECK(p.src.to_string() == "10.0.0.1");
  CHECK(p.dst.family == 0);
}

TEST_CASE("addresses of damaged frames match tshark") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  const std::vector<Bytes> frames = damaged_frames();
  const auto rows =
      tshark_fields(frames, "-e ip.src -e ip.dst -e ipv6.src -e ipv6.dst");
  REQUIRE(rows.size() == frames.size());
  DecodedPacket p;
  size_t agree = 0;
  for (size_t i = 0; i < frames.size(); ++i) {
    REQUIRE(decode_packet(record(kLinkEthernet, frames[i]), p, nullptr));
    std::array<std::string, 4> got;
    const size_t at = p.src.family == 6 ? 2 : 0;
    got[at] = p.src.family ? p.src.to_string() : "";
    got[at + 1] = p.dst.family ? p.dst.to_string() : "";
    std::array<std::string, 4> want;
    for (size_t k = 0; k < want.size() && k < rows[i].size(); ++k)
      want[k] = rows[i][k].substr(0, rows[i][k].find(','));
    CAPTURE(i + 1);
    CHECK(got == want);
    agree += got == want;
  }
  MESSAGE(agree << " of " << frames.size() << " damaged frames agree");
}
