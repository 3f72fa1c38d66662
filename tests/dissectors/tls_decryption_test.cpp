// SPDX-License-Identifier: GPL-2.0-or-later
// TLS decryption: the key log reader, the TLS 1.3 key schedule against
// RFC 8448, and on every keyed TLS capture the plaintext of each stream
// against tshark's (-o tls.keylog_file -z follow,tls,raw), byte for byte.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <sstream>

#include "test_support.hpp"
#include "tls/tls_crypto.hpp"
#include "tls/tls_dissector.hpp"
#include "tls_dialogs.hpp"
#include "tls_support.hpp"
#include "tracelab/capture.hpp"
#include "tracelab/pipeline.hpp"

using namespace tracelab;
using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

tls::Bytes bytes_of(const std::string& hex) {
  const std::string s = unhex(hex);
  return tls::Bytes(s.begin(), s.end());
}

// What a session's inner dissector received: the plaintext each way.
struct Plaintext {
  std::string dir[2];
};

class Collector final : public Dissector {
 public:
  explicit Collector(std::shared_ptr<Plaintext> p) : p_(std::move(p)) {}
  Consumed on_data(Direction d, std::span<const uint8_t> data,
                   const StreamClock&) override {
    p_->dir[static_cast<size_t>(d)].append(
        reinterpret_cast<const char*>(data.data()), data.size());
    return {data.size(), 0, false};
  }
  void on_gap(Direction, uint64_t, const StreamClock&) override {}
  void on_end(EndReason, const StreamClock&) override {}

 private:
  std::shared_ptr<Plaintext> p_;
};

