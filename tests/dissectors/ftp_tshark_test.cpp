// SPDX-License-Identifier: GPL-2.0-or-later
// FTP and FTP-DATA against tshark 4.0 (shared ftp/ captures and the ftp
// samples): packet-list Info, the files tshark --export-objects ftp-data
// writes, and the samples' files against the served ones (samples/MANIFEST).
#include <doctest/doctest.h>

#include "test_support.hpp"
#include "transfer_oracle.hpp"

using namespace tracelab::test;

TEST_CASE("FTP and FTP-DATA packet list agrees with tshark") {
  const auto caps = transfer_captures("ftp", "ftp");
  REQUIRE_FALSE(caps.empty());  // the samples at least
  const InfoAgreement a = info_agreement(caps, {"FTP", "FTP-DATA"});
  MESSAGE("FTP/FTP-DATA frames: " << a.frames << ", Info exact " << a.exact
                                  << " (" << a.percent() << "%)");
  INFO(a.misses);
  REQUIRE(a.frames > 0);
  // Every frame, including zeek-ftp-bigtransfer's FTP-DATA segments that
  // arrive after holes (named when held: Dissector::on_held).
  CHECK(a.exact == a.frames);
}

TEST_CASE("FTP files: tshark's ftp-data objects and the served files") {
  for (const auto& cap : transfer_captures("ftp", "ftp")) {
    CAPTURE(cap.filename().string());
    const auto ours = artifact_digests(cap);
    if (have_tool("tshark"))
      for (const std::string& sha : tshark_object_digests(cap, "ftp-data"))
        CHECK_MESSAGE(ours.count(sha), "tshark's object " << sha);
    if (cap.parent_path().filename() != "samples" || is_flawed_sample(cap))
      continue;
    // README and data.bin from content/ftp/pub (samples/MANIFEST), and the
    // uploaded note.txt (content/upload).
    CHECK(
        ours.count("8084417f6ef5d04fff0037faeee843d09e8d59afc07de6483ef7c1"
                   "1fbeb24895"));
    CHECK(
        ours.count("185aec23e8b84727de213958c15b27650aa5ea39b7aa02060c94de"
                   "ae04ed9424"));
    CHECK(
        ours.count("244fe2122ab014138dd29fc598287415774ccf1e2c6a468c6ddbdc"
                   "86fc578748"));
  }
}
