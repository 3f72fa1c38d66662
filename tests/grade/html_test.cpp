// SPDX-License-Identifier: GPL-2.0-or-later
//
// The HTML report (`tracelab grade --html DIR`) on a real flawed sample
// whose file name is hostile: the pages are well-formed (every tag closed
// in order, no stray '<'), valid UTF-8, self-contained (no script, no
// external resource), the student's name is escaped, the evidence frames
// samples/README.md names appear in the dialog excerpt, and an existing
// report is never overwritten.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace tracelab::test;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower((unsigned char)c));
  return s;
}

// Checks that the page's tags nest: a small parser for the subset the
// report writes.  Returns "" or what is wrong.
std::string tag_problem(const std::string& html) {
  static const std::vector<std::string> kVoid = {"meta", "br", "!doctype"};
  std::vector<std::string> open;
  for (size_t i = html.find('<'); i != std::string::npos;
       i = html.find('<', i + 1)) {
    const size_t end = html.find('>', i);
    if (end == std::string::npos) return "unterminated tag";
    std::string tag = html.substr(i + 1, end - i - 1);
    if (tag.find('<') != std::string::npos) return "'<' inside a tag";
    const bool closing = !tag.empty() && tag[0] == '/';
    if (closing) tag.erase(0, 1);
    const std::string name = lower(tag.substr(0, tag.find(' ')));
    if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '!';
        }))
      return "not a tag: <" + tag + ">";
    if (std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end()) continue;
    if (!closing) {
      open.push_back(name);
      continue;
    }
    if (open.empty() || open.back() != name) return "</" + name + "> misplaced";
    open.pop_back();
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

// Well-formed UTF-8 (RFC 3629): no stray continuation byte, no overlong
// form, no surrogate, nothing past U+10FFFF.
bool valid_utf8(const std::string& s) {
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80                ? 1
               : c >= 0xc2 && c < 0xe0 ? 2
               : c >= 0xe0 && c < 0xf0 ? 3
               : c >= 0xf0 && c < 0xf5 ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return false;
    uint32_t cp = n == 1 ? c : c & (0x7f >> n);
    for (size_t k = 1; k < n; ++k) {
      const auto x = static_cast<unsigned char>(s[i + k]);
      if ((x & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (x & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
        (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("HTML report: hostile student name, evidence, no overwrite") {
  const fs::path sample = samples_dir() / "smtp-no-quit.pcap";
  REQUIRE_MESSAGE(fs::exists(sample), "missing " << sample);
  const fs::path in = temp_dir("html-in");
  const fs::path out = temp_dir("html-out") / "report";
  REQUIRE(!in.empty());
  // A '/' cannot be in a file name: the closing tag loses it.
  const std::string file = "<script>alert(1)<script>&\"'.pcap";
  fs::copy_file(sample, in / file);
  fs::copy_file(samples_dir() / "smtp-helo.pcap", in / "ivanov.pcap");

  int status = -1;
  run(sh_quote(tracelab_bin()) + " grade --rubric smtp-send --html " +
          sh_quote(out.string()) + " " + sh_quote(in.string()) +
          " >/dev/null 2>&1",
      &status);
  REQUIRE(status == 0);
  std::vector<fs::path> pages;
  for (const auto& e : fs::directory_iterator(out)) pages.push_back(e.path());
  std::sort(pages.begin(), pages.end());
  REQUIRE(pages.size() == 3);  // index.html and one page per student
  CHECK(pages.back().filename() == "index.html");

  std::string student_page;
  for (const auto& p : pages) {
    CAPTURE(p);
    const std::string name = p.filename().string();
    // Names stay in the folder and are plain.
    CHECK(name.find('/') == std::string::npos);
    CHECK(name.find('<') == std::string::npos);
    CHECK(name.front() != '.');
    const std::string html = read_file(p);
    CHECK(html.starts_with("<!DOCTYPE html>"));
    CHECK(tag_problem(html) == "");
    CHECK(valid_utf8(html));
    const std::string low = lower(html);
    // Self-contained and inert: no script, nothing fetched.
    CHECK(low.find("<script") == std::string::npos);
    CHECK(low.find("src=") == std::string::npos);
    CHECK(low.find("http://") == std::string::npos);
    CHECK(low.find("https://") == std::string::npos);
    CHECK(low.find("<link") == std::string::npos);
    if (name != "index.html" && name.find("ivanov") == std::string::npos)
      student_page = html;
  }
  const std::string index = read_file(out / "index.html");
  CHECK(index.find("&lt;script&gt;alert(1)&lt;script&gt;&amp;&quot;&#39;") !=
        std::string::npos);
  CHECK(index.find("ivanov") != std::string::npos);
  // The failed criterion links to its row, with its first evidence frame.
  CHECK(index.find("html#quit\">quit</a> (#27)") != std::string::npos);
  REQUIRE_FALSE(student_page.empty());
  CHECK(student_page.find("&lt;script&gt;") != std::string::npos);
  // samples/README.md: smtp-no-quit has the 250 in frame 25 and the
  // client's FIN in 27 with no QUIT; the quit criterion's evidence is the
  // FIN, quoted in the dialog excerpt with its explanation.
  CHECK(student_page.find("<td class=\"f\">#27</td>") != std::string::npos);
  CHECK(student_page.find("no-quit") != std::string::npos);
  CHECK(student_page.find("<td class=\"f\">#25</td>") != std::string::npos);

  // A second run into the same folder is refused and changes nothing.
  const auto before = fs::last_write_time(out / "index.html");
  const std::string old_index = index;
  run(sh_quote(tracelab_bin()) + " grade --rubric smtp-send --html " +
          sh_quote(out.string()) + " " + sh_quote(in.string()) +
          " >/dev/null 2>&1",
      &status);
  CHECK(status == 1);
  CHECK(read_file(out / "index.html") == old_index);
  CHECK(fs::last_write_time(out / "index.html") == before);
}

TEST_CASE("HTML report in Russian") {
  const fs::path sample = samples_dir() / "smtp-rcpt-refused.pcap";
  REQUIRE_MESSAGE(fs::exists(sample), "missing " << sample);
  const fs::path out = temp_dir("html-ru") / "r";
  int status = -1;
  run(sh_quote(tracelab_bin()) + " grade --lang ru --rubric smtp-send --html " +
          sh_quote(out.string()) + " " + sh_quote(sample.string()) +
          " >/dev/null 2>&1",
      &status);
  REQUIRE(status == 0);
  const std::string page = read_file(out / "001-smtp-rcpt-refused.html");
  REQUIRE_FALSE(page.empty());
  CHECK(page.find("<html lang=\"ru\">") != std::string::npos);
  CHECK(page.find("не зачтено") != std::string::npos);
  CHECK(tag_problem(page) == "");
  // samples/README.md: DATA in 19, refused with 554 in 20.
  CHECK(page.find("<td class=\"f\">#19</td>") != std::string::npos);
  CHECK(page.find("554 5.5.1 Error: no valid recipients") != std::string::npos);
}
