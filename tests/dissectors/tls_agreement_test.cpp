// SPDX-License-Identifier: GPL-2.0-or-later
// Our packet list against tshark 4.0's on every TLS/SSL frame of the TLS
// captures, without and with key logs.  Captures that come with a key log
// (and pcapng files, which may carry one in a Decryption Secrets Block)
// have .tshark.tsv lists made with keys, so their no-key reference is made
// by running tshark here; they are skipped when tshark is absent.
#include <doctest/doctest.h>

#include "test_support.hpp"
#include "tls_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

// The TLS/SSL frames of `want`, and those whose Info and protocol we match.
struct Tally {
  bool with_http2 = false;  // count the HTTP/2 frames decrypted too
  size_t frames = 0, info = 0, protocol = 0;
  std::string misses;
  void add(const std::string& capture, const Columns& want,
           const Columns& ours) {
    for (const auto& [no, col] : want) {
      if (col.first.rfind("TLS", 0) != 0 && col.first.rfind("SSL", 0) != 0 &&
          !(with_http2 && col.first == "HTTP2"))
        continue;
      ++frames;
      const auto it = ours.find(no);
      const auto got = it == ours.end() ? Columns::mapped_type{} : it->second;
      protocol += got.first == col.first;
      if (normalized(got.second) == normalized(col.second)) {
        ++info;
      } else if (misses.size() < 3000) {
        misses += capture + " #" + std::to_string(no) +
                  "\n  tshark: " + col.second + "\n  ours:   " + got.second +
                  "\n";
      }
    }
  }
  double pct() const {
    return frames
               ? 100.0 * static_cast<double>(info) / static_cast<double>(frames)
               : 0;
  }
};

}  // namespace

TEST_CASE("TLS Info and protocol agree with tshark without keys") {
  const auto captures = tls_captures();
  REQUIRE_FALSE(captures.empty());
  const auto work = temp_dir("tls-nokey");
  Tally tally;
  size_t skipped = 0;
  for (const auto& cap : captures) {
    const bool keyed = fs::exists(cap.string() + ".keys");
    fs::path input = cap;
    Columns want;
    if (!keyed && cap.extension() != ".pcapng") {
      want = tsv_columns(read_file(cap.string() + ".tshark.tsv"));
    } else if (have_tool("tshark") && have_tool("editcap")) {
      if (cap.extension() == ".pcapng") {
        input = work / cap.filename();
        int status = 0;
        run("editcap --discard-all-secrets " + sh_quote(cap.string()) + " " +
                sh_quote(input.string()) + " 2>/dev/null",
            &status);
        if (status != 0) {  // a file editcap cannot rewrite
          ++skipped;
          continue;
        }
      } else {
        // A copy away from its key log, which would be used otherwise.
        input = work / cap.filename();
        fs::copy_file(cap, input, fs::copy_options::overwrite_existing);
      }
      want = tshark_columns(input);
    }
    if (want.empty()) {
      ++skipped;
      continue;
    }
    tally.add(cap.filename().string(), want, our_columns(input));
  }
  MESSAGE("TLS frames without keys: " << tally.frames << ", exact Info "
                                      << tally.info << " (" << tally.pct()
                                      << "%), protocol " << tally.protocol
                                      << ", captures skipped " << skipped);
  INFO(tally.misses);
  REQUIRE(tally.frames > 0);
  CHECK(tally.pct() >= 99.0);
  CHECK(tally.protocol >= tally.frames - tally.frames / 100);
}

