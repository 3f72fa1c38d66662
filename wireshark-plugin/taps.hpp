// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace tracelab::wsplugin {

/// `tshark -q -z tracelab,sessions[,json]` and
/// `tshark -q -z tracelab,grade[,RUBRIC][,json]`: the sessions view and the
/// grade report of the file, as the tracelab command prints them.
void register_taps();

}  // namespace tracelab::wsplugin
