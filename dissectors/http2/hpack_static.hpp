// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace tracelab::http2 {

struct StaticEntry {
  std::string_view name, value;
};

/// RFC 7541 Appendix A: entries 1..61 at [0..60].
const std::array<StaticEntry, 61>& static_table();
/// RFC 7541 Appendix B: code length in bits of symbols 0..255 and EOS.
const std::array<uint8_t, 257>& huffman_lengths();

}  // namespace tracelab::http2
