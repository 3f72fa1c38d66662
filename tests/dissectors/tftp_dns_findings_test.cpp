// SPDX-License-Identifier: GPL-2.0-or-later
// TFTP and DNS on the typed session model, against oracles that are not
// tracelab: the lab samples (samples/README.md; tftpd-hpa's own log in
// samples/flawed/), tshark's fields (dns.response_to, dns.time, the TFTP
// opcodes and frame times) and RFC 1035/2308 for DNS outcomes.
#include <doctest/doctest.h>

#include <cmath>
#include <map>

#include "session_json.hpp"
#include "test_support.hpp"
#include "transfer_oracle.hpp"

using namespace tracelab::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path sample(const std::string& name) {
  const fs::path p = samples_dir() / name;
  REQUIRE_MESSAGE(fs::exists(p), "missing sample " << p);
  return p;
}

const json* session_by_id(const std::vector<json>& all, uint64_t id) {
  for (const auto& s : all)
    if (s.at("id") == id) return &s;
  return nullptr;
}

// The related session of `s` linked for `why`.
const json* related(const std::vector<json>& all, const json& s,
                    const std::string& why) {
  for (const auto& r : s.at("related"))
    if (r.at("why") == why) return session_by_id(all, r.at("id"));
  return nullptr;
}

}  // namespace

TEST_CASE("tftp-not-found: the ERROR is a tftp-error with its message") {
  const fs::path cap = sample("tftp-not-found.pcap");
  const fs::path log = samples_dir() / "flawed" / "tftp-not-found.server.log";
  REQUIRE(fs::exists(log));
  // tftpd's own account: it refused boot.cfg with "File not found".
  CHECK(read_file(log).find("sending NAK (1, File not found)") !=
        std::string::npos);
  uint64_t error_frame = 2;  // README: ERROR in 2
  if (have_tool("tshark")) {
    const auto rows = tshark_rows(cap, "tftp.opcode==5",
                                  {"frame.number", "tftp.error.message"});
    REQUIRE(rows.size() == 1);
    CHECK(std::stoull(rows[0].at(0)) == error_frame);
    CHECK(rows[0].at(1) == "File not found");
  }
  const auto sessions = sessions_json(cap);
  bool found = false;
  for (const auto& f : capture_findings(sessions))
    if (f.id == "tftp-error" && f.at(error_frame)) {
      found = true;
      CHECK(f.severity == "error");
      CHECK(f.detail == "File not found");
    }
  CHECK(found);
  // The ERROR is the request's answer: a failure, with its delay.
  for (const auto& s : sessions)
    for (const auto& e : s.at("events"))
      if (e.at("frame") == error_frame) {
        CHECK(e.at("kind") == "reply");
        CHECK(e.at("outcome") == "failure");
        CHECK(e.at("fields").contains("delay"));
      }
}

