// SPDX-License-Identifier: GPL-2.0-or-later
// The captures a verb reads: several files or folders, as the command line
// named them, and the key logs that go with each.
#pragma once

#include <string>
#include <vector>

#include "commands.hpp"

namespace tracelab::cli {

/// The capture files named by `args`, in order: a file as given (so that a
/// bad one is reported by name), a folder as the captures in it, sorted by
/// name.  False, after saying why on stderr, when one is missing or a
/// folder holds no capture.
bool expand_inputs(const std::vector<std::string>& args,
                   std::vector<std::string>& files);

/// The key logs for `capture`: those --keylog gave, or else those lying
/// beside it (NAME.keys, NAME.keylog...), which are then named on stderr.
std::vector<std::string> keylogs_for(const std::string& capture,
                                     const CommonOptions& o);

}  // namespace tracelab::cli
