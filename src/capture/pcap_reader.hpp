// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "reader_base.hpp"

namespace tracelab::capture {

/// True when `magic` (the first 4 bytes, read little-endian) starts a pcap.
bool is_pcap_magic(const uint8_t* first4);

/// Reads a classic pcap file (either byte order, micro- or nanosecond
/// timestamps).  The input must start at the file header.
std::unique_ptr<CaptureSource> make_pcap_reader(std::unique_ptr<ByteInput> in,
                                                std::string name,
                                                CaptureError& err);

}  // namespace tracelab::capture
