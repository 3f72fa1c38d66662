// SPDX-License-Identifier: GPL-2.0-or-later
// samples/tls-resumption.pcapng: a TLS 1.2 session resumed by session id and
// a TLS 1.3 session resumed by ticket, each after the full handshake that
// issued what it presents.  The resumed sessions name their origin.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

using namespace tracelab::test;

namespace {

struct Resumed {
  std::vector<std::string> related;  ///< "id why"
  /// The ServerHello's resumed_with and resumed_from ("" when absent).
  std::string with, from;
};

std::vector<Resumed> sessions(bool keys) {
  auto cap = samples_dir() / "tls-resumption.pcapng";
  REQUIRE(std::filesystem::exists(cap));
  if (!keys) {
    // Alone in a folder: the key log beside the sample would be used.
    const auto alone = temp_dir("tls-nokeys") / cap.filename();
    std::filesystem::copy_file(
        cap, alone, std::filesystem::copy_options::overwrite_existing);
    cap = alone;
  }
  std::string cmd =
      sh_quote(tracelab_bin()) + " sessions --json --no-header --no-progress ";
  if (keys) cmd += "--keylog " + sh_quote(cap.string() + ".keys") + " ";
  std::istringstream out(run(cmd + sh_quote(cap.string())));
  std::vector<Resumed> all;
  for (std::string line; std::getline(out, line);) {
    const auto s = nlohmann::json::parse(line);
    Resumed r;
    for (const auto& l : s["related"])
      r.related.push_back(std::to_string(l["id"].get<uint64_t>()) + " " +
                          l["why"].get<std::string>());
    for (const auto& e : s["events"]) {
      if (!e.contains("fields")) continue;
      const auto& f = e["fields"];
      if (f.value("message", "") != "ServerHello") continue;
      r.with = f.value("resumed_with", "");
      r.from = f.value("resumed_from", "");
    }
    all.push_back(std::move(r));
  }
  return all;
}

}  // namespace

TEST_CASE("resumed TLS sessions are linked to the sessions that issued them") {
  const auto s = sessions(true);
  REQUIRE(s.size() == 4);
  // Both ways: the origin names who resumed it.
  CHECK(s[0].related == std::vector<std::string>{"1 tls-resumed-by"});
  CHECK(s[0].with.empty());
  CHECK(s[1].related == std::vector<std::string>{"0 tls-resumed-from"});
  CHECK(s[1].with == "session-id");
  CHECK(s[1].from == "0");
  CHECK(s[2].related == std::vector<std::string>{"3 tls-resumed-by"});
  CHECK(s[3].related == std::vector<std::string>{"2 tls-resumed-from"});
  CHECK(s[3].with == "psk");
  CHECK(s[3].from == "2");
}

TEST_CASE("without keys a TLS 1.3 ticket is unseen, a TLS 1.2 session id not") {
  const auto s = sessions(false);
  REQUIRE(s.size() == 4);
  CHECK(s[1].related == std::vector<std::string>{"0 tls-resumed-from"});
  // The ticket travelled encrypted in session 2's NewSessionTicket.
  CHECK(s[3].related.empty());
  CHECK(s[3].with == "psk");
  CHECK(s[3].from.empty());
}