// Our plaintext of every TLS session of `capture`, as unordered pairs.
std::vector<std::pair<std::string, std::string>> our_plaintext(
    const fs::path& capture, const std::vector<std::string>& keylogs) {
  std::vector<std::shared_ptr<Plaintext>> sessions;
  DissectorInfo tls = registered("tls");
  tls.make = [&sessions](DissectorOutput& out) {
    sessions.push_back(std::make_shared<Plaintext>());
    return make_tls_dissector(out,
                              std::make_unique<Collector>(sessions.back()));
  };
  const std::vector<DissectorInfo> registry = {tls};
  CaptureError err;
  auto src = open_capture_file(capture.string(), err);
  REQUIRE(src);
  PipelineOptions opt;
  opt.progress = false;
  opt.columns = false;
  opt.flow.registry = &registry;
  for (const auto& k : keylogs) opt.dissector_settings.keylogs.add(k);
  run_pipeline(*src, opt, nullptr, nullptr);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& s : sessions) {
    if (s->dir[0].empty() && s->dir[1].empty()) continue;
    out.emplace_back(std::min(s->dir[0], s->dir[1]),
                     std::max(s->dir[0], s->dir[1]));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// tshark's: one follow,tls,raw per TCP stream that carries TLS.
std::vector<std::pair<std::string, std::string>> tshark_plaintext(
    const fs::path& capture, const fs::path& keys) {
  const std::string base =
      "tshark -n -r " + sh_quote(capture.string()) +
      (keys.empty() ? std::string()
                    : " -o " + sh_quote("tls.keylog_file:" + keys.string()));
  std::istringstream ids(run_oracle(
      base + " -Y tls -T fields -e tcp.stream 2>/dev/null | sort -un",
      capture));
  std::string cmd = base + " -q";
  size_t n = 0;
  for (std::string id; std::getline(ids, id);)
    if (!id.empty()) {
      cmd += " -z follow,tls,raw," + id;
      ++n;
    }
  std::vector<std::pair<std::string, std::string>> out;
  if (!n) return out;
  std::istringstream in(run_oracle(cmd + " 2>/dev/null", capture));
  std::string line, a, b;
  bool inside = false;
  auto flush = [&] {
    if (!a.empty() || !b.empty())
      out.emplace_back(std::min(a, b), std::max(a, b));
    a.clear();
    b.clear();
  };
  while (std::getline(in, line)) {
    if (line.rfind("=====", 0) == 0) {
      if (inside) flush();
      inside = !inside;
      continue;
    }
    if (!inside || line.empty() || line.find(':') != std::string::npos)
      continue;
    if (line[0] == '\t')
      b += unhex(line.substr(1));
    else
      a += unhex(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("key log lines: labels, hex, comments, junk") {
  std::string_view label;
  tls::Bytes random, secret;
  CHECK(parse_keylog_line("CLIENT_RANDOM 0a0B ff00\r", label, random, secret));
  CHECK(label == "CLIENT_RANDOM");
  CHECK(random == tls::Bytes{0x0a, 0x0b});
  CHECK(secret == tls::Bytes{0xff, 0x00});
  CHECK_FALSE(parse_keylog_line("# comment", label, random, secret));
  CHECK_FALSE(
      parse_keylog_line("CLIENT_RANDOM 0g00 ff", label, random, secret));
  CHECK_FALSE(parse_keylog_line("CLIENT_RANDOM 000 ff", label, random, secret));
  CHECK_FALSE(
      parse_keylog_line("CLIENT_RANDOM 00 ff extra", label, random, secret));
  std::array<uint8_t, 32> cr{};
  cr[31] = 1;
  const std::string log = "junk\nCLIENT_RANDOM " + std::string(62, '0') +
                          "01 " + std::string(96, 'a') + "\nCLIENT_RANDOM " +
                          std::string(64, '0') + " " + std::string(96, 'b') +
                          "\n";
  KeyLog index;
  index.add(log);
  const auto s = index.find(cr);
  CHECK(s.master == tls::Bytes(48, 0xaa));
}

TEST_CASE("TLS 1.3 traffic keys from a secret (RFC 8448, simple 1-RTT)") {
  // The server handshake traffic secret and the key and IV derived from it.
  const tls::Bytes secret = bytes_of(
      "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38");
  CHECK(tls::hkdf_expand_label("SHA256", secret, "key", 16) ==
        bytes_of("3fce516009c21727d0f2e4e86ee403bc"));
  CHECK(tls::hkdf_expand_label("SHA256", secret, "iv", 12) ==
        bytes_of("5d313eb2671276ee13000b30"));
}

TEST_CASE("a wrong key never yields plaintext, and the session says why") {
  const auto files = tls_captures();
  REQUIRE_FALSE(files.empty());  // nothing to compare must not pass
  for (const auto& cap : files) {
    if (cap.filename() != "illustrated-tls13.pcap") continue;
    std::string keys = read_file(cap.string() + ".keys");
    for (char& c : keys)  // flip every secret's last digit
      if (c == '\n' && &c != keys.data())
        *(&c - 1) = *(&c - 1) == '0' ? '1' : '0';
    CHECK(our_plaintext(cap, {keys}).empty());
  }
}

TEST_CASE("every keyed TLS capture decrypts to tshark's plaintext") {
  const auto files = tls_captures();
  REQUIRE_FALSE(files.empty());  // nothing to compare must not pass
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  size_t captures = 0, streams = 0;
  for (const auto& cap : files) {
    const fs::path keys = cap.string() + ".keys";
    const bool keyed = fs::exists(keys);
    // pcapng files may carry their key log in a Decryption Secrets Block.
    if (!keyed && cap.extension() != ".pcapng") continue;
    const auto want = tshark_plaintext(cap, keyed ? keys : fs::path());
    if (want.empty()) continue;
    const auto got =
        our_plaintext(cap, keyed ? std::vector<std::string>{read_file(keys)}
                                 : std::vector<std::string>{});
    INFO(cap.filename().string());
    ++captures;
    CHECK(got.size() == want.size());
    CHECK(got == want);
    streams += want.size();
  }
  MESSAGE("decrypted " << streams << " streams in " << captures
                       << " keyed captures, equal to tshark's");
  // The keyed samples alone, or with the shared corpus's keyed captures.
  CHECK(captures >= (shared_captures().empty() ? 8u : 20u));
}
