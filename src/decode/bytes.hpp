// SPDX-License-Identifier: GPL-2.0-or-later
//
// A bounded view of captured bytes.  Every header decoder reads through one
// of these, so a record can never be read past its captured length.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tracelab::decode_detail {

/// Bytes of one layer: `cap` of them are captured, `wire` existed on the wire
/// (wire >= cap; the difference was cut by the snaplen).
struct Span {
  const uint8_t* data = nullptr;
  uint32_t cap = 0;
  uint32_t wire = 0;

  bool has(uint32_t n) const { return n <= cap; }
  uint8_t u8(uint32_t off) const { return data[off]; }
  uint16_t be16(uint32_t off) const {
    return static_cast<uint16_t>(data[off] << 8 | data[off + 1]);
  }
  uint32_t be32(uint32_t off) const {
    return uint32_t(data[off]) << 24 | uint32_t(data[off + 1]) << 16 |
           uint32_t(data[off + 2]) << 8 | data[off + 3];
  }
  uint32_t le32(uint32_t off) const {
    return uint32_t(data[off + 3]) << 24 | uint32_t(data[off + 2]) << 16 |
           uint32_t(data[off + 1]) << 8 | data[off];
  }
  /// The bytes after the first `n` (n <= cap).
  Span after(uint32_t n) const {
    return Span{data + n, cap - n, wire >= n ? wire - n : 0};
  }
  /// The first `n` wire bytes (drops link-layer trailers such as padding).
  Span limit(uint32_t n) const {
    Span s = *this;
    if (s.wire > n) s.wire = n;
    if (s.cap > n) s.cap = n;
    return s;
  }
};

}  // namespace tracelab::decode_detail
