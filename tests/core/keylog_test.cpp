// SPDX-License-Identifier: GPL-2.0-or-later
//
// The key-log index against a generated log whose every line the test
// knows (the oracle is the generator's own table, not the parser): many
// client randoms, TLS 1.2 and 1.3 labels, comments, CRLF ends, junk and
// repeated lines whose first secret must win; and the file reader's bound
// and errors.
#include "tracelab/keylog.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <random>

#include "test_support.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

using Random = std::array<uint8_t, 32>;
using Bytes = std::vector<uint8_t>;

std::string hex(const uint8_t* p, size_t n) {
  static const char d[] = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) s += d[p[i] >> 4], s += d[p[i] & 15];
  return s;
}

// A key log of `sessions` client randoms and what it must yield for each.
struct Generated {
  std::string text;
  std::map<Random, SessionSecrets> expected;
};

Generated generate(int sessions, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto bytes = [&](size_t n) {
    Bytes b(n);
    for (auto& x : b) x = static_cast<uint8_t>(rng());
    return b;
  };
  Generated g;
  g.text = "# SSL/TLS secrets log file, generated\n";
  for (int i = 0; i < sessions; ++i) {
    Random r;
    const Bytes rb = bytes(32);
    std::copy(rb.begin(), rb.end(), r.begin());
    const std::string rh = hex(r.data(), r.size());
    SessionSecrets& s = g.expected[r];
    auto line = [&](const char* label, Bytes& slot, size_t n) {
      slot = bytes(n);
      // Every seventh line ends in CRLF, as a log written on Windows.
      g.text += std::string(label) + " " + rh + " " +
                hex(slot.data(), slot.size()) + (i % 7 ? "\n" : "\r\n");
    };
    if (i % 2) {
      line("CLIENT_RANDOM", s.master, 48);
    } else {
      const size_t n = i % 4 ? 48 : 32;  // SHA-384 and SHA-256 suites
      line("CLIENT_HANDSHAKE_TRAFFIC_SECRET", s.client_hs, n);
      line("SERVER_HANDSHAKE_TRAFFIC_SECRET", s.server_hs, n);
      line("CLIENT_TRAFFIC_SECRET_0", s.client_app, n);
      line("SERVER_TRAFFIC_SECRET_0", s.server_app, n);
      if (i % 10 == 0) line("CLIENT_EARLY_TRAFFIC_SECRET", s.client_early, n);
      g.text += "EXPORTER_SECRET " + rh + " " + hex(bytes(n).data(), n) + "\n";
    }
    if (i % 5 == 0) {  // logged again later: the first secret stays
      const Bytes again = bytes(48);
      g.text += "CLIENT_RANDOM " + rh + " " + hex(again.data(), 48) + "\n";
      if (s.master.empty()) s.master = again;  // a TLS 1.3 random's first
      if (i % 2) continue;
      g.text += "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + rh + " " +
                hex(bytes(32).data(), 32) + "\n";
    }
    if (i % 11 == 0) {  // junk that must not count
      g.text += "CLIENT_RANDOM " + rh.substr(2) + " " + rh + "\n";  // 31 bytes
      g.text += "CLIENT_RANDOM " + rh + " zz" + rh + "\n";
      g.text += "CLIENT_RANDOM " + rh + " " + rh + " extra\n";
      g.text += "not a key log line at all\n\n";
    }
  }
  return g;
}

// Every random of `g` yields exactly the secrets logged first for it.
void check_all(const KeyLog& log, const Generated& g) {
  size_t checked = 0;
  for (const auto& [random, want] : g.expected) {
    const SessionSecrets got = log.find(random);
    CHECK(got.client_hs == want.client_hs);
    CHECK(got.server_hs == want.server_hs);
    CHECK(got.client_app == want.client_app);
    CHECK(got.server_app == want.server_app);
    CHECK(got.client_early == want.client_early);
    CHECK(got.master == want.master);
    ++checked;
  }
  CHECK(checked == g.expected.size());
  CHECK(log.randoms() == g.expected.size());
  CHECK(log.find(Random{}).master.empty());
}

std::filesystem::path write(const std::filesystem::path& dir,
                            const std::string& name, const std::string& text) {
  const auto p = dir / name;
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

}  // namespace

