// SPDX-License-Identifier: GPL-2.0-or-later
//
// gzip-compressed captures and the buffered file reader (records that
// straddle buffer refills, progress counters).
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "capture_builder.hpp"
#include "test_support.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

std::vector<PcapRecord> many_records(size_t n) {
  std::vector<PcapRecord> v;
  for (size_t i = 0; i < n; ++i) {
    // Odd sizes so records straddle every buffer boundary sooner or later.
    size_t len = 1 + (i * 7919) % 9000;
    v.push_back(
        {uint32_t(i), uint32_t(i % 1000000), payload(len, uint8_t(i)), 0});
  }
  return v;
}

void write_file(const std::filesystem::path& p, const Bytes& b) {
  std::ofstream out(p, std::ios::binary);
  out.write(reinterpret_cast<const char*>(b.data()), std::streamsize(b.size()));
}

ReadResult read_path(const std::filesystem::path& p, bool ahead = false) {
  ReadResult r;
  auto src = open_capture_file(p.string(), r.open_error, ahead);
  if (!src) return r;
  return drain(*src);
}

void check_same(const ReadResult& a, const ReadResult& b) {
  REQUIRE(a.records.size() == b.records.size());
  for (size_t i = 0; i < a.records.size(); ++i) {
    CHECK(a.records[i].data == b.records[i].data);
    CHECK(a.records[i].rec.ts_ns == b.records[i].rec.ts_ns);
    CHECK(a.records[i].rec.file_offset == b.records[i].rec.file_offset);
  }
}

// Reading all of a file: the progress counters end at its size.
void check_counters(const std::filesystem::path& p, uint64_t size,
                    bool ahead = false) {
  CaptureError err;
  auto src = open_capture_file(p.string(), err, ahead);
  REQUIRE(src);
  CHECK(src->total_bytes() == size);
  Record rec;
  while (src->next(rec)) {
  }
  CHECK(src->bytes_consumed() == size);
  CHECK_FALSE(src->error());
}

}  // namespace

TEST_CASE("gzip: pcap and pcapng read transparently") {
  Bytes plain = pcap_file(many_records(200), true, 0xa1b23c4d);
  ReadResult want = read_memory(plain);
  ReadResult got = read_memory(gzip(plain), "x.bin");
  CHECK_FALSE(got.error);
  check_same(want, got);

  PcapngBuilder b;
  b.shb().idb(kLinkEthernet).dsb(0x544c534b, "keys").epb(0, 9, payload(99));
  ReadResult ng = read_memory(gzip(b.bytes()));
  REQUIRE(ng.records.size() == 1);
  CHECK(ng.secrets.size() == 1);
}

TEST_CASE("gzip: concatenated members form one stream") {
  Bytes plain = pcap_file(many_records(30), false);
  const size_t cut = 24 + 1000;  // inside a record
  Bytes z = gzip(Bytes(plain.begin(), plain.begin() + cut));
  Bytes z2 = gzip(Bytes(plain.begin() + cut, plain.end()));
  z.insert(z.end(), z2.begin(), z2.end());
  ReadResult got = read_memory(z);
  CHECK_FALSE(got.error);
  check_same(read_memory(plain), got);
}

TEST_CASE("gzip damage: every record decoded before it, then the error") {
  // 2000 records (about 9 MB): more than one 4 MiB read of the buffer.
  Bytes plain = pcap_file(many_records(2000), false);
  const ReadResult want = read_memory(plain);
  REQUIRE(want.records.size() == 2000);
  SUBCASE("a bad CRC in the trailer comes after every record") {
    Bytes z = gzip(plain);
    z[z.size() - 8] ^= 0xff;  // CRC32, then ISIZE
    const ReadResult got = read_memory(z);
    CHECK(got.records.size() == 2000);
    REQUIRE(got.error);
    CHECK(got.error->message.find("gzip") != std::string::npos);
    CHECK(got.error->message.find("compressed byte") != std::string::npos);
  }
  SUBCASE("a compressed file cut short keeps what came before the cut") {
    Bytes z = gzip(plain);
    z.resize(z.size() * 2 / 3);
    const ReadResult got = read_memory(z);
    REQUIRE(got.error);
    // Everything decoded up to the cut, which is past the first 4 MiB.
    CHECK(got.records.size() > 1000);
    CHECK(got.records.size() < 2000);
    for (size_t i = 0; i < got.records.size(); ++i)
      CHECK(got.records[i].data == want.records[i].data);
    // The damage is named where the records stop, not at a chunk boundary.
    const uint64_t next = got.records.back().rec.file_offset + 16 +
                          got.records.back().data.size();
    CHECK(got.error->offset == next);
  }
}

