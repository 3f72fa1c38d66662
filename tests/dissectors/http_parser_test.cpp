// SPDX-License-Identifier: GPL-2.0-or-later
// HTTP/1.x: the parser pieces and the dissector on real dialogs (taken from
// the shared captures zeek-http-get, zeek-100-continue, the chunked sample
// and the redirect sample), whole and in 1-byte pieces.
#include <brotli/encode.h>
#include <doctest/doctest.h>
#include <zlib.h>

#include "content/http_body.hpp"
#include "dissector_harness.hpp"
#include "http/http_columns.hpp"
#include "http/http_syntax.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr Direction C2S = Direction::ClientToServer;
constexpr Direction S2C = Direction::ServerToClient;

struct Collect final : http::BodySink {
  std::string bytes;
  void body_bytes(std::span<const uint8_t> b) override {
    bytes.append(reinterpret_cast<const char*>(b.data()), b.size());
  }
};

std::span<const uint8_t> as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string gzip(std::string_view plain) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) ==
          Z_OK);
  std::string out(plain.size() + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  z.avail_in = static_cast<uInt>(plain.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// zeek-http-get.pcap, stream 0 (body shortened).
const std::string kGet =
    "GET /download/CHANGES.bro-aux.txt HTTP/1.1\r\n"
    "User-Agent: curl/7.29.0\r\nHost: www.bro.org\r\nAccept: */*\r\n\r\n";
const std::string kGetReply =
    "HTTP/1.1 200 OK\r\nDate: Fri, 07 Mar 2014 17:16:12 GMT\r\n"
    "Server: Apache/2.4.3 (Unix)\r\nLast-Modified: Wed, 29 Aug 2012 23:49:27 "
    "GMT\r\nContent-Length: 26\r\nContent-Type: text/plain; "
    "charset=UTF-8\r\n\r\n0.26 | 2012-08-24 15:10:04";

}  // namespace

TEST_CASE("HTTP start lines are recognised as tshark does") {
  CHECK(http::classify_start("GET / HTTP/1.1\r\n") == http::StartKind::Request);
  CHECK(http::classify_start("OPTIONS\nHost: x\n\n") ==
        http::StartKind::Request);
  CHECK(http::classify_start("CCM_POST / HTTP/1.") == http::StartKind::Request);
  CHECK(http::classify_start("HTTP/1.0 408 Request Time-out\r\n") ==
        http::StartKind::Response);
  // zeek-methods.pcap: no space after the method: not a request.
  CHECK(http::classify_start("GET/ HTTP/1.1\n") == http::StartKind::None);
  CHECK(http::classify_start("\xc3\x83\xc3\x82 / HTTP/1.1") ==
        http::StartKind::None);
  CHECK(http::find_head_end("GET / HTTP/1.1\nHost: a\n\nrest") == 24);
  CHECK(http::find_head_end("GET / HTTP/1.1\r\nHost: a\r\n") ==
        std::string_view::npos);
}

TEST_CASE("HTTP head fields") {
  http::MessageHead h;
  http::parse_head(kGetReply.substr(0, kGetReply.find("\r\n\r\n") + 4), h);
  CHECK_FALSE(h.request);
  CHECK(h.status == 200);
  CHECK(h.reason == "OK");
  CHECK(h.version == "HTTP/1.1");
  CHECK(h.content_length == 26);
  CHECK(http::media_type_of(h.content_type) == "text/plain");
  http::parse_head(
      "POST /x HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n"
      "Expect: 100-continue\r\n\r\n",
      h);
  CHECK(h.request);
  CHECK(h.method == "POST");
  CHECK(h.target == "/x");
  CHECK(h.chunked);
  CHECK(h.expect_continue);
}

TEST_CASE("chunked decoding with extensions and trailers, any piece size") {
  const std::string wire =
      "4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n"
      "Expires: never\r\n\r\nNEXT";
  for (size_t piece : {size_t{1}, size_t{3}, wire.size()}) {
    http::ChunkedDecoder d;
    Collect out;
    size_t used = 0;
    while (used < wire.size() && !d.done()) {
      const auto part =
          as_bytes(wire).subspan(used, std::min(piece, wire.size() - used));
      used += d.feed(part, out);
    }
    CHECK(d.done());
    CHECK(out.bytes == "Wikipedia in\r\n\r\nchunks.");
    CHECK(d.trailer_lines() == 1);
    CHECK(wire.substr(used) == "NEXT");
  }
  http::ChunkedDecoder bad;
  Collect out;
  bad.feed(as_bytes("zz\r\n"), out);
  CHECK(bad.broken());
}

TEST_CASE("Content-Encoding gzip and deflate are undone") {
  const std::string plain(5000, 'x');
  const std::string gz = gzip(plain);
  http::ContentDecoder d("gzip");
  Collect out;
  for (char c : gz) d.feed(as_bytes(std::string_view(&c, 1)), out);
  CHECK(out.bytes == plain);
  CHECK(d.error().empty());

  http::ContentDecoder junk("gzip");
  Collect none;
  junk.feed(as_bytes("not gzip at all"), none);
  CHECK_FALSE(junk.error().empty());

  http::ContentDecoder multi("identity, gzip, gzip");
  CHECK_FALSE(multi.understood());
}

std::string brotli(std::string_view plain) {
  std::string out(BrotliEncoderMaxCompressedSize(plain.size()), '\0');
  size_t n = out.size();
  REQUIRE(BrotliEncoderCompress(
              BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
              plain.size(), reinterpret_cast<const uint8_t*>(plain.data()), &n,
              reinterpret_cast<uint8_t*>(out.data())) == BROTLI_TRUE);
  out.resize(n);
  return out;
}

TEST_CASE("Content-Encoding br is undone, byte by byte, and damage is named") {
  std::string plain;
  for (int i = 0; i < 4000; ++i) plain += "line " + std::to_string(i) + "\n";
  const std::string br = brotli(plain);
  REQUIRE(br.size() < plain.size() / 4);
  http::ContentDecoder d("br");
  CHECK(d.understood());
  CHECK(d.decoding());
  Collect out;
  for (char c : br) d.feed(as_bytes(std::string_view(&c, 1)), out);
  CHECK(out.bytes == plain);
  CHECK(d.error().empty());
  CHECK(d.produced() == plain.size());

  // A body labelled br that is not brotli.  (Brotli has no checksum:
  // damage inside a valid stream can decode to other bytes unnoticed.)
  http::ContentDecoder bad("BR");
  Collect none;
  bad.feed(as_bytes("not brotli at all, surely"), none);
  CHECK(bad.error().find("brotli data corrupt after") == 0);
  CHECK(bad.error().find("PADDING") != std::string::npos);
}

TEST_CASE("a br response body is stored decoded, fed whole or byte by byte") {
  const std::string plain = "<html>" + std::string(3000, 'b') + "</html>";
  const std::string br = brotli(plain);
  const std::vector<Piece> dialog = {
      {C2S, "GET /b HTTP/1.1\r\nHost: h\r\nAccept-Encoding: br\r\n\r\n", 1},
      {S2C,
       "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Type: "
       "text/html\r\nContent-Length: " +
           std::to_string(br.size()) + "\r\n\r\n" + br,
       2},
  };
  const auto [whole, bytewise] = whole_and_bytewise(registered("http"), dialog);
  CHECK(whole == bytewise);
  const Recorded r = run_dissector(registered("http"), dialog);
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifact_bytes.begin()->second == plain);
}

