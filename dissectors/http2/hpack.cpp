// SPDX-License-Identifier: GPL-2.0-or-later
#include "hpack.hpp"

#include <algorithm>
#include <array>

#include "hpack_static.hpp"

namespace tracelab::http2 {
namespace {

constexpr size_t kEntryOverhead = 32;  // RFC 7541 4.1
constexpr int kMaxCodeBits = 30;
constexpr uint16_t kEos = 256;

// The canonical code laid out for decoding one bit at a time: for each
// length, how many codes it has, the first code's value, and where its
// symbols start in `symbols` (sorted by length, then value).
struct Canonical {
  std::array<uint32_t, kMaxCodeBits + 1> count{}, first{}, offset{};
  std::array<uint16_t, 257> symbols{};

  Canonical() {
    const auto& len = huffman_lengths();
    for (uint8_t l : len) ++count[l];
    uint32_t code = 0, index = 0;
    for (int l = 1; l <= kMaxCodeBits; ++l) {
      code = (code + count[l - 1]) << 1;
      first[l] = code;
      offset[l] = index;
      index += count[l];
    }
    std::array<uint32_t, kMaxCodeBits + 1> next = offset;
    for (uint16_t s = 0; s < 257; ++s) symbols[next[len[s]]++] = s;
  }
};

const Canonical& canonical() {
  static const Canonical c;
  return c;
}

}  // namespace

namespace {

using Result = HpackDecoder::Result;

// decode_integer's work, telling a value cut off by the end of the data
// (Partial) from one too large (Bad).
Result integer(std::span<const uint8_t> data, size_t& pos, int prefix,
               uint64_t& value) {
  if (pos >= data.size()) return Result::Partial;
  const uint8_t mask = static_cast<uint8_t>((1u << prefix) - 1);
  value = data[pos++] & mask;
  if (value < mask) return Result::Done;
  for (int shift = 0; pos < data.size(); shift += 7) {
    const uint8_t b = data[pos++];
    if (shift > 28) return Result::Bad;
    value += uint64_t{b & 0x7fu} << shift;
    if (value > 0xffffffffu) return Result::Bad;
    if (!(b & 0x80)) return Result::Done;
  }
  return Result::Partial;
}

}  // namespace

bool decode_integer(std::span<const uint8_t> data, size_t& pos, int prefix,
                    uint64_t& value) {
  return integer(data, pos, prefix, value) == Result::Done;
}

bool huffman_decode(std::span<const uint8_t> in, std::string& out) {
  const Canonical& c = canonical();
  uint32_t code = 0;
  int len = 0;
  bool all_ones = true;  // the bits of the code in progress
  for (uint8_t byte : in) {
    for (int bit = 7; bit >= 0; --bit) {
      const uint32_t b = (byte >> bit) & 1u;
      code = (code << 1) | b;
      all_ones = all_ones && b;
      if (++len > kMaxCodeBits) return false;
      if (code - c.first[len] < c.count[len]) {
        const uint16_t sym = c.symbols[c.offset[len] + code - c.first[len]];
        if (sym == kEos) return false;  // 5.2: EOS in a string is an error
        out.push_back(static_cast<char>(sym));
        code = 0;
        len = 0;
        all_ones = true;
      }
    }
  }
  // 5.2: padding is the most significant bits of EOS (all ones), shorter
  // than 8 bits.
  return len < 8 && all_ones;
}

HpackDecoder::Result HpackDecoder::string_literal(std::span<const uint8_t> d,
                                                  size_t& pos,
                                                  std::string& out) {
  if (pos >= d.size()) return Result::Partial;
  const bool huffman = d[pos] & 0x80;
  uint64_t n = 0;
  if (Result r = integer(d, pos, 7, n); r != Result::Done) return r;
  if (n > d.size() - pos) return Result::Partial;
  const auto bytes = d.subspan(pos, static_cast<size_t>(n));
  pos += static_cast<size_t>(n);
  out.clear();
  if (huffman) return huffman_decode(bytes, out) ? Result::Done : Result::Bad;
  out.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return Result::Done;
}

bool HpackDecoder::lookup(uint64_t index, HeaderField& out) const {
  const auto& st = static_table();
  if (index == 0) return false;
  if (index <= st.size()) {
    out.name = st[index - 1].name;
    out.value = st[index - 1].value;
    return true;
  }
  const uint64_t dyn = index - st.size() - 1;
  if (dyn >= table_.size()) return false;
  out = table_[static_cast<size_t>(dyn)];
  return true;
}

void HpackDecoder::evict_to(size_t limit) {
  while (size_ > limit && !table_.empty()) {
    size_ -=
        table_.back().name.size() + table_.back().value.size() + kEntryOverhead;
    table_.pop_back();
  }
}

void HpackDecoder::insert(const HeaderField& f) {
  const size_t need = f.name.size() + f.value.size() + kEntryOverhead;
  // 4.4: an entry larger than the table empties it and is not added.
  if (need > max_size_) {
    evict_to(0);
    return;
  }
  evict_to(max_size_ - need);
  table_.push_front(f);
  size_ += need;
}

HpackDecoder::Result HpackDecoder::decode_some(std::span<const uint8_t> d,
                                               std::vector<HeaderField>& out,
                                               size_t& used) {
  used = 0;
  size_t kept = 0;
  // Nothing changes until a representation is whole, so a cut-off one can
  // be read again from its start with the next fragment.
  while (used < d.size()) {
    size_t pos = used;
    const uint8_t b = d[pos];
    HeaderField f;
    uint64_t index = 0;
    Result r = Result::Done;
    if (b & 0x80) {  // 6.1 indexed field
      r = integer(d, pos, 7, index);
      if (r == Result::Done && !lookup(index, f)) r = Result::Bad;
    } else if ((b & 0xe0) == 0x20) {  // 6.3 dynamic table size update
      uint64_t size = 0;
      r = integer(d, pos, 5, size);
      if (r == Result::Done && size > kMaxTableSize) r = Result::Bad;
      if (r != Result::Done) return r;
      max_size_ = static_cast<size_t>(size);
      evict_to(max_size_);
      used = pos;
      continue;
    } else {  // 6.2 literals: with (01), without (0000) or never (0001)
      const bool indexing = b & 0x40;
      r = integer(d, pos, indexing ? 6 : 4, index);
      if (r == Result::Done && index && !lookup(index, f)) r = Result::Bad;
      if (r == Result::Done && !index) r = string_literal(d, pos, f.name);
      if (r == Result::Done) r = string_literal(d, pos, f.value);
      if (r == Result::Done && indexing) insert(f);
    }
    if (r != Result::Done) return r;
    used = pos;
    kept += f.name.size() + f.value.size();
    if (kept > kMaxHeaderBytes) return Result::Bad;
    out.push_back(std::move(f));
  }
  return Result::Done;
}

bool HpackDecoder::decode(std::span<const uint8_t> block,
                          std::vector<HeaderField>& out) {
  size_t used = 0;
  return decode_some(block, out, used) == Result::Done;
}

}  // namespace tracelab::http2
