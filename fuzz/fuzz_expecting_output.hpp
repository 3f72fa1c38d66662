// SPDX-License-Identifier: GPL-2.0-or-later
//
// A DissectorOutput for fuzz targets of dissectors that announce
// connections (FTP, TFTP): it keeps the announcements so that the target
// can build their dissectors, and checks the artifact contract (written and
// closed through known handles, each closed once).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <set>
#include <vector>

#include "tracelab/dissector.hpp"

namespace tracelab::fuzz {

struct ExpectingOutput final : DissectorOutput {
  std::set<uint32_t> open;
  uint32_t next = 1;
  std::vector<ExpectedConnection> expected;  ///< at most 64 kept
  void event(Event&&) override {}
  uint32_t artifact_open(Artifact&&, uint64_t) override {
    open.insert(next);
    return next++;
  }
  void artifact_write(uint32_t h, std::span<const uint8_t>, uint64_t) override {
    if (!open.count(h)) std::abort();
  }
  void artifact_close(uint32_t h, std::string_view) override {
    if (!open.erase(h)) std::abort();
  }
  void frame_summary(uint64_t, std::string_view, std::string_view) override {}
  void set_protocol(std::string_view) override {}
  void expect(ExpectedConnection&& x, int64_t) override {
    if (expected.size() < 64) expected.push_back(std::move(x));
  }
};

}  // namespace tracelab::fuzz
