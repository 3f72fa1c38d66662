// SPDX-License-Identifier: GPL-2.0-or-later
//
// Damaged input: every record before the damage is returned, then next()
// fails with the file name, the offset of the damaged record or block, and a
// reason.  Nothing crashes, hangs or allocates without bound.
#include <doctest/doctest.h>

#include "capture_builder.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

struct Expect {
  size_t records;
  uint64_t offset;
  const char* reason;  // a substring of the message
};

void check_damage(const Bytes& file, const Expect& e) {
  ReadResult r = read_memory(file, "damaged.cap");
  REQUIRE(r.opened);
  CHECK(r.records.size() == e.records);
  REQUIRE(r.error);
  CHECK(r.error->file == "damaged.cap");
  CHECK(r.error->offset == e.offset);
  CHECK_MESSAGE(r.error->message.find(e.reason) != std::string::npos,
                r.error->message);
  CHECK(r.error->to_string().rfind(
            "damaged.cap: offset " + std::to_string(e.offset) + ": ", 0) == 0);
}

std::vector<PcapRecord> recs(size_t n) {
  std::vector<PcapRecord> v;
  for (size_t i = 0; i < n; ++i)
    v.push_back({uint32_t(i), 0, payload(60, uint8_t(i)), 0});
  return v;
}

constexpr uint64_t kRec = 16 + 60;  // one record of recs()

}  // namespace

TEST_CASE("open fails cleanly on bad magic and tiny files") {
  for (const Bytes& b : {Bytes{}, Bytes{0xd4}, Bytes{1, 2, 3, 4, 5, 6, 7, 8},
                         Bytes{0x1f, 0x8b}}) {
    CaptureError err;
    CHECK_FALSE(open_capture_memory(b, "bad.cap", err));
    CHECK(err.file == "bad.cap");
    CHECK(err.offset == 0);
    CHECK_FALSE(err.message.empty());
  }
}

// Issue 13 item 10: a truncated file header is damage of the file, the same
// for both formats -- the reader opens, reads nothing and says where.
TEST_CASE("truncated pcap and pcapng file headers are the same damage") {
  Bytes pcap = pcap_file({}, false);
  pcap.resize(10);
  Bytes pcapng = PcapngBuilder().shb().bytes();
  pcapng.resize(10);
  for (const auto& [bytes, what] :
       {std::pair{pcap, std::string("truncated pcap file header")},
        std::pair{pcapng, std::string("truncated section header")}}) {
    CAPTURE(what);
    CaptureError err;
    auto src = open_capture_memory(bytes, "short.cap", err);
    REQUIRE(src);
    Record rec;
    CHECK_FALSE(src->next(rec));
    REQUIRE(src->error());
    CHECK(src->error()->offset == 0);
    CHECK(src->error()->message.find(what) != std::string::npos);
  }
}

TEST_CASE("pcap: truncated record data and header") {
  Bytes f = pcap_file(recs(3), false);
  f.resize(f.size() - 10);
  check_damage(f, {2, 24 + 2 * kRec, "truncated record"});
  f = pcap_file(recs(3), true);
  f.resize(24 + 2 * kRec + 9);
  check_damage(f, {2, 24 + 2 * kRec, "truncated record header"});
}

TEST_CASE("pcap: absurd caplen") {
  auto v = recs(3);
  v[1].data = payload(262145);
  check_damage(pcap_file(v, false, 0xa1b2c3d4, 0), {1, 24 + kRec, "maximum"});
  v[1].data = payload(262144);  // the largest accepted
  ReadResult ok = read_memory(pcap_file(v, true, 0xa1b2c3d4, 0));
  CHECK(ok.records.size() == 3);
  CHECK_FALSE(ok.error);
}

TEST_CASE("pcap: caplen over snaplen or over length is read, with a warning") {
  // Wireshark reads such records and numbers the frames after them.
  auto v = recs(3);
  v[1].data = payload(200);
  v[2].data = payload(300);
  ReadResult r = read_memory(pcap_file(v, false, 0xa1b2c3d4, 100));
  CHECK(r.records.size() == 3);
  CHECK_FALSE(r.error);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("offset " + std::to_string(24 + kRec)) !=
        std::string::npos);
  CHECK(r.warnings[0].find("snaplen") != std::string::npos);

  v = recs(3);
  v[1].wire_len = 40;
  r = read_memory(pcap_file(v, true));
  REQUIRE(r.records.size() == 3);
  CHECK(r.records[1].rec.wire_len == 60);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("original length") != std::string::npos);
}

TEST_CASE("pcap: garbage in the middle") {
  Bytes f = pcap_file(recs(2), false);
  Bytes garbage(64, 0xee);
  f.insert(f.end(), garbage.begin(), garbage.end());
  Bytes tail = pcap_file(recs(1), false);
  f.insert(f.end(), tail.begin() + 24, tail.end());
  check_damage(f, {2, 24 + 2 * kRec, "caplen"});
}

TEST_CASE("pcapng: truncated block") {
  PcapngBuilder b;
  b.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
  const uint64_t at = b.offset();
  b.epb(0, 2, payload(60));
  Bytes f = b.bytes();
  f.resize(f.size() - 10);
  check_damage(f, {1, at, "truncated block"});
  f.resize(at + 5);
  check_damage(f, {1, at, "truncated block header"});
}

TEST_CASE("pcapng: block lengths that cannot be right") {
  for (uint32_t bad : {0u, 8u, 13u, (16u << 20) + 4, 0xfffffffcu}) {
    CAPTURE(bad);
    PcapngBuilder b(bad % 2 == 0);
    b.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
    const uint64_t at = b.offset();
    b.block(6, payload(40), bad).epb(0, 1, payload(60));
    check_damage(b.bytes(), {1, at, "block length"});
  }
}