TEST_CASE("tftp.pcap: transfers succeed; the one error is the README's") {
  const fs::path cap = sample("tftp.pcap");
  const auto sessions = sessions_json(cap);
  // samples/README: the lab session reads a missing file on purpose
  // ("read of a missing file (Error 1 "File not found")"): that ERROR is a
  // tftp-error like any other, and is the only error finding.
  for (const auto& f : capture_findings(sessions)) {
    CAPTURE(f.id);
    CAPTURE(f.detail);
    if (f.severity != "error") continue;
    CHECK(f.id == "tftp-error");
    CHECK(f.detail == "File not found");
    if (have_tool("tshark"))
      CHECK(f.frames == tshark_frames(cap, "tftp.opcode==5"));
  }
  // Every transfer step succeeded, with its size; tshark's last DATA
  // blocks say where each ended.
  std::map<std::string, uint64_t> bytes;
  for (const auto& s : sessions)
    for (const auto& e : s.at("events"))
      if (e.at("kind") == "transfer") {
        CHECK(e.at("outcome") == "success");
        bytes[e.at("fields").at("filename")] +=
            std::stoull(e.at("fields").at("bytes").get<std::string>());
      }
  // boot.txt twice (octet 81 bytes; netascii the same text), config.bin
  // 3000 bytes (README), firmware.bin 20 blocks of 1024 (README).
  CHECK(bytes["config.bin"] == 3000);
  CHECK(bytes["firmware.bin"] == 20480);
  CHECK(bytes.count("boot.txt"));

  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  // Each request's first answer carries the delay since the request, as
  // tshark's frame times give it.
  std::map<uint64_t, double> time;
  for (const auto& r :
       tshark_rows(cap, "tftp", {"frame.number", "frame.time_epoch"}))
    time[std::stoull(r.at(0))] = std::stod(r.at(1));
  size_t answered = 0;
  for (const auto& s : sessions) {
    const json* req = related(sessions, s, "tftp-request");
    if (!req) continue;
    uint64_t request_frame = 0;
    for (const auto& e : req->at("events"))
      if (e.at("kind") == "command") request_frame = e.at("frame");
    REQUIRE(request_frame);
    for (const auto& e : s.at("events")) {
      if (!e.contains("fields") || !e.at("fields").contains("delay")) continue;
      const double want = time.at(e.at("frame")) - time.at(request_frame);
      CHECK(std::fabs(std::stod(e.at("fields").at("delay").get<std::string>()) -
                      want) < 2e-6);
      ++answered;
    }
  }
  CHECK(answered == 5);  // five requests, each answered once
}

TEST_CASE("TFTP shared captures: no crash, every reply has an outcome") {
  for (const auto& cap : transfer_captures("tftp", "tftp")) {
    CAPTURE(cap.filename().string());
    for (const auto& s : sessions_json(cap))
      for (const auto& e : s.at("events")) {
        const std::string kind = e.at("kind");
        if (kind == "reply" || kind == "transfer") CHECK(e.contains("outcome"));
        if (kind == "reply" && e.value("status", "") == "ERROR")
          CHECK(e.at("outcome") == "failure");
      }
  }
}

TEST_CASE("DNS answers: their query, delay and outcome as tshark has them") {
  std::vector<fs::path> caps;
  for (const auto& p : shared_capture_files())
    if (!tshark_frames(p, "dns").empty()) caps.push_back(p);
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  REQUIRE_FALSE(caps.empty());
  size_t answers = 0, responses = 0;
  for (const auto& cap : caps) {
    CAPTURE(cap.filename().string());
    struct Want {
      uint64_t query = 0;
      double time = -1;
      int rcode = 0;
    };
    std::map<uint64_t, Want> want;
    for (const auto& r : tshark_rows(cap, "dns.flags.response==1",
                                     {"frame.number", "dns.response_to",
                                      "dns.time", "dns.flags.rcode"})) {
      Want w;
      if (!r.at(1).empty()) w.query = std::stoull(r.at(1));
      if (!r.at(2).empty()) w.time = std::stod(r.at(2));
      w.rcode = std::stoi(r.at(3));
      want[std::stoull(r.at(0))] = w;
    }
    responses += want.size();
    const auto sessions = sessions_json(cap);
    const auto findings = capture_findings(sessions);
    for (const auto& s : sessions)
      for (const auto& e : s.at("events")) {
        if (e.at("kind") != "answer") continue;
        const uint64_t frame = e.at("frame");
        CAPTURE(frame);
        const auto it = want.find(frame);
        REQUIRE(it != want.end());
        ++answers;
        // RFC 1035 RCODE 0 is success (RFC 2308: also with no records).
        CHECK(e.at("outcome") ==
              (it->second.rcode == 0 ? "success" : "failure"));
        bool error = false;
        for (const auto& f : findings)
          error = error || (f.id == "dns-error" && f.at(frame));
        CHECK(error == (it->second.rcode != 0));
        if (!it->second.query) {
          CHECK_FALSE(e.contains("answers"));
          continue;
        }
        REQUIRE(e.contains("answers"));
        const auto& q = s.at("events").at(e.at("answers").get<size_t>());
        CHECK(q.at("kind") == "query");
        CHECK(q.at("frame") == it->second.query);
        CHECK(q.at("fields").at("id") == e.at("fields").at("id"));
        CHECK(
            std::fabs(std::stod(e.at("fields").at("delay").get<std::string>()) -
                      it->second.time) < 2e-6);
      }
  }
  // Every response tshark sees is an answer step (none missed).
  CHECK(answers == responses);
  CHECK(answers > 0);
}

