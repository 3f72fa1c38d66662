// SPDX-License-Identifier: GPL-2.0-or-later
#include "frame_record.hpp"

#include <unordered_map>

namespace tracelab::wsplugin {
namespace {

// Wireshark numbers link types its own way (WTAP_ENCAP_*) and exports only
// the pcap -> Wireshark direction, so the way back is that table inverted,
// trying first the link types the engine decodes (several pcap types share
// one Wireshark type: 12, 14 and 101 are all raw IP).
uint32_t pcap_link_type(int wtap_encap) {
  static const std::unordered_map<int, uint32_t> table = [] {
    std::unordered_map<int, uint32_t> t;
    for (uint32_t lt : {kLinkEthernet, kLinkRaw, kLinkLinuxSll, kLinkLinuxSll2,
                        kLinkNull, kLinkLoop, kLinkIpv4, kLinkIpv6})
      t.emplace(wtap_pcap_encap_to_wtap_encap(static_cast<int>(lt)), lt);
    for (uint32_t lt = 0; lt < 512; ++lt)
      t.emplace(wtap_pcap_encap_to_wtap_encap(static_cast<int>(lt)), lt);
    t.erase(WTAP_ENCAP_UNKNOWN);
    return t;
  }();
  auto it = table.find(wtap_encap);
  // An encapsulation with no pcap link type: one the engine does not decode.
  return it == table.end() ? 0xFFFFu : it->second;
}

}  // namespace

Record frame_record(tvbuff_t* tvb, const packet_info* pinfo) {
  Record rec;
  const wtap_rec* wr = pinfo->rec;
  switch (wr->rec_type) {
    case REC_TYPE_PACKET:
      rec.kind = RecordKind::Packet;
      rec.link_type = pcap_link_type(wr->rec_header.packet_header.pkt_encap);
      rec.interface_id = (wr->presence_flags & WTAP_HAS_INTERFACE_ID)
                             ? wr->rec_header.packet_header.interface_id
                             : 0;
      break;
    case REC_TYPE_CUSTOM_BLOCK:
      rec.kind = RecordKind::CustomBlock;
      rec.custom_pen = wr->rec_header.custom_block_header.pen;
      rec.custom_copyable = wr->rec_header.custom_block_header.copy_allowed;
      break;
    default: rec.kind = RecordKind::Other; break;
  }
  rec.has_timestamp = (wr->presence_flags & WTAP_HAS_TS) != 0;
  rec.ts_ns = static_cast<int64_t>(pinfo->abs_ts.secs) * 1000000000 +
              pinfo->abs_ts.nsecs;
  rec.caplen = tvb_captured_length(tvb);
  rec.wire_len = tvb_reported_length(tvb);
  if (rec.wire_len < rec.caplen) rec.wire_len = rec.caplen;
  rec.data = rec.caplen ? tvb_get_ptr(tvb, 0, rec.caplen) : nullptr;
  return rec;
}

}  // namespace tracelab::wsplugin
