// SPDX-License-Identifier: GPL-2.0-or-later
//
// Unaligned loads in either byte order.  Capture files carry their own byte
// order, so every field read says whether it must be swapped relative to the
// host.
#pragma once

#include <cstdint>
#include <cstring>

namespace tracelab::capture {

inline uint16_t load_u16(const uint8_t* p, bool swap) {
  uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return swap ? __builtin_bswap16(v) : v;
}

inline uint32_t load_u32(const uint8_t* p, bool swap) {
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return swap ? __builtin_bswap32(v) : v;
}

inline uint64_t load_u64(const uint8_t* p, bool swap) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return swap ? __builtin_bswap64(v) : v;
}

inline uint32_t load_be32(const uint8_t* p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) |
         (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

/// True when values written in the host's order must be swapped to read
/// data that is big-endian (network order).
inline constexpr bool kHostIsLittle = __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;

}  // namespace tracelab::capture