TEST_CASE("a connection to the address a DNS answer gave names it") {
  // zeek-smtp.pcap: frame 2 answers mail.patriots.in with 74.53.140.153,
  // frame 3 is the SYN to that address (tshark).
  const fs::path shared = shared_captures();
  REQUIRE_FALSE(shared.empty());
  const fs::path cap = shared / "smtp" / "zeek-smtp.pcap";
  REQUIRE(fs::exists(cap));
  uint64_t answer = 2, syn = 3;
  std::string address = "74.53.140.153";
  if (have_tool("tshark")) {
    const auto a = tshark_rows(cap, "dns.flags.response==1 && dns.a",
                               {"frame.number", "dns.a"});
    REQUIRE(a.size() == 1);
    answer = std::stoull(a[0].at(0));
    address = a[0].at(1);
    const auto s = tshark_frames(
        cap, "tcp.flags.syn==1 && tcp.flags.ack==0 && ip.dst==" + address);
    REQUIRE_FALSE(s.empty());
    syn = s.front();
    CHECK(answer < syn);
  }
  const auto sessions = sessions_json(cap);
  const json* dns = nullptr;
  const json* conn = nullptr;
  for (const auto& s : sessions) {
    if (s.at("first_frame") == syn) conn = &s;
    for (const auto& e : s.at("events"))
      if (e.at("frame") == answer && e.at("kind") == "answer") dns = &s;
  }
  REQUIRE(dns);
  REQUIRE(conn);
  CHECK(conn->at("server").get<std::string>().starts_with(address + ":"));
  CHECK(related(sessions, *conn, "address-from-dns") == dns);
  CHECK(related(sessions, *dns, "dns-answer-for") == conn);
}

TEST_CASE("a TFTP transfer cut short is reported on its own frames") {
  // tftp.pcap without frames 13-20 (editcap): the upload of config.bin
  // stops after block 2, and the capture goes on with other transfers.
  // The open transfer's step and finding must sit on frames of its own
  // session -- once its step landed on the capture's last frame, another
  // session's.  Oracle: tshark's UDP ports of each frame.
  REQUIRE_MESSAGE(have_tool("editcap"), "editcap is not installed");
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  const fs::path cut = temp_dir("tftp-cut") / "cut.pcap";
  int status = -1;
  run("editcap " + sh_quote(sample("tftp.pcap").string()) + " " +
          sh_quote(cut.string()) + " 13-20",
      &status);
  REQUIRE(status == 0);
  std::map<uint64_t, std::pair<std::string, std::string>> ports;
  for (const auto& r :
       tshark_rows(cut, "udp", {"frame.number", "udp.srcport", "udp.dstport"}))
    ports[std::stoull(r.at(0))] = {r.at(1), r.at(2)};
  REQUIRE(ports.size() > 20);
  auto port_of = [](const json& endpoint) {
    const std::string s = endpoint.get<std::string>();
    return s.substr(s.rfind(':') + 1);
  };
  size_t incomplete = 0, checked = 0;
  for (const auto& s : sessions_json(cut)) {
    const std::string a = port_of(s.at("client")), b = port_of(s.at("server"));
    auto own = [&](uint64_t frame) {
      const auto& [src, dst] = ports.at(frame);
      return (src == a && dst == b) || (src == b && dst == a);
    };
    for (const auto& e : s.at("events")) {
      CAPTURE(e.dump());
      CHECK(own(e.at("frame")));
      ++checked;
      if (e.at("kind") == "transfer" && e.at("outcome") == "failure")
        ++incomplete;
    }
    for (const auto& f : s.at("findings"))
      for (const auto& fr : f.at("frames")) CHECK(own(fr));
  }
  CHECK(checked > 10);
  CHECK(incomplete == 1);  // config.bin, and only it
}
