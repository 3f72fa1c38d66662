// SPDX-License-Identifier: GPL-2.0-or-later
//
// Bounds-checked big-endian reading of untrusted TLS structures: a read past
// the end yields zeros and clears ok(), so parsers check once at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace tracelab::tls {

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> d) : d_(d) {}
  bool ok() const { return ok_; }
  size_t left() const { return d_.size() - pos_; }
  bool empty() const { return left() == 0; }
  uint32_t u8() { return take(1) ? d_[pos_ - 1] : 0; }
  uint32_t u16() { return take(2) ? (d_[pos_ - 2] << 8) | d_[pos_ - 1] : 0; }
  uint32_t u24() {
    return take(3) ? (d_[pos_ - 3] << 16) | (d_[pos_ - 2] << 8) | d_[pos_ - 1]
                   : 0;
  }
  std::span<const uint8_t> bytes(size_t n) {
    return take(n) ? d_.subspan(pos_ - n, n) : std::span<const uint8_t>{};
  }
  /// Everything not read yet.
  std::span<const uint8_t> rest() { return bytes(left()); }
  /// A vector with a length prefix of `width` bytes (1, 2 or 3).
  Reader sub(int width) {
    const size_t n = width == 1 ? u8() : width == 2 ? u16() : u24();
    return Reader(bytes(n), ok_);
  }

 private:
  Reader(std::span<const uint8_t> d, bool ok) : d_(d), ok_(ok) {}
  bool take(size_t n) {
    if (!ok_ || n > left()) {
      ok_ = false;
      pos_ = d_.size();
      return false;
    }
    pos_ += n;
    return true;
  }
  std::span<const uint8_t> d_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace tracelab::tls
