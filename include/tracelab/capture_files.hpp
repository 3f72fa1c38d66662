// SPDX-License-Identifier: GPL-2.0-or-later
//
// Finding capture files and their key logs on disk: shared by the verbs
// that take files or folders and by `grade`.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tracelab {

/// A pcap (both byte orders, micro- and nanoseconds), pcapng or gzip file,
/// by its first bytes.
bool is_capture_file(const std::filesystem::path& p);

/// A text file of NSS key-log lines (SSLKEYLOGFILE).
bool is_keylog_file(const std::filesystem::path& p);

/// The entries of `dir`, sorted by name.
std::vector<std::filesystem::path> sorted_entries(
    const std::filesystem::path& dir);

/// Key logs beside `capture`: NAME.keys, NAME.keylog, NAME.txt, with the
/// capture's extension or without it, those that hold key-log lines.
std::vector<std::string> keylogs_beside(const std::filesystem::path& capture);

}  // namespace tracelab
