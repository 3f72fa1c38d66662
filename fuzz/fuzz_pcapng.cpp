// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the pcapng reader: an input that does not start with a Section
// Header Block gets one (and an Ethernet interface) in front, so mutations
// land in the blocks that follow.
#include <cstring>
#include <vector>

#include "fuzz_capture_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint8_t kPrefix[] = {
      // SHB, little-endian, version 1.0, unknown section length
      0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a, 1, 0, 0, 0,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 28, 0, 0, 0,
      // IDB: Ethernet, snaplen 0
      1, 0, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 0, 0, 0};
  if (size >= 4 && (std::memcmp(data, "\x0a\x0d\x0d\x0a", 4) == 0 ||
                    std::memcmp(data, "\x1f\x8b", 2) == 0)) {
    tracelab::fuzz::read_capture({data, size});
    return 0;
  }
  std::vector<uint8_t> buf(kPrefix, kPrefix + sizeof kPrefix);
  buf.insert(buf.end(), data, data + size);
  tracelab::fuzz::read_capture(buf);
  return 0;
}
