// SPDX-License-Identifier: GPL-2.0-or-later
// IPv4 and IPv6: header checks, IPv6 extension headers, and fragments (which
// go to the Defragmenter when there is one).
#include <algorithm>
#include <cstring>

#include "layers.hpp"

namespace tracelab::decode_detail {
namespace {

constexpr uint8_t kProtoHopByHop = 0;
constexpr uint8_t kProtoRouting = 43;
constexpr uint8_t kProtoFragment = 44;
constexpr uint8_t kProtoAh = 51;
constexpr uint8_t kProtoNoNext = 59;
constexpr uint8_t kProtoDestOpts = 60;

void set_addr(IpAddr& a, uint8_t family, const uint8_t* d) {
  a.family = family;
  a.bytes = {};
  // Fixed sizes, so the copies compile to plain loads and stores.
  if (family == 4)
    std::memcpy(a.bytes.data(), d, 4);
  else
    std::memcpy(a.bytes.data(), d, 16);
}

FragmentKey key_of(const DecodedPacket& p, uint8_t proto, uint32_t id) {
  FragmentKey k;
  k.family = p.src.family;
  k.proto = proto;
  k.id = id;
  k.src = p.src.bytes;
  k.dst = p.dst.bytes;
  return k;
}

// Offers a fragment to the defragmenter.  Returns the whole datagram's
// transport bytes when this one completes it; otherwise marks the packet a
// fragment.  A fragment cut by the snaplen cannot contribute its bytes.
Span handle_fragment(Context& c, const FragmentKey& key, uint32_t offset,
                     bool more, Span payload, uint8_t& proto) {
  DecodedPacket& p = c.p;
  p.frag_offset = offset;
  p.frag_more = more;
  if (c.defrag && payload.cap == payload.wire) {
    uint32_t fragments = 0;
    Span whole = offer_fragment(*c.defrag, key, c.ts_ns, offset, more, payload,
                                proto, fragments);
    if (whole.data) {
      p.reassembled = true;
      p.reassembled_fragments = fragments;
      return whole;
    }
  }
  p.is_fragment = true;
  return Span{};
}

bool is_extension_header(uint8_t next) {
  return next == kProtoHopByHop || next == kProtoRouting ||
         next == kProtoDestOpts || next == kProtoAh || next == kProtoFragment;
}

}  // namespace

void decode_ipv4(Context& c, Span s) {
  DecodedPacket& p = c.p;
  p.l3 = L3::Ipv4;
  // Checks in tshark's order: a header it calls bogus yields no addresses,
  // while one merely cut short shows those that were captured.
  if (!s.has(4)) {
    p.malformed = "truncated IPv4 header";
    return;
  }
  // tshark's IPv4 dissector hands version 6 to IPv6, whatever the
  // EtherType said.
  if (s.u8(0) >> 4 == 6) return decode_ipv6(c, s);
  if (s.u8(0) >> 4 != 4) {
    p.malformed = "IPv4 version is not 4";
    return;
  }
  const uint32_t hlen = (s.u8(0) & 15) * 4u;
  if (hlen < 20) {
    p.malformed = "IPv4 header length below 20";
    return;
  }
  uint32_t total = s.be16(2);
  // Zero is what TCP segmentation offload leaves: the frame says how long.
  if (total == 0) total = s.wire;
  if (total < hlen) {
    p.malformed = "IPv4 total length below header length";
    return;
  }
  if (s.has(16)) set_addr(p.src, 4, s.data + 12);
  if (s.has(20)) set_addr(p.dst, 4, s.data + 16);
  if (!s.has(20)) {
    p.malformed = "truncated IPv4 header";
    return;
  }
  p.ttl = s.u8(8);
  p.ip_proto = s.u8(9);
  p.ip_id = s.be16(4);
  if (!s.has(hlen)) {
    p.malformed = "truncated IPv4 options";
    return;
  }
  // Bytes past the total length are link padding, not payload.
  Span seg = s.limit(total).after(hlen);
  p.ip_payload_len = seg.wire;
  const uint16_t frag = s.be16(6);
  const uint32_t offset = (frag & 0x1fffu) * 8;
  const bool more = frag & 0x2000;
  uint8_t proto = p.ip_proto;
  if (offset || more) {
    seg =
        handle_fragment(c, key_of(p, proto, p.ip_id), offset, more, seg, proto);
    if (!seg.data) return;
    p.ip_payload_len = seg.wire;
  }
  decode_transport(p, proto, seg);
}

void decode_ipv6(Context& c, Span s) {
  DecodedPacket& p = c.p;
  p.l3 = L3::Ipv6;
  if (!s.has(1)) {
    p.malformed = "truncated IPv6 header";
    return;
  }
  if (s.u8(0) >> 4 != 6) {
    p.malformed = "IPv6 version is not 6";
    return;
  }
  // As for IPv4, a header cut short still shows the addresses captured.
  if (s.has(24)) set_addr(p.src, 6, s.data + 8);
  if (s.has(40)) set_addr(p.dst, 6, s.data + 24);
  if (!s.has(40)) {
    p.malformed = "truncated IPv6 header";
    return;
  }
  p.ttl = s.u8(7);
  uint8_t next = s.u8(6);
  uint32_t plen = s.be16(4);
  // Zero: a jumbogram (hop-by-hop option) or segmentation offload; the frame
  // length is the best we know.
  if (plen == 0 && next != kProtoNoNext) plen = s.wire >= 40 ? s.wire - 40 : 0;
  Span seg = s.limit(40 + plen).after(40);
  uint32_t off = 0;
  bool fragmented = false;
  while (is_extension_header(next)) {
    if (next == kProtoFragment) {
      if (!seg.has(off + 8)) {
        p.malformed = "truncated IPv6 fragment header";
        p.ip_proto = next;
        return;
      }
      uint8_t inner = seg.u8(off);
      const uint16_t fo = seg.be16(off + 2);
      const uint32_t offset = fo & 0xfff8u;
      const bool more = fo & 1;
      p.ip6_frag_id = seg.be32(off + 4);
      off += 8;
      if (!offset && !more) {  // an atomic fragment: nothing to reassemble
        next = inner;
        continue;
      }
      if (fragmented) {  // a second fragment header: nonsense
        p.malformed = "nested IPv6 fragment header";
        p.ip_proto = next;
        return;
      }
      fragmented = true;
      p.ip_proto = inner;
      p.ip_payload_len = seg.wire - off;
      // IPv6 fragments are matched on addresses and identification only;
      // the first fragment tells the next header of the whole.
      seg = handle_fragment(c, key_of(p, 0, p.ip6_frag_id), offset, more,
                            seg.after(off), inner);
      if (!seg.data) return;
      off = 0;
      next = inner;
      continue;
    }
    if (!seg.has(off + 2)) {
      p.malformed = "truncated IPv6 extension header";
      p.ip_proto = next;
      return;
    }
    const uint32_t len = next == kProtoAh ? (seg.u8(off + 1) + 2u) * 4
                                          : (seg.u8(off + 1) + 1u) * 8;
    if (seg.wire < off + len || !seg.has(off + len)) {
      p.malformed = "truncated IPv6 extension header";
      p.ip_proto = next;
      return;
    }
    next = seg.u8(off);
    off += len;
  }
  p.ip_proto = next;
  seg = seg.after(off);
  p.ip_payload_len = seg.wire;
  if (next == kProtoNoNext) return;
  decode_transport(p, next, seg);
}

}  // namespace tracelab::decode_detail
