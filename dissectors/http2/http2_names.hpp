// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracelab::http2 {

/// The frame type as tshark's Info names it ("DATA", "HEADERS"... or
/// "Unknown type (12)").
std::string frame_type_name(uint8_t type);
/// tshark's reason phrase for a status code ("OK", "Not Found"; "Unknown"
/// for codes it does not list).
std::string_view status_reason(int status);

/// A media type tshark's line-based text dissector takes: a reassembled
/// body of this type adds " (type)" to the Info of the frame ending it.
bool text_lines_type(std::string_view media_type);

}  // namespace tracelab::http2
