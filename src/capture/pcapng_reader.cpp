// SPDX-License-Identifier: GPL-2.0-or-later
//
// pcapng: a sequence of blocks (type, total length, body, total length
// again).  Each Section Header Block starts a new section with its own byte
// order and its own interface numbering; we keep one global interface list
// and map a section's local interface ids onto it.
#include "pcapng_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "byte_order.hpp"

namespace tracelab::capture {

namespace {

enum BlockType : uint32_t {
  kPacketBlock = 0x00000002,  // obsolete, still written by old tools
  kInterfaceDescription = 0x00000001,
  kSimplePacket = 0x00000003,
  kNameResolution = 0x00000004,
  kInterfaceStatistics = 0x00000005,
  kEnhancedPacket = 0x00000006,
  kDecryptionSecrets = 0x0000000A,
  kCustomCopyable = 0x00000BAD,
  kCustomNoCopy = 0x40000BAD,
  kSectionHeader = 0x0A0D0D0A,
};
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
// What a file may make us keep in memory, beyond the current block: real
// captures have a handful of interfaces and a few KiB of secrets.
constexpr size_t kMaxInterfaces = 1u << 16;
constexpr uint64_t kMaxSecretBytes = uint64_t{64} << 20;
constexpr size_t kMaxNameBytes = 256;
constexpr uint32_t kBlockOverhead = 12;  // type, length, trailing length

enum OptionCode : uint16_t {
  kOptEnd = 0,
  kIfName = 2,
  kIfDescription = 3,
  kIfTsresol = 9,
  kIfTsoffset = 14,
};

std::string hex32(uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

class PcapngReader final : public ReaderBase {
 public:
  using ReaderBase::ReaderBase;

  bool next(Record& rec) override {
    while (!stopped_) {
      const uint64_t at = in_->position();
      if (!in_->ensure(8)) {
        stopped_ = true;
        if (in_->available() == 0 && in_->io_error().empty()) return false;
        return fail_short(at, "block header");
      }
      uint32_t type = load_u32(in_->data(), swap_);
      if (load_u32(in_->data(), false) == kSectionHeader) {
        type = kSectionHeader;
        if (!in_->ensure(12)) return stop_short(at, "section header");
        const uint32_t bom = load_u32(in_->data() + 8, false);
        if (bom == kByteOrderMagic)
          swap_ = false;
        else if (bom == __builtin_bswap32(kByteOrderMagic))
          swap_ = true;
        else
          return stop(
              at, "section header has a bad byte-order magic " + hex32(bom));
      }
      const uint32_t len = load_u32(in_->data() + 4, swap_);
      if (len < kBlockOverhead || len % 4 != 0)
        return stop(at, "block length " + std::to_string(len) +
                            " is invalid (type " + hex32(type) + ")");
      if (len > kMaxBlockLength)
        return stop(at, "block length " + std::to_string(len) +
                            " exceeds the maximum of " +
                            std::to_string(kMaxBlockLength) + " (type " +
                            hex32(type) + ")");
      if (!in_->ensure(len)) return stop_short(at, "block");
      const uint8_t* p = in_->data();
      const uint32_t trailer = load_u32(p + len - 4, swap_);
      if (trailer != len)
        return stop(at, "block trailer length " + std::to_string(trailer) +
                            " does not match header length " +
                            std::to_string(len));
      Block b{type, p + 8, len - kBlockOverhead, at};
      bool produced = false;
      if (!handle(b, rec, produced)) {
        stopped_ = true;
        return false;
      }
      in_->consume(len);
      if (produced) return true;
    }
    return false;
  }

  const std::vector<DecryptionSecret>& secrets() const override {
    return secrets_;
  }
  CaptureFormat format() const override { return CaptureFormat::PcapNg; }

 private:
  struct Block {
    uint32_t type;
    const uint8_t* body;
    uint32_t body_len;
    uint64_t at;
  };

  bool stop(uint64_t at, std::string msg) {
    stopped_ = true;
    return fail(at, std::move(msg));
  }
  bool stop_short(uint64_t at, const std::string& what) {
    stopped_ = true;
    return fail_short(at, what);
  }
  bool too_short(const Block& b, const char* name) {
    return fail(b.at, std::string(name) + " is too short (" +
                          std::to_string(b.body_len + kBlockOverhead) +
                          " bytes)");
  }

  // Returns false on damage; sets `produced` when `rec` was filled.
  bool handle(const Block& b, Record& rec, bool& produced) {
    switch (b.type) {
      case kSectionHeader: return section_header(b);
      case kInterfaceDescription: return interface_description(b);
      case kEnhancedPacket: return produced = timestamped_packet(b, rec, false);
      case kSimplePacket: return produced = simple_packet(b, rec);
      case kPacketBlock: return produced = timestamped_packet(b, rec, true);
      case kDecryptionSecrets: return decryption_secrets(b);
      case kCustomCopyable:
      case kCustomNoCopy: return produced = custom_block(b, rec);
      case kNameResolution:
      case kInterfaceStatistics: return true;  // nothing we use
      default: warn_unknown(b); return true;
    }
  }

  bool section_header(const Block& b) {
    if (b.body_len < 16) return too_short(b, "section header block");
    const uint16_t major = load_u16(b.body + 4, swap_);
    if (major != 1)
      return fail(b.at, "unsupported pcapng version " + std::to_string(major));
    section_base_ = static_cast<uint32_t>(interfaces_.size());
    return true;
  }

  bool interface_description(const Block& b) {
    if (b.body_len < 8) return too_short(b, "interface description block");
    InterfaceInfo iface;
    iface.link_type = load_u16(b.body, swap_);
    iface.snaplen = load_u32(b.body + 4, swap_);
    const uint8_t* opt = b.body + 8;
    size_t left = b.body_len - 8;
    // Options are lenient: a malformed tail is ignored, as the packets are
    // still readable without it.
    while (left >= 4) {
      const uint16_t code = load_u16(opt, swap_);
      const uint16_t olen = load_u16(opt + 2, swap_);
      if (code == kOptEnd || olen > left - 4) break;
      const uint8_t* v = opt + 4;
      // Names are for display: keep a bounded prefix.
      const size_t keep = std::min<size_t>(olen, kMaxNameBytes);
      if (code == kIfName) iface.name.assign(v, v + keep);
      if (code == kIfDescription) iface.description.assign(v, v + keep);
      if (code == kIfTsresol && olen >= 1 && !set_tsresol(b, iface, v[0]))
        return false;
      if (code == kIfTsoffset && olen >= 8)
        iface.ts_offset_seconds = static_cast<int64_t>(load_u64(v, swap_));
      const size_t step = 4 + ((olen + 3u) & ~3u);
      if (step > left) break;
      opt += step;
      left -= step;
    }
    if (interfaces_.size() >= kMaxInterfaces)
      return fail(
          b.at, "more than " + std::to_string(kMaxInterfaces) + " interfaces");
    interfaces_.push_back(std::move(iface));
    return true;
  }

  bool set_tsresol(const Block& b, InterfaceInfo& iface, uint8_t v) {
    const unsigned exp = v & 0x7f;
    if (v & 0x80) {
      if (exp > 63)
        return fail(
            b.at, "if_tsresol 2^-" + std::to_string(exp) + " is not supported");
      iface.ticks_per_second = uint64_t{1} << exp;
      return true;
    }
    if (exp > 19)
      return fail(
          b.at, "if_tsresol 10^-" + std::to_string(exp) + " is not supported");
    uint64_t tps = 1;
    for (unsigned i = 0; i < exp; ++i) tps *= 10;
    iface.ticks_per_second = tps;
    return true;
  }

  // Maps a section-local interface id to the global list, or reports damage.
  bool lookup_interface(const Block& b, uint32_t local, uint32_t& global) {
    const uint64_t count = interfaces_.size() - section_base_;
    if (local >= count)
      return fail(b.at, "interface id " + std::to_string(local) +
                            " is not less than the section's interface "
                            "count " +
                            std::to_string(count));
    global = section_base_ + local;
    return true;
  }

  bool packet_common(const Block& b, Record& rec, uint32_t local_if,
                     uint32_t caplen, uint32_t wire_len, size_t data_offset) {
    uint32_t global = 0;
    if (!lookup_interface(b, local_if, global)) return false;
    if (caplen > b.body_len - data_offset)
      return fail(b.at, "packet caplen " + std::to_string(caplen) +
                            " exceeds its block");
    if (caplen > kMaxCaplen)
      return fail(b.at, "packet caplen " + std::to_string(caplen) +
                            " exceeds the maximum of " +
                            std::to_string(kMaxCaplen));
    const InterfaceInfo& iface = interfaces_[global];
    rec = Record{};
    rec.interface_id = global;
    rec.link_type = iface.link_type;
    rec.caplen = caplen;
    // Some writers store a smaller original length than they captured;
    // never report fewer bytes on the wire than we hold.
    rec.wire_len = std::max(wire_len, caplen);
    rec.data = b.body + data_offset;
    rec.file_offset = b.at;
    return true;
  }

  void set_time(Record& rec, uint32_t hi, uint32_t lo) {
    const InterfaceInfo& iface = interfaces_[rec.interface_id];
    const uint64_t ticks = (uint64_t{hi} << 32) | lo;
    __int128 ns = ticks_to_ns(ticks, iface.ticks_per_second);
    ns += static_cast<__int128>(iface.ts_offset_seconds) * 1000000000;
    constexpr __int128 kMax = INT64_MAX, kMin = INT64_MIN;
    rec.ts_ns = static_cast<int64_t>(std::clamp(ns, kMin, kMax));
  }

  // EPB and the obsolete PB share a layout after the interface id, which
  // is 32 bits in an EPB and 16 bits (followed by a drop count) in a PB.
  bool timestamped_packet(const Block& b, Record& rec, bool obsolete) {
    if (b.body_len < 20)
      return too_short(b, obsolete ? "packet block" : "enhanced packet block");
    const uint8_t* p = b.body;
    const uint32_t ifid = obsolete ? load_u16(p, swap_) : load_u32(p, swap_);
    if (!packet_common(b, rec, ifid, load_u32(p + 12, swap_),
                       load_u32(p + 16, swap_), 20))
      return false;
    set_time(rec, load_u32(p + 4, swap_), load_u32(p + 8, swap_));
    return true;
  }

  bool simple_packet(const Block& b, Record& rec) {
    if (b.body_len < 4) return too_short(b, "simple packet block");
    const uint32_t wire_len = load_u32(b.body, swap_);
    uint32_t global = 0;
    if (!lookup_interface(b, 0, global)) return false;
    // The captured length is implied: the original length cut to the
    // interface's snaplen, and never more than the block holds.
    uint32_t caplen = std::min(wire_len, b.body_len - 4);
    const uint32_t snaplen = interfaces_[global].snaplen;
    if (snaplen != 0) caplen = std::min(caplen, snaplen);
    if (!packet_common(b, rec, 0, caplen, wire_len, 4)) return false;
    rec.has_timestamp = false;
    return true;
  }

  bool decryption_secrets(const Block& b) {
    if (b.body_len < 8) return too_short(b, "decryption secrets block");
    const uint32_t type = load_u32(b.body, swap_);
    const uint32_t slen = load_u32(b.body + 4, swap_);
    if (slen > b.body_len - 8)
      return fail(b.at, "decryption secrets length " + std::to_string(slen) +
                            " exceeds its block");
    const char* s = reinterpret_cast<const char*>(b.body + 8);
    if (secret_bytes_ + slen > kMaxSecretBytes) {
      if (!secrets_dropped_)
        warnings_.push_back(name_ + ": offset " + std::to_string(b.at) +
                            ": decryption secrets beyond " +
                            std::to_string(kMaxSecretBytes >> 20) +
                            " MiB ignored");
      secrets_dropped_ = true;
      return true;
    }
    secret_bytes_ += slen;
    secrets_.push_back(DecryptionSecret{type, std::string(s, slen), b.at});
    return true;
  }

  bool custom_block(const Block& b, Record& rec) {
    if (b.body_len < 4) return too_short(b, "custom block");
    rec = Record{};
    rec.kind = RecordKind::CustomBlock;
    rec.has_timestamp = false;
    rec.custom_pen = load_u32(b.body, swap_);
    rec.custom_copyable = b.type == kCustomCopyable;
    // The payload runs to the end of the block: without knowing the PEN's
    // format we cannot tell data from options, and Wireshark counts both.
    rec.caplen = rec.wire_len = b.body_len - 4;
    rec.data = b.body + 4;
    rec.file_offset = b.at;
    return true;
  }

  void warn_unknown(const Block& b) {
    // One warning per block type, and only a few types: a hostile file
    // must not grow the warning list without bound.
    if (std::find(warned_.begin(), warned_.begin() + warned_count_, b.type) !=
        warned_.begin() + warned_count_)
      return;
    if (warned_count_ == warned_.size()) return;
    warned_[warned_count_++] = b.type;
    warnings_.push_back(name_ + ": offset " + std::to_string(b.at) +
                        ": skipping pcapng block type " + hex32(b.type) +
                        " (not supported)");
  }

  bool swap_ = false;
  uint32_t section_base_ = 0;
  std::vector<DecryptionSecret> secrets_;
  uint64_t secret_bytes_ = 0;
  bool secrets_dropped_ = false;
  std::array<uint32_t, 8> warned_{};
  size_t warned_count_ = 0;
};

}  // namespace

bool is_pcapng_magic(const uint8_t* first4) {
  return load_u32(first4, false) == kSectionHeader;
}

std::unique_ptr<CaptureSource> make_pcapng_reader(std::unique_ptr<ByteInput> in,
                                                  std::string name,
                                                  CaptureError& err) {
  if (!in->ensure(4) || !is_pcapng_magic(in->data())) {
    err = {name, 0, "not a pcapng file (bad magic number)"};
    return nullptr;
  }
  return std::make_unique<PcapngReader>(std::move(in), std::move(name));
}

}  // namespace tracelab::capture