TEST_CASE("Info columns as tshark writes them") {
  using http::message_columns;
  CHECK(message_columns("GET / HTTP/1.1", "", "", 0).info == "GET / HTTP/1.1 ");
  CHECK(message_columns("HTTP/1.1 301 Moved Permanently", "text/html", "<h", 2)
            .info == "HTTP/1.1 301 Moved Permanently  (text/html)");
  CHECK(message_columns("HTTP/1.1 200 OK", "image/png", "GIF89a..", 8).info ==
        "HTTP/1.1 200 OK  (GIF89a)");
  const auto json =
      message_columns("HTTP/1.1 200 OK", "application/json", "{}", 2);
  CHECK(json.protocol == "HTTP/JSON");
  CHECK(json.info ==
        "HTTP/1.1 200 OK , JavaScript Object Notation (application/json)");
  CHECK(message_columns("HTTP/1.1 200 OK", "text/xml", "<a/>", 4).protocol ==
        "HTTP/XML");
  CHECK(http::start_segment_info("HTTP/1.1 200 OK") ==
        "HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]");
}

TEST_CASE("a GET and its response: events, artifact, columns") {
  std::vector<Piece> dialog;
  dialog.push_back(Piece{C2S, kGet, 4});
  dialog.push_back(Piece{S2C, kGetReply.substr(0, 200), 6});
  dialog.push_back(Piece{S2C, kGetReply.substr(200), 9});
  const Recorded r = run_dissector(registered("http"), dialog);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].kind == StepKind::Request);
  CHECK(r.events[0].command == "GET");
  CHECK(r.events[0].args == "/download/CHANGES.bro-aux.txt HTTP/1.1");
  CHECK(r.events[1].kind == StepKind::Response);
  CHECK(r.events[1].code == 200);
  CHECK(r.events[1].text == "OK");
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].kind == "http-body");
  CHECK(r.artifacts[0].name == "CHANGES.bro-aux.txt");
  CHECK(r.artifacts[0].media_type == "text/plain");
  CHECK(r.artifacts[0].size == 26);
  CHECK(r.frames.at(4).second == "GET /download/CHANGES.bro-aux.txt HTTP/1.1 ");
  CHECK(r.frames.at(6).first == "TCP");
  CHECK(r.frames.at(6).second ==
        "HTTP/1.1 200 OK  [TCP segment of a reassembled PDU]");
  CHECK(r.frames.at(9).second == "HTTP/1.1 200 OK  (text/plain)");
  CHECK(r.mid_pdu_frames == std::vector<uint64_t>{6});
}

