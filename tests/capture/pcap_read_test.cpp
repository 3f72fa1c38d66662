// SPDX-License-Identifier: GPL-2.0-or-later
#include <doctest/doctest.h>

#include "capture_builder.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

std::vector<PcapRecord> three_records() {
  return {{1000, 1, payload(60, 1), 0},
          {1001, 999999, payload(100, 2), 1514},
          {1002, 0, payload(1, 3), 0}};
}

}  // namespace

TEST_CASE("pcap: both byte orders, microsecond timestamps") {
  for (bool be : {false, true}) {
    CAPTURE(be);
    ReadResult r = read_memory(pcap_file(three_records(), be));
    REQUIRE(r.opened);
    CHECK_FALSE(r.error);
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].rec.ts_ns == 1000'000001000);
    CHECK(r.records[1].rec.ts_ns == 1001'999999000);
    CHECK(r.records[1].rec.caplen == 100);
    CHECK(r.records[1].rec.wire_len == 1514);
    CHECK(r.records[1].data == payload(100, 2));
    CHECK(r.records[2].data == payload(1, 3));
    CHECK(r.records[0].rec.file_offset == 24);
    CHECK(r.records[1].rec.file_offset == 24 + 16 + 60);
    CHECK(r.records[0].rec.link_type == kLinkEthernet);
    CHECK(r.records[0].rec.kind == RecordKind::Packet);
    REQUIRE(r.interfaces.size() == 1);
    CHECK(r.interfaces[0].snaplen == 65535);
    CHECK(r.interfaces[0].ticks_per_second == 1000000);
  }
}

TEST_CASE("pcap: nanosecond magic in both byte orders") {
  for (bool be : {false, true}) {
    CAPTURE(be);
    ReadResult r = read_memory(pcap_file(three_records(), be, 0xa1b23c4d));
    REQUIRE(r.records.size() == 3);
    CHECK(r.records[0].rec.ts_ns == 1000'000000001);
    CHECK(r.records[1].rec.ts_ns == 1001'000999999);
    CHECK(r.interfaces[0].ticks_per_second == 1000000000);
  }
}

TEST_CASE("pcap: modified-pcap variant has longer record headers") {
  ReadResult r = read_memory(pcap_file(three_records(), false, 0xa1b2cd34));
  CHECK_FALSE(r.error);
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[1].data == payload(100, 2));
  CHECK(r.records[1].rec.file_offset == 24 + 24 + 60);
}

TEST_CASE("pcap: link type comes from the header, FCS bits masked off") {
  Bytes f = pcap_file(three_records(), false, 0xa1b2c3d4, 65535,
                      kLinkLinuxSll | 0x14000000u);
  ReadResult r = read_memory(f);
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[0].rec.link_type == kLinkLinuxSll);
}

TEST_CASE("format is detected by magic, not by name") {
  ReadResult r = read_memory(pcap_file(three_records(), false), "x.pcapng");
  CHECK(r.records.size() == 3);
  PcapngBuilder b;
  b.shb().idb(kLinkRaw).epb(0, 5, payload(20));
  ReadResult n = read_memory(b.bytes(), "x.pcap");
  REQUIRE(n.records.size() == 1);
  CHECK(n.records[0].rec.link_type == kLinkRaw);
}

TEST_CASE("pcap: an empty capture (header only) has no records and no error") {
  ReadResult r = read_memory(pcap_file({}, true));
  REQUIRE(r.opened);
  CHECK(r.records.empty());
  CHECK_FALSE(r.error);
}

TEST_CASE("pcap: progress counters reach the total") {
  Bytes f = pcap_file(three_records(), false);
  CaptureError err;
  auto src = open_capture_memory(f, "m", err);
  REQUIRE(src);
  CHECK(src->format() == CaptureFormat::Pcap);
  CHECK(src->total_bytes() == f.size());
  Record rec;
  while (src->next(rec)) {
  }
  CHECK(src->bytes_consumed() == f.size());
}