TEST_CASE("a generated key log of many lines: every random, every label") {
  const Generated g = generate(20000, 1);
  KeyLog log;
  CHECK_FALSE(log.given());
  log.add(g.text);
  CHECK(log.given());
  check_all(log, g);
}

TEST_CASE("logs added one after another equal one log of both texts") {
  const Generated a = generate(3000, 3), b = generate(3000, 4);
  KeyLog whole, first, second;
  whole.add(a.text + b.text);
  first.add(a.text);
  second.add(b.text);
  KeyLog merged = first;  // a copy shares, then writes its own
  merged.add(second);
  for (const auto* g : {&a, &b})
    for (const auto& [random, want] : g->expected) {
      const SessionSecrets w = whole.find(random), m = merged.find(random);
      CHECK(w.master == m.master);
      CHECK(w.client_hs == m.client_hs);
      CHECK(w.server_app == m.server_app);
    }
  CHECK(merged.randoms() == 6000);
  CHECK(first.randoms() == 3000);  // the copy's additions stay its own
  check_all(first, a);
}

TEST_CASE("the first log given wins over a later one for the same random") {
  Random r{};
  r[0] = 0xab;
  const std::string rh = hex(r.data(), r.size());
  KeyLog log;
  log.add("CLIENT_RANDOM " + rh + " " + std::string(96, '1'));
  log.add("CLIENT_RANDOM " + rh + " " + std::string(96, '2') + "\n");
  CHECK(log.find(r).master == Bytes(48, 0x11));
  KeyLog empty;
  empty.add("");
  CHECK(empty.given());  // given, even if it holds nothing
  CHECK(empty.randoms() == 0);
}

TEST_CASE("a key log file is read in chunks: lines across them are whole") {
  // About 9 MB: many 1 MiB chunk boundaries fall inside lines.
  const Generated g = generate(25000, 5);
  REQUIRE(g.text.size() > (4u << 20));
  const auto dir = temp_dir("keylog");
  const auto path = write(dir, "k.keys", g.text);
  KeyLog log;
  std::string error;
  REQUIRE(read_keylog_file(path.string(), log, error));
  CHECK(error.empty());
  check_all(log, g);
}

TEST_CASE("an overlong line is skipped and the lines after it are read") {
  Random r{};
  r[5] = 7;
  const std::string good =
      "CLIENT_RANDOM " + hex(r.data(), r.size()) + " " + std::string(96, 'c');
  const auto dir = temp_dir("keylog");
  const auto path =
      write(dir, "long.keys", std::string(3u << 20, 'x') + "\n" + good + "\n");
  KeyLog log;
  std::string error;
  REQUIRE(read_keylog_file(path.string(), log, error));
  CHECK(log.find(r).master == Bytes(48, 0xcc));
  CHECK(log.randoms() == 1);
}

TEST_CASE("a key log over the bound is refused whole, naming the file") {
  const Generated g = generate(100, 6);
  const auto dir = temp_dir("keylog");
  const auto path = write(dir, "big.keys", g.text);
  KeyLog log;
  std::string error;
  CHECK_FALSE(read_keylog_file(path.string(), log, error, g.text.size() - 1));
  CHECK(error.find(path.string()) != std::string::npos);
  CHECK(error.find("larger than") != std::string::npos);
  CHECK_FALSE(log.given());  // nothing of it was kept
  CHECK(log.randoms() == 0);
  error.clear();
  CHECK(read_keylog_file(path.string(), log, error, g.text.size()));
  check_all(log, g);
}

TEST_CASE("an endless key log (/dev/zero) stops at the bound") {
  KeyLog log;
  std::string error;
  CHECK_FALSE(read_keylog_file("/dev/zero", log, error, 8u << 20));
  CHECK(error.find("/dev/zero") != std::string::npos);
  CHECK_FALSE(log.given());
}

TEST_CASE("an unreadable key log is an error naming it and why") {
  const auto dir = temp_dir("keylog");
  KeyLog log;
  std::string error;
  const std::string missing = (dir / "missing.keys").string();
  CHECK_FALSE(read_keylog_file(missing, log, error));
  CHECK(error.find(missing) != std::string::npos);
  CHECK(error.find("No such file") != std::string::npos);
  error.clear();
  CHECK_FALSE(read_keylog_file(dir.string(), log, error));  // a directory
  CHECK(error.find(dir.string()) != std::string::npos);
  CHECK(error.find("directory") != std::string::npos);
  CHECK_FALSE(log.given());
}
