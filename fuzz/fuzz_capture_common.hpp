// SPDX-License-Identifier: GPL-2.0-or-later
//
// Shared body of the capture fuzzers: read every record of a capture held
// in memory, touching every byte each record claims so the sanitizers see
// any out-of-bounds view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "tracelab/bpf.hpp"
#include "tracelab/capture.hpp"

namespace tracelab::fuzz {

inline void read_capture(std::span<const uint8_t> bytes) {
  CaptureError err;
  auto src = open_capture_memory(bytes, "fuzz", err);
  if (!src) return;
  static BpfFilter filter("tcp or udp port 53");
  Record rec;
  volatile uint8_t sink = 0;
  while (src->next(rec)) {
    uint8_t acc = 0;
    for (uint32_t i = 0; i < rec.caplen; ++i) acc ^= rec.data[i];
    sink = sink ^ acc;
    if (rec.interface_id >= src->interfaces().size() &&
        rec.kind == RecordKind::Packet)
      __builtin_trap();  // a record must name a known interface
    (void)filter.matches(rec);
  }
  if (src->error()) (void)src->error()->to_string();
  (void)src->bytes_consumed();
}

}  // namespace tracelab::fuzz