TEST_CASE("keep-alive, chunked with trailer, HEAD, 304, 100 Continue") {
  const std::vector<Piece> dialog = {
      {C2S,
       "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n"
       "Expect: 100-continue\r\n\r\n",
       1},
      {S2C, "HTTP/1.1 100 Continue\r\n\r\n", 2},
      {C2S, "hello", 3},
      {S2C,
       "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n"
       "Content-Type: text/plain\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n",
       4},
      {C2S,
       "HEAD /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: "
       "h\r\nIf-None-Match: x\r\n\r\n",
       5},
      {S2C, "HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n", 6},
      {S2C, "HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n", 7},
      {C2S, "GET /c HTTP/1.1\r\nHost: h\r\n\r\n", 8},
      {S2C,
       "HTTP/1.1 302 Found\r\nLocation: https://h/c\r\n"
       "Content-Length: 0\r\n\r\n",
       9},
  };
  const Recorded r = run_dissector(registered("http"), dialog);
  std::vector<std::string> kinds;
  for (const auto& e : r.events)
    if (e.kind == StepKind::Request || e.kind == StepKind::Response)
      kinds.push_back(std::string(step_kind_name(e.kind)) + " " +
                      (e.command.empty() ? std::to_string(e.code) : e.command));
  CHECK(kinds == std::vector<std::string>{
                     "request POST", "response 100", "response 201",
                     "request HEAD", "request GET", "response 200",
                     "response 304", "request GET", "response 302"});
  // The 302 to https:// on the same host is the lecture's step: it names
  // where, answers its request and waits for the HTTPS connection.
  CHECK(r.events.back().field("location") == "https://h/c");
  CHECK(r.events.back().outcome == Outcome::Intermediate);
  REQUIRE(r.events.back().answers >= 0);
  CHECK(r.events[static_cast<size_t>(r.events.back().answers)].args ==
        "/c HTTP/1.1");
  REQUIRE(r.awaiting.size() == 1);
  CHECK(r.awaiting[0].key == "https:h");
  CHECK(r.awaiting[0].finding.id == std::string("http-redirect-not-followed"));
  REQUIRE(r.artifacts.size() == 2);
  CHECK(r.artifact_bytes.at(1) == "hello");
  CHECK(r.artifact_bytes.at(2) == "abc");
  CHECK(r.frames.at(3).second == "POST /upload HTTP/1.1 ");
  CHECK(r.frames.at(6).second == "HTTP/1.1 200 OK ");
}

