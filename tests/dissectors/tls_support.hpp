// SPDX-License-Identifier: GPL-2.0-or-later
//
// For the TLS corpus tests: our packet-list columns of a capture (run in
// process, optionally with key logs), tshark's from a .tshark.tsv or from
// tshark itself, and the captures TLS is checked on.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tracelab::test {

/// Frame number -> (protocol, Info).
using Columns = std::map<uint64_t, std::pair<std::string, std::string>>;

/// Our packet list of `capture`, with these key log texts.
Columns our_columns(const std::filesystem::path& capture,
                    const std::vector<std::string>& keylogs = {});

/// Columns from a tshark packet list in the .tshark.tsv layout.
Columns tsv_columns(const std::string& tsv_text);

/// tshark's packet list of `capture` (with `keylog` when not empty); empty
/// when tshark is missing.
Columns tshark_columns(const std::filesystem::path& capture,
                       const std::filesystem::path& keylog = {});

/// The TLS captures: shared tls/ and the samples named tls* or *https*.
std::vector<std::filesystem::path> tls_captures();

/// Info text as the agreement tool compares it: trimmed, blanks collapsed.
std::string normalized(const std::string& s);

}  // namespace tracelab::test
