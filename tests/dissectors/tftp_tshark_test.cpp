// SPDX-License-Identifier: GPL-2.0-or-later
// TFTP against tshark 4.0 (shared tftp/ captures and samples/tftp*.pcap):
// packet-list Info, the files tshark --export-objects tftp writes, and the
// sample's files against the served ones (samples/MANIFEST).
#include <doctest/doctest.h>

#include "test_support.hpp"
#include "transfer_oracle.hpp"

using namespace tracelab::test;

TEST_CASE("TFTP packet list agrees with tshark") {
  const auto caps = transfer_captures("tftp", "tftp");
  REQUIRE_FALSE(caps.empty());
  const InfoAgreement a = info_agreement(caps, {"TFTP"});
  MESSAGE("TFTP frames: " << a.frames << ", Info exact " << a.exact << " ("
                          << a.percent() << "%)");
  INFO(a.misses);
  REQUIRE(a.frames > 0);
  CHECK(a.exact == a.frames);  // measured: 184 of 184
}

TEST_CASE("TFTP files: tshark's objects and the served files") {
  for (const auto& cap : transfer_captures("tftp", "tftp")) {
    CAPTURE(cap.filename().string());
    const auto ours = artifact_digests(cap);
    const bool sample = cap.parent_path().filename() == "samples";
    if (have_tool("tshark"))
      for (const std::string& sha : tshark_object_digests(cap, "tftp")) {
        // tshark writes the netascii read of boot.txt as it went on the
        // wire (CR LF); we convert it, so it equals the served file instead.
        if (sample && sha.starts_with("008fcac8f454e14e")) continue;
        CHECK_MESSAGE(ours.count(sha), "tshark's object " << sha);
      }
    if (!sample || is_flawed_sample(cap)) continue;
    // tftp.pcap: boot.txt (read twice: octet and netascii), firmware.bin,
    // and the uploaded config.bin; tftp-read-write.pcap: boot.txt once and
    // config.bin's bytes uploaded as lab3.bin (samples/MANIFEST).
    const bool all = cap.filename() == "tftp.pcap";
    CHECK(ours.count("2962b7b6104d7ffdcfc010afce6b4de328718f3004dfa40e56844c"
                     "4f9b1e2d50") == (all ? 2u : 1u));
    if (all)
      CHECK(
          ours.count("90ca79c1b99cd42050591b1346b58328dfab95916c4be39fba78a7"
                     "6734314896"));
    CHECK(
        ours.count("640df3f89ea52d932bcbf89b15108c180ed6f7ec4852e89952ada9"
                   "d6ec8769ea"));
  }
}
