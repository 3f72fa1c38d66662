// SPDX-License-Identifier: GPL-2.0-or-later
//
// A capture of a SYN flood -- a few MB of never-answered connection
// attempts -- must not take gigabytes: no dissector state is made for a
// session that carries no byte, the flow table is bounded, and what the
// bound ended is said (issue: hardening, flows).
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "test_support.hpp"

using namespace tracelab::test;

namespace {

void put32(std::string& s, uint32_t v) {
  s.append(reinterpret_cast<const char*>(&v), 4);  // the file's own order
}

// `flows` SYNs from distinct client addresses to port 80: Ethernet, IPv4,
// TCP, one millisecond apart.
std::string syn_flood(uint32_t flows) {
  std::string f;
  put32(f, 0xa1b2c3d4);
  f += std::string("\x02\x00\x04\x00", 4);
  put32(f, 0);
  put32(f, 0);
  put32(f, 65535);
  put32(f, 1);
  for (uint32_t i = 0; i < flows; ++i) {
    std::string p("\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02\x08\x00",
                  14);
    const unsigned char ip[20] = {0x45,
                                  0,
                                  0,
                                  40,
                                  0,
                                  0,
                                  0x40,
                                  0,
                                  64,
                                  6,
                                  0,
                                  0,
                                  10,
                                  static_cast<unsigned char>(1 + (i >> 16)),
                                  static_cast<unsigned char>(i >> 8),
                                  static_cast<unsigned char>(i),
                                  10,
                                  99,
                                  0,
                                  1};
    p.append(reinterpret_cast<const char*>(ip), 20);
    const uint16_t sport = static_cast<uint16_t>(1024 + i % 60000);
    const unsigned char tcp[20] = {static_cast<unsigned char>(sport >> 8),
                                   static_cast<unsigned char>(sport),
                                   0,
                                   80,
                                   static_cast<unsigned char>(i >> 24),
                                   static_cast<unsigned char>(i >> 16),
                                   static_cast<unsigned char>(i >> 8),
                                   static_cast<unsigned char>(i),
                                   0,
                                   0,
                                   0,
                                   0,
                                   0x50,
                                   0x02,
                                   0xff,
                                   0xff,
                                   0,
                                   0,
                                   0,
                                   0};
    p.append(reinterpret_cast<const char*>(tcp), 20);
    put32(f, 1700000000 + i / 1000);
    put32(f, (i % 1000) * 1000);
    put32(f, static_cast<uint32_t>(p.size()));
    put32(f, static_cast<uint32_t>(p.size()));
    f += p;
  }
  return f;
}

}  // namespace

TEST_CASE("a SYN flood stays bounded, and every session is still reported") {
  constexpr uint32_t kFlows = 150000;  // past the 100,000 live flows bound
  const auto dir = temp_dir("synflood");
  const auto pcap = dir / "flood.pcap";
  {
    const std::string bytes = syn_flood(kFlows);
    std::FILE* f = std::fopen(pcap.c_str(), "wb");
    REQUIRE(f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
  const auto err = dir / "stderr";
  int status = -1;
  const std::string out =
      run(sh_quote(tracelab_bin()) + " sessions --json --no-progress " +
              sh_quote(pcap.string()) + " 2>" + sh_quote(err.string()),
          &status);
  CHECK(status == 0);
  // Every attempt is a session, none lost: the evicted ones end early.
  uint64_t sessions = 0, ended_early = 0;
  std::istringstream in(out);
  std::string line;
  std::getline(in, line);  // the schema line
  while (std::getline(in, line)) {
    const auto s = nlohmann::json::parse(line);
    ++sessions;
    for (const auto& n : s["notes"])
      if (n == "flow table full: session ended early") ++ended_early;
  }
  CHECK(sessions == kFlows);
  CHECK(ended_early == kFlows - 100000);
  const std::string said = read_file(err);
  CHECK(said.find("the flow table was full: 50000 open session(s) were ended "
                  "early") != std::string::npos);
#if !defined(__SANITIZE_ADDRESS__)
  // 150,000 live flows took 1.2 GB before (a 3.5 kB dissector each, no
  // bound below a million); the sanitizer's shadow memory is not ours.
  struct rusage ru {};
  getrusage(RUSAGE_CHILDREN, &ru);
  CHECK(ru.ru_maxrss < 300 * 1024);  // KB
#endif
}
