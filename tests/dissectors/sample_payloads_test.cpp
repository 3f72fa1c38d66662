// SPDX-License-Identifier: GPL-2.0-or-later
//
// Every payload the sample script served or sent (samples/MANIFEST: the web
// pages, FTP and TFTP files, uploads, the mail messages) is recovered from
// the samples byte for byte: its sha256 is among the artifacts the sessions
// view reports — the HTTP download made under loss and reordering included.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "test_support.hpp"

using namespace tracelab::test;
namespace fs = std::filesystem;

TEST_CASE("every payload of the samples is recovered byte for byte") {
  const fs::path manifest = samples_dir() / "MANIFEST";
  REQUIRE(fs::exists(manifest));
  std::map<std::string, std::string> wanted;  // sha256 -> name
  {
    std::ifstream in(manifest);
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream ls(line);
      std::string sha, name;
      ls >> sha >> name;
      if (sha.size() == 64) wanted[sha] = name;
    }
  }
  REQUIRE(wanted.size() >= 10);

  std::set<std::string> found;
  for (const fs::path& cap : sample_capture_files()) {
    std::string cmd = sh_quote(tracelab_bin()) +
                      " sessions --json --no-header --no-progress ";
    const fs::path keys = cap.string() + ".keys";
    if (fs::exists(keys)) cmd += "--keylog " + sh_quote(keys.string()) + " ";
    std::istringstream out(run(cmd + sh_quote(cap.string()) + " 2>/dev/null"));
    for (std::string line; std::getline(out, line);) {
      const auto s = nlohmann::json::parse(line);
      for (const auto& a : s["artifacts"])
        found.insert(a["sha256"].get<std::string>());
    }
  }
  for (const auto& [sha, name] : wanted) {
    INFO(name << " (" << sha << ")");
    CHECK(found.count(sha) == 1);
  }
}

TEST_CASE("the mail samples' attachment comes out of every mail protocol") {
  // The lab letter carries content/upload/config.bin as a MIME attachment;
  // SMTP (plain and STARTTLS) sends it, POP3 and IMAP (plain and TLS) read
  // it back.  Each capture must yield it as an artifact of its own.
  std::string want;
  {
    std::ifstream in(samples_dir() / "MANIFEST");
    for (std::string line; std::getline(in, line);)
      if (line.ends_with(" content/upload/config.bin"))
        want = line.substr(0, 64);
  }
  REQUIRE(want.size() == 64);
  for (const std::string name :
       {"smtp-auth-login-mime.pcap", "smtp-starttls.pcap", "pop3.pcap",
        "pop3s.pcap", "imap.pcap", "imaps.pcap"}) {
    CAPTURE(name);
    const fs::path cap = samples_dir() / name;
    REQUIRE(fs::exists(cap));
    std::string cmd = sh_quote(tracelab_bin()) +
                      " sessions --json --no-header --no-progress ";
    const fs::path keys = cap.string() + ".keys";
    if (fs::exists(keys)) cmd += "--keylog " + sh_quote(keys.string()) + " ";
    std::istringstream out(run(cmd + sh_quote(cap.string()) + " 2>/dev/null"));
    int attachments = 0;
    for (std::string line; std::getline(out, line);) {
      const auto session = nlohmann::json::parse(line);
      for (const auto& a : session["artifacts"])
        if (a["kind"] == "attachment" && a["sha256"] == want) ++attachments;
    }
    CHECK(attachments >= 1);
  }
}
