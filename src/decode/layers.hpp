// SPDX-License-Identifier: GPL-2.0-or-later
//
// The decoders of each layer, chained: link -> network -> transport.  Each
// fills what it learns into the DecodedPacket and hands the rest on; on a
// short or inconsistent header it sets `malformed` and stops.
#pragma once

#include <array>

#include "bytes.hpp"
#include "tracelab/decode.hpp"

namespace tracelab::decode_detail {

/// Raw IP under the values DLT_RAW has on various systems (12 most places,
/// 14 on OpenBSD), which some writers put in files instead of LINKTYPE_RAW;
/// Wireshark reads both as raw IP.
constexpr uint32_t kLinkRawDlt12 = 12;
constexpr uint32_t kLinkRawDlt14 = 14;

/// What the network decoders need besides the bytes.
struct Context {
  DecodedPacket& p;
  Defragmenter* defrag;
  int64_t ts_ns;
};

/// Dispatches on an EtherType (also used by SLL, SLL2 and VLAN tags).
void decode_ethertype(Context& c, uint16_t ethertype, Span s);
/// IPv4 or IPv6 by the version nibble (raw IP link types, MPLS payloads).
void decode_raw_ip(Context& c, Span s);
void decode_mpls(Context& c, Span s);
void decode_pppoe_session(Context& c, Span s);
/// 802.2 LLC after an 802.3 length field.
void decode_llc(Context& c, Span s);
void decode_ipv4(Context& c, Span s);
void decode_ipv6(Context& c, Span s);
void decode_arp(DecodedPacket& p, Span s);
/// `s` is the transport segment limited to the length the IP header gives.
void decode_transport(DecodedPacket& p, uint8_t proto, Span s);

struct FragmentKey {
  uint8_t family = 0;
  uint8_t proto = 0;
  uint32_t id = 0;
  std::array<uint8_t, 16> src{}, dst{};
  bool operator==(const FragmentKey&) const = default;
};
/// Defragmenter entry point: offers one fragment's payload.  Returns the
/// reassembled bytes when this fragment completes its datagram (valid until
/// the next call), or an empty span otherwise.  `proto` comes in as this
/// fragment's next protocol and, on completion, goes out as the one the
/// first fragment carried; `fragments` gets how many frames contributed.
Span offer_fragment(Defragmenter& d, const FragmentKey& key, int64_t ts_ns,
                    uint32_t offset, bool more, Span payload, uint8_t& proto,
                    uint32_t& fragments);

}  // namespace tracelab::decode_detail
