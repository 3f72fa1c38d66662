// SPDX-License-Identifier: GPL-2.0-or-later
//
// Capture filters (tcpdump / BPF syntax) applied to records read from files.
//
// libpcap compiles an expression for one link-layer type at a time, and a
// pcapng file may mix link types across its interfaces, so the filter keeps
// one compiled program per link type and compiles each lazily, the first
// time a record of that type is tested.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tracelab/capture.hpp"

namespace tracelab {

class BpfFilter {
 public:
  /// `snaplen` is what libpcap assumes when compiling (it bounds loads).
  explicit BpfFilter(std::string expression, uint32_t snaplen = 262144);
  ~BpfFilter();
  BpfFilter(const BpfFilter&) = delete;
  BpfFilter& operator=(const BpfFilter&) = delete;

  /// Compiles for `link_type` now (a no-op when already compiled).  Returns
  /// false and sets error() when the expression is invalid for that link
  /// type.  Useful to reject a bad expression before reading anything.
  bool compile(uint32_t link_type);

  /// True when `rec` passes the filter.  An empty expression passes every
  /// packet.  Non-packet records (custom blocks) never pass a non-empty
  /// filter.  Records whose link type the expression cannot compile for
  /// do not pass; error() then says why (and warnings() keeps one line per
  /// such link type).
  bool matches(const Record& rec);

  const std::string& expression() const { return expression_; }
  bool empty() const { return expression_.empty(); }

  /// The last compile error ("" when none).
  const std::string& error() const { return error_; }
  /// One message per link type the expression could not compile for.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  struct Program;
  Program* program_for(uint32_t link_type);

  std::string expression_;
  uint32_t snaplen_;
  std::vector<std::unique_ptr<Program>> programs_;
  Program* last_ = nullptr;
  std::string error_;
  std::vector<std::string> warnings_;
};

/// Checks, before anything is read, that `expression` compiles for at
/// least one of the link types the decoder reads; on failure returns false
/// and fills `err` with the expression and libpcap's reason.
bool check_bpf_expression(const std::string& expression, std::string& err);

}  // namespace tracelab
