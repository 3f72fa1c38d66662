// SPDX-License-Identifier: GPL-2.0-or-later
//
// The sessions text view of every sample capture, through the command line:
// under --lang ru no English word outside the wire text and identifiers, and
// no line wider than the width, in both languages.
//
// What came from the wire is stripped by construction, not guessed: the
// hidden --mark-wire option makes the view wrap every span that came from
// the wire (or is an identifier: addresses, names, ids, numbers) in U+001E
// ... U+001F, characters that escaped wire text can never hold.  What is
// left is the view's own words; the only Latin words allowed there are
// upper-case identifiers the Russian course uses as they are (TCP, QUIT,
// RCPT, UPDATE...) and the few lower-case technical terms in kAllowed.
#include <doctest/doctest.h>

#include <set>
#include <sstream>
#include <string>

#include "test_support.hpp"

using namespace tracelab;

namespace {

std::string view(const std::filesystem::path& capture, const std::string& opts,
                 int* status) {
  std::string cmd = test::sh_quote(test::tracelab_bin()) + " sessions " + opts +
                    " --no-progress ";
  const std::filesystem::path keys = capture.string() + ".keys";
  if (std::filesystem::exists(keys))
    cmd += "--keylog " + test::sh_quote(keys.string()) + " ";
  cmd += test::sh_quote(capture.string()) + " 2>/dev/null";
  return test::run(cmd, status);
}

// Terminal columns of a line of valid UTF-8 (no East Asian text in the
// samples: one column per code point).
size_t columns(std::string_view line) {
  size_t n = 0;
  for (unsigned char c : line)
    if ((c & 0xc0) != 0x80) ++n;
  return n;
}

// Latin words of the view's own text, wire spans removed.
std::vector<std::string> own_latin_words(const std::string& marked) {
  std::string own;
  int depth = 0;
  for (char c : marked) {
    if (c == '\x1e') {
      ++depth;
      own.push_back(' ');
      continue;
    }
    if (c == '\x1f') {
      --depth;
      continue;
    }
    if (depth == 0) own.push_back(c);
  }
  std::vector<std::string> words;
  std::string w;
  auto flush = [&] {
    if (!w.empty()) words.push_back(w);
    w.clear();
  };
  for (char c : own) {
    const bool latin = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool joins = (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (latin || (joins && !w.empty()))
      w.push_back(c);
    else
      flush();
  }
  flush();
  return words;
}

bool identifier(const std::string& w) {
  // Lower-case technical terms the course keeps in English.
  static const std::set<std::string> kAllowed = {
      "base64", "sha256", "IPv4", "IPv6", "Location",
      // RFC 959's PORT formula: h1,h2,h3,h4,p1,p2.
      "h1", "h2", "h3", "h4", "p1", "p2"};
  if (kAllowed.count(w)) return true;
  size_t upper = 0;
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return false;
    if (c >= 'A' && c <= 'Z') ++upper;
  }
  return upper >= 2 || w == "A" || w == "I";
}

}  // namespace

TEST_CASE("sessions view, ru: no English word outside wire text") {
  const auto captures = test::sample_capture_files();
  REQUIRE(captures.size() > 10);
  for (const auto& c : captures) {
    CAPTURE(c.string());
    int status = -1;
    const std::string out =
        view(c, "--lang ru --mark-wire --width 100", &status);
    REQUIRE(status == 0);
    REQUIRE(!out.empty());
    CHECK(out.find("\x1e") != std::string::npos);
    std::set<std::string> english;
    for (const auto& w : own_latin_words(out))
      if (!identifier(w)) english.insert(w);
    std::string list;
    for (const auto& w : english) list += w + " ";
    CHECK_MESSAGE(english.empty(), "English words: " << list);
  }
}

