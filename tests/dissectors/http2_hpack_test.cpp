// SPDX-License-Identifier: GPL-2.0-or-later
// HPACK against the examples of RFC 7541 Appendix C: integers, Huffman
// strings, and header blocks decoded in sequence with the dynamic table
// (its size and eviction) checked after each.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "http2/hpack.hpp"

using tracelab::http2::HeaderField;
using tracelab::http2::HpackDecoder;

namespace {

std::vector<uint8_t> hex(std::string_view h) {
  std::vector<uint8_t> out;
  int nibble = -1;
  for (char c : h) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (v < 0) continue;
    if (nibble < 0) {
      nibble = v;
    } else {
      out.push_back(static_cast<uint8_t>(nibble << 4 | v));
      nibble = -1;
    }
  }
  return out;
}

std::string lines(const std::vector<HeaderField>& h) {
  std::string s;
  for (const auto& f : h) s += f.name + ": " + f.value + "\n";
  return s;
}

std::string decode(HpackDecoder& d, std::string_view block) {
  std::vector<HeaderField> out;
  const auto bytes = hex(block);
  REQUIRE(d.decode(bytes, out));
  return lines(out);
}

}  // namespace

TEST_CASE("HPACK integers (RFC 7541 C.1)") {
  uint64_t v = 0;
  size_t pos = 0;
  const std::vector<uint8_t> ten = {0x0a};
  CHECK(tracelab::http2::decode_integer(ten, pos, 5, v));
  CHECK(v == 10);
  pos = 0;
  const std::vector<uint8_t> big = {0x1f, 0x9a, 0x0a};
  CHECK(tracelab::http2::decode_integer(big, pos, 5, v));
  CHECK(v == 1337);
  CHECK(pos == 3);
  pos = 0;
  const std::vector<uint8_t> octet = {0x2a};
  CHECK(tracelab::http2::decode_integer(octet, pos, 8, v));
  CHECK(v == 42);
  pos = 0;
  const std::vector<uint8_t> cut = {0x1f, 0x9a};
  CHECK_FALSE(tracelab::http2::decode_integer(cut, pos, 5, v));
}

TEST_CASE("HPACK literal fields (RFC 7541 C.2)") {
  HpackDecoder d;
  CHECK(decode(d,
               "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 "
               "6164 6572") == "custom-key: custom-header\n");
  CHECK(d.table_size() == 55);
  HpackDecoder d2;
  CHECK(decode(d2, "040c 2f73 616d 706c 652f 7061 7468") ==
        ":path: /sample/path\n");
  CHECK(d2.table_entries() == 0);
  HpackDecoder d3;
  CHECK(decode(d3, "1008 7061 7373 776f 7264 0673 6563 7265 74") ==
        "password: secret\n");
  CHECK(d3.table_entries() == 0);
  HpackDecoder d4;
  CHECK(decode(d4, "82") == ":method: GET\n");
}

TEST_CASE("HPACK requests with and without Huffman (RFC 7541 C.3, C.4)") {
  const char* plain[] = {
      "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
      "8286 84be 5808 6e6f 2d63 6163 6865",
      "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 "
      "6c75 65",
  };
  const char* huff[] = {
      "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
      "8286 84be 5886 a8eb 1064 9cbf",
      "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
  };
  const char* want[] = {
      ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n",
      ":method: GET\n:scheme: http\n:path: /\n:authority: www.example.com\n"
      "cache-control: no-cache\n",
      ":method: GET\n:scheme: https\n:path: /index.html\n"
      ":authority: www.example.com\ncustom-key: custom-value\n",
  };
  const size_t sizes[] = {57, 110, 164};
  for (const auto* set : {plain, huff}) {
    HpackDecoder d;
    for (int i = 0; i < 3; ++i) {
      CHECK(decode(d, set[i]) == want[i]);
      CHECK(d.table_size() == sizes[i]);
    }
  }
}

TEST_CASE("HPACK responses evict from a 256-byte table (RFC 7541 C.5, C.6)") {
  const char* plain[] = {
      "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 "
      "7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 "
      "3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
      "4803 3330 37c1 c0bf",
      "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 "
      "3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 "
      "514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 "
      "2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31",
  };
  const char* huff[] = {
      "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 "
      "0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae "
      "43d3",
      "4883 640e ffc1 c0bf",
      "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff "
      "c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af "
      "2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
  };
  const char* want[] = {
      ":status: 302\ncache-control: private\n"
      "date: Mon, 21 Oct 2013 20:13:21 GMT\n"
      "location: https://www.example.com\n",
      ":status: 307\ncache-control: private\n"
      "date: Mon, 21 Oct 2013 20:13:21 GMT\n"
      "location: https://www.example.com\n",
      ":status: 200\ncache-control: private\n"
      "date: Mon, 21 Oct 2013 20:13:22 GMT\n"
      "location: https://www.example.com\ncontent-encoding: gzip\n"
      "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; "
      "version=1\n",
  };
  const size_t sizes[] = {222, 222, 215};
  const size_t entries[] = {4, 4, 3};
  for (const auto* set : {plain, huff}) {
    HpackDecoder d;
    // The encoder announced a 256-byte table (a size update, 001 prefix).
    CHECK(decode(d, "3fe1 01") == "");
    for (int i = 0; i < 3; ++i) {
      CHECK(decode(d, set[i]) == want[i]);
      CHECK(d.table_size() == sizes[i]);
      CHECK(d.table_entries() == entries[i]);
    }
  }
}

TEST_CASE("HPACK refuses malformed blocks without overrunning") {
  HpackDecoder d;
  std::vector<HeaderField> out;
  // Index 0, an index past both tables, a string longer than the block,
  // Huffman padding of a whole byte, and a table larger than allowed.
  for (const char* bad :
       {"80", "ff00", "4005 6162", "0081 ff 00", "3fe1 ff7f"}) {
    const auto bytes = hex(bad);
    CHECK_FALSE(d.decode(bytes, out));
  }
  std::string s;
  const std::vector<uint8_t> eos = {0xff, 0xff, 0xff, 0xff};
  CHECK_FALSE(tracelab::http2::huffman_decode(eos, s));
}

TEST_CASE("HPACK decodes a block cut anywhere, a representation at a time") {
  // C.4.3 after C.4.1 and C.4.2, which filled the table it refers to.
  auto primed = [] {
    HpackDecoder d;
    std::vector<HeaderField> out;
    REQUIRE(d.decode(hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"), out));
    REQUIRE(d.decode(hex("8286 84be 5886 a8eb 1064 9cbf"), out));
    return d;
  };
  const auto block =
      hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
  HpackDecoder ref = primed();
  std::vector<HeaderField> want;
  REQUIRE(ref.decode(block, want));
  for (size_t cut = 0; cut <= block.size(); ++cut) {
    INFO("cut at " << cut);
    HpackDecoder d = primed();
    std::vector<HeaderField> out;
    size_t used = 0;
    const std::span<const uint8_t> all(block);
    const auto r = d.decode_some(all.first(cut), out, used);
    CHECK(r != HpackDecoder::Result::Bad);
    std::vector<uint8_t> rest(block.begin() + static_cast<ptrdiff_t>(used),
                              block.end());
    REQUIRE(d.decode(rest, out));
    CHECK(lines(out) == lines(want));
    CHECK(d.table_size() == ref.table_size());
  }
}
