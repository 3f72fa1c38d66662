// SPDX-License-Identifier: GPL-2.0-or-later
// The HTTP/2 dissector on a conversation built frame by frame: Info as
// tshark writes it (frame types with stream ids, ": GET /" once a header
// block is complete, the status with its reason phrase), request and
// response events, the body as an artifact, and the same facts whether the
// streams arrive whole or one byte at a time.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dissector_harness.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

std::string frame(uint8_t type, uint8_t flags, uint32_t sid,
                  const std::string& payload) {
  std::string f;
  const size_t n = payload.size();
  f += static_cast<char>(n >> 16);
  f += static_cast<char>(n >> 8);
  f += static_cast<char>(n);
  f += static_cast<char>(type);
  f += static_cast<char>(flags);
  f += static_cast<char>(sid >> 24);
  f += static_cast<char>(sid >> 16);
  f += static_cast<char>(sid >> 8);
  f += static_cast<char>(sid);
  return f + payload;
}

std::string bytes(std::initializer_list<int> v) {
  std::string s;
  for (int b : v) s += static_cast<char>(b);
  return s;
}

// RFC 7541 C.4.1 (a GET of http://www.example.com/, Huffman-coded) and
// C.6.1 (a 302 response), split where it makes CONTINUATION necessary.
const std::string kRequest =
    bytes({0x82, 0x86, 0x84, 0x41, 0x8c, 0xf1, 0xe3, 0xc2, 0xe5, 0xf2, 0x3a,
           0x6b, 0xa0, 0xab, 0x90, 0xf4, 0xff});
const std::string kResponse =
    bytes({0x48, 0x82, 0x64, 0x02, 0x58, 0x85, 0xae, 0xc3, 0x77, 0x1a, 0x4b,
           0x61, 0x96, 0xd0, 0x7a, 0xbe, 0x94, 0x10, 0x54, 0xd4, 0x44, 0xa8,
           0x20, 0x05, 0x95, 0x04, 0x0b, 0x81, 0x66, 0xe0, 0x82, 0xa6, 0x2d,
           0x1b, 0xff, 0x6e, 0x91, 0x9d, 0x29, 0xad, 0x17, 0x18, 0x63, 0xc7,
           0x8f, 0x0b, 0x97, 0xc8, 0xe9, 0xae, 0x82, 0xae, 0x43, 0xd3});

std::vector<Piece> conversation() {
  const auto c2s = Direction::ClientToServer;
  const auto s2c = Direction::ServerToClient;
  return {
      {c2s,
       std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") +
           frame(4, 0, 0, bytes({0, 1, 0, 0, 0x10, 0})) +
           frame(8, 0, 0, bytes({0, 0x0f, 0, 1})),
       1},
      {c2s,
       frame(1, 0x01, 1, kRequest.substr(0, 6)) +
           frame(9, 0x04, 1, kRequest.substr(6)),
       2},
      {s2c, frame(4, 0, 0, "") + frame(4, 1, 0, ""), 3},
      // Padded (2 bytes) with a priority field.
      {s2c,
       frame(1, 0x24 | 0x08, 1,
             bytes({2, 0, 0, 0, 0, 0x10}) + kResponse + bytes({0, 0})),
       4},
      {s2c,
       frame(0, 0, 1, "<html>") +
           frame(0, 0x09, 1, bytes({3}) + "</html>" + bytes({0, 0, 0})),
       5},
      {s2c, frame(6, 0, 0, "12345678") + frame(3, 0, 3, bytes({0, 0, 0, 8})),
       6},
  };
}

}  // namespace

