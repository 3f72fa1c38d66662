// SPDX-License-Identifier: GPL-2.0-or-later
//
// The seam between the engine and the per-frame outputs: what the driver
// knows of each frame once decoding, the flow layer and the dissectors have
// seen it, and the interface of whatever writes it out (the packet list,
// the Wireshark plugin's frame records).  The outputs include this, never
// the driver: data flows one way.
#pragma once

#include <cstdint>
#include <string_view>

#include "tracelab/capture.hpp"
#include "tracelab/decode.hpp"
#include "tracelab/flow.hpp"

namespace tracelab {

/// Everything known about one frame once every stage has seen it.  Views
/// are valid only during FrameSink::frame().
struct FrameView {
  uint64_t number = 0;   ///< 1-based, as Wireshark numbers frames
  int64_t rel_ns = 0;    ///< time since the first timestamped record
  int64_t delta_ns = 0;  ///< time since the record before (shown or not)
  const Record* record = nullptr;
  const DecodedPacket* packet = nullptr;  ///< null for non-packet records
  const FlowFrameResult* flow = nullptr;  ///< null unless TCP or UDP
  std::string_view protocol;              ///< Protocol column
  std::string_view info;  ///< Info column (untrusted bytes: escape!)
};

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void frame(const FrameView& f) = 0;
  /// Called once at the end (after the last frame), before sessions flush.
  virtual void finish() {}
};

}  // namespace tracelab
