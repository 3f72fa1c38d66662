// SPDX-License-Identifier: GPL-2.0-or-later
#include <doctest/doctest.h>

#include "capture_builder.hpp"

using namespace tracelab;
using namespace tracelab::test;

TEST_CASE("pcapng: enhanced packets in both byte orders") {
  for (bool be : {false, true}) {
    CAPTURE(be);
    PcapngBuilder b(be);
    b.shb().idb(kLinkEthernet, 65535);
    const uint64_t first = b.offset();
    b.epb(0, 1'500000'123456ull, payload(60, 1), 1514);
    b.epb(0, 1'500001'000000ull, payload(61, 2));
    ReadResult r = read_memory(b.bytes());
    CHECK_FALSE(r.error);
    REQUIRE(r.records.size() == 2);
    CHECK(r.records[0].rec.ts_ns == 1'500000'123456'000ll);
    CHECK(r.records[0].rec.caplen == 60);
    CHECK(r.records[0].rec.wire_len == 1514);
    CHECK(r.records[0].rec.file_offset == first);
    CHECK(r.records[0].data == payload(60, 1));
    CHECK(r.records[1].data == payload(61, 2));
    CHECK(r.records[1].rec.has_timestamp);
  }
}

TEST_CASE("pcapng: several interfaces with different link types") {
  PcapngBuilder b;
  b.shb()
      .idb(kLinkEthernet, 0, PcapngBuilder::named("eth0"))
      .idb(kLinkRaw)
      .idb(kLinkLinuxSll);
  b.epb(2, 10, payload(30)).epb(1, 11, payload(31)).epb(0, 12, payload(32));
  ReadResult r = read_memory(b.bytes());
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].rec.interface_id == 2);
  CHECK(r.records[0].rec.link_type == kLinkLinuxSll);
  CHECK(r.records[1].rec.link_type == kLinkRaw);
  CHECK(r.records[2].rec.link_type == kLinkEthernet);
  REQUIRE(r.interfaces.size() == 3);
  CHECK(r.interfaces[0].name == "eth0");
}

