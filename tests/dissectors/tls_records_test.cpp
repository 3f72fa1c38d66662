// SPDX-License-Identifier: GPL-2.0-or-later
// The TLS record layer and handshake parser on real dialogs: the columns
// tshark writes, the events, fingerprints, and robustness.
#include <doctest/doctest.h>

#include <random>

#include "dissector_harness.hpp"
#include "tls/tls_hello.hpp"
#include "tls_dialogs.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

std::pair<std::string, std::string> column(const Recorded& r, uint64_t f) {
  auto it = r.frames.find(f);
  return it == r.frames.end() ? std::pair<std::string, std::string>{}
                              : it->second;
}

// Whether a step carries field `name` with `value`.
bool has_field(const Recorded& r, std::string_view name,
               std::string_view value) {
  for (const auto& e : r.events)
    for (const auto& f : e.fields)
      if (name == f.name && f.value == value) return true;
  return false;
}

std::string joined(const std::vector<Piece>& pieces, Direction d) {
  std::string s;
  for (const auto& p : pieces)
    if (p.dir == d) s += p.bytes;
  return s;
}

}  // namespace

TEST_CASE("TLS 1.2 handshake: tshark's columns without keys") {
  const Recorded r =
      run_dissector(registered("tls"), pieces_of(kIllustratedTls12));
  using P = std::pair<std::string, std::string>;
  CHECK(column(r, 1) == P{"TLSv1", "Client Hello"});
  CHECK(column(r, 2) ==
        P{"TLSv1.2",
          "Server Hello, Certificate, Server Key Exchange, Server Hello Done"});
  CHECK(column(r, 3) ==
        P{"TLSv1.2",
          "Client Key Exchange, Change Cipher Spec, Encrypted Handshake "
          "Message"});
  CHECK(column(r, 4) ==
        P{"TLSv1.2", "Change Cipher Spec, Encrypted Handshake Message"});
  CHECK(column(r, 5) == P{"TLSv1.2", "Application Data"});
  CHECK(column(r, 7) == P{"TLSv1.2", "Encrypted Alert"});
  CHECK(r.protocol == "TLS");
}