TEST_CASE("TLS Info agrees with tshark with the key logs") {
  const auto captures = tls_captures();
  REQUIRE_FALSE(captures.empty());
  Tally tally;
  tally.with_http2 = true;
  for (const auto& cap : captures) {
    const fs::path keys = cap.string() + ".keys";
    const bool keyed = fs::exists(keys);
    if (!keyed && cap.extension() != ".pcapng") continue;
    tally.add(cap.filename().string(),
              tsv_columns(read_file(cap.string() + ".tshark.tsv")),
              our_columns(cap, keyed ? std::vector<std::string>{read_file(keys)}
                                     : std::vector<std::string>{}));
  }
  MESSAGE("TLS frames with keys: " << tally.frames << ", exact Info "
                                   << tally.info << " (" << tally.pct()
                                   << "%)");
  INFO(tally.misses);
  REQUIRE(tally.frames > 0);
  // Measured 1072 of 1072 TLS and HTTP/2 frames (149 of 934 TLS frames
  // before HTTP/2, TLS's reassembly columns and SSL 3.0 decryption).
  CHECK(tally.pct() >= 99.5);
}

TEST_CASE("TLS columns follow tshark's reassembly across records") {
  const auto captures = tls_captures();
  auto find = [&](std::string_view name) {
    for (const auto& c : captures)
      if (c.filename() == name) return c;
    return fs::path{};
  };
  // HTTP/2 inside TLS 1.3, keys in the pcapng: a record that only carries
  // part of a frame, a frame completed after such a record (TCP's fence),
  // several records each completing a frame (each clears the column), a
  // frame completed and the next one begun in one record (TLS's fence).
  if (const fs::path h2 = find("ja4-http2-with-cookies-dsb.pcapng");
      !h2.empty()) {
    const Columns ours = our_columns(h2);
    const std::pair<uint64_t, std::pair<std::string, std::string>> want[] = {
        {13, {"HTTP2", "Magic, SETTINGS[0], WINDOW_UPDATE[0]"}},
        {15, {"HTTP2", "HEADERS[1]: GET /"}},
        {21, {"TLSv1.3", "[TLS segment of a reassembled PDU]"}},
        {22, {"HTTP2", "HEADERS[1]: 301 Moved Permanently"}},
        {57, {"TLSv1.3", "[TLS segment of a reassembled PDU], DATA[3]"}},
        {61, {"HTTP2", "DATA[3], DATA[3]"}},
        {108, {"HTTP2", "DATA[5][TLS segment of a reassembled PDU]"}},
        {1603, {"HTTP2", "DATA[3] (text/html)"}},
    };
    for (const auto& [no, cols] : want) {
      INFO("frame " << no);
      REQUIRE(ours.count(no));
      CHECK(ours.at(no) == cols);
    }
  }
  // An HTTP request cut into 1-byte and n-1-byte records whose end never
  // comes (an echo server): every record is a TLS segment.
  if (const fs::path tls10 = find("snet-tls1_0.pcap"); !tls10.empty()) {
    const Columns ours =
        our_columns(tls10, {read_file(tls10.string() + ".keys")});
    for (uint64_t no : {11, 12, 33}) {
      INFO("frame " << no);
      CHECK(ours.at(no) == std::pair<std::string, std::string>(
                               "TLSv1", "[TLS segment of a reassembled PDU]"));
    }
  }
  // SSL 3.0 keys its records its own way (MD5/SHA-1 key block, the
  // nested-hash MAC): decrypted, the Finished messages read as such.
  if (const fs::path ssl3 = find("snet-ssl3_0.pcap"); !ssl3.empty()) {
    const Columns ours =
        our_columns(ssl3, {read_file(ssl3.string() + ".keys")});
    CHECK(ours.at(10).second ==
          "Client Key Exchange, Change Cipher Spec, Finished");
    CHECK(ours.at(11).second == "Change Cipher Spec, Finished");
    CHECK(ours.at(13).second == "[TLS segment of a reassembled PDU]");
  }
  // A server segment after a hole, held by our reassembly until the hole
  // fills: tshark reads it at once, as the rest of a record it cannot see.
  if (const fs::path hrr = find("zeek-tls13-hrr.pcap"); !hrr.empty()) {
    const Columns ours = our_columns(hrr);
    CHECK(ours.at(9) ==
          std::pair<std::string, std::string>(
              "TLSv1.3",
              "[TCP Previous segment not captured] , Continuation Data"));
  }
}