TEST_CASE("pcapng: trailer length mismatch") {
  PcapngBuilder b(true);
  b.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
  const uint64_t at = b.offset();
  b.block(6, payload(40), std::nullopt, 4).epb(0, 1, payload(60));
  check_damage(b.bytes(), {1, at, "trailer"});
}

TEST_CASE("pcapng: packet fields that contradict their block") {
  PcapngBuilder b;
  b.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
  uint64_t at = b.offset();
  b.epb(3, 1, payload(60));
  check_damage(b.bytes(), {1, at, "interface id 3"});

  PcapngBuilder big;
  big.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
  at = big.offset();
  big.epb(0, 1, payload(262145));
  check_damage(big.bytes(), {1, at, "maximum"});

  // caplen says more than the block holds
  ByteWriter body;
  for (uint32_t v : {0u, 0u, 1u, 500u, 500u}) body.u32(v);
  body.raw(payload(40));
  PcapngBuilder lie;
  lie.shb().idb(kLinkEthernet);
  at = lie.offset();
  lie.block(6, body.out);
  check_damage(lie.bytes(), {0, at, "exceeds its block"});

  PcapngBuilder tiny;
  tiny.shb().idb(kLinkEthernet);
  at = tiny.offset();
  tiny.block(6, payload(8));
  check_damage(tiny.bytes(), {0, at, "too short"});

  PcapngBuilder spb;  // no interface to take a snaplen from
  spb.shb();
  at = spb.offset();
  spb.spb(10, payload(10));
  check_damage(spb.bytes(), {0, at, "interface id 0"});

  PcapngBuilder dsb;
  ByteWriter d;
  d.u32(0x544c534b);
  d.u32(1000);
  d.raw(payload(8));
  dsb.shb().idb(kLinkEthernet);
  at = dsb.offset();
  dsb.block(0x0A, d.out);
  check_damage(dsb.bytes(), {0, at, "secrets length"});
}

TEST_CASE("pcapng: garbage in the middle, bad section header") {
  PcapngBuilder b;
  b.shb().idb(kLinkEthernet).epb(0, 1, payload(60)).epb(0, 2, payload(60));
  const uint64_t at = b.offset();
  Bytes garbage;
  for (int i = 0; i < 200; ++i) garbage.push_back(uint8_t(i));
  b.raw(garbage).epb(0, 3, payload(60));
  check_damage(b.bytes(), {2, at, "block length"});

  PcapngBuilder s;
  s.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
  const uint64_t shb_at = s.offset();
  s.shb();
  Bytes f = s.bytes();
  f[shb_at + 8] = 0x99;  // byte-order magic
  check_damage(f, {1, shb_at, "byte-order magic"});

  PcapngBuilder res;
  res.shb();
  const uint64_t idb_at = res.offset();
  res.idb(kLinkEthernet, 0, PcapngBuilder::tsresol(20));
  check_damage(res.bytes(), {0, idb_at, "if_tsresol"});
}

TEST_CASE("gzip: corrupt or cut-short compressed data") {
  Bytes plain = pcap_file(recs(50), false);
  Bytes z = gzip(plain);
  Bytes cut(z.begin(), z.begin() + z.size() / 2);
  ReadResult r = read_memory(cut, "cut.pcap.gz");
  REQUIRE(r.opened);
  CHECK(r.records.size() < 50);
  REQUIRE(r.error);
  CHECK(r.error->message.find("gzip") != std::string::npos);

  Bytes bad = z;
  for (size_t i = 20; i < bad.size() - 8; i += 7) bad[i] ^= 0x5a;
  ReadResult c = read_memory(bad, "bad.pcap.gz");
  if (c.opened) {
    CHECK(c.records.size() < 50);
    CHECK(c.error);
  } else {
    CHECK_FALSE(c.open_error.message.empty());
  }
}

TEST_CASE("damage found by the reader never yields more records later") {
  Bytes f = pcap_file(recs(3), false);
  f.resize(f.size() - 1);
  CaptureError err;
  auto src = open_capture_memory(f, "x", err);
  REQUIRE(src);
  Record rec;
  int n = 0;
  while (src->next(rec)) ++n;
  CHECK(n == 2);
  CHECK_FALSE(src->next(rec));
  CHECK_FALSE(src->next(rec));
  CHECK(src->error());
}

TEST_CASE("pcapng: what a hostile file can make us keep is bounded") {
  PcapngBuilder b;
  b.shb();
  for (int i = 0; i < (1 << 16); ++i) b.idb(kLinkEthernet);
  const uint64_t at = b.offset();
  b.idb(kLinkEthernet);
  check_damage(b.bytes(), {0, at, "interfaces"});

  PcapngBuilder s;
  s.shb().idb(kLinkEthernet);
  const std::string chunk(8u << 20, 'k');
  for (int i = 0; i < 9; ++i) s.dsb(0x544c534b, chunk);
  s.epb(0, 1, payload(10));
  ReadResult r = read_memory(s.bytes());
  CHECK_FALSE(r.error);
  CHECK(r.records.size() == 1);
  CHECK(r.secrets.size() == 8);
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].find("secrets") != std::string::npos);
}

TEST_CASE("pcapng: unsupported section version, short section header") {
  PcapngBuilder b;
  b.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
  const uint64_t at = b.offset();
  b.shb();
  Bytes f = b.bytes();
  f[at + 12] = 2;  // major version 2
  check_damage(f, {1, at, "version 2"});

  PcapngBuilder s;
  s.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
  const uint64_t short_at = s.offset();
  ByteWriter body;
  body.u32(0x1A2B3C4D);
  s.block(0x0A0D0D0A, body.out);
  check_damage(s.bytes(), {1, short_at, "too short"});
}
