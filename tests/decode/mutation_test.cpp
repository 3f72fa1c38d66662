// SPDX-License-Identifier: GPL-2.0-or-later
//
// Deterministic mutations of valid frames through decoding, defragmenting
// and column formatting: nothing may read outside the record (run under the
// sanitizer build to see it), the payload stays inside it, and formatting
// always names a protocol.
#include <doctest/doctest.h>

#include <random>

#include "../../src/columns/info.hpp"
#include "packet_builder.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

std::vector<Bytes> seeds() {
  const Bytes opts = {2, 4,  5, 0xb4, 1, 3, 3, 7, 4, 2,
                      8, 10, 0, 0,    0, 1, 0, 0, 0, 0};
  Ipv4Options frag;
  frag.more = true;
  const Bytes nd = {135, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
                    0,   0, 0, 0, 0, 0, 0, 1, 1,    1,    2, 0, 0, 0, 0, 1};
  return {
      ethernet(0x0800, ipv4(6, tcp(1, 2, 3, 4, kTcpSyn, opts, filler(9)))),
      ethernet(0x86dd,
               ipv6(17, udp(5, 6, filler(7)), {60, 0, 1, 4, 0, 0, 0, 0})),
      ethernet(0x0800, ipv4(17, udp(7, 8, filler(40)), frag)),
      ethernet(0x86dd,
               ipv6(44, filler(24), ipv6_fragment_header(17, 0, true, 99))),
      ethernet(0x0806, cat({0, 1, 8, 0, 6, 4, 0, 2}, filler(20))),
      ethernet(0x0800,
               ipv4(1, cat({3, 3, 0, 0, 0, 0, 0, 0}, ipv4(17, udp(1, 2, {}))))),
      ethernet(0x86dd, ipv6(58, nd)),
      ethernet(0x8847, cat({0, 0, 1, 64}, ipv4(17, udp(1, 2, {})))),
  };
}

}  // namespace

TEST_CASE("mutated frames decode and format without harm") {
  std::mt19937 rng(12345);
  const std::vector<Bytes> base = seeds();
  Defragmenter::Limits lim;
  lim.max_bytes = 64 * 1024;
  Defragmenter defrag(lim);
  NetworkColumnState state;
  DecodedPacket p;
  std::string protocol, info;
  for (int round = 0; round < 20000; ++round) {
    Bytes f = base[rng() % base.size()];
    const int flips = 1 + rng() % 4;
    for (int k = 0; k < flips; ++k) f[rng() % f.size()] = rng() & 0xff;
    f.resize(rng() % (f.size() + 1));
    // An exact-size heap copy, so a sanitizer sees any over-read.
    std::vector<uint8_t> exact(f.begin(), f.end());
    Record r = record(kLinkEthernet, exact, int64_t(round) * 1'000'000);
    r.wire_len = r.caplen + rng() % 64;
    REQUIRE(decode_packet(r, p, &defrag));
    if (p.payload && !p.reassembled) {
      REQUIRE(p.payload >= exact.data());
      REQUIRE(p.payload + p.payload_len <= exact.data() + exact.size());
    }
    REQUIRE(p.payload_len <= p.payload_wire_len);
    format_network_columns(p, nullptr, round + 1, state, protocol, info);
    REQUIRE_FALSE(protocol.empty());
    REQUIRE(defrag.stats().bytes_buffered <= lim.max_bytes);
  }
}
