// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracelab/keylog.hpp"

#include <algorithm>
#include <functional>

namespace tracelab {
namespace {

using Random = std::array<uint8_t, 32>;

// The labels kept, in the order of the slots of an index entry.
constexpr std::string_view kLabels[] = {
    "CLIENT_RANDOM",
    "CLIENT_EARLY_TRAFFIC_SECRET",
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
    "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    "CLIENT_TRAFFIC_SECRET_0",
    "SERVER_TRAFFIC_SECRET_0",
};
constexpr size_t kSlots = std::size(kLabels);

int slot_of(std::string_view label) {
  for (size_t i = 0; i < kSlots; ++i)
    if (label == kLabels[i]) return static_cast<int>(i);
  return -1;
}

// Each byte's value as a hex digit, 0xff for the others: a table, since
// decoding hex is most of the work of reading a large key log.
constexpr std::array<uint8_t, 256> kHexValue = [] {
  std::array<uint8_t, 256> t{};
  t.fill(0xff);
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<uint8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<uint8_t>(c - 'a' + 10);
  for (int c = 'A'; c <= 'F'; ++c) t[c] = static_cast<uint8_t>(c - 'A' + 10);
  return t;
}();

// Decodes `h` into `out` (h.size() / 2 bytes); false on an odd length or a
// character that is not hex.
bool unhex_into(std::string_view h, uint8_t* out) {
  if (h.size() % 2) return false;
  uint8_t bad = 0;
  for (size_t i = 0; i < h.size(); i += 2) {
    const uint8_t a = kHexValue[static_cast<uint8_t>(h[i])],
                  b = kHexValue[static_cast<uint8_t>(h[i + 1])];
    bad |= a | b;  // 0xff has the high bits no digit has
    out[i / 2] = static_cast<uint8_t>(a << 4 | b);
  }
  return !(bad & 0xf0);
}

// Secrets are at most 64 bytes (SHA-512 sized); 128 leaves room to spare,
// and longer is not a key log.
constexpr size_t kMaxSecretBytes = 128;

bool is_secret_hex(std::string_view h) {
  return !h.empty() && h.size() <= 2 * kMaxSecretBytes;
}

std::string_view next_field(std::string_view& s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  size_t n = 0;
  while (n < s.size() && s[n] != ' ' && s[n] != '\t') ++n;
  std::string_view f = s.substr(0, n);
  s.remove_prefix(n);
  return f;
}

// The three fields of a "LABEL hex hex" line, unchecked but for their
// number; false for comments, blank lines and lines of more fields.
bool split_line(std::string_view line, std::string_view& label,
                std::string_view& random, std::string_view& secret) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
    line.remove_suffix(1);
  if (line.empty() || line.front() == '#') return false;
  label = next_field(line);
  random = next_field(line);
  secret = next_field(line);
  return next_field(line).empty();
}

uint64_t hash_of(const Random& r) {
  // Randoms in a capture's own key log are chosen by whoever made it: a
  // real hash of all 32 bytes, not the first word, keeps a crafted log
  // from piling them into one run of the table.
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(r.data()), r.size()));
}

}  // namespace

bool parse_keylog_line(std::string_view line, std::string_view& label,
                       std::vector<uint8_t>& random,
                       std::vector<uint8_t>& secret) {
  std::string_view r, s;
  if (!split_line(line, label, r, s) || !is_secret_hex(r) || !is_secret_hex(s))
    return false;
  random.resize(r.size() / 2);
  secret.resize(s.size() / 2);
  return unhex_into(r, random.data()) && unhex_into(s, secret.data());
}

// Secrets live in one byte arena; an entry names each label's bytes there
// (length 0: not logged).  The table is open addressing over flat arrays,
// not a node per random: a 100 MB log has half a million randoms, and a
// node each made allocation and pointer chasing most of the indexing.
struct KeyLog::Index {
  struct Entry {
    uint32_t offset[kSlots] = {};
    uint8_t size[kSlots] = {};
  };
  std::vector<Random> randoms;  // entry i's client random
  std::vector<Entry> entries;
  // A slot: the hash's high 32 bits, then entry index + 1 (0: empty); the
  // high bits spare most comparisons of randoms on a probe.
  std::vector<uint64_t> table;
  std::vector<uint8_t> arena;

  static uint64_t table_slot(uint64_t hash, uint32_t entry) {
    return (hash & 0xffffffff00000000) | (entry + 1);
  }

