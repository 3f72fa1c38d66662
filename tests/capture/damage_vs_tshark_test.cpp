// SPDX-License-Identifier: GPL-2.0-or-later
//
// Crafted damaged files read by tshark and by us: the same number of
// frames before the damage, and tshark complains exactly when we do.
#include <doctest/doctest.h>

#include <fstream>

#include "capture_builder.hpp"
#include "test_support.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

struct Case {
  std::string name;
  Bytes bytes;
};

std::vector<PcapRecord> good(size_t n) {
  std::vector<PcapRecord> v;
  for (size_t i = 0; i < n; ++i)
    v.push_back({uint32_t(i), 0, payload(60, uint8_t(i)), 0});
  return v;
}

// tshark's pcap reader guesses among pcap variants from the first records,
// so damage comes after ten good records, as it would in a real file.
std::vector<Case> pcap_cases() {
  std::vector<Case> out;
  Bytes f = pcap_file(good(11), false);
  f.erase(f.end() - 10, f.end());  // (resize() trips GCC 12's overflow check)
  out.push_back({"trunc.pcap", f});
  auto v = good(10);
  v.push_back({11, 0, payload(262145), 0});
  auto tail = good(10);
  v.insert(v.end(), tail.begin(), tail.end());
  out.push_back({"big.pcap", pcap_file(v, true, 0xa1b2c3d4, 0)});
  v = good(20);
  v[10].data = payload(200);
  out.push_back({"oversnap.pcap", pcap_file(v, false, 0xa1b2c3d4, 100)});
  v = good(20);
  v[10].wire_len = 40;
  out.push_back({"shortlen.pcap", pcap_file(v, false)});
  f = pcap_file(good(10), false);
  Bytes g(64, 0xee);
  f.insert(f.end(), g.begin(), g.end());
  out.push_back({"garbage.pcap", f});
  return out;
}

std::vector<Case> pcapng_cases() {
  std::vector<Case> out;
  auto start = [](bool be) {
    PcapngBuilder b(be);
    b.shb().idb(kLinkEthernet).epb(0, 1, payload(60));
    return b;
  };
  out.push_back({"badif.pcapng", start(false).epb(3, 1, payload(60)).bytes()});
  out.push_back(
      {"shortlen.pcapng", start(true).block(6, payload(60), 16).bytes()});
  out.push_back({"trailer.pcapng",
                 start(false).block(6, payload(60), std::nullopt, 4).bytes()});
  out.push_back(
      {"bigepb.pcapng", start(true).epb(0, 1, payload(262145)).bytes()});
  Bytes garbage;
  for (int i = 0; i < 200; ++i) garbage.push_back(uint8_t(i));
  out.push_back({"garbage.pcapng",
                 start(false).raw(garbage).epb(0, 1, payload(60)).bytes()});
  Bytes t = start(false).epb(0, 2, payload(60)).bytes();
  t.erase(t.end() - 10, t.end());
  out.push_back({"trunc.pcapng", t});
  out.push_back(
      {"unknown.pcapng",
       start(false).block(0x1234, payload(8)).epb(0, 1, payload(60)).bytes()});
  out.push_back({"oversnap.pcapng", PcapngBuilder()
                                        .shb()
                                        .idb(kLinkEthernet, 20)
                                        .epb(0, 1, payload(60))
                                        .epb(0, 1, payload(60))
                                        .bytes()});
  return out;
}

}  // namespace

TEST_CASE("crafted damage: same frames and same verdict as tshark") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  const auto dir = temp_dir("capture");
  auto cases = pcap_cases();
  for (auto& c : pcapng_cases()) cases.push_back(std::move(c));
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const auto path = dir / c.name;
    {
      std::ofstream out(path, std::ios::binary);
      out.write(reinterpret_cast<const char*>(c.bytes.data()),
                std::streamsize(c.bytes.size()));
    }
    int status = 0;
    const std::string out = run("tshark -n -r " + sh_quote(path.string()) +
                                    " -T fields -e frame.number 2>&1",
                                &status);
    size_t frames = 0;
    bool complained = false;
    size_t pos = 0;
    while (pos < out.size()) {
      size_t nl = out.find('\n', pos);
      if (nl == std::string::npos) nl = out.size();
      const std::string line = out.substr(pos, nl - pos);
      if (!line.empty() && line[0] >= '0' && line[0] <= '9') ++frames;
      if (line.find("damaged") != std::string::npos ||
          line.find("cut short") != std::string::npos)
        complained = true;
      pos = nl + 1;
    }
    ReadResult r = read_memory(c.bytes, c.name);
    CHECK(r.records.size() == frames);
    CHECK(r.error.has_value() == complained);
  }
}
