// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "reader_base.hpp"

namespace tracelab::capture {

/// True when the first 4 bytes are a pcapng Section Header Block type.
bool is_pcapng_magic(const uint8_t* first4);

/// Reads a pcapng file.  The input must start at the first Section Header
/// Block.
std::unique_ptr<CaptureSource> make_pcapng_reader(std::unique_ptr<ByteInput> in,
                                                  std::string name,
                                                  CaptureError& err);

}  // namespace tracelab::capture
