// SPDX-License-Identifier: GPL-2.0-or-later
//
// A Wireshark frame as the tracelab engine reads a record: its bytes, its
// link type as a pcap LINKTYPE_ value, its time.
#pragma once

#include "tracelab/capture.hpp"
#include "ws.hpp"

namespace tracelab::wsplugin {

/// `rec.data` points into `tvb`: valid while Wireshark dissects the frame.
Record frame_record(tvbuff_t* tvb, const packet_info* pinfo);

}  // namespace tracelab::wsplugin
