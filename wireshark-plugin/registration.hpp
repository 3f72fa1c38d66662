// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace tracelab::wsplugin {

/// Registers the protocol, fields, preferences and taps (Wireshark's
/// "register" phase).
void register_protocol();
/// Registers the postdissector (the "handoff" phase).
void register_handoff();

}  // namespace tracelab::wsplugin
