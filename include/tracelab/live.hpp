// SPDX-License-Identifier: GPL-2.0-or-later
//
// Live capture from a network interface through libpcap, as a CaptureSource
// the same pipeline consumes as it does files.
//
// Stopping: stop() or stop_live_captures() may be called from a signal
// handler (they only set a flag and call pcap_breakloop); next() then
// returns false with no error.  next() wakes at least every
// LiveOptions::timeout_ms to notice the request.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "tracelab/capture.hpp"

typedef struct pcap pcap_t;

namespace tracelab {

struct LiveOptions {
  std::string interface;  ///< e.g. "eth0", or "any" on Linux
  std::string bpf;        ///< capture filter, "" for none
  uint32_t snaplen = 262144;
  bool promiscuous = true;
  /// Deliver packets as they arrive rather than when the kernel buffer
  /// fills: lower latency, more wake-ups.
  bool immediate = true;
  /// Kernel ring size.  libpcap's 2 MiB default holds only about eight
  /// 256 KiB blocks, and immediate mode hands each block over after a packet
  /// or two, so a short burst overruns it while the reader is busy (a
  /// sanitizer build dropped 3 of 43 packets on a veth pair).  32 MiB takes
  /// bursts; 0 keeps libpcap's default.
  int buffer_bytes = 32 << 20;
  int timeout_ms = 100;  ///< longest wait before checking for a stop request
};

struct LiveStats {
  uint64_t received = 0;           ///< packets seen by the filter
  uint64_t dropped_kernel = 0;     ///< no room in the kernel buffer
  uint64_t dropped_interface = 0;  ///< dropped by the interface or driver
};

class LiveCapture final : public CaptureSource {
 public:
  /// Opens and activates the interface; nullptr with `err` filled on
  /// failure (no such device, no permission, bad filter...).
  static std::unique_ptr<LiveCapture> open(const LiveOptions& opt,
                                           CaptureError& err);
  ~LiveCapture() override;

  bool next(Record& rec) override;
  const std::optional<CaptureError>& error() const override { return error_; }
  const std::vector<InterfaceInfo>& interfaces() const override {
    return interfaces_;
  }
  uint64_t bytes_consumed() const override { return bytes_; }
  uint64_t total_bytes() const override { return 0; }
  CaptureFormat format() const override { return CaptureFormat::Live; }

  /// Asks next() to return false; async-signal-safe.
  void stop() noexcept;
  /// True once stopped by request.
  bool stopped() const { return stop_requested_.load(); }

  /// Kernel counters so far; nullopt when libpcap cannot tell.
  std::optional<LiveStats> stats() const;

 private:
  LiveCapture(pcap_t* p, const LiveOptions& opt);

  pcap_t* pcap_;
  std::string name_;
  std::optional<CaptureError> error_;
  std::vector<InterfaceInfo> interfaces_;
  uint64_t bytes_ = 0;
  uint64_t packets_ = 0;
  int64_t ns_per_frac_ = 1;
  bool done_ = false;
  std::atomic<bool> stop_requested_{false};
  int slot_ = -1;  ///< index in the registry stop_live_captures() walks
};

/// Stops every open live capture; async-signal-safe (for SIGINT/SIGTERM).
void stop_live_captures() noexcept;

}  // namespace tracelab
