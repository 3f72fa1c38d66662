// SPDX-License-Identifier: GPL-2.0-or-later
//
// What the sessions writers (text and JSON) share.
#pragma once

#include <cstdint>
#include <string>

namespace tracelab {

/// "2026-11-22 05:08:49.699266 UTC".
void append_utc(std::string& out, int64_t ns);

}  // namespace tracelab
