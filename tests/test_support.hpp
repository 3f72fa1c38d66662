// SPDX-License-Identifier: GPL-2.0-or-later
//
// Helpers shared by the test binaries: where the shared capture corpus is,
// running commands, and skipping cleanly when an oracle is absent.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tracelab::test {

/// ../shared/captures beside the checkout (or $TRACELAB_SHARED/captures).
/// Fails the calling test when it is absent: a comparison with nothing to
/// compare must not pass.
std::filesystem::path shared_captures();

/// Every capture file under shared_captures() (not .tsv/.keys), sorted;
/// fails the calling test when there is none.
std::vector<std::filesystem::path> shared_capture_files();

/// The project's samples/ folder.
std::filesystem::path samples_dir();
/// A sample of a flawed lab session (samples/README.md, "flawed sessions"):
/// it has the server's own log in samples/flawed/NAME.server.log.
bool is_flawed_sample(const std::filesystem::path& capture);

/// Every capture file in samples/, sorted.
std::vector<std::filesystem::path> sample_capture_files();

/// The tracelab binary under test ($TRACELAB_BIN, or the build tree's).
std::string tracelab_bin();

/// True when `tool` is on PATH.
bool have_tool(const std::string& tool);

/// Runs `cmd` through /bin/sh, returns its stdout; `status` gets the exit
/// status (or -1 when it could not run).
std::string run(const std::string& cmd, int* status = nullptr);

/// Runs an oracle command (tshark) whose output depends only on `cmd`, the
/// tshark version and the file `input`, through a cache of outputs kept in
/// $TRACELAB_ORACLE_CACHE (default <source>/.oracle-cache, not committed):
/// the sanitizer run and reruns then do not pay for tshark again.  Only
/// successful runs are cached; `status` as for run().
std::string run_oracle(const std::string& cmd,
                       const std::filesystem::path& input,
                       int* status = nullptr);

/// Shell-quotes one argument.
std::string sh_quote(const std::string& s);

/// Reads a whole file (empty on failure).
std::string read_file(const std::filesystem::path& p);

/// A fresh empty temporary directory, removed when the process exits.
std::filesystem::path temp_dir(const std::string& hint);

}  // namespace tracelab::test