TEST_CASE("sessions view: no line wider than the width, en and ru") {
  const auto captures = test::sample_capture_files();
  REQUIRE(captures.size() > 10);
  for (const auto& c : captures)
    for (const char* lang : {"en", "ru"})
      for (int width : {100, 64})
        for (const char* extra : {"", " -v"}) {
          CAPTURE(c.string());
          CAPTURE(lang);
          CAPTURE(width);
          CAPTURE(extra);
          int status = -1;
          const std::string out =
              view(c,
                   std::string("--lang ") + lang + " --width " +
                       std::to_string(width) + extra,
                   &status);
          REQUIRE(status == 0);
          std::istringstream in(out);
          std::string line;
          size_t widest = 0, lines = 0;
          while (std::getline(in, line)) {
            widest = std::max(widest, columns(line));
            ++lines;
          }
          CHECK(lines > 3);
          CHECK(widest <= size_t(width));
        }
}

TEST_CASE("sessions view: the wire text first, then what it means") {
  const auto dir = test::samples_dir();
  int status = -1;
  // postfix's answers to the lecture's dialog (samples/README.md).
  const std::string smtp =
      view(dir / "smtp-auth-login-mime.pcap", "--width 200", &status);
  REQUIRE(status == 0);
  CHECK(smtp.find("S\u2192C  250 2.1.0 Ok \u2014 sender accepted") !=
        std::string::npos);
  CHECK(smtp.find("250 2.1.5 Ok \u2014 recipient accepted") !=
        std::string::npos);
  CHECK(smtp.find("220 tl-server.test ESMTP \u2014 service ready") !=
        std::string::npos);
  CHECK(smtp.find("\u2014 message accepted for delivery") != std::string::npos);
  CHECK(smtp.find("the server asks for the user name (base64 of "
                  "\"Username:\")") != std::string::npos);
  // The password stays masked; the user name is shown decoded.
  CHECK(smtp.find("********") != std::string::npos);
  CHECK(smtp.find("decoded: alice") != std::string::npos);
  // Russian: the same steps in the lecture's words.
  const std::string smtp_ru =
      view(dir / "smtp-auth-login-mime.pcap", "--width 200 --lang ru", &status);
  CHECK(smtp_ru.find("250 2.1.0 Ok \u2014 отправитель принят") !=
        std::string::npos);
  CHECK(smtp_ru.find("письмо принято к доставке") != std::string::npos);
  // POP3: DELE's +OK, in the lecture's words; the greeting is not "command
  // succeeded".
  const std::string pop =
      view(dir / "pop3-dele-no-quit.pcap", "--width 200", &status);
  CHECK(pop.find("+OK Marked to be deleted. \u2014 message marked for "
                 "deletion (deleted only after QUIT)") != std::string::npos);
  CHECK(pop.find("+OK tl-server.test ready. \u2014 server ready") !=
        std::string::npos);
  const std::string pop_ru =
      view(dir / "pop3-dele-no-quit.pcap", "--width 200 --lang ru", &status);
  CHECK(pop_ru.find("состояние TRANSACTION (транзакция)") != std::string::npos);
  // FTP: where the data connection goes (the 227's own numbers:
  // 156*256+152 = 40088).
  const std::string ftp =
      view(dir / "ftp-passive.pcap", "--width 300 --lang ru", &status);
  CHECK(ftp.find("ожидается соединение данных на 10.99.0.1:40088") !=
        std::string::npos);
  // TLS: the certificate's subject once per certificate step, details
  // only with -v.
  const std::string https =
      view(dir / "http-redirect-https.pcapng", "--width 300", &status);
  CHECK(https.find("redirect to HTTPS: https://tl-server.test/") !=
        std::string::npos);
  CHECK(https.find("ja3") == std::string::npos);
  const std::string https_v =
      view(dir / "http-redirect-https.pcapng", "--width 300 -v", &status);
  CHECK(https_v.find("ja3: ") != std::string::npos);
  size_t subjects = 0;
  for (size_t at = https.find("subject CN=tl-server.test");
       at != std::string::npos;
       at = https.find("subject CN=tl-server.test", at + 1))
    ++subjects;
  CHECK(subjects == 1);
}
