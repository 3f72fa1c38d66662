// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracelab/bpf.hpp"

#include <doctest/doctest.h>

#include "capture_builder.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

// A minimal IPv4 header + transport ports, protocol `proto`.
Bytes ipv4(uint8_t proto, uint16_t sport, uint16_t dport) {
  Bytes b = {0x45, 0, 0,  40, 0, 1, 0x40, 0, 64, proto,
             0,    0, 10, 0,  0, 1, 10,   0, 0,  2};
  ByteWriter w{{}, true};
  w.u16(sport);
  w.u16(dport);
  b.insert(b.end(), w.out.begin(), w.out.end());
  b.resize(40, 0);
  return b;
}

Bytes ethernet(const Bytes& ip) {
  Bytes b = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00};
  b.insert(b.end(), ip.begin(), ip.end());
  return b;
}

Record record_of(const Bytes& data, uint32_t link) {
  Record r;
  r.link_type = link;
  r.caplen = r.wire_len = static_cast<uint32_t>(data.size());
  r.data = data.data();
  return r;
}

}  // namespace

TEST_CASE("bpf: filters records by link type, compiled lazily per type") {
  BpfFilter f("tcp port 80");
  const Bytes web = ethernet(ipv4(6, 1234, 80));
  const Bytes dns = ethernet(ipv4(17, 1234, 53));
  const Bytes raw_web = ipv4(6, 80, 5555);
  CHECK(f.matches(record_of(web, kLinkEthernet)));
  CHECK_FALSE(f.matches(record_of(dns, kLinkEthernet)));
  // The same bytes read as raw IP are not a TCP packet to port 80.
  CHECK_FALSE(f.matches(record_of(web, kLinkRaw)));
  CHECK(f.matches(record_of(raw_web, kLinkRaw)));
  CHECK(f.error().empty());

  Record custom = record_of(web, kLinkEthernet);
  custom.kind = RecordKind::CustomBlock;
  CHECK_FALSE(f.matches(custom));

  BpfFilter none("");
  CHECK(none.matches(record_of(dns, kLinkEthernet)));
  CHECK(none.matches(custom));
}

TEST_CASE("bpf: a bad expression is a clear error") {
  std::string err;
  CHECK_FALSE(check_bpf_expression("tcp prt 80", err));
  CHECK(err.find("tcp prt 80") != std::string::npos);
  CHECK(err.find("syntax") != std::string::npos);
  CHECK(check_bpf_expression("udp and not port 53", err));

  BpfFilter f("ether host 00:01:02:03:04:05");
  CHECK(f.compile(kLinkEthernet));
  CHECK_FALSE(f.compile(kLinkRaw));  // no Ethernet header to test
  CHECK_FALSE(f.error().empty());
  const Bytes pkt = ipv4(6, 1, 2);
  CHECK_FALSE(f.matches(record_of(pkt, kLinkRaw)));
  CHECK(f.warnings().size() == 1);
}

TEST_CASE("bpf: filtering a pcapng with mixed link types") {
  PcapngBuilder b;
  b.shb().idb(kLinkEthernet).idb(kLinkRaw);
  b.epb(0, 1, ethernet(ipv4(6, 1, 443))).epb(1, 2, ipv4(6, 443, 2));
  b.epb(1, 3, ipv4(17, 53, 2)).epb(0, 4, ethernet(ipv4(17, 5, 53)));
  CaptureError err;
  auto src = open_capture_memory(b.bytes(), "m", err);
  REQUIRE(src);
  BpfFilter f("tcp");
  Record rec;
  std::vector<int64_t> kept;
  while (src->next(rec))
    if (f.matches(rec)) kept.push_back(rec.ts_ns);
  CHECK(kept == std::vector<int64_t>{1000, 2000});
}
