// SPDX-License-Identifier: GPL-2.0-or-later
//
// Every capture of the shared corpus against tshark's packet list: same
// number of records (custom blocks included) and the same time relative to
// the first record, to the nanosecond.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "capture_builder.hpp"
#include "test_support.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

// frame.time_relative as printed by tshark ("-0.000123000" or "12.5"),
// in nanoseconds; nullopt for an empty field.
std::optional<int64_t> parse_relative(const std::string& s) {
  if (s.empty()) return std::nullopt;
  bool neg = s[0] == '-';
  size_t i = neg ? 1 : 0;
  int64_t secs = 0, frac = 0;
  int digits = 0;
  for (; i < s.size() && s[i] != '.'; ++i) secs = secs * 10 + (s[i] - '0');
  if (i < s.size()) ++i;
  for (; i < s.size() && digits < 9; ++i, ++digits)
    frac = frac * 10 + (s[i] - '0');
  for (; digits < 9; ++digits) frac *= 10;
  int64_t ns = secs * 1000000000 + frac;
  return neg ? -ns : ns;
}

struct Row {
  std::string time_relative;  // column 2
  std::string frame_len;      // column 8
};

std::vector<Row> read_rows(const std::filesystem::path& tsv) {
  std::vector<Row> out;
  std::ifstream in(tsv);
  std::string line;
  while (std::getline(in, line)) {
    std::vector<std::string> cols;
    size_t pos = 0;
    for (int i = 0; i < 8; ++i) {
      size_t tab = line.find('\t', pos);
      cols.push_back(line.substr(
          pos, tab == std::string::npos ? std::string::npos : tab - pos));
      if (tab == std::string::npos) break;
      pos = tab + 1;
    }
    cols.resize(8);
    out.push_back({cols[1], cols[7]});
  }
  return out;
}

}  // namespace

TEST_CASE("shared captures: record count and relative times match tshark") {
  const auto files = shared_capture_files();
  if (files.empty()) {
    MESSAGE("skipped: no shared captures");
    return;
  }
  size_t compared = 0;
  for (const auto& path : files) {
    const std::filesystem::path tsv = path.string() + ".tshark.tsv";
    if (!std::filesystem::exists(tsv)) continue;
    CAPTURE(path.string());
    const auto want = read_rows(tsv);
    CaptureError err;
    auto src = open_capture_file(path.string(), err);
    REQUIRE_MESSAGE(src, err.to_string());
    Record rec;
    size_t n = 0;
    std::optional<int64_t> first;
    size_t mismatches = 0;
    while (src->next(rec)) {
      // tshark measures from the first record, which counts as time 0
      // when it has no timestamp (a custom block, say).
      if (!first) first = rec.has_timestamp ? rec.ts_ns : 0;
      if (n < want.size()) {
        if (want[n].frame_len != std::to_string(rec.wire_len) &&
            ++mismatches <= 3)
          MESSAGE("frame " << n + 1 << ": tshark frame.len "
                           << want[n].frame_len << ", ours " << rec.wire_len);
        auto expect = parse_relative(want[n].time_relative);
        if (!rec.has_timestamp) {
          if (expect) ++mismatches;
        } else if (!expect || *expect != rec.ts_ns - *first) {
          if (++mismatches <= 3)
            MESSAGE("frame " << n + 1 << ": tshark " << want[n].time_relative
                             << ", ours " << rec.ts_ns - *first << " ns");
        }
      }
      ++n;
    }
    CHECK_MESSAGE(!src->error(), src->error()->to_string());
    CHECK(n == want.size());
    CHECK(mismatches == 0);
    ++compared;
  }
  CHECK(compared > 0);
}

TEST_CASE("shared captures: DSB secrets of the ja4 capture are kept") {
  const auto root = shared_captures();
  const auto path = root / "tls" / "ja4-http2-with-cookies-dsb.pcapng";
  if (root.empty() || !std::filesystem::exists(path)) {
    MESSAGE("skipped: capture absent");
    return;
  }
  CaptureError err;
  auto src = open_capture_file(path.string(), err);
  REQUIRE(src);
  Record rec;
  while (src->next(rec)) {
  }
  REQUIRE_FALSE(src->secrets().empty());
  CHECK(src->secrets()[0].secrets_type == 0x544c534b);
  CHECK(src->secrets()[0].data.find("CLIENT_") != std::string::npos);
}
