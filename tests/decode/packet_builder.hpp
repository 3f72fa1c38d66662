// SPDX-License-Identifier: GPL-2.0-or-later
//
// Builds synthetic frames layer by layer for the decode tests.  Checksums
// are left zero: decoding does not verify them (neither does tshark by
// default).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "tracelab/capture.hpp"

namespace tracelab::test {

using Bytes = std::vector<uint8_t>;

inline void put16(Bytes& b, uint16_t v) {
  b.push_back(v >> 8);
  b.push_back(v & 0xff);
}
inline void put32(Bytes& b, uint32_t v) {
  put16(b, v >> 16);
  put16(b, v & 0xffff);
}
inline Bytes cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline Bytes ethernet(uint16_t type, const Bytes& payload,
                      std::initializer_list<uint16_t> tpids_vids = {}) {
  Bytes b = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55,   // destination
             0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb};  // source
  // Pairs of (TPID, VLAN id).
  for (auto it = tpids_vids.begin(); it != tpids_vids.end(); it += 2) {
    put16(b, *it);
    put16(b, *(it + 1));
  }
  put16(b, type);
  return cat(b, payload);
}

struct Ipv4Options {
  uint8_t ttl = 64;
  uint16_t id = 0x1234;
  uint16_t frag_offset = 0;  // bytes, multiple of 8
  bool more = false;
  Bytes options;               // padded by the caller to 4 bytes
  int total_length_delta = 0;  // to build inconsistent headers
  uint8_t src_last = 1, dst_last = 2;
};

inline Bytes ipv4(uint8_t proto, const Bytes& payload, Ipv4Options o = {}) {
  const uint16_t hlen = 20 + o.options.size();
  Bytes b;
  b.push_back(0x40 | (hlen / 4));
  b.push_back(0);
  put16(b, hlen + payload.size() + o.total_length_delta);
  put16(b, o.id);
  put16(b, (o.more ? 0x2000 : 0) | (o.frag_offset / 8));
  b.push_back(o.ttl);
  b.push_back(proto);
  put16(b, 0);
  put32(b, 0x0a000000 | o.src_last);
  put32(b, 0x0a000000 | o.dst_last);
  b = cat(b, o.options);
  return cat(b, payload);
}

/// IPv6 with the given next header; `ext` is raw extension headers placed
/// before the payload (their own next-header fields set by the caller).
inline Bytes ipv6(uint8_t next, const Bytes& payload, const Bytes& ext = {},
                  uint8_t hop_limit = 64) {
  Bytes b = {0x60, 0, 0, 0};
  put16(b, ext.size() + payload.size());
  b.push_back(next);
  b.push_back(hop_limit);
  Bytes src = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  Bytes dst = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
  b = cat(cat(b, src), dst);
  return cat(cat(b, ext), payload);
}

/// An IPv6 fragment header.
inline Bytes ipv6_fragment_header(uint8_t next, uint16_t offset, bool more,
                                  uint32_t id) {
  Bytes b = {next, 0};
  put16(b, offset | (more ? 1 : 0));
  put32(b, id);
  return b;
}

inline Bytes tcp(uint16_t sport, uint16_t dport, uint32_t seq, uint32_t ack,
                 uint16_t flags, const Bytes& options = {},
                 const Bytes& payload = {}) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, seq);
  put32(b, ack);
  const uint16_t hlen = 20 + options.size();
  put16(b, (hlen / 4) << 12 | flags);
  put16(b, 65535);  // window
  put16(b, 0);      // checksum
  put16(b, 0);      // urgent
  return cat(cat(b, options), payload);
}

inline Bytes udp(uint16_t sport, uint16_t dport, const Bytes& payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, 8 + payload.size());
  put16(b, 0);
  return cat(b, payload);
}

inline Bytes filler(size_t n, uint8_t base = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(base + i);
  return b;
}

inline Record record(uint32_t link_type, const Bytes& b, int64_t ts_ns = 0,
                     uint32_t caplen = UINT32_MAX) {
  Record r;
  r.link_type = link_type;
  r.data = b.data();
  r.caplen = caplen < b.size() ? caplen : static_cast<uint32_t>(b.size());
  r.wire_len = static_cast<uint32_t>(b.size());
  r.ts_ns = ts_ns;
  return r;
}

/// Writes Ethernet frames as a classic pcap file (for tshark).
inline void write_pcap(const std::filesystem::path& path,
                       const std::vector<Bytes>& frames) {
  Bytes out;
  auto le32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(v >> (8 * i));
  };
  le32(0xa1b2c3d4);
  le32(0x00040002);  // version 2.4
  le32(0);
  le32(0);
  le32(65535);
  le32(kLinkEthernet);
  uint32_t sec = 1000;
  for (const Bytes& fr : frames) {
    le32(sec++);
    le32(0);
    le32(fr.size());
    le32(fr.size());
    out.insert(out.end(), fr.begin(), fr.end());
  }
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(out.data()), out.size());
}

/// Writes `frames` to a pcap, runs tshark -n on it and returns the given
/// fields per frame (tab-separated output, split).  Callers check
/// have_tool("tshark") first.
inline std::vector<std::vector<std::string>> tshark_fields(
    const std::vector<Bytes>& frames, const std::string& fields) {
  const auto pcap = temp_dir("decode-tshark") / "frames.pcap";
  write_pcap(pcap, frames);
  const std::string out =
      run("tshark -n -r " + sh_quote(pcap.string()) +
          " -T fields -E separator=/t " + fields + " 2>/dev/null");
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::istringstream in(line);
    std::string cell;
    while (std::getline(in, cell, '\t')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace tracelab::test