TEST_CASE("files: large reads with records across refills, plain and gzip") {
  const auto dir = temp_dir("capture");
  REQUIRE_FALSE(dir.empty());
  // About 12 MiB: several 4 MiB buffer refills.
  Bytes plain = pcap_file(many_records(2700), false);
  REQUIRE(plain.size() > (9u << 20));
  write_file(dir / "big.pcap", plain);
  write_file(dir / "big.pcap.gz", gzip(plain, 1));
  ReadResult want = read_memory(plain);
  REQUIRE(want.records.size() == 2700);
  check_same(want, read_path(dir / "big.pcap"));
  check_same(want, read_path(dir / "big.pcap.gz"));

  check_counters(dir / "big.pcap", plain.size());

  // A block larger than the initial buffer still reads.
  PcapngBuilder ng;
  ng.shb().idb(kLinkEthernet).custom(true, 1, Bytes(6u << 20, 0x42));
  ng.epb(0, 1, payload(10));
  write_file(dir / "bigblock.pcapng", ng.bytes());
  ReadResult r = read_path(dir / "bigblock.pcapng");
  REQUIRE(r.records.size() == 2);
  CHECK(r.records[0].rec.caplen == (6u << 20));
}

TEST_CASE("files: read ahead on a thread gives the same records") {
  const auto dir = temp_dir("capture");
  // About 12 MiB: chunks handed over with records across their edges.
  Bytes plain = pcap_file(many_records(2700), false);
  write_file(dir / "big.pcap", plain);
  write_file(dir / "big.pcap.gz", gzip(plain, 1));
  ReadResult want = read_memory(plain);
  REQUIRE(want.records.size() == 2700);
  check_same(want, read_path(dir / "big.pcap", true));
  check_same(want, read_path(dir / "big.pcap.gz", true));

  check_counters(dir / "big.pcap", plain.size(), true);

  // A block longer than a chunk and than the room in front of one, between
  // ordinary records: gathered whole, and the records after it still read.
  PcapngBuilder ng;
  ng.shb().idb(kLinkEthernet).epb(0, 1, payload(10));
  ng.custom(true, 1, Bytes(6u << 20, 0x42));
  for (uint64_t i = 0; i < 3000; ++i) ng.epb(0, 2 + i, payload(3000));
  write_file(dir / "bigblock.pcapng", ng.bytes());
  ReadResult plain_read = read_path(dir / "bigblock.pcapng");
  REQUIRE(plain_read.records.size() == 3002);
  check_same(plain_read, read_path(dir / "bigblock.pcapng", true));

  // A cut file: every record before the cut, then the error at its offset.
  Bytes cut = plain;
  cut.resize(cut.size() - 3);
  write_file(dir / "cut.pcap", cut);
  ReadResult r = read_path(dir / "cut.pcap", true);
  CHECK(r.records.size() == 2699);
  REQUIRE(r.error);
  CHECK(r.error->offset == want.records.back().rec.file_offset);

  // Stopped early (a -c limit): the reading thread is stopped and joined.
  CaptureError err;
  Record rec;
  auto early = open_capture_file((dir / "big.pcap").string(), err, true);
  REQUIRE(early);
  REQUIRE(early->next(rec));
  early.reset();
}

TEST_CASE("files: missing file, directory, truncated file offset") {
  CaptureError err;
  CHECK_FALSE(open_capture_file("/nonexistent/x.pcap", err));
  CHECK(err.file == "/nonexistent/x.pcap");
  CHECK(err.message.find("cannot open") != std::string::npos);
  CHECK_FALSE(open_capture_file("/", err));

  const auto dir = temp_dir("capture");
  Bytes plain = pcap_file(many_records(1500), false);
  ReadResult all = read_memory(plain);
  const uint64_t last = all.records.back().rec.file_offset;
  plain.resize(plain.size() - 3);
  write_file(dir / "cut.pcap", plain);
  ReadResult r = read_path(dir / "cut.pcap");
  CHECK(r.records.size() == 1499);
  REQUIRE(r.error);
  CHECK(r.error->offset == last);
  CHECK(r.error->file == (dir / "cut.pcap").string());
}

TEST_CASE("files: a pipe on standard input reads like a file") {
  Bytes plain = pcap_file(many_records(300), true);
  // Standard input becomes a pipe fed by a thread, gzip-compressed.
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const int saved = dup(STDIN_FILENO);
  dup2(fds[0], STDIN_FILENO);
  close(fds[0]);
  std::thread feeder([&] {
    Bytes z = gzip(plain);
    size_t off = 0;
    while (off < z.size()) {
      ssize_t w = write(fds[1], z.data() + off, z.size() - off);
      if (w <= 0) break;
      off += size_t(w);
    }
    close(fds[1]);
  });
  CaptureError err;
  auto src = open_capture_file("-", err);
  ReadResult r;
  if (src) r = drain(*src);
  feeder.join();
  dup2(saved, STDIN_FILENO);
  close(saved);
  REQUIRE(src);
  CHECK(src->total_bytes() == 0);
  CHECK_FALSE(r.error);
  CHECK(r.records.size() == 300);
}
