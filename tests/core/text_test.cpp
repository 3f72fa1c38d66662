// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracelab/text.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tracelab/decode.hpp"
#include "tracelab/session.hpp"

using namespace tracelab;

TEST_CASE("display text escapes control bytes and malformed UTF-8") {
  std::string out;
  append_display_text(out, std::string_view("a\x1b[31mb\\\xff", 9));
  CHECK(out == "a\\x1b[31mb\\\\\\xff");
  out.clear();
  append_display_text(out, "Привет");  // well-formed Cyrillic passes through
  CHECK(out == "Привет");
  out.clear();
  append_display_text(out, "\xc2\x9b");  // C1 CSI is a terminal control
  CHECK(out == "\\xc2\\x9b");
  out.clear();
  append_display_text(out, "\xed\xa0\x80");  // a UTF-16 surrogate: malformed
  CHECK(out == "\\xed\\xa0\\x80");
}

TEST_CASE("JSON text is always valid JSON and UTF-8") {
  const std::string nasty("q\"\\\n\x01\xc3\x28\xe2\x82\xac", 10);
  std::string doc = "{\"s\":";
  append_json_string(doc, nasty);
  doc += "}";
  nlohmann::json j;
  REQUIRE_NOTHROW(j = nlohmann::json::parse(doc));
  CHECK(j["s"].get<std::string>() == "q\"\\\n\x01\\xc3(\xe2\x82\xac");
}

TEST_CASE("JSON text: every byte needing escape is found at every place") {
  // The plain-text scan reads eight bytes at a time: put each byte value
  // at every offset of a 24-byte run of plain text, and check with an
  // independent parser that the JSON string says exactly the input (bytes
  // that are not UTF-8 become the text "\xNN", as append_display_text).
  for (int c = 0; c < 256; ++c) {
    for (size_t at = 0; at < 24; ++at) {
      std::string text(24, 'a');
      text[at] = static_cast<char>(c);
      std::string doc = "[";
      append_json_string(doc, text);
      doc += "]";
      nlohmann::json j;
      REQUIRE_NOTHROW(j = nlohmann::json::parse(doc));
      std::string want = text;
      if (c >= 0x80) {
        std::string shown;
        append_display_text(shown, std::string(1, static_cast<char>(c)));
        want = std::string(at, 'a') + shown + std::string(23 - at, 'a');
      }
      CAPTURE(c);
      CAPTURE(at);
      CHECK(j[0].get<std::string>() == want);
      CHECK(doc.find('\x7f') == std::string::npos);  // DEL goes escaped
    }
  }
}

TEST_CASE("numbers and seconds") {
  std::string out;
  append_seconds_ns(out, 73000);
  CHECK(out == "0.000073000");
  out.clear();
  append_seconds_ns(out, -1'500'000'000, 6);
  CHECK(out == "-1.500000");
  out.clear();
  append_int(out, -42);
  append_uint(out, 18446744073709551615ull);
  CHECK(out == "-4218446744073709551615");
  out.clear();
  for (uint64_t v : {0ull, 9ull, 10ull, 99ull, 100ull, 1000ull, 65535ull}) {
    append_uint(out, v);
    out.push_back(',');
  }
  CHECK(out == "0,9,10,99,100,1000,65535,");
}

TEST_CASE("addresses print as Wireshark prints them") {
  IpAddr a;
  a.family = 6;
  a.bytes = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  CHECK(a.to_string() == "2001:db8::1");
  a.bytes = {0xfe, 0x80, 0,    0,    0,    0,    0, 0,
             0x02, 0x1b, 0x21, 0xff, 0xfe, 0x3a, 0, 0};
  CHECK(a.to_string() == "fe80::21b:21ff:fe3a:0");
  a.bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  CHECK(a.to_string() == "::");
  a.bytes = {0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3};
  CHECK(a.to_string() == "1:0:2::3");
  a.bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1};
  CHECK(a.to_string() == "::ffff:10.0.0.1");
  IpAddr v4;
  v4.family = 4;
  v4.bytes[0] = 192, v4.bytes[1] = 168, v4.bytes[2] = 0, v4.bytes[3] = 27;
  CHECK(v4.to_string() == "192.168.0.27");
  Endpoint e{a, 443};
  CHECK(e.to_string() == "[::ffff:10.0.0.1]:443");
}

TEST_CASE("JSON arrays of strings and of numbers") {
  std::string o;
  append_json_string_array(o, std::vector<std::string>{});
  append_json_uint_array(o, std::vector<uint64_t>{});
  CHECK(o == "[][]");
  o.clear();
  append_json_string_array(o, std::vector<std::string>{"a\"b", "c"});
  append_json_uint_array(o, std::vector<uint64_t>{3, 18446744073709551615ull});
  CHECK(o == "[\"a\\\"b\",\"c\"][3,18446744073709551615]");
}
