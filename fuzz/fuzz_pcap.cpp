// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the pcap reader (and, through the magic check, every format): an
// input that does not start with a capture magic gets a pcap file header in
// front so mutations land in record headers and data.
#include <cstring>
#include <vector>

#include "fuzz_capture_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const uint8_t kHeader[24] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0,
                                      0,    0,    0,    0,    0, 0, 0, 0,
                                      0xff, 0xff, 0,    0,    1, 0, 0, 0};
  const bool has_magic =
      size >= 4 && (std::memcmp(data, "\xd4\xc3\xb2\xa1", 4) == 0 ||
                    std::memcmp(data, "\xa1\xb2\xc3\xd4", 4) == 0 ||
                    std::memcmp(data, "\x4d\x3c\xb2\xa1", 4) == 0 ||
                    std::memcmp(data, "\xa1\xb2\x3c\x4d", 4) == 0 ||
                    std::memcmp(data, "\x1f\x8b", 2) == 0);
  if (has_magic) {
    tracelab::fuzz::read_capture({data, size});
    return 0;
  }
  std::vector<uint8_t> buf(kHeader, kHeader + sizeof kHeader);
  buf.insert(buf.end(), data, data + size);
  tracelab::fuzz::read_capture(buf);
  return 0;
}