TEST_CASE("HTTP fed in 1-byte pieces gives the same facts as fed whole") {
  const std::string gz = gzip("{\"gzipped\": true}");
  const std::vector<Piece> dialog = {
      {C2S, kGet, 1},
      {S2C, kGetReply, 2},
      {C2S, "GET /gzip HTTP/1.1\r\nHost: h\r\n\r\n", 3},
      {S2C,
       "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: "
       "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
           [&] {
             char size[16];
             std::snprintf(size, sizeof size, "%zx\r\n", gz.size());
             return std::string(size) + gz + "\r\n0\r\n\r\n";
           }(),
       4},
      {C2S, "GET /u HTTP/1.1\r\nUpgrade: websocket\r\n\r\n", 5},
      {S2C,
       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n"
       "\x81\x05hello",
       6},
  };
  const auto [whole, bytewise] = whole_and_bytewise(registered("http"), dialog);
  CHECK(whole.size() > 6);
  CHECK(whole == bytewise);
  const Recorded r = run_dissector(registered("http"), dialog);
  REQUIRE(r.artifacts.size() == 2);
  CHECK(r.artifact_bytes.at(2) == "{\"gzipped\": true}");
}

TEST_CASE("a gap inside a body: the artifact says what is missing") {
  DissectorHarness h(registered("http"));
  h.deliver(S2C, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", 1);
  h.gap(S2C, 4, 2);
  h.deliver(S2C, "def", 3);
  h.deliver(S2C, "HTTP/1.1 204 No Content\r\n\r\n", 4);
  h.end(EndReason::Fin, 5);
  const Recorded& r = h.recorded();
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].note == "truncated: 4 bytes missing");
  CHECK(r.frames.at(4).second == "HTTP/1.1 204 No Content ");
}

TEST_CASE("WebSocket after a 101: frames named as tshark names them") {
  // A masked text frame from the client, a 300-byte binary frame (16-bit
  // length) from the server, and the closing handshake.
  std::string masked = "\x81\x85";
  const char key[4] = {0x11, 0x22, 0x33, 0x44};
  masked.append(key, 4);
  const std::string hello = "Hello";
  for (size_t i = 0; i < hello.size(); ++i) masked += hello[i] ^ key[i % 4];
  std::string binary = "\x82\x7e\x01\x2c";
  binary += std::string(300, 'b');
  const std::vector<Piece> dialog = {
      {C2S,
       "GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\n"
       "Connection: Upgrade\r\n\r\n",
       1},
      {S2C,
       "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
       "Connection: Upgrade\r\n\r\n",
       2},
      {C2S, masked, 3},
      {S2C, binary.substr(0, 100), 4},
      {S2C, binary.substr(100), 5},
      {C2S, std::string("\x88\x80\0\0\0\0", 6), 6},
      {S2C, std::string("\x88\x00", 2), 7},
  };
  const auto [whole, bytewise] = whole_and_bytewise(registered("http"), dialog);
  CHECK(whole == bytewise);
  const Recorded r = run_dissector(registered("http"), dialog);
  CHECK(r.frames.at(3) == std::pair<std::string, std::string>(
                              "WebSocket", "WebSocket Text [FIN] [MASKED]"));
  CHECK(r.frames.count(4) == 0);  // the binary frame is not complete yet
  CHECK(r.frames.at(5).second == "WebSocket Binary [FIN]");
  CHECK(r.frames.at(6).second == "WebSocket Connection Close [FIN] [MASKED]");
  CHECK(r.frames.at(7).second == "WebSocket Connection Close [FIN]");
  const auto lines = r.event_lines();
  bool text = false, bin = false;
  for (const auto& l : lines) {
    text = text || l.find("websocket command=Text args=5 bytes text=Hello") !=
                       std::string::npos;
    bin = bin || l.find("websocket command=Binary args=300 bytes") !=
                     std::string::npos;
  }
  INFO(lines.size());
  CHECK(text);
  CHECK(bin);
}