TEST_CASE("pcapng: if_tsresol powers of 10 and of 2, and if_tsoffset") {
  PcapngBuilder b(true);
  b.shb();
  b.idb(kLinkEthernet, 0, PcapngBuilder::tsresol(3));          // milliseconds
  b.idb(kLinkEthernet, 0, PcapngBuilder::tsresol(0x80 | 10));  // 1/1024 s
  b.idb(kLinkEthernet, 0, PcapngBuilder::tsoffset(100, 9));
  b.idb(kLinkEthernet, 0, PcapngBuilder::tsoffset(-5));  // default µs
  b.epb(0, 1234, payload(10));
  b.epb(1, 1024 * 7 + 512, payload(10));
  b.epb(2, 42, payload(10));
  b.epb(3, 6'000001, payload(10));
  ReadResult r = read_memory(b.bytes());
  REQUIRE(r.records.size() == 4);
  CHECK(r.records[0].rec.ts_ns == 1'234'000000);
  CHECK(r.records[1].rec.ts_ns == 7'500000000);
  CHECK(r.records[2].rec.ts_ns == 100'000000042);
  CHECK(r.records[3].rec.ts_ns == 1'000001000);
  CHECK(r.interfaces[0].ticks_per_second == 1000);
  CHECK(r.interfaces[1].ticks_per_second == 1024);
  CHECK(r.interfaces[2].ts_offset_seconds == 100);
}

TEST_CASE("pcapng: a new section resets interface numbering and byte order") {
  PcapngBuilder b(false);
  b.shb().idb(kLinkEthernet).idb(kLinkRaw).epb(1, 1, payload(20, 1));
  b.shb(true).idb(kLinkLinuxSll).epb(0, 2, payload(21, 2));
  ReadResult r = read_memory(b.bytes());
  CHECK_FALSE(r.error);
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].rec.link_type == kLinkRaw);
  CHECK(r.records[1].rec.link_type == kLinkLinuxSll);
  CHECK(r.records[1].rec.interface_id == 2);
  CHECK(r.records[1].data == payload(21, 2));
  CHECK(r.interfaces.size() == 3);

  // Interface 1 existed in the first section only.
  PcapngBuilder bad;
  bad.shb().idb(kLinkEthernet).idb(kLinkRaw).shb().idb(kLinkEthernet);
  const uint64_t at = bad.offset();
  bad.epb(1, 1, payload(20));
  ReadResult e = read_memory(bad.bytes());
  CHECK(e.records.empty());
  REQUIRE(e.error);
  CHECK(e.error->offset == at);
}

TEST_CASE("pcapng: simple packet block takes its length from the snaplen") {
  for (bool be : {false, true}) {
    PcapngBuilder b(be);
    b.shb().idb(kLinkEthernet, 96).spb(314, payload(96, 4));
    b.spb(50, payload(52, 5));  // padded body longer than the packet
    ReadResult r = read_memory(b.bytes());
    REQUIRE(r.records.size() == 2);
    CHECK_FALSE(r.records[0].rec.has_timestamp);
    CHECK(r.records[0].rec.caplen == 96);
    CHECK(r.records[0].rec.wire_len == 314);
    CHECK(r.records[0].data == payload(96, 4));
    CHECK(r.records[1].rec.caplen == 50);
  }
}

TEST_CASE("pcapng: obsolete packet block") {
  PcapngBuilder b(true);
  b.shb().idb(kLinkEthernet).idb(kLinkRaw).pb(1, 3'000004, payload(40, 6));
  ReadResult r = read_memory(b.bytes());
  REQUIRE(r.records.size() == 1);
  CHECK(r.records[0].rec.link_type == kLinkRaw);
  CHECK(r.records[0].rec.ts_ns == 3'000004000);
  CHECK(r.records[0].data == payload(40, 6));
}

TEST_CASE("pcapng: NRB and ISB skipped, DSB kept, custom blocks surfaced") {
  PcapngBuilder b;
  b.shb().idb(kLinkEthernet);
  b.block(4, Bytes{0, 0, 0, 0});  // empty name resolution block
  b.block(5, payload(20));        // statistics: never read
  const uint64_t dsb_at = b.offset();
  b.dsb(0x544c534b, "CLIENT_RANDOM aa bb\n");
  const uint64_t custom_at = b.offset();
  b.custom(true, 32473, payload(24, 9));
  b.epb(0, 1, payload(10));
  b.custom(false, 99, payload(5));
  ReadResult r = read_memory(b.bytes());
  CHECK_FALSE(r.error);
  CHECK(r.warnings.empty());
  REQUIRE(r.records.size() == 3);
  const Record& c = r.records[0].rec;
  CHECK(c.kind == RecordKind::CustomBlock);
  CHECK_FALSE(c.has_timestamp);
  CHECK(c.custom_pen == 32473);
  CHECK(c.custom_copyable);
  CHECK(c.caplen == 24);
  CHECK(c.file_offset == custom_at);
  CHECK(r.records[0].data == payload(24, 9));
  CHECK(r.records[1].rec.kind == RecordKind::Packet);
  CHECK(r.records[2].rec.kind == RecordKind::CustomBlock);
  CHECK_FALSE(r.records[2].rec.custom_copyable);
  CHECK(r.records[2].rec.caplen == 8);  // 5 bytes padded to the block's end
  REQUIRE(r.secrets.size() == 1);
  CHECK(r.secrets[0].secrets_type == 0x544c534b);
  CHECK(r.secrets[0].data == "CLIENT_RANDOM aa bb\n");
  CHECK(r.secrets[0].file_offset == dsb_at);
}

TEST_CASE("pcapng: unknown blocks are skipped with one warning per type") {
  PcapngBuilder b;
  b.shb().idb(kLinkEthernet).block(0x1234, payload(8)).epb(0, 1, payload(9));
  b.block(0x1234, payload(4)).block(0x1235, {}).epb(0, 2, payload(9));
  ReadResult r = read_memory(b.bytes());
  CHECK_FALSE(r.error);
  CHECK(r.records.size() == 2);
  REQUIRE(r.warnings.size() == 2);
  CHECK(r.warnings[0].find("0x00001234") != std::string::npos);
}
