// SPDX-License-Identifier: GPL-2.0-or-later
//
// Text as tshark 4.0 prints it in its columns, and the line finder its
// text-protocol dissectors share.  Only the packet-list imitations use
// these; the dialogs are parsed on their own terms.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tracelab::tshark {

/// tshark's format_text(): control bytes as C escapes ("\r\n"), other
/// non-printable bytes as "\xNN", printable ASCII and valid UTF-8 as is.
void append_text(std::string& out, std::string_view bytes);

/// tvb_find_line_end(..., desegment=TRUE): the length of the line at `off`
/// and in `next` where the next one starts, or npos when its end has not
/// arrived yet (a CR that is the last byte might be followed by LF).
size_t find_line_end(std::string_view b, size_t off, size_t& next);

}  // namespace tracelab::tshark
