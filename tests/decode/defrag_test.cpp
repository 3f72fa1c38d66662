// SPDX-License-Identifier: GPL-2.0-or-later
// IP fragment reassembly: order, duplicates, overlaps, timeout, memory.
#include <doctest/doctest.h>

#include <algorithm>

#include "packet_builder.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr int64_t kSecond = 1'000'000'000;

struct Piece {
  uint16_t offset;
  size_t len;
  bool more;
};

// The transport datagram every test reassembles: UDP with 200 bytes.
Bytes datagram() {
  return udp(7000, 7001, filler(200, 3));
}

Bytes v4_fragment(const Bytes& whole, Piece pc, uint16_t id = 0x5555,
                  const Bytes* override_bytes = nullptr) {
  Ipv4Options o;
  o.id = id;
  o.frag_offset = pc.offset;
  o.more = pc.more;
  const Bytes& src = override_bytes ? *override_bytes : whole;
  Bytes part(src.begin() + pc.offset, src.begin() + pc.offset + pc.len);
  return ipv4(17, part, o);
}

Bytes v6_fragment(const Bytes& whole, Piece pc, uint32_t id = 0x0badcafe) {
  Bytes part(whole.begin() + pc.offset, whole.begin() + pc.offset + pc.len);
  return ipv6(44, part, ipv6_fragment_header(17, pc.offset, pc.more, id));
}

// Feeds frames; returns the index of the frame that completed (or -1) and
// checks that every other frame is marked a fragment.
int feed(Defragmenter& d, const std::vector<Bytes>& frames, DecodedPacket& p,
         int64_t step_ns = 1000) {
  int done = -1;
  for (size_t i = 0; i < frames.size(); ++i) {
    REQUIRE(decode_packet(record(kLinkRaw, frames[i], int64_t(i) * step_ns), p,
                          &d));
    if (p.reassembled) {
      CHECK(done == -1);
      done = static_cast<int>(i);
      break;
    }
    CHECK(p.is_fragment);
    CHECK(p.l4 == L4::None);
  }
  return done;
}

void check_whole(const DecodedPacket& p, const Bytes& whole) {
  CHECK(p.reassembled);
  CHECK_FALSE(p.is_fragment);
  CHECK(p.l4 == L4::Udp);
  CHECK(p.sport == 7000);
  CHECK(p.dport == 7001);
  REQUIRE(p.payload_len == whole.size() - 8);
  CHECK(p.payload_wire_len == whole.size() - 8);
  CHECK(std::equal(p.payload, p.payload + p.payload_len, whole.begin() + 8));
  CHECK(p.ip_payload_len == whole.size());
}

const std::vector<Piece> kThree = {
    {0, 80, true}, {80, 80, true}, {160, 48, false}};

}  // namespace

TEST_CASE("IPv4 fragments in order") {
  const Bytes whole = datagram();
  std::vector<Bytes> frames;
  for (Piece pc : kThree) frames.push_back(v4_fragment(whole, pc));
  Defragmenter d;
  DecodedPacket p;
  CHECK(feed(d, frames, p) == 2);
  check_whole(p, whole);
  CHECK(p.reassembled_fragments == 3);
  CHECK(d.stats().datagrams_completed == 1);
  CHECK(d.stats().bytes_buffered == 0);
}

TEST_CASE("IPv4 fragments reversed, and IPv6 fragments") {
  const Bytes whole = datagram();
  std::vector<Bytes> frames;
  for (Piece pc : kThree) frames.insert(frames.begin(), v4_fragment(whole, pc));
  Defragmenter d;
  DecodedPacket p;
  CHECK(feed(d, frames, p) == 2);
  check_whole(p, whole);

  frames.clear();
  for (Piece pc : {kThree[1], kThree[2], kThree[0]})
    frames.push_back(v6_fragment(whole, pc));
  CHECK(feed(d, frames, p) == 2);
  check_whole(p, whole);
  CHECK(p.l3 == L3::Ipv6);
  CHECK(d.stats().datagrams_completed == 2);
}

