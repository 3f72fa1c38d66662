// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "ws.hpp"

namespace tracelab::wsplugin {

/// The postdissector: feeds the frame to the analysis on Wireshark's first
/// pass, and adds what the analysis says about the frame to its tree.
int dissect_frame_tree(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree,
                       void* data);

}  // namespace tracelab::wsplugin
