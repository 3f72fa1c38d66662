// SPDX-License-Identifier: GPL-2.0-or-later
// The verbs of the command line, one function each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tracelab::cli {

/// Options every verb accepts.
struct CommonOptions {
  bool json = false;
  std::string bpf;
  std::vector<std::string> keylogs;
  bool no_progress = false;
  bool no_header = false;
  bool show_secrets = false;
  std::string lang = "en";    ///< explanations: "en" or "ru"
  bool verbose = false;       ///< sessions text: technical details per step
  bool show_message = false;  ///< sessions text: whole mail bodies
  size_t width = 0;           ///< sessions text: wrap width (0: terminal/100)
  bool mark_wire = false;     ///< sessions text, tests: mark wire spans
  char time_format = 'r';     ///< packet list text: -t r|a|d|e
  uint64_t max_frames = 0;
  uint64_t per_flow_bytes = 4ull << 20;
  uint64_t total_bytes = 256ull << 20;
  unsigned threads = 0;  ///< --threads; 0: the cores available
};

struct LiveCommandOptions {
  std::string interface;
  std::string write_path;
  int snaplen = 262144;
  bool sessions = false;
  bool no_promisc = false;
  int buffer_mib = 32;  ///< kernel ring; see LiveOptions::buffer_bytes
};

/// `inputs`: capture files and folders of them (inputs.hpp), read in order.
int run_packets(const std::vector<std::string>& inputs, const CommonOptions& o);
int run_sessions(const std::vector<std::string>& inputs,
                 const CommonOptions& o);
int run_live(const LiveCommandOptions& live, const CommonOptions& o);
/// Several captures: each into its own folder OUT_DIR/NAME.
int run_extract(const std::vector<std::string>& inputs,
                const std::string& out_dir, const CommonOptions& o);

}  // namespace tracelab::cli
