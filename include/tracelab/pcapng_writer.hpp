// SPDX-License-Identifier: GPL-2.0-or-later
//
// A small pcapng writer: one section, an Interface Description Block per
// interface (nanosecond timestamps: if_tsresol 9) and an Enhanced Packet
// Block per packet, in the host's byte order.  Used to save live captures
// (`tracelab live -w out.pcapng`).
#pragma once

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>

#include "tracelab/capture.hpp"

namespace tracelab {

class PcapngWriter {
 public:
  PcapngWriter() = default;
  ~PcapngWriter();
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;

  /// Creates (truncates) `path` and writes the section header.  "-" writes
  /// to standard output.
  bool open(const std::string& path);

  /// Declares an interface; returns its id for write().
  uint32_t add_interface(uint32_t link_type, uint32_t snaplen,
                         const std::string& name = "");

  /// Writes one packet on interface `interface_id` (from add_interface).
  bool write(uint32_t interface_id, int64_t ts_ns,
             std::span<const uint8_t> data, uint32_t wire_len);
  /// Writes a packet record; custom blocks are not written.
  bool write(uint32_t interface_id, const Record& rec);

  /// Flushes buffered blocks to the file.
  bool flush();
  /// Flushes and closes; false when any write failed.
  bool close();

  /// The first write error ("" when none).
  const std::string& error() const { return error_; }
  uint64_t packets_written() const { return packets_; }

 private:
  bool put(const void* p, size_t n);
  bool block_start(uint32_t type, uint32_t total_len);

  std::FILE* f_ = nullptr;
  bool owns_ = false;
  std::string path_;
  std::string error_;
  uint32_t interfaces_ = 0;
  uint64_t packets_ = 0;
};

}  // namespace tracelab
