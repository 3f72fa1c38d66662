// SPDX-License-Identifier: GPL-2.0-or-later
// TFTP datagrams, Info as tshark writes it, netascii, and the transfer
// account: duplicates, the Sorcerer's Apprentice pattern, block-number
// wrap, errors and truncation.
#include <doctest/doctest.h>

#include <algorithm>

#include "dissector_harness.hpp"
#include "tftp/tftp_packet.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr Direction C = Direction::ClientToServer;
constexpr Direction S = Direction::ServerToClient;

std::string be16(uint16_t v) {
  return {static_cast<char>(v >> 8), static_cast<char>(v & 0xff)};
}
std::string data(uint16_t block, const std::string& payload) {
  return be16(3) + be16(block) + payload;
}
std::string ack(uint16_t block) {
  return be16(4) + be16(block);
}
std::string info_of(const std::string& dgram, uint32_t blksize = 512) {
  tftp::Packet p;
  REQUIRE(tftp::parse(
      {reinterpret_cast<const uint8_t*>(dgram.data()), dgram.size()}, p));
  std::string out;
  tftp::info(p, blksize, out);
  return out;
}

const Artifact* artifact(const Recorded& r) {
  return r.artifacts.empty() ? nullptr : &r.artifacts.front();
}

}  // namespace

TEST_CASE("TFTP Info as tshark 4.0") {
  using namespace std::string_literals;
  CHECK(info_of("\0\1file1\0octet\0"s) ==
        "Read Request, File: file1, Transfer type: octet");
  CHECK(info_of("\0\2empty100KB\0octet\0blksize\0001468\0tsize\000100000\0"s) ==
        "Write Request, File: empty100KB, Transfer type: octet, "
        "blksize=1468, tsize=100000");
  // ndpi-tftp-mixed-options-oack.pcap frame 1: empty strings throughout.
  CHECK(info_of("\0\1\0\0\0\0\0\0\0\0\0\0\0octet\0"s) ==
        "Read Request, File: , Transfer type: , =, =, =, =, =octet");
  CHECK(info_of("\0\6blksize\0001468\0tsize\000100000\0"s) ==
        "Option Acknowledgement, blksize=1468, tsize=100000");
  CHECK(info_of(data(1, std::string(512, 'x'))) == "Data Packet, Block: 1");
  CHECK(info_of(data(3, "tail")) == "Data Packet, Block: 3 (last)");
  CHECK(info_of(data(3, std::string(512, 'x')), 1024) ==
        "Data Packet, Block: 3 (last)");
  CHECK(info_of(ack(7)) == "Acknowledgement, Block: 7");
  CHECK(info_of("\0\5\0\1File not found\0"s) ==
        "Error Code, Code: File not found, Message: File not found");
  tftp::Packet p;
  const uint8_t one = 0;
  CHECK_FALSE(tftp::parse({&one, 1}, p));
}

TEST_CASE("netascii: CR LF is a line end, CR NUL a carriage return") {
  bool cr = false;
  std::string out;
  const std::string a = "one\r\ntwo\r";
  const std::string b = "\nthree\r";
  const std::string c = std::string("\0x", 2);
  tftp::netascii_decode({reinterpret_cast<const uint8_t*>(a.data()), a.size()},
                        cr, out);
  tftp::netascii_decode({reinterpret_cast<const uint8_t*>(b.data()), b.size()},
                        cr, out);
  tftp::netascii_decode({reinterpret_cast<const uint8_t*>(c.data()), c.size()},
                        cr, out);
  CHECK(out == "one\ntwo\nthree\rx");
}

TEST_CASE("TFTP read: duplicates, the Sorcerer's Apprentice, the verdict") {
  using namespace std::string_literals;
  const std::string full(512, 'a');
  // As on one flow (a server answering from port 69 itself).
  const std::vector<Piece> pieces = {
      {C, "\0\1boot.txt\0octet\0"s, 1},
      {S, data(1, full), 2},
      {C, ack(1), 3},
      {C, ack(1), 4},
      {S, data(2, full), 5},
      {S, data(2, full), 6},
      {C, ack(2), 7},
      {S, data(3, "end"), 8},
      {C, ack(3), 9},
  };
  const Recorded r = run_dissector(registered("tftp"), pieces);
  const auto lines = r.event_lines();
  CAPTURE(lines);
  REQUIRE(artifact(r));
  CHECK(artifact(r)->kind == "tftp-file");
  CHECK(artifact(r)->name == "boot.txt");
  CHECK(artifact(r)->size == 1027);
  CHECK(artifact(r)->note.empty());
  CHECK(std::find(lines.begin(), lines.end(),
                  "8 s2c transfer command=RRQ args=boot.txt text=complete: "
                  "1027 bytes in 3 blocks, 1 duplicate blocks, 1 duplicate "
                  "ACKs; Sorcerer's Apprentice Syndrome seen") != lines.end());
  CHECK(r.frames.at(8).second == "Data Packet, Block: 3 (last)");
}

TEST_CASE("TFTP: block numbers wrap past 65535; errors and truncation") {
  using namespace std::string_literals;
  // blksize 8 (OACK) so that 70000 blocks stay small.
  std::vector<Piece> pieces = {{C,
                                "\0\1big\0octet\0blksize\0"
                                "8\0"s,
                                1},
                               {S,
                                "\0\6blksize\0"
                                "8\0"s,
                                2}};
  uint64_t frame = 3;
  for (uint32_t b = 1; b <= 70000; ++b)
    pieces.push_back({S, data(static_cast<uint16_t>(b), "12345678"), frame++});
  pieces.push_back({S, data(static_cast<uint16_t>(70001), "1"), frame++});
  const Recorded r = run_dissector(registered("tftp"), pieces);
  REQUIRE(artifact(r));
  CHECK(artifact(r)->size == 70000u * 8 + 1);
  CHECK(artifact(r)->note.empty());
  const auto lines = r.event_lines();
  CHECK(lines.back().find("block number wrapped 1 times") != std::string::npos);

  const Recorded e =
      run_dissector(registered("tftp"), {{C, "\0\1fw.bin\0octet\0"s, 1},
                                         {S, data(1, std::string(512, 'x')), 2},
                                         {S, "\0\5\0\3Disk full\0"s, 3}});
  REQUIRE(artifact(e));
  CHECK(artifact(e)->note ==
        "error 3 (Disk full or allocation exceeded): Disk full");

  const Recorded t = run_dissector(registered("tftp"),
                                   {{C, "\0\1fw.bin\0octet\0"s, 1},
                                    {S, data(1, std::string(512, 'x')), 2},
                                    {S, data(3, std::string(512, 'x')), 4}});
  REQUIRE(artifact(t));
  CHECK(artifact(t)->note ==
        "truncated: the last block (shorter than 512 bytes) was not seen "
        "after block 3; incomplete: 1 blocks missing");
}
