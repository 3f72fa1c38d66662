// SPDX-License-Identifier: GPL-2.0-or-later
//
// Builds pcap and pcapng files in memory, in either byte order, so each
// reader feature and each kind of damage can be tested byte by byte.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tracelab/capture.hpp"

namespace tracelab::test {

using Bytes = std::vector<uint8_t>;

/// Appends integers in a chosen byte order.
struct ByteWriter {
  Bytes out;
  bool big_endian = false;

  void u8(uint8_t v) { out.push_back(v); }
  void u16(uint16_t v) { put(v, 2); }
  void u32(uint32_t v) { put(v, 4); }
  void u64(uint64_t v) { put(v, 8); }
  void raw(const Bytes& b) { out.insert(out.end(), b.begin(), b.end()); }
  void raw(const std::string& s) { out.insert(out.end(), s.begin(), s.end()); }
  void pad4() {
    while (out.size() % 4) out.push_back(0);
  }
  void put(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) {
      int shift = big_endian ? (n - 1 - i) * 8 : i * 8;
      out.push_back(static_cast<uint8_t>(v >> shift));
    }
  }
};

/// A packet of `n` bytes whose content depends on `seed`.
inline Bytes payload(size_t n, uint8_t seed = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + i * 7);
  return b;
}

struct PcapRecord {
  uint32_t secs = 0;
  uint32_t frac = 0;  ///< µs or ns, as the file says
  Bytes data;
  uint32_t wire_len = 0;  ///< 0: data.size()
};

/// A classic pcap file.  `magic` picks the variant (µs, ns, modified).
inline Bytes pcap_file(const std::vector<PcapRecord>& recs, bool big_endian,
                       uint32_t magic = 0xa1b2c3d4, uint32_t snaplen = 65535,
                       uint32_t link = kLinkEthernet) {
  ByteWriter w{{}, big_endian};
  w.u32(magic);
  w.u16(2);
  w.u16(4);
  w.u32(0);
  w.u32(0);
  w.u32(snaplen);
  w.u32(link);
  for (const auto& r : recs) {
    w.u32(r.secs);
    w.u32(r.frac);
    w.u32(static_cast<uint32_t>(r.data.size()));
    w.u32(r.wire_len ? r.wire_len : static_cast<uint32_t>(r.data.size()));
    if (magic == 0xa1b2cd34) w.u64(0);  // ifindex, protocol, type, pad
    w.raw(r.data);
  }
  return w.out;
}

/// A pcapng file built block by block.  Each block records where it starts
/// so damage tests can check error offsets.
class PcapngBuilder {
 public:
  explicit PcapngBuilder(bool big_endian = false) {
    w_.big_endian = big_endian;
  }

  /// Offset where the next block will start.
  uint64_t offset() const { return w_.out.size(); }
  const Bytes& bytes() const { return w_.out; }

  PcapngBuilder& shb(std::optional<bool> big_endian = std::nullopt) {
    if (big_endian) w_.big_endian = *big_endian;
    ByteWriter body{{}, w_.big_endian};
    body.u32(0x1A2B3C4D);
    body.u16(1);
    body.u16(0);
    body.u64(~uint64_t{0});
    return block(0x0A0D0D0A, body.out);
  }

  /// if_tsresol, if_tsoffset and if_name options of an IDB.
  struct IfOptions {
    std::optional<uint8_t> tsresol;
    std::optional<int64_t> tsoffset;
    std::string name;
  };
  static IfOptions tsresol(uint8_t v) { return {v, std::nullopt, {}}; }
  static IfOptions tsoffset(int64_t v, std::optional<uint8_t> res = {}) {
    return {res, v, {}};
  }
  static IfOptions named(std::string n) { return {{}, {}, std::move(n)}; }

  PcapngBuilder& idb(uint16_t link, uint32_t snaplen = 0,
                     const IfOptions& o = {}) {
    ByteWriter body{{}, w_.big_endian};
    body.u16(link);
    body.u16(0);
    body.u32(snaplen);
    if (!o.name.empty()) option(body, 2, Bytes(o.name.begin(), o.name.end()));
    if (o.tsresol) option(body, 9, Bytes{*o.tsresol});
    if (o.tsoffset) {
      ByteWriter v{{}, w_.big_endian};
      v.u64(static_cast<uint64_t>(*o.tsoffset));
      option(body, 14, v.out);
    }
    if (!o.name.empty() || o.tsresol || o.tsoffset) option(body, 0, {});
    return block(1, body.out);
  }

