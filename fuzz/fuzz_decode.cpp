// SPDX-License-Identifier: GPL-2.0-or-later
//
// Decoding fuzzer.  Input: one byte choosing the link type, then frames,
// each as a 2-byte big-endian length, a 1-byte time step (seconds) and the
// frame bytes.  All frames go through one Defragmenter with small limits so
// reassembly, expiry and the memory bound are exercised too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "tracelab/decode.hpp"

using namespace tracelab;

namespace {

constexpr uint32_t kLinkTypes[] = {kLinkNull, kLinkEthernet, kLinkRaw,
                                   kLinkLoop, kLinkLinuxSll, kLinkIpv4,
                                   kLinkIpv6, kLinkLinuxSll2};

// The payload must lie inside the record, or (when reassembled) be as long
// as the headers say.
void check(const DecodedPacket& p, const std::vector<uint8_t>& frame) {
  if (p.payload_len > p.payload_wire_len) abort();
  if (!p.payload || p.reassembled) return;
  const uint8_t* begin = frame.data();
  const uint8_t* end = begin + frame.size();
  if (p.payload < begin || p.payload + p.payload_len > end) abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const uint32_t link = kLinkTypes[data[0] % std::size(kLinkTypes)];
  Defragmenter::Limits lim;
  lim.max_bytes = 256 * 1024;
  lim.timeout_ns = 30'000'000'000;
  Defragmenter defrag(lim);
  DecodedPacket p;
  int64_t ts = 0;
  size_t i = 1;
  while (i + 3 <= size) {
    size_t len = size_t(data[i]) << 8 | data[i + 1];
    ts += int64_t(data[i + 2]) * 1'000'000'000;
    i += 3;
    if (len > size - i) len = size - i;
    // An exact-size copy, so any read past the frame is caught.
    std::vector<uint8_t> frame(data + i, data + i + len);
    i += len;
    Record rec;
    rec.link_type = link;
    rec.data = frame.data();
    rec.caplen = static_cast<uint32_t>(frame.size());
    rec.wire_len = rec.caplen + (link == kLinkEthernet ? 4 : 0);
    rec.ts_ns = ts;
    decode_packet(rec, p, &defrag);
    check(p, frame);
    if (defrag.stats().bytes_buffered > lim.max_bytes) abort();
  }
  return 0;
}
