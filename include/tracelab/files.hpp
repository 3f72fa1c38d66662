// SPDX-License-Identifier: GPL-2.0-or-later
//
// Writing a whole file in one call, for the outputs that write files of
// their own (extract's index.json, the grade's HTML report).
#pragma once

#include <string>
#include <string_view>

namespace tracelab {

/// Opens `path` write-only with O_CREAT | O_NOFOLLOW | O_CLOEXEC |
/// `extra_flags` (O_TRUNC to replace a file of ours, O_EXCL never to
/// replace anything), mode 0644, and writes all of `text`.  Returns "" or
/// "PATH: what went wrong".
std::string write_whole_file(const std::string& path, std::string_view text,
                             int extra_flags);

}  // namespace tracelab