TEST_CASE("duplicates and overlaps: the first bytes received win") {
  const Bytes whole = datagram();
  Bytes evil = whole;
  for (size_t i = 40; i < evil.size(); ++i) evil[i] ^= 0xff;
  std::vector<Bytes> frames = {
      v4_fragment(whole, {0, 80, true}),
      v4_fragment(whole, {0, 80, true}),                  // duplicate
      v4_fragment(whole, {40, 80, true}, 0x5555, &evil),  // overlaps both
      v4_fragment(whole, {80, 80, true}),
      v4_fragment(whole, {160, 48, false}),
  };
  Defragmenter d;
  DecodedPacket p;
  CHECK(feed(d, frames, p) == 4);
  // Bytes 120..159 came first from the overlapping (altered) fragment.
  Bytes expect = whole;
  std::copy(evil.begin() + 80, evil.begin() + 120, expect.begin() + 80);
  check_whole(p, expect);
}

TEST_CASE("different IDs, addresses or protocols do not mix") {
  const Bytes whole = datagram();
  Defragmenter d;
  DecodedPacket p;
  std::vector<Bytes> frames = {v4_fragment(whole, kThree[0], 1),
                               v4_fragment(whole, kThree[1], 2),
                               v4_fragment(whole, kThree[2], 1)};
  CHECK(feed(d, frames, p) == -1);
  CHECK(d.stats().datagrams_completed == 0);
}

TEST_CASE("incomplete datagrams expire in capture time") {
  const Bytes whole = datagram();
  Defragmenter::Limits lim;
  lim.timeout_ns = 30 * kSecond;
  Defragmenter d(lim);
  DecodedPacket p;
  REQUIRE(
      decode_packet(record(kLinkRaw, v4_fragment(whole, kThree[0]), 0), p, &d));
  CHECK(d.stats().bytes_buffered > 0);
  REQUIRE(decode_packet(
      record(kLinkRaw, v4_fragment(whole, kThree[1]), 10 * kSecond), p, &d));
  CHECK(d.stats().datagrams_expired == 0);
  // 31 s after the first fragment: the datagram is gone, so the last piece
  // cannot complete it.
  REQUIRE(decode_packet(
      record(kLinkRaw, v4_fragment(whole, kThree[2]), 31 * kSecond), p, &d));
  CHECK(d.stats().datagrams_expired == 1);
  CHECK(p.is_fragment);
  CHECK_FALSE(p.reassembled);
}

TEST_CASE("buffered memory stays under the limit") {
  Defragmenter::Limits lim;
  lim.max_bytes = 16 * 1024;
  Defragmenter d(lim);
  DecodedPacket p;
  const Bytes whole = udp(1, 2, filler(1400));
  // Many datagrams, each missing its last fragment.
  for (uint16_t id = 0; id < 200; ++id) {
    Bytes f = v4_fragment(whole, {0, 1000, true}, id);
    REQUIRE(decode_packet(record(kLinkRaw, f, id), p, &d));
    CHECK(p.is_fragment);
    CHECK(d.stats().bytes_buffered <= lim.max_bytes);
  }
  CHECK(d.stats().datagrams_dropped_over_limit > 0);
  // A datagram that fits still completes.
  Defragmenter fresh(lim);
  std::vector<Bytes> frames;
  const Bytes small = datagram();
  for (Piece pc : kThree) frames.push_back(v4_fragment(small, pc, 9999));
  CHECK(feed(fresh, frames, p) == 2);
}

TEST_CASE("a fragment reaching past 65535 bytes is refused") {
  Defragmenter d;
  DecodedPacket p;
  Ipv4Options o;
  o.frag_offset = 65528;
  o.more = false;
  REQUIRE(decode_packet(record(kLinkRaw, ipv4(17, filler(100), o)), p, &d));
  CHECK(p.is_fragment);
  CHECK(d.stats().bytes_buffered == 0);
}

TEST_CASE("without a defragmenter fragments stay fragments") {
  const Bytes whole = datagram();
  DecodedPacket p;
  Bytes f = v4_fragment(whole, kThree[0]);
  REQUIRE(decode_packet(record(kLinkRaw, f), p, nullptr));
  CHECK(p.is_fragment);
  CHECK(p.frag_offset == 0);
  CHECK(p.frag_more);
  CHECK(p.ip_proto == 17);
  f = v6_fragment(whole, kThree[2]);
  REQUIRE(decode_packet(record(kLinkRaw, f), p, nullptr));
  CHECK(p.is_fragment);
  CHECK(p.frag_offset == 160);
  CHECK_FALSE(p.frag_more);
  CHECK(p.ip6_frag_id == 0x0badcafe);
}