  // The entry of `random`, or UINT32_MAX.
  uint32_t lookup(const Random& random, uint64_t hash) const {
    if (table.empty()) return UINT32_MAX;
    const size_t mask = table.size() - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      const uint64_t t = table[i];
      if (!t) return UINT32_MAX;
      const uint32_t e = static_cast<uint32_t>(t) - 1;
      if ((t ^ hash) >> 32 == 0 && randoms[e] == random) return e;
    }
  }

  void place(uint64_t hash, uint32_t entry) {
    const size_t mask = table.size() - 1;
    size_t i = hash & mask;
    while (table[i]) i = (i + 1) & mask;
    table[i] = table_slot(hash, entry);
  }

  // Half full at most, so that probes stay short.
  void grow() {
    table.assign(std::max<size_t>(1024, table.size() * 2), 0);
    for (uint32_t e = 0; e < randoms.size(); ++e) place(hash_of(randoms[e]), e);
  }

  // The first secret logged for a label wins; past 4 G randoms or an
  // arena of 4 GiB (no real key log comes near) nothing new is taken.
  void put(const Random& random, size_t slot, const uint8_t* secret,
           size_t size) {
    if (arena.size() + size > UINT32_MAX || entries.size() >= UINT32_MAX - 1)
      return;
    const uint64_t hash = hash_of(random);
    uint32_t e = lookup(random, hash);
    if (e == UINT32_MAX) {
      if (2 * (entries.size() + 1) > table.size()) grow();
      e = static_cast<uint32_t>(entries.size());
      randoms.push_back(random);
      entries.emplace_back();
      place(hash, e);
    }
    Entry& entry = entries[e];
    if (entry.size[slot]) return;
    entry.offset[slot] = static_cast<uint32_t>(arena.size());
    entry.size[slot] = static_cast<uint8_t>(size);
    arena.insert(arena.end(), secret, secret + size);
  }
};

KeyLog::Index& KeyLog::writable() {
  if (!index_)
    index_ = std::make_shared<Index>();
  else if (index_.use_count() > 1)
    index_ = std::make_shared<Index>(*index_);
  return *index_;
}

void KeyLog::reserve(uint64_t text_bytes) {
  // The shortest line that counts, a CLIENT_RANDOM with a 48-byte secret,
  // is 176 bytes: more randoms than this the text cannot hold.  Reserved
  // and never touched costs address space, not memory.
  const size_t randoms = std::min<uint64_t>(text_bytes, kMaxKeylogBytes) / 176;
  Index& index = writable();
  index.randoms.reserve(index.randoms.size() + randoms);
  index.entries.reserve(index.entries.size() + randoms);
  index.arena.reserve(index.arena.size() + randoms * 48);
}

void KeyLog::add(std::string_view text) {
  given_ = true;
  Index* index = nullptr;
  Random random;
  uint8_t secret[kMaxSecretBytes];
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == text.npos ? text.size() : nl + 1);
    std::string_view label, r, s;
    if (!split_line(line, label, r, s)) continue;
    const int slot = slot_of(label);
    if (slot < 0 || r.size() != 2 * random.size() || !is_secret_hex(s) ||
        !unhex_into(r, random.data()) || !unhex_into(s, secret))
      continue;
    if (!index) index = &writable();
    index->put(random, static_cast<size_t>(slot), secret, s.size() / 2);
  }
}

void KeyLog::add(const KeyLog& other) {
  given_ = given_ || other.given_;
  if (!other.index_) return;
  if (!index_) {
    index_ = other.index_;  // shared until either side adds
    return;
  }
  const Index& from = *other.index_;
  Index& to = writable();
  for (size_t i = 0; i < from.entries.size(); ++i)
    for (size_t slot = 0; slot < kSlots; ++slot)
      if (const auto& e = from.entries[i]; e.size[slot])
        to.put(from.randoms[i], slot, from.arena.data() + e.offset[slot],
               e.size[slot]);
}

SessionSecrets KeyLog::find(const Random& client_random) const {
  SessionSecrets s;
  if (!index_) return s;
  const uint32_t i = index_->lookup(client_random, hash_of(client_random));
  if (i == UINT32_MAX) return s;
  std::vector<uint8_t>* slots[kSlots] = {&s.master,     &s.client_early,
                                         &s.client_hs,  &s.server_hs,
                                         &s.client_app, &s.server_app};
  const Index::Entry& e = index_->entries[i];
  for (size_t i = 0; i < kSlots; ++i) {
    const uint8_t* p = index_->arena.data() + e.offset[i];
    slots[i]->assign(p, p + e.size[i]);
  }
  return s;
}

size_t KeyLog::randoms() const {
  return index_ ? index_->entries.size() : 0;
}

}  // namespace tracelab