  PcapngBuilder& epb(uint32_t ifid, uint64_t ticks, const Bytes& data,
                     uint32_t wire_len = 0) {
    ByteWriter body{{}, w_.big_endian};
    body.u32(ifid);
    body.u32(static_cast<uint32_t>(ticks >> 32));
    body.u32(static_cast<uint32_t>(ticks));
    body.u32(static_cast<uint32_t>(data.size()));
    body.u32(wire_len ? wire_len : static_cast<uint32_t>(data.size()));
    body.raw(data);
    return block(6, body.out);
  }

  PcapngBuilder& pb(uint16_t ifid, uint64_t ticks, const Bytes& data) {
    ByteWriter body{{}, w_.big_endian};
    body.u16(ifid);
    body.u16(0);  // drops
    body.u32(static_cast<uint32_t>(ticks >> 32));
    body.u32(static_cast<uint32_t>(ticks));
    body.u32(static_cast<uint32_t>(data.size()));
    body.u32(static_cast<uint32_t>(data.size()));
    body.raw(data);
    return block(2, body.out);
  }

  PcapngBuilder& spb(uint32_t wire_len, const Bytes& data) {
    ByteWriter body{{}, w_.big_endian};
    body.u32(wire_len);
    body.raw(data);
    return block(3, body.out);
  }

  PcapngBuilder& dsb(uint32_t type, const std::string& secrets) {
    ByteWriter body{{}, w_.big_endian};
    body.u32(type);
    body.u32(static_cast<uint32_t>(secrets.size()));
    body.raw(secrets);
    return block(0x0A, body.out);
  }

  PcapngBuilder& custom(bool copyable, uint32_t pen, const Bytes& data) {
    ByteWriter body{{}, w_.big_endian};
    body.u32(pen);
    body.raw(data);
    return block(copyable ? 0x00000BAD : 0x40000BAD, body.out);
  }

  /// Any block; the body is padded to 4 bytes.  `length` overrides the
  /// total length written in the header (the trailer keeps the true one).
  PcapngBuilder& block(uint32_t type, const Bytes& body,
                       std::optional<uint32_t> length = std::nullopt,
                       std::optional<uint32_t> trailer = std::nullopt) {
    const uint32_t total =
        static_cast<uint32_t>(12 + ((body.size() + 3) & ~size_t{3}));
    w_.u32(type);
    w_.u32(length.value_or(total));
    w_.raw(body);
    w_.pad4();
    w_.u32(trailer.value_or(total));
    return *this;
  }

  PcapngBuilder& raw(const Bytes& b) {
    w_.raw(b);
    return *this;
  }

 private:
  static void option(ByteWriter& w, uint16_t code, const Bytes& v) {
    w.u16(code);
    w.u16(static_cast<uint16_t>(v.size()));
    w.raw(v);
    w.pad4();
  }

  ByteWriter w_;
};

/// gzip-compresses `in` (one member).
inline Bytes gzip(const Bytes& in, int level = 6) {
  z_stream zs{};
  deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  Bytes out(deflateBound(&zs, in.size()) + 64);
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

/// A record with its bytes copied out of the source's buffer.
struct CopiedRecord {
  Record rec;
  Bytes data;
};

struct ReadResult {
  std::vector<CopiedRecord> records;
  std::optional<CaptureError> error;
  std::vector<InterfaceInfo> interfaces;
  std::vector<DecryptionSecret> secrets;
  std::vector<std::string> warnings;
  bool opened = false;
  CaptureError open_error;
};

/// Reads every record of an opened source.
inline ReadResult drain(CaptureSource& src) {
  ReadResult r;
  r.opened = true;
  Record rec;
  while (src.next(rec)) {
    CopiedRecord c{rec, Bytes(rec.data, rec.data + rec.caplen)};
    c.rec.data = nullptr;
    r.records.push_back(std::move(c));
  }
  // A finished source stays finished.
  if (src.next(rec)) r.records.push_back({rec, {}});
  r.error = src.error();
  r.interfaces = src.interfaces();
  r.secrets = src.secrets();
  r.warnings = src.warnings();
  return r;
}

inline ReadResult read_memory(const Bytes& b,
                              const std::string& name = "mem.cap") {
  ReadResult r;
  auto src = open_capture_memory(b, name, r.open_error);
  if (!src) return r;
  return drain(*src);
}

}  // namespace tracelab::test