TEST_CASE("TLS 1.2 handshake: hello facts, JA3/JA3S as tshark computes them") {
  const Recorded r =
      run_dissector(registered("tls"), pieces_of(kIllustratedTls12));
  CHECK(has_field(r, "sni", "example.ulfheim.net"));
  // tshark 4.0's tls.handshake.ja3 and ja3s for this capture.
  CHECK(has_field(r, "ja3", "36d715579d31b7f031149c4560b5914f"));
  CHECK(has_field(r, "ja3s", "5a450169db1f168548fb87aa841fe743"));
  CHECK(has_field(r, "cipher_suite", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
  CHECK(has_field(r, "subject", "CN=example.ulfheim.net,C=US"));
}

TEST_CASE("TLS 1.3: version from supported_versions, encrypted flight") {
  const Recorded r =
      run_dissector(registered("tls"), pieces_of(kIllustratedTls13));
  using P = std::pair<std::string, std::string>;
  CHECK(column(r, 1) == P{"TLSv1", "Client Hello"});
  CHECK(column(r, 2).first == "TLSv1.3");
  CHECK(column(r, 2).second.rfind("Server Hello, Change Cipher Spec, "
                                  "Application Data",
                                  0) == 0);
  CHECK(has_field(r, "version", "TLS 1.3"));
  CHECK(has_field(r, "cipher_suite", "TLS_AES_256_GCM_SHA384"));
  // The ClientHello's legacy version says TLS 1.2; it offers TLS 1.3.
  CHECK(has_field(r, "offered_versions", "TLS 1.3"));
  CHECK(!has_field(r, "offered_versions", "TLS 1.2"));
  // tshark's tls.handshake.ja3_full for this ClientHello.
  tls::ClientHello ch;
  const std::string rec = unhex(kIllustratedTls13[0].hex);
  REQUIRE(tls::parse_client_hello(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(rec.data()) + 9,
                               rec.size() - 9),
      ch));
  CHECK(tls::ja3_string(ch) ==
        "771,4866-4867-4865-255,0-11-10-35-22-23-13-43-45-51,"
        "29-23-30-25-24-256-257-258-259-260,0-1-2");
  CHECK(ch.sni == "example.ulfheim.net");
  // JA4's ALPN part: first and last characters, or, when they are not
  // alphanumeric, the first and last hex digits of the value.
  CHECK(tls::ja4(ch).substr(0, 10) == "t13d041000");
  ch.alpn = {"h2"};
  CHECK(tls::ja4(ch).substr(8, 2) == "h2");
  ch.alpn = {"\xab\x01\xcd"};
  CHECK(tls::ja4(ch).substr(8, 2) == "ad");
}

TEST_CASE("SSLv2 hello, server hello and master key") {
  const Recorded r = run_dissector(registered("tls"), pieces_of(kSslv2Hello));
  using P = std::pair<std::string, std::string>;
  CHECK(column(r, 1) == P{"SSLv2", "Client Hello"});
  CHECK(column(r, 2) == P{"SSLv2", "Server Hello"});
  CHECK(column(r, 3) == P{"SSLv2", "Client Master Key"});
}

TEST_CASE("TLS: 1-byte pieces give the same facts as whole segments") {
  for (const auto* dialog :
       {&kIllustratedTls12, &kIllustratedTls13, &kSslv2Hello}) {
    const auto [whole, bytewise] =
        whole_and_bytewise(registered("tls"), pieces_of(*dialog));
    CHECK(!whole.empty());
    CHECK(whole == bytewise);
  }
}

TEST_CASE("TLS: several records per delivery, and records cut anywhere") {
  const auto pieces = pieces_of(kIllustratedTls12);
  const std::string c2s = joined(pieces, Direction::ClientToServer);
  const std::string s2c = joined(pieces, Direction::ServerToClient);
  // The whole server side in one delivery: every record read at once.
  Recorded one = run_dissector(
      registered("tls"), {{Direction::ClientToServer, c2s.substr(0, 170), 1},
                          {Direction::ServerToClient, s2c, 2}});
  CHECK(column(one, 2).second ==
        "Server Hello, Certificate, Server Key Exchange, Server Hello Done, "
        "Change Cipher Spec, Encrypted Handshake Message, Application Data");
  // Cut in the middle of the certificate record: the first piece completes
  // only the ServerHello, the second completes the rest of the flight.
  DissectorHarness h(registered("tls"));
  h.deliver(Direction::ServerToClient, s2c.substr(0, 100), 1);
  h.deliver(Direction::ServerToClient, s2c.substr(100, 400), 2);
  h.deliver(Direction::ServerToClient, s2c.substr(500), 3);
  CHECK(column(h.recorded(), 1).second == "Server Hello");
  CHECK(column(h.recorded(), 2).second.empty());
  CHECK(column(h.recorded(), 3).second ==
        "Certificate, Server Key Exchange, Server Hello Done, Change Cipher "
        "Spec, Encrypted Handshake Message, Application Data");
  CHECK(h.recorded().mid_pdu_frames.size() >= 2);
}

TEST_CASE("TLS: a handshake message split across records is reassembled") {
  // The ServerHello flight re-framed as 40-byte handshake records.
  const auto pieces = pieces_of(kIllustratedTls12);
  const std::string flight = joined(pieces, Direction::ServerToClient);
  std::string body;  // the handshake bytes of the first record
  size_t len =
      (static_cast<uint8_t>(flight[3]) << 8) | static_cast<uint8_t>(flight[4]);
  body = flight.substr(5, len);
  // The first record holds ServerHello only; append the next (certificate).
  const size_t second = 5 + len;
  len = (static_cast<uint8_t>(flight[second + 3]) << 8) |
        static_cast<uint8_t>(flight[second + 4]);
  body += flight.substr(second + 5, len);
  std::string reframed;
  for (size_t i = 0; i < body.size(); i += 40) {
    const std::string part = body.substr(i, 40);
    reframed += std::string("\x16\x03\x03", 3);
    reframed += static_cast<char>(part.size() >> 8);
    reframed += static_cast<char>(part.size() & 0xff);
    reframed += part;
  }
  const Recorded r = run_dissector(registered("tls"),
                                   {{Direction::ServerToClient, reframed, 1}});
  CHECK(column(r, 1).second.find("Server Hello, Certificate") == 0);
  CHECK(has_field(r, "subject", "CN=example.ulfheim.net,C=US"));
}

TEST_CASE("TLS: lying lengths, garbage and truncation never crash") {
  const auto base = pieces_of(kIllustratedTls12);
  std::mt19937 rng(5);
  for (int round = 0; round < 300; ++round) {
    auto pieces = base;
    for (auto& p : pieces) {
      for (int k = 0; k < 3 && !p.bytes.empty(); ++k)
        p.bytes[rng() % p.bytes.size()] = static_cast<char>(rng());
      if (rng() % 4 == 0) p.bytes.resize(rng() % (p.bytes.size() + 1));
    }
    const Recorded r = run_dissector(registered("tls"), pieces);
    CHECK(r.events.size() < 1000);
  }
  // A header that claims a 65 KB record is not TLS.
  const Recorded r = run_dissector(
      registered("tls"),
      {{Direction::ClientToServer,
        std::string("\x16\x03\x01\xff\xff", 5) + std::string(100, 'x'), 1}});
  CHECK(column(r, 1).second == "Ignored Unknown Record");
}

TEST_CASE("TLS: a gap loses sync until a segment starts with a record") {
  const auto pieces = pieces_of(kIllustratedTls12);
  DissectorHarness h(registered("tls"));
  h.deliver(Direction::ClientToServer, pieces[0].bytes, 1);
  h.gap(Direction::ServerToClient, 1000, 2);
  h.deliver(Direction::ServerToClient, pieces[1].bytes.substr(1000), 2);
  h.deliver(Direction::ServerToClient, pieces[3].bytes, 3);
  CHECK(column(h.recorded(), 2).second == ", Continuation Data");
  CHECK(column(h.recorded(), 3).second ==
        "Change Cipher Spec, Encrypted Handshake Message");
}
