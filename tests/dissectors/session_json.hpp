// SPDX-License-Identifier: GPL-2.0-or-later
//
// `tracelab sessions --json` of a capture, read back for the checks of the
// typed session model (outcomes, answers, findings), and tshark's fields of
// a capture as rows: the oracles those checks compare with.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace tracelab::test {

/// Every session of `tracelab sessions --json CAP` (a key log beside the
/// capture is given); fails the test when the command does not succeed.
std::vector<nlohmann::json> sessions_json(const std::filesystem::path& cap);

/// One finding of a capture, with the protocol of its session.
struct CaptureFinding {
  std::string id, severity, detail, protocol;
  std::vector<uint64_t> frames;
  bool at(uint64_t frame) const;
};
std::vector<CaptureFinding> capture_findings(
    const std::vector<nlohmann::json>& sessions);

/// `tshark -n -r CAP -Y FILTER -T fields -e F1 -e F2 ...` as rows of
/// tab-separated columns; empty when tshark is absent.
std::vector<std::vector<std::string>> tshark_rows(
    const std::filesystem::path& cap, const std::string& filter,
    const std::vector<std::string>& fields);

/// The frame numbers tshark lists for FILTER.
std::vector<uint64_t> tshark_frames(const std::filesystem::path& cap,
                                    const std::string& filter);

}  // namespace tracelab::test
