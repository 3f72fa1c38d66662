// SPDX-License-Identifier: GPL-2.0-or-later
// Encapsulations between the link and IP that tshark looks through: MPLS
// label stacks, PPPoE sessions and 802.2 LLC/SNAP.  Reaching the IP header
// inside keeps the first-IP-header addresses the same as tshark's.
#include "layers.hpp"

namespace tracelab::decode_detail {
namespace {

// Deeper stacks are not plausible; the bound keeps a frame of labels short.
constexpr int kMaxMplsLabels = 16;

}  // namespace

void decode_mpls(Context& c, Span s) {
  uint32_t off = 0;
  for (int labels = 0;; ++labels) {
    if (labels == kMaxMplsLabels) {
      c.p.malformed = "too many MPLS labels";
      return;
    }
    if (!s.has(off + 4)) {
      c.p.malformed = "truncated MPLS label";
      return;
    }
    const bool bottom = s.u8(off + 2) & 1;
    off += 4;
    if (bottom) break;
  }
  // No protocol field: IP is recognised by its version nibble; anything
  // else (pseudowires) is not followed.
  Span inner = s.after(off);
  if (inner.has(1))
    decode_raw_ip(c, inner);
  else
    c.p.l3 = L3::Other;
}

void decode_pppoe_session(Context& c, Span s) {
  if (!s.has(8)) {
    c.p.malformed = "truncated PPPoE header";
    return;
  }
  // The PPPoE length covers the PPP protocol field and what follows.
  const uint16_t len = s.be16(4);
  Span ppp = s.after(6).limit(len);
  if (!ppp.has(2)) {
    c.p.malformed = "PPPoE length too short";
    return;
  }
  switch (ppp.be16(0)) {
    case 0x0021: decode_ipv4(c, ppp.after(2)); break;
    case 0x0057: decode_ipv6(c, ppp.after(2)); break;
    default: c.p.l3 = L3::Other; break;
  }
}

void decode_llc(Context& c, Span s) {
  // SNAP with the zero OUI carries an EtherType; other LLC is not IP.
  const bool snap = s.has(8) && s.u8(0) == 0xaa && s.u8(1) == 0xaa &&
                    s.u8(2) == 0x03 && s.u8(3) == 0 && s.u8(4) == 0 &&
                    s.u8(5) == 0;
  if (!snap) {
    c.p.l3 = L3::Other;
    return;
  }
  decode_ethertype(c, s.be16(6), s.after(8));
}

}  // namespace tracelab::decode_detail
