// SPDX-License-Identifier: GPL-2.0-or-later
//
// What the pcap and pcapng readers share: the byte input, the file name for
// error messages, the interface list and the sticky error.
#pragma once

#include <memory>
#include <string>

#include "byte_input.hpp"
#include "tracelab/capture.hpp"

namespace tracelab::capture {

/// Largest caplen accepted, as Wireshark and libpcap bound it for ordinary
/// link types; anything larger is taken as damage rather than allocated.
inline constexpr uint32_t kMaxCaplen = 262144;
/// Largest pcapng block accepted (a packet at kMaxCaplen plus generous
/// options fits many times over).
inline constexpr uint32_t kMaxBlockLength = 16u << 20;

class ReaderBase : public CaptureSource {
 public:
  ReaderBase(std::unique_ptr<ByteInput> in, std::string name)
      : in_(std::move(in)), name_(std::move(name)) {}

  const std::optional<CaptureError>& error() const override { return error_; }
  const std::vector<InterfaceInfo>& interfaces() const override {
    return interfaces_;
  }
  uint64_t bytes_consumed() const override { return in_->raw_consumed(); }
  uint64_t total_bytes() const override { return in_->raw_total(); }

 protected:
  /// Records damage at `offset`; always returns false so callers can
  /// `return fail(...)` from next().
  bool fail(uint64_t offset, std::string message) {
    if (!error_) error_ = CaptureError{name_, offset, std::move(message)};
    return false;
  }
  /// The input ended inside a structure that started at `offset`: a read
  /// error when there was one, truncation otherwise.
  bool fail_short(uint64_t offset, const std::string& what) {
    if (!in_->io_error().empty()) return fail(in_->position(), in_->io_error());
    return fail(offset, "truncated " + what + " (file ends after " +
                            std::to_string(in_->position() + in_->available() -
                                           offset) +
                            " of its bytes)");
  }

  std::unique_ptr<ByteInput> in_;
  std::string name_;
  std::optional<CaptureError> error_;
  std::vector<InterfaceInfo> interfaces_;
  bool stopped_ = false;  ///< after the end or damage, next() stays false
};

/// Converts `ticks` at `ticks_per_second` to nanoseconds, without overflow
/// for any 64-bit tick count.
int64_t ticks_to_ns(uint64_t ticks, uint64_t ticks_per_second);

}  // namespace tracelab::capture
