// SPDX-License-Identifier: GPL-2.0-or-later
// IMAP framing: lines and literals, whatever the segmentation.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "imap/fragmentizer.hpp"

using namespace tracelab::imap;

namespace {

// Records fragments as "L:<line>" and "D:<literal bytes>" (adjacent literal
// pieces merged) and "E" at each literal's end.
struct Recorder final : FragmentSink {
  std::vector<std::string> got;
  void on_line(std::string_view line, bool truncated) override {
    got.push_back((truncated ? "T:" : "L:") + std::string(line));
  }
  void on_literal_data(std::span<const uint8_t> b) override {
    const std::string s(reinterpret_cast<const char*>(b.data()), b.size());
    if (!got.empty() && got.back().rfind("D:", 0) == 0)
      got.back() += s;
    else
      got.push_back("D:" + s);
  }
  void on_literal_end() override { got.push_back("E"); }
};

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "|";
  return out;
}

// Feeds `stream` cut at the given positions, re-presenting unconsumed
// tails as the flow layer does.
std::string feed_cut(const std::string& stream,
                     const std::vector<size_t>& cuts) {
  Fragmentizer f;
  Recorder r;
  std::string pending;
  size_t from = 0;
  auto deliver = [&](size_t to) {
    pending += stream.substr(from, to - from);
    from = to;
    const size_t used = f.feed(
        {reinterpret_cast<const uint8_t*>(pending.data()), pending.size()}, r);
    pending.erase(0, used);
  };
  for (size_t c : cuts) deliver(c);
  deliver(stream.size());
  return join(r.got);
}

}  // namespace

TEST_CASE("trailing literal announcements") {
  CHECK(trailing_literal("a APPEND INBOX {12}").size == 12);
  CHECK(trailing_literal("a APPEND INBOX {12}").present);
  CHECK(!trailing_literal("a APPEND INBOX {12}").non_sync);
  CHECK(trailing_literal("a LOGIN {5+}").non_sync);
  CHECK(trailing_literal("a LOGIN {5+}").size == 5);
  CHECK(!trailing_literal("a LOGIN {}").present);
  CHECK(!trailing_literal("a LOGIN {x}").present);
  CHECK(!trailing_literal("a LOGIN {5} x").present);
  CHECK(!trailing_literal("{5").present);
  CHECK(!trailing_literal("a {1234567890123456789}").present);
  CHECK(trailing_literal("{0}").present);
}

TEST_CASE("client literals: synchronising and LITERAL+, several per command") {
  const std::string s =
      "a1 LOGIN {5}\r\nalice {6+}\r\nsecret\r\n"
      "a2 APPEND INBOX {12}\r\nx\r\n* 1 FETCH\r\n\r\n";
  const std::vector<std::string> want = {
      "L:a1 LOGIN {5}",   "D:alice", "E",  "L: {6+}",
      "D:secret",         "E",       "L:", "L:a2 APPEND INBOX {12}",
      "D:x\r\n* 1 FETCH", "E",       "L:", "L:"};
  CHECK(feed_cut(s, {}) == join(want));
  // Cut at every single position, and byte by byte.
  for (size_t i = 1; i < s.size(); ++i) CHECK(feed_cut(s, {i}) == join(want));
  std::vector<size_t> every;
  for (size_t i = 1; i < s.size(); ++i) every.push_back(i);
  CHECK(feed_cut(s, every) == join(want));
}

TEST_CASE("server literals: literal bytes are never read as lines or tags") {
  const std::string s =
      "* 1 FETCH (BODY[] {21}\r\na1 OK fake\r\n+ {3}\r\n\r\n)\r\n"
      "* 2 FETCH (BODY[HEADER] {0}\r\n BODY[TEXT] {2}\r\nhi)\r\n"
      "a1 OK done\r\n";
  const std::vector<std::string> want = {"L:* 1 FETCH (BODY[] {21}",
                                         "D:a1 OK fake\r\n+ {3}\r\n\r\n",
                                         "E",
                                         "L:)",
                                         "L:* 2 FETCH (BODY[HEADER] {0}",
                                         "E",
                                         "L: BODY[TEXT] {2}",
                                         "D:hi",
                                         "E",
                                         "L:)",
                                         "L:a1 OK done"};
  CHECK(feed_cut(s, {}) == join(want));
  for (size_t i = 1; i < s.size(); ++i) CHECK(feed_cut(s, {i}) == join(want));
}

TEST_CASE("bare LF ends lines too; an unfinished line is not consumed") {
  Fragmentizer f;
  Recorder r;
  const std::string s = "a NOOP\nb NOO";
  const size_t used =
      f.feed({reinterpret_cast<const uint8_t*>(s.data()), s.size()}, r);
  CHECK(used == 7);
  CHECK(r.got == std::vector<std::string>{"L:a NOOP"});
}

TEST_CASE("overlong lines are cut to the limit and skipped to their end") {
  std::string s(Fragmentizer::kMaxLine + 10, 'x');
  s += "\r\na NOOP\r\n";
  CHECK(feed_cut(s, {100, Fragmentizer::kMaxLine + 5}) ==
        "T:" + std::string(Fragmentizer::kMaxLine, 'x') + "|L:a NOOP|");
  CHECK(feed_cut(s, {}) ==
        "T:" + std::string(Fragmentizer::kMaxLine, 'x') + "|L:a NOOP|");
}