TEST_CASE("HTTP/2 frames read as tshark lists them") {
  const Recorded r = run_dissector(registered("http2"), conversation());
  CHECK(r.protocol == "HTTP/2");
  const std::pair<uint64_t, std::string> want[] = {
      {1, "Magic, SETTINGS[0], WINDOW_UPDATE[0]"},
      // The fields a fragment completes describe its own frame; the
      // authority, cut by the fragment's end, is read with the next.
      {2, "HEADERS[1]: GET /, CONTINUATION[1]"},
      {3, "SETTINGS[0], SETTINGS[0]"},
      {4, "HEADERS[1]: 302 Found"},
      {5, "DATA[1], DATA[1]"},
      {6, "PING[0], RST_STREAM[3]"},
  };
  for (const auto& [no, info] : want) {
    INFO("frame " << no);
    REQUIRE(r.frames.count(no));
    CHECK(r.frames.at(no).first == "HTTP2");
    CHECK(r.frames.at(no).second == info);
  }
  const auto lines = r.event_lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "2 c2s request command=GET args=/ HTTP/2 text=www.example.com");
  CHECK(lines[1] == "4 s2c response code=302 text=Found");
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].kind == "http-body");
  CHECK(r.artifacts[0].name == "index.html");
  CHECK(r.artifact_bytes.begin()->second == "<html></html>");
}

TEST_CASE("HTTP/2 fed one byte at a time reports the same facts") {
  const auto [whole, bytewise] =
      whole_and_bytewise(registered("http2"), conversation());
  CHECK(whole == bytewise);
  CHECK(whole.size() >= 3);
}

TEST_CASE("HTTP/2 asks for a frame's exact length and marks it unfinished") {
  DissectorHarness h(registered("http2"));
  const std::string data = frame(0, 0, 1, std::string(100, 'x'));
  h.deliver(Direction::ServerToClient, data.substr(0, 4), 1);   // no length
  h.deliver(Direction::ServerToClient, data.substr(4, 40), 2);  // short
  h.deliver(Direction::ServerToClient, data.substr(44), 3);
  const Recorded& r = h.recorded();
  CHECK(r.mid_pdu_frames == std::vector<uint64_t>{1, 2});
  REQUIRE(r.frames.count(3));
  CHECK(r.frames.at(3).second == "DATA[1]");
}

TEST_CASE("HTTP/2 PUSH_PROMISE continues on its own stream") {
  // The promised request (stream 2) is sent on stream 1 and continued there.
  auto pieces = conversation();
  pieces.push_back(
      {Direction::ServerToClient,
       frame(5, 0, 1, bytes({0, 0, 0, 2}) + kRequest.substr(0, 6)) +
           frame(9, 0x04, 1, kRequest.substr(6)),
       7});
  const Recorded r = run_dissector(registered("http2"), pieces);
  REQUIRE(r.frames.count(7));
  CHECK(r.frames.at(7).second == "PUSH_PROMISE[1]: GET /, CONTINUATION[1]");
  const auto lines = r.event_lines();
  REQUIRE(lines.size() == 3);
  CHECK(lines[2] ==
        "7 s2c request command=GET args=/ HTTP/2 text=www.example.com "
        "note=promised by the server (push)");
}

TEST_CASE("HTTP/2 bodies come out with their content coding undone") {
  const auto c2s = Direction::ClientToServer;
  const auto s2c = Direction::ServerToClient;
  // ":status: 200" indexed, then "content-encoding: gzip" as a literal
  // without indexing (new name).
  const std::string block =
      bytes({0x88, 0x00, 16}) + "content-encoding" + bytes({4}) + "gzip";
  const std::string gz = bytes(
      {0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0xcb, 0x48,
       0xcd, 0xc9, 0xc9, 0xd7, 0x51, 0x28, 0xcf, 0x2f, 0xca, 0x49, 0xe1, 0xca,
       0xc0, 0xc9, 0x01, 0x00, 0xf0, 0x4c, 0xf9, 0xe6, 0x27, 0x00, 0x00, 0x00});
  const std::vector<Piece> pieces = {
      {c2s,
       std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") +
           frame(1, 0x05, 1, kRequest),
       1},
      {s2c, frame(1, 0x04, 1, block), 2},
      {s2c, frame(0, 0, 1, gz.substr(0, 10)) + frame(0, 1, 1, gz.substr(10)),
       3},
  };
  const Recorded r = run_dissector(registered("http2"), pieces);
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifact_bytes.begin()->second ==
        "hello, world\nhello, world\nhello, world\n");
  const auto [whole, bytewise] =
      whole_and_bytewise(registered("http2"), pieces);
  CHECK(whole == bytewise);
}
