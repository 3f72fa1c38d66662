// SPDX-License-Identifier: GPL-2.0-or-later
//
// TCP Info column against tshark 4.0 over the shared corpus: every frame
// tshark labels "TCP" must get the same Info from sequence analysis and
// formatting alone (application notes such as "[TCP segment of a
// reassembled PDU]" are stripped: they come from dissectors).
#include <doctest/doctest.h>
#include <pcap/pcap.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "../../src/columns/info.hpp"
#include "../../src/flow/tcp_analysis.hpp"
#include "test_support.hpp"
#include "tracelab/decode.hpp"

using namespace tracelab;
namespace fs = std::filesystem;

namespace {

struct TsvRow {
  std::string protocol;
  std::string info;
};

std::vector<TsvRow> read_tsv(const fs::path& path) {
  std::vector<TsvRow> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) cols.push_back(c);
    if (line.size() && line.back() == '\t') cols.emplace_back();
    TsvRow r;
    if (cols.size() >= 9) {
      r.protocol = cols[6];
      r.info = cols[8];
    }
    rows.push_back(r);
  }
  return rows;
}

// One side of a conversation: address and port.
using Side = std::tuple<std::array<uint8_t, 16>, uint16_t>;

/// The test's own small flow table: 4-tuple to analysis state and stream.
class Conversations {
 public:
  void analyze(uint64_t frame, int64_t ts, const DecodedPacket& p,
               TcpFrameAnalysis& out) {
    const Side a{p.src.bytes, p.sport}, b{p.dst.bytes, p.dport};
    auto key = a < b ? std::make_pair(a, b) : std::make_pair(b, a);
    auto it = convs_.find(key);
    if (it == convs_.end()) {
      it = convs_
               .emplace(key, Conv{std::make_unique<TcpAnalysisState>(), a,
                                  next_stream_++})
               .first;
    }
    Conv& c = it->second;
    Direction dir =
        a == c.client ? Direction::ClientToServer : Direction::ServerToClient;
    out = TcpFrameAnalysis{};
    if (tcp_starts_new_stream(*c.state, dir, p)) {
      c = Conv{std::make_unique<TcpAnalysisState>(), a, next_stream_++};
      dir = Direction::ClientToServer;
      out.notes = kNotePortNumbersReused;
    }
    out.stream = c.stream;
    tcp_analyze(*c.state, dir, frame, ts, p, out);
  }

 private:
  struct Conv {
    std::unique_ptr<TcpAnalysisState> state;
    Side client;
    uint64_t stream;
  };
  std::map<std::pair<Side, Side>, Conv> convs_;
  uint64_t next_stream_ = 0;
};

struct Score {
  size_t compared = 0, agreed = 0;
};

std::string strip_app_note(std::string info) {
  static const std::string kNote = " [TCP segment of a reassembled PDU]";
  if (info.size() >= kNote.size() &&
      info.compare(info.size() - kNote.size(), kNote.size(), kNote) == 0)
    info.resize(info.size() - kNote.size());
  return info;
}

/// True when tshark's Info is the TCP layer's own ("[notes] 1 → 2 [..."),
/// not text an application dissector wrote over it.
bool is_tcp_layer_info(const std::string& info) {
  size_t i = 0;
  while (i < info.size() && info[i] == '[') {
    const size_t close = info.find("] ", i);
    if (close == std::string::npos) return false;
    i = close + 2;
  }
  const size_t arrow = info.find(" \u2192 ", i);
  return arrow != std::string::npos && arrow > i &&
         info.find_first_not_of("0123456789", i) == arrow;
}

/// Compares one capture; returns false when it cannot be aligned.
bool compare_capture(const fs::path& cap, Score& score,
                     std::vector<std::string>& mismatches) {
  const auto rows = read_tsv(cap.string() + ".tshark.tsv");
  char err[PCAP_ERRBUF_SIZE];
  pcap_t* pc = pcap_open_offline(cap.c_str(), err);
  if (!pc) return false;
  std::unique_ptr<pcap_t, void (*)(pcap_t*)> guard(pc, pcap_close);
  const uint32_t link = static_cast<uint32_t>(pcap_datalink(pc));

  Defragmenter defrag;
  Conversations convs;
  DecodedPacket p;
  TcpFrameAnalysis a;
  std::string info;
  std::vector<std::tuple<size_t, std::string, std::string>> local;
  size_t frame = 0;
  pcap_pkthdr* hdr;
  const u_char* data;
  while (pcap_next_ex(pc, &hdr, &data) == 1) {
    ++frame;
    Record rec;
    rec.link_type = link;
    rec.data = data;
    rec.caplen = hdr->caplen;
    rec.wire_len = hdr->len;
    rec.ts_ns = static_cast<int64_t>(hdr->ts.tv_sec) * 1'000'000'000 +
                static_cast<int64_t>(hdr->ts.tv_usec) * 1000;
    if (!decode_packet(rec, p, &defrag) || p.l4 != L4::Tcp || p.malformed)
      continue;
    convs.analyze(frame, rec.ts_ns, p, a);
    if (frame > rows.size() || rows[frame - 1].protocol != "TCP" ||
        !is_tcp_layer_info(rows[frame - 1].info))
      continue;
    format_tcp_info(p, a, info);
    local.emplace_back(frame, strip_app_note(rows[frame - 1].info), info);
  }
  // pcapng custom blocks are rows of their own in tshark: cannot align.
  if (frame != rows.size()) return false;
  for (auto& [no, want, got] : local) {
    ++score.compared;
    if (want == got) {
      ++score.agreed;
    } else {
      mismatches.push_back(cap.filename().string() + " #" + std::to_string(no) +
                           "\n  tshark: " + want + "\n  ours:   " + got);
    }
  }
  return true;
}

}  // namespace

TEST_CASE("TCP Info agrees with tshark on the shared corpus") {
  const auto files = test::shared_capture_files();
  Score total;
  std::vector<std::string> mismatches;
  for (const auto& cap : files) {
    if (!fs::exists(cap.string() + ".tshark.tsv")) continue;
    Score s;
    std::vector<std::string> local;
    if (!compare_capture(cap, s, local)) {
      std::cerr << "skip (frames do not align with tshark rows): "
                << cap.filename() << "\n";
      continue;
    }
    if (s.agreed != s.compared)
      std::cerr << cap.filename().string() << ": " << s.agreed << "/"
                << s.compared << "\n";
    total.compared += s.compared;
    total.agreed += s.agreed;
    mismatches.insert(mismatches.end(), local.begin(), local.end());
  }
  for (size_t i = 0; i < mismatches.size() && i < 60; ++i)
    std::cerr << mismatches[i] << "\n";
  const double ratio =
      total.compared ? double(total.agreed) / double(total.compared) : 1.0;
  std::cerr << "TCP Info agreement: " << total.agreed << "/" << total.compared
            << " (" << ratio * 100.0 << "%)\n";
  CHECK(total.compared > 1000);
  CHECK(ratio >= 0.995);  // measured: 2977 of 2981
}