TEST_CASE("a request body cut short by a 101 is closed as truncated") {
  // The client is still sending its body when the server switches
  // protocols: the body ends there, with a note saying why.
  DissectorHarness h(registered("http"));
  h.deliver(C2S,
            "POST /up HTTP/1.1\r\nUpgrade: websocket\r\n"
            "Content-Length: 100\r\n\r\nabc",
            1);
  h.deliver(
      S2C, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", 2);
  h.end(EndReason::Fin, 3);
  const Recorded& r = h.recorded();
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].note == "truncated: the connection left HTTP first");
  CHECK(r.artifact_bytes.begin()->second == "abc");
}

namespace {
struct Count final : http::BodySink {
  uint64_t bytes = 0;
  bool all_zero = true;
  void body_bytes(std::span<const uint8_t> b) override {
    bytes += b.size();
    for (uint8_t c : b) all_zero = all_zero && c == 0;
  }
};
}  // namespace

TEST_CASE(
    "a compression bomb stops at the ratio bound, ordinary text does not") {
  // 64 MiB of zeros: gzip (deflate at best ~1032:1) makes it ~64 kB.
  const std::string zeros(64u << 20, '\0');
  const std::string bomb = gzip(zeros);
  REQUIRE(bomb.size() < zeros.size() / 900);
  http::ContentDecoder d("gzip");
  Count out;
  for (size_t at = 0; at < bomb.size(); at += 1460)
    d.feed(as_bytes(std::string_view(bomb).substr(at, 1460)), out);
  CHECK(d.error().empty());
  CHECK(d.limit_note().find("truncated: decoding stopped at ") == 0);
  CHECK(d.limit_note().find("compression ratio over 1000:1") !=
        std::string::npos);
  CHECK(out.all_zero);
  CHECK(out.bytes == d.produced());
  // Stopped where the ratio was crossed: far short of 64 MiB, yet past the
  // first MiB that is never judged.
  CHECK(out.bytes >= (1u << 20));
  CHECK(out.bytes <= bomb.size() * 1000);
  CHECK(out.bytes < zeros.size() / 2);

  // A log of 4 MiB compresses far less than 1000:1: decoded whole.
  std::string log;
  for (int i = 0; log.size() < (4u << 20); ++i)
    log += "GET /index.html 200 " + std::to_string(i * 7919 % 100003) + "\n";
  http::ContentDecoder ok("gzip");
  Count all;
  ok.feed(as_bytes(gzip(log)), all);
  CHECK(ok.limit_note().empty());
  CHECK(all.bytes == log.size());

  // The size bound, set low for the test.
  http::DecodeLimits small;
  small.max_output = 100000;
  http::ContentDecoder capped("gzip", small);
  Count part;
  capped.feed(as_bytes(gzip(log)), part);
  CHECK(part.bytes == 100000);
  CHECK(capped.limit_note() ==
        "truncated: decoding stopped at 100000 bytes: decoded size over "
        "100000 bytes");
}
