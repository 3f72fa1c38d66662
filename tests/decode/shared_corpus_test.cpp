// SPDX-License-Identifier: GPL-2.0-or-later
//
// Decodes every frame of the shared capture corpus and compares with
// tshark's packet list (CAPTURE.tshark.tsv): first IP header addresses and
// frame length on every frame, and the Protocol / Info columns on the frames
// tshark labels ARP, ICMP, ICMPv6 or UDP.
#include <doctest/doctest.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "../../src/columns/info.hpp"
#include "test_support.hpp"
#include "tracelab/capture.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;

namespace {

struct TsvRow {
  std::vector<std::string> col;  // no, time, ip.src, ip.dst, ipv6.src,
                                 // ipv6.dst, protocol, len, info
};

std::vector<TsvRow> read_tsv(const std::filesystem::path& p) {
  std::vector<TsvRow> rows;
  std::ifstream in(p);
  std::string line;
  while (std::getline(in, line)) {
    TsvRow r;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) r.col.push_back(cell);
    while (r.col.size() < 9) r.col.emplace_back();
    rows.push_back(std::move(r));
  }
  return rows;
}

std::string first_of(const std::string& list) {
  return list.substr(0, list.find(','));
}

struct Tally {
  size_t frames = 0, addr_agree = 0;
  size_t transport = 0, transport_agree = 0;
  size_t columns = 0, columns_agree = 0;
  void add(const Tally& o) {
    frames += o.frames;
    addr_agree += o.addr_agree;
    transport += o.transport;
    transport_agree += o.transport_agree;
    columns += o.columns;
    columns_agree += o.columns_agree;
  }
};

// Returns false (with a message) when the capture cannot be read.
bool compare_capture(const std::filesystem::path& file, Tally& t) {
  const auto tsv_path = file.string() + ".tshark.tsv";
  if (!std::filesystem::exists(tsv_path)) return false;
  const std::vector<TsvRow> rows = read_tsv(tsv_path);
  CaptureError err;
  auto source = open_capture_file(file.string(), err);
  if (!source) {
    MESSAGE("skipping " << file.filename().string() << ": " << err.to_string());
    return false;
  }
  Defragmenter defrag;
  DecodedPacket p;
  NetworkColumnState state;
  std::string protocol, info;
  Record rec;
  size_t i = 0;
  while (source->next(rec) && i < rows.size()) {
    const auto& c = rows[i++].col;
    // Custom blocks are rows of their own for tshark ("PCAPNG").
    if (rec.kind != RecordKind::Packet) continue;
    decode_packet(rec, p, &defrag);
    std::string src, dst;
    p.src.append_to(src);
    p.dst.append_to(dst);
    // Our first IP header's family picks the tshark columns to compare;
    // with no IP header, tshark must have found none either.
    bool addr_ok = c[2].empty() && c[4].empty();
    if (p.src.family) {
      const bool v6 = p.src.family == 6;
      addr_ok =
          src == first_of(c[v6 ? 4 : 2]) && dst == first_of(c[v6 ? 5 : 3]);
    }
    const bool agree = addr_ok && std::to_string(rec.wire_len) == c[7];
    ++t.frames;
    t.addr_agree += agree;
    const std::string& proto = c[6];
    if (proto == "TCP" || proto == "UDP") {
      ++t.transport;
      const bool l4_ok = p.l4 == (proto == "TCP" ? L4::Tcp : L4::Udp);
      t.transport_agree += agree && l4_ok;
      if (!(agree && l4_ok))
        MESSAGE(file.filename().string()
                << " #" << c[0] << ": " << src << " -> " << dst << " vs "
                << c[2] << c[4] << " -> " << c[3] << c[5]);
    }
    if (proto == "ARP" || proto == "ICMP" || proto == "ICMPv6" ||
        proto == "UDP") {
      ++t.columns;
      // tshark's numbering, which counts pcapng custom blocks too.
      const uint64_t number = std::stoull(c[0]);
      format_network_columns(p, nullptr, number, state, protocol, info);
      const bool ok = protocol == proto && info == c[8];
      t.columns_agree += ok;
      if (!ok)
        MESSAGE(file.filename().string()
                << " #" << c[0] << ": [" << protocol << "] [" << info
                << "] vs [" << proto << "] [" << c[8] << "]");
    }
  }
  CHECK_MESSAGE(i == rows.size(), file.filename().string());
  return true;
}

// Nothing compared is 0 %: a threshold then fails instead of passing.
double percent(size_t a, size_t b) {
  return b ? 100.0 * a / b : 0.0;
}

}  // namespace

TEST_CASE("decoding agrees with tshark over the shared captures") {
  const auto files = test::shared_capture_files();
  Tally all;
  size_t read = 0;
  for (const auto& f : files) {
    Tally t;
    if (!compare_capture(f, t)) continue;
    ++read;
    all.add(t);
  }
  std::cout << "decode vs tshark: " << read << " captures, " << all.frames
            << " frames; addresses+length agree on " << all.addr_agree
            << "; TCP/UDP frames " << all.transport_agree << "/"
            << all.transport << " ("
            << percent(all.transport_agree, all.transport)
            << "%); ARP/ICMP/ICMPv6/UDP columns " << all.columns_agree << "/"
            << all.columns << "\n";
  REQUIRE(read > 0);
  CHECK(percent(all.transport_agree, all.transport) >= 99.0);
  CHECK(percent(all.addr_agree, all.frames) >= 99.0);
  CHECK(all.columns_agree == all.columns);
}
