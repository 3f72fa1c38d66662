// SPDX-License-Identifier: GPL-2.0-or-later
//
// Oracles shared by the HTTP, FTP and TFTP tests: packet-list Info agreement
// with tshark's .tshark.tsv on the frames of given protocols, the sha256 of the
// artifacts our sessions report, and of the objects tshark exports.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace tracelab::test {

/// Shared captures of ../shared/captures/<folder>/ and samples whose name
/// starts with `sample_prefix`.
std::vector<std::filesystem::path> transfer_captures(
    const std::string& folder, const std::string& sample_prefix);

struct InfoAgreement {
  size_t frames = 0, exact = 0;
  std::string misses;  ///< the first few, one per line
  double percent() const {
    return frames ? 100.0 * double(exact) / double(frames) : 0.0;
  }
};

/// Compares protocol and Info of every frame whose tshark protocol starts
/// with one of `protocols` ("HTTP" counts "HTTP/JSON" too), reading a keyed
/// capture with its key log as tshark's list was made.
InfoAgreement info_agreement(const std::vector<std::filesystem::path>& caps,
                             const std::set<std::string>& protocols);

/// sha256 of every artifact in `tracelab sessions --json CAP`.
std::multiset<std::string> artifact_digests(const std::filesystem::path& cap);

/// One exported file: its name in the directory and its bytes.
struct ExportedFile {
  std::string name, bytes;
};

/// Every object `tshark --export-objects KIND,DIR` writes (with a key log
/// beside the capture, given to tshark).
std::vector<ExportedFile> tshark_objects(const std::filesystem::path& cap,
                                         const std::string& kind);

/// Every file `tracelab extract CAP -o DIR` writes, index.json excepted.
std::vector<ExportedFile> extracted_files(const std::filesystem::path& cap);

/// sha256 of every object `tshark --export-objects KIND,DIR` writes.
std::multiset<std::string> tshark_object_digests(
    const std::filesystem::path& cap, const std::string& kind);

}  // namespace tracelab::test
