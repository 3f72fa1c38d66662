// SPDX-License-Identifier: GPL-2.0-or-later
//
// HPACK (RFC 7541): the header compression of HTTP/2.  One decoder per
// direction of a connection, fed whole header blocks in order; its dynamic
// table follows the encoder's.  Memory is bounded: the table never grows
// past kMaxTableSize whatever the peer announces, and a block decodes to at
// most kMaxHeaderBytes of names and values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

namespace tracelab::http2 {

struct HeaderField {
  std::string name, value;
};

/// Table sizes above this are refused (RFC 7541 4.2: the decoder's own
/// bound; browsers use 4 KiB to 64 KiB).
constexpr size_t kMaxTableSize = 64 * 1024;
/// Decoded names and values kept per header block.
constexpr size_t kMaxHeaderBytes = 256 * 1024;

/// RFC 7541 5.1: an integer with an N-bit prefix at data[pos]; advances pos.
/// False when it runs off the end or exceeds 2^32.
bool decode_integer(std::span<const uint8_t> data, size_t& pos, int prefix,
                    uint64_t& value);

/// RFC 7541 5.2 and Appendix B: appends the Huffman-decoded `in` to `out`.
/// False on a code for EOS or padding that is not a short run of 1 bits.
bool huffman_decode(std::span<const uint8_t> in, std::string& out);

class HpackDecoder {
 public:
  enum class Result { Done, Partial, Bad };
  /// Decodes the whole representations at the front of `data` into `out`
  /// (appended) and sets `used` to the bytes they took.  Partial: the rest
  /// is the start of a representation whose end is in a later fragment
  /// (present it again with that fragment); Bad: malformed (the table may
  /// then be out of step, and later blocks decode as well as it allows).
  Result decode_some(std::span<const uint8_t> data,
                     std::vector<HeaderField>& out, size_t& used);
  /// Decodes one complete header block into `out` (appended); false when it
  /// is malformed or ends inside a representation.
  bool decode(std::span<const uint8_t> block, std::vector<HeaderField>& out);
  /// The table's size as RFC 7541 4.1 counts it (name + value + 32 each).
  size_t table_size() const { return size_; }
  size_t table_entries() const { return table_.size(); }

 private:
  Result string_literal(std::span<const uint8_t> d, size_t& pos,
                        std::string& out);
  bool lookup(uint64_t index, HeaderField& out) const;
  void insert(const HeaderField& f);
  void evict_to(size_t limit);

  std::deque<HeaderField> table_;  // newest first (index 62)
  size_t size_ = 0;
  size_t max_size_ = 4096;  // SETTINGS_HEADER_TABLE_SIZE's default
};

}  // namespace tracelab::http2
