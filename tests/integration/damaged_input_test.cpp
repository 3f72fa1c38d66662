// SPDX-License-Identifier: GPL-2.0-or-later
//
// Damaged captures through the whole tool: a clear error naming the file and
// the byte offset, everything before the damage still printed, a non-zero
// exit status, never a crash or a hang.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "test_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

int count_frames(const std::string& ndjson) {
  int n = 0;
  for (size_t pos = 0;
       (pos = ndjson.find("{\"no\":", pos)) != std::string::npos; ++pos)
    ++n;
  return n;
}

struct RunResult {
  int status = 0;
  std::string out, err;
};

RunResult run_packets(const fs::path& file) {
  RunResult r;
  const fs::path err = file.string() + ".err";
  r.out = run(sh_quote(tracelab_bin()) +
                  " packets --show-secrets --json --no-progress " +
                  sh_quote(file.string()) + " 2>" + sh_quote(err.string()),
              &r.status);
  r.err = read_file(err);
  return r;
}

// A small pcap: global header + `n` Ethernet/IPv4/UDP records of 60 bytes.
std::string make_pcap(int n) {
  std::string f;
  auto u32 = [&](uint32_t v) {
    f.append(reinterpret_cast<const char*>(&v), 4);
  };
  auto u16 = [&](uint16_t v) {
    f.append(reinterpret_cast<const char*>(&v), 2);
  };
  u32(0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(65535), u32(1);
  for (int i = 0; i < n; ++i) {
    u32(1700000000 + i), u32(0), u32(60), u32(60);
    std::string frame(60, '\0');
    frame[12] = 0x08;                    // IPv4
    frame[14] = 0x45, frame[17] = 46;    // version/IHL, total length
    frame[22] = 64, frame[23] = 17;      // TTL, UDP
    frame[26] = 10, frame[29] = 1;       // 10.0.0.1
    frame[30] = 10, frame[33] = 2;       // 10.0.0.2
    frame[34] = 0x30, frame[35] = 0x39;  // 12345
    frame[36] = 0x00, frame[37] = 0x35;  // 53
    frame[39] = 26;                      // UDP length
    f += frame;
  }
  return f;
}

}  // namespace

TEST_CASE(
    "a truncated capture reports file and offset and keeps what came before") {
  const auto work = temp_dir("damaged");
  const std::string good = make_pcap(5);
  // Cut in the middle of the 4th record's data: 24 + 3 * 76 + 16 + 10.
  const size_t cut = 24 + 3 * 76 + 16 + 10;
  const fs::path f = work / "truncated.pcap";
  write_file(f, good.substr(0, cut));
  const RunResult r = run_packets(f);
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(count_frames(r.out) == 3);
  CHECK(r.err.find(f.string()) != std::string::npos);
  CHECK(r.err.find("offset " + std::to_string(24 + 3 * 76)) !=
        std::string::npos);
}

TEST_CASE("bad magic, empty file, missing file") {
  const auto work = temp_dir("damaged");
  const fs::path bad = work / "bad.pcap";
  write_file(bad, "this is not a capture file at all, just text\n");
  RunResult r = run_packets(bad);
  CHECK(r.status != 0);
  CHECK(r.err.find(bad.string()) != std::string::npos);
  CHECK(r.err.find("offset 0") != std::string::npos);

  const fs::path empty = work / "empty.pcap";
  write_file(empty, "");
  r = run_packets(empty);
  CHECK(r.status != 0);
  CHECK(r.err.find(empty.string()) != std::string::npos);

  r = run_packets(work / "does-not-exist.pcap");
  CHECK(r.status == 1);
  CHECK(r.err.find("does-not-exist.pcap") != std::string::npos);
}

TEST_CASE("an absurd record length mid-file is damage at that record") {
  const auto work = temp_dir("damaged");
  std::string bytes = make_pcap(4);
  // Third record's caplen and len: 0x7fffffff.
  const size_t rec3 = 24 + 2 * 76;
  for (size_t k : {rec3 + 8, rec3 + 12}) {
    bytes[k] = '\xff', bytes[k + 1] = '\xff', bytes[k + 2] = '\xff',
    bytes[k + 3] = '\x7f';
  }
  const fs::path f = work / "absurd.pcap";
  write_file(f, bytes);
  const RunResult r = run_packets(f);
  INFO(r.err);
  CHECK(r.status == 2);
  CHECK(count_frames(r.out) == 2);
  CHECK(r.err.find("offset " + std::to_string(rec3)) != std::string::npos);
}

TEST_CASE("truncating shared captures at many offsets never crashes") {
  const auto files = shared_capture_files();
  REQUIRE_FALSE(files.empty());  // nothing to compare must not pass
  const auto work = temp_dir("cuts");
  int tried = 0;
  for (const auto& cap : files) {
    const std::string bytes = read_file(cap);
    if (bytes.size() > 200000) continue;  // keep the test quick
    for (size_t cut : {bytes.size() / 3, bytes.size() / 2, bytes.size() - 7}) {
      const fs::path f = work / ("cut-" + cap.filename().string());
      write_file(f, bytes.substr(0, cut));
      const RunResult r = run_packets(f);
      INFO(cap.string() << " cut at " << cut << ": " << r.err);
      // 0 when the cut fell exactly between records, 2 otherwise; never a
      // signal (which run() reports as -1).
      CHECK((r.status == 0 || r.status == 2));
      if (r.status == 2) {
        CHECK(std::regex_search(r.err, std::regex("offset [0-9]+")));
      }
      ++tried;
    }
  }
  CHECK(tried > 0);
}
