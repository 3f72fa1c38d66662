// SPDX-License-Identifier: GPL-2.0-or-later
// HTTP, HTTP/2 and TLS on the typed session model, checked against
// independent oracles: the samples' own servers (nginx's logs in
// samples/flawed/), samples/README.md's frame table, and tshark's fields on
// every keyed capture of samples/ and ../shared/captures/tls/.
//
// * Correct lab sessions carry no `error` finding; each flawed one has its
//   finding at the frame where the flaw shows.
// * Every HTTP response answers a request, every ServerHello a ClientHello.
// * The fields equal tshark's, normalised where the spelling differs:
//   tshark's version numbers ("0x0304") are mapped to their names ("TLS
//   1.3") through the table below (RFC 8446 4.2.1), its cipher suite
//   numbers to names through its own value strings (`tshark -G values`),
//   GREASE values (RFC 8701) dropped; backslash escapes of RFC 2253 names
//   removed before comparing a certificate's strings.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "../decode/packet_builder.hpp"
#include "dissector_harness.hpp"
#include "test_support.hpp"

using namespace tracelab;
using namespace tracelab::test;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

// A capture's key log: CAPTURE.keys beside it ("" when none).
std::string keys_of(const fs::path& cap) {
  const fs::path k = cap.string() + ".keys";
  return fs::exists(k) ? k.string() : std::string();
}

std::vector<json> sessions_of(const fs::path& cap, bool with_keys = true) {
  REQUIRE_MESSAGE(fs::exists(cap), cap.string());
  std::string cmd =
      sh_quote(tracelab_bin()) + " sessions --json --no-header --no-progress ";
  if (const std::string k = keys_of(cap); with_keys && !k.empty())
    cmd += "--keylog " + sh_quote(k) + " ";
  int status = 0;
  std::istringstream out(run(cmd + sh_quote(cap.string()), &status));
  REQUIRE(status == 0);
  std::vector<json> all;
  for (std::string line; std::getline(out, line);)
    all.push_back(json::parse(line));
  return all;
}

// Field `name` of a step as a list of strings (a scalar becomes one).
std::vector<std::string> field_list(const json& e, const char* name) {
  std::vector<std::string> out;
  if (!e.contains("fields") || !e["fields"].contains(name)) return out;
  const json& v = e["fields"][name];
  if (v.is_array())
    for (const auto& x : v) out.push_back(x.get<std::string>());
  else
    out.push_back(v.get<std::string>());
  return out;
}

std::string field(const json& e, const char* name) {
  const auto l = field_list(e, name);
  return l.empty() ? std::string() : l.front();
}

std::vector<std::string> error_findings(const json& s) {
  std::vector<std::string> out;
  for (const auto& f : s["findings"])
    if (f["severity"] == "error") out.push_back(f["id"].get<std::string>());
  return out;
}

const json* finding(const json& s, const char* id) {
  for (const auto& f : s["findings"])
    if (f["id"] == id) return &f;
  return nullptr;
}

bool has_frame(const json& f, uint64_t frame) {
  for (const auto& x : f["frames"])
    if (x.get<uint64_t>() == frame) return true;
  return false;
}

// tshark -T fields rows (tab-separated, '|' between a field's occurrences).
std::vector<std::vector<std::string>> tshark_rows(const fs::path& cap,
                                                  const std::string& filter,
                                                  const std::string& fields) {
  std::string cmd = "tshark -n -r " + sh_quote(cap.string());
  if (const std::string k = keys_of(cap); !k.empty())
    cmd += " -o " + sh_quote("tls.keylog_file:" + k);
  cmd += " -Y " + sh_quote(filter) + " -T fields -E separator=/t " +
         "-E aggregator='|' " + fields + " 2>/dev/null";
  std::istringstream out(run_oracle(cmd, cap));
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(out, line);) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream l(line);
    while (std::getline(l, cell, '\t')) cells.push_back(cell);
    if (!line.empty() && line.back() == '\t') cells.emplace_back();
    rows.push_back(std::move(cells));
  }
  return rows;
}

std::vector<std::string> split(const std::string& s, char sep = '|') {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, sep)) out.push_back(part);
  return out;
}

// RFC 8446 4.2.1 / RFC 5246 version numbers, as tracelab names them.
std::string version_name(const std::string& hex) {
  static const std::map<std::string, std::string> names = {
      {"0x0002", "SSL 2.0"}, {"0x0300", "SSL 3.0"}, {"0x0301", "TLS 1.0"},
      {"0x0302", "TLS 1.1"}, {"0x0303", "TLS 1.2"}, {"0x0304", "TLS 1.3"}};
  auto it = names.find(hex);
  return it == names.end() ? hex : it->second;
}

bool grease(const std::string& hex) {
  if (hex.size() != 6) return false;
  const unsigned v = std::stoul(hex, nullptr, 16);
  return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

// tshark's names of cipher suites, from its value strings.
const std::map<unsigned, std::string>& suite_names() {
  static const std::map<unsigned, std::string> names = [] {
    std::map<unsigned, std::string> m;
    std::istringstream in(run("tshark -G values 2>/dev/null"));
    for (std::string line; std::getline(in, line);) {
      const auto c = split(line, '\t');
      if (c.size() >= 4 && c[0] == "V" && c[1] == "tls.handshake.ciphersuite")
        m[static_cast<unsigned>(std::stoul(c[2]))] = c[3];
    }
    return m;
  }();
  return names;
}

std::string unescaped(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '\\'), s.end());
  return s;
}

// Steps of every session of `cap` that occurred in `frame` and name
// `message`.
std::vector<const json*> steps_at(const std::vector<json>& sessions,
                                  uint64_t frame, const char* message) {
  std::vector<const json*> out;
  for (const auto& s : sessions)
    for (const auto& e : s["events"])
      if (e["frame"].get<uint64_t>() == frame && field(e, "message") == message)
        out.push_back(&e);
  return out;
}

const char* const kCorrectSamples[] = {
    "http-redirect-https.pcapng",
    "http-keepalive-chunked.pcap",
    "tls13-aesgcm.pcapng",
    "tls13-chacha20.pcapng",
    "tls13-early-data.pcapng",
    "tls13-ipv6-embedded-keys.pcapng",
    "tls12-cbc.pcapng",
    "tls-ccm.pcapng",
    "tls-resumption.pcapng",
    "imaps.pcap",
    "pop3s.pcap",
};

// Keyed HTTP/TLS captures: samples with a key log (or embedded keys) and
// the shared corpus's TLS folder.
std::vector<fs::path> web_captures() {
  std::vector<fs::path> out;
  for (const char* n : kCorrectSamples) out.push_back(samples_dir() / n);
  out.push_back(samples_dir() / "http-redirect-not-followed.pcapng");
  out.push_back(samples_dir() / "tls-no-shared-cipher.pcapng");
  for (const auto& f : shared_capture_files())
    if (f.parent_path().filename() == "tls" ||
        f.parent_path().filename() == "http")
      out.push_back(f);
  return out;
}

}  // namespace

TEST_CASE("web: correct HTTP and TLS lab sessions carry no error finding") {
  for (const char* name : kCorrectSamples) {
    for (bool keys : {true, false}) {
      CAPTURE(name);
      CAPTURE(keys);
      for (const auto& s : sessions_of(samples_dir() / name, keys)) {
        CAPTURE(s["id"]);
        CHECK(error_findings(s).empty());
        // Without keys nothing is decrypted: said once, as information.
        if (!keys && keys_of(samples_dir() / name).size())
          if (const json* f = finding(s, "tls-not-decrypted"))
            CHECK(f->at("severity") == "info");
      }
    }
  }
}

TEST_CASE("web: a redirect to https:// followed by the HTTPS connection") {
  // samples/README: GET / on port 80, 301 to https://tl-server.test/, then a
  // second connection on 443 with SNI tl-server.test.
  const auto s = sessions_of(samples_dir() / "http-redirect-https.pcapng");
  REQUIRE(s.size() >= 2);
  CHECK(s[0]["related"] ==
        json::parse(R"([{"id":1,"why":"redirect-followed-by"}])"));
  CHECK(s[1]["related"] ==
        json::parse(R"([{"id":0,"why":"redirected-from"}])"));
  CHECK(finding(s[0], "http-redirect-not-followed") == nullptr);
}

TEST_CASE("web: a redirect to https:// that nobody followed") {
  const auto cap = samples_dir() / "http-redirect-not-followed.pcapng";
  // nginx answered 301 (its access log); README: the 301 is frame 6.
  const std::string log = read_file(samples_dir() / "flawed" /
                                    "http-redirect-not-followed.server.log");
  REQUIRE(log.find("\"GET / HTTP/1.1\" 301") != std::string::npos);
  uint64_t frame = 6;
  std::string location = "https://tl-server.test/";
  if (have_tool("tshark")) {
    const auto rows = tshark_rows(cap, "http.response.code == 301",
                                  "-e frame.number -e http.location");
    REQUIRE(rows.size() == 1);
    frame = std::stoull(rows[0][0]);
    location = rows[0][1];
  }
  const auto s = sessions_of(cap);
  REQUIRE(s.size() == 1);
  const json* f = finding(s[0], "http-redirect-not-followed");
  REQUIRE(f != nullptr);
  CHECK(f->at("severity") == "error");
  CHECK(has_frame(*f, frame));
  CHECK(f->at("detail") == location);
  CHECK(s[0]["related"].empty());
}

TEST_CASE("web: no shared cipher: the handshake fails at the server's alert") {
  const auto cap = samples_dir() / "tls-no-shared-cipher.pcapng";
  const std::string log =
      read_file(samples_dir() / "flawed" / "tls-no-shared-cipher.server.log");
  REQUIRE(log.find("no shared cipher") != std::string::npos);
  // README: ClientHello 4; alert in 6.
  uint64_t hello = 4, alert = 6;
  if (have_tool("tshark")) {
    auto rows = tshark_rows(cap, "tls.handshake.type == 1", "-e frame.number");
    REQUIRE(rows.size() == 1);
    hello = std::stoull(rows[0][0]);
    rows = tshark_rows(cap, "tls.alert_message.desc == 40",
                       "-e frame.number -e tls.alert_message.level");
    REQUIRE(rows.size() == 1);
    alert = std::stoull(rows[0][0]);
    CHECK(rows[0][1] == "2");  // fatal
  }
  const auto s = sessions_of(cap);
  REQUIRE(s.size() == 1);
  const json* f = finding(s[0], "tls-handshake-failed");
  REQUIRE(f != nullptr);
  CHECK(f->at("severity") == "error");
  CHECK(has_frame(*f, hello));
  CHECK(has_frame(*f, alert));
  CHECK(f->at("detail") == "handshake_failure");
  // The alert answers the ClientHello and fails it.
  StepIndex ch = -1;
  for (size_t i = 0; i < s[0]["events"].size(); ++i) {
    const json& e = s[0]["events"][i];
    if (field(e, "message") == "ClientHello") ch = static_cast<StepIndex>(i);
    if (e["kind"] != "alert") continue;
    CHECK(e["frame"] == alert);
    CHECK(e["outcome"] == "failure");
    CHECK(e["answers"] == ch);
    CHECK(field(e, "alert") == "handshake_failure");
    CHECK(field(e, "level") == "fatal");
  }
  CHECK(ch >= 0);
}

TEST_CASE("web: every response answers a request, every ServerHello a hello") {
  for (const auto& cap : web_captures()) {
    CAPTURE(cap.string());
    for (const auto& s : sessions_of(cap)) {
      const json& ev = s["events"];
      bool hello_seen = false;
      for (size_t i = 0; i < ev.size(); ++i) {
        const json& e = ev[i];
        CAPTURE(e["frame"]);
        if (e["kind"] == "response" && e.contains("answers")) {
          const auto a = e["answers"].get<size_t>();
          REQUIRE(a < i);
          CHECK(ev[a]["kind"] == "request");
          CHECK(!field(e, "delay").empty());
        } else if (e["kind"] == "response" && s["protocol"] == "HTTP") {
          // Only a response to no request seen answers none.
          CHECK(e.value("note", "").find("no request seen") !=
                std::string::npos);
        }
        if (field(e, "message") == "ClientHello") hello_seen = true;
        // A capture picked up after the ClientHello has none to answer.
        if (field(e, "message") == "ServerHello" && hello_seen) {
          CHECK(e["outcome"] == "success");
          REQUIRE(e.contains("answers"));
          CHECK(field(ev[e["answers"].get<size_t>()], "message") ==
                "ClientHello");
        }
        // Handshake steps of TLS all name their message.
        if (e["kind"] == "handshake" && !e["fields"].contains("flags"))
          CHECK(!field(e, "message").empty());
      }
    }
  }
}

TEST_CASE("web: TLS fields equal tshark's on every keyed capture") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  REQUIRE(!suite_names().empty());
  size_t hellos = 0, server_hellos = 0, certificates = 0;
  for (const auto& cap : web_captures()) {
    CAPTURE(cap.string());
    const auto sessions = sessions_of(cap);
    // ClientHellos: SNI, offered versions, ALPN, JA3.
    for (const auto& row : tshark_rows(
             cap, "tls.handshake.type == 1 && !tls.handshake.type == 2",
             "-e frame.number -e tls.handshake.extensions_server_name "
             "-e tls.handshake.extensions.supported_version "
             "-e tls.handshake.version -e tls.handshake.extensions_alpn_str "
             "-e tls.handshake.ja3")) {
      REQUIRE(row.size() >= 6);
      const uint64_t frame = std::stoull(row[0]);
      CAPTURE(frame);
      const auto ours = steps_at(sessions, frame, "ClientHello");
      if (split(row[5]).size() != 1) continue;  // several hellos in a frame
      REQUIRE(ours.size() == 1);
      const json& e = *ours[0];
      ++hellos;
      CHECK(field(e, "sni") == row[1]);
      std::vector<std::string> versions;
      for (const auto& v : split(row[2]))
        if (!grease(v)) versions.push_back(version_name(v));
      if (versions.empty()) versions.push_back(version_name(row[3]));
      CHECK(field_list(e, "offered_versions") == versions);
      CHECK(field_list(e, "alpn") == split(row[4]));
      CHECK(field(e, "ja3") == row[5]);
    }
    // ServerHellos: the negotiated version and suite.
    for (const auto& row :
         tshark_rows(cap, "tls.handshake.type == 2 && !tls.handshake.type == 1",
                     "-e frame.number -e tls.handshake.extensions."
                     "supported_version -e tls.handshake.version "
                     "-e tls.handshake.ciphersuite")) {
      REQUIRE(row.size() >= 4);
      const uint64_t frame = std::stoull(row[0]);
      CAPTURE(frame);
      auto ours = steps_at(sessions, frame, "ServerHello");
      // TLS 1.3's HelloRetryRequest is a ServerHello to tshark.
      for (const json* e : steps_at(sessions, frame, "HelloRetryRequest"))
        ours.push_back(e);
      if (split(row[3]).size() != 1) continue;
      REQUIRE(ours.size() == 1);
      const json& e = *ours[0];
      ++server_hellos;
      // supported_versions (TLS 1.3) wins over the legacy field.
      const auto sv = split(row[1]);
      const std::string version =
          version_name(sv.empty() ? split(row[2]).front() : sv.front());
      CHECK(field(e, "version") == version);
      const unsigned suite =
          static_cast<unsigned>(std::stoul(row[3], nullptr, 16));
      REQUIRE(suite_names().count(suite));
      CHECK(field(e, "cipher_suite") == suite_names().at(suite));
    }
    // Certificates: tshark's DNS names are our SAN entries (IP addresses
    // carry "IP:"); each of its directory strings is in our subject or
    // issuer.
    for (const auto& row : tshark_rows(
             cap, "tls.handshake.type == 11",
             "-e frame.number -e x509ce.dNSName -e x509sat.printableString "
             "-e x509sat.uTF8String")) {
      REQUIRE(!row.empty());
      const uint64_t frame = std::stoull(row[0]);
      CAPTURE(frame);
      std::multiset<std::string> want, got;
      for (const auto& n : split(row.size() > 1 ? row[1] : "")) want.insert(n);
      std::string names;
      size_t steps = 0;
      for (const auto& s : sessions)
        for (const auto& e : s["events"]) {
          if (e["frame"].get<uint64_t>() != frame || e["kind"] != "certificate")
            continue;
          ++steps;
          CHECK(e["text"] == field(e, "subject"));
          CHECK(field(e, "not_after").size() == 20);  // 2036-11-19T05:08:28Z
          names += unescaped(field(e, "subject")) + "\n" +
                   unescaped(field(e, "issuer")) + "\n";
          for (const auto& n : field_list(e, "san"))
            if (!n.starts_with("IP:")) got.insert(n);
        }
      if (steps == 0) continue;  // a client's empty Certificate
      ++certificates;
      CHECK(got == want);
      for (size_t c = 2; c < row.size(); ++c)
        for (const auto& v : split(row[c])) {
          CAPTURE(v);
          CHECK(names.find(v) != std::string::npos);
        }
    }
  }
  // The corpus has them: a test without data must fail.
  CHECK(hellos >= 20);
  CHECK(server_hellos >= 15);
  CHECK(certificates >= 8);
}

TEST_CASE("web: HTTP fields equal tshark's on the HTTP captures") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  size_t requests = 0, responses = 0;
  for (const auto& cap : web_captures()) {
    CAPTURE(cap.string());
    const auto sessions = sessions_of(cap);
    // HTTP/1.x only: tshark's http.* fields do not cover HTTP/2.  The
    // multisets of the whole capture are compared (a response's frame is
    // where tshark reassembled the body, ours where the head ended).  A
    // response whose body never completed (the capture lost or cut it) is
    // a step of ours but no HTTP message to tshark: every one of tshark's
    // must be ours, and ours may have those more.
    std::multiset<std::string> want_req, got_req, want_resp, got_resp;
    for (const auto& row : tshark_rows(cap, "http.request",
                                       "-e http.request.method -e http.host "
                                       "-e http.request.uri"))
      want_req.insert(row.at(0) + " " + (row.size() > 1 ? row[1] : "") + " " +
                      (row.size() > 2 ? row[2] : ""));
    for (const auto& row : tshark_rows(cap, "http.response",
                                       "-e http.response.code -e http.location "
                                       "-e http.content_type"))
      want_resp.insert(row.at(0) + " " + (row.size() > 1 ? row[1] : "") + " " +
                       (row.size() > 2 ? row[2] : ""));
    for (const auto& s : sessions)
      for (const auto& e : s["events"]) {
        const std::string args = e.value("args", "");
        if (e["kind"] == "request" && !args.ends_with(" HTTP/2"))
          got_req.insert(field(e, "method") + " " + field(e, "host") + " " +
                         field(e, "path"));
        if (e["kind"] == "response" && s["protocol"] == "HTTP") {
          const int code = e["code"].get<int>();
          got_resp.insert(std::to_string(code) + " " +
                          (code / 100 == 3 ? field(e, "location") : "") + " " +
                          field(e, "content_type"));
        }
      }
    requests += want_req.size();
    responses += want_resp.size();
    CHECK(std::includes(got_req.begin(), got_req.end(), want_req.begin(),
                        want_req.end()));
    CHECK(std::includes(got_resp.begin(), got_resp.end(), want_resp.begin(),
                        want_resp.end()));
    // Most captures' messages all complete: there both sides are equal.
    if (cap.filename() != "pcpp-650HttpResponses.pcap" &&
        cap.filename() != "suricata-http-pipeline-files-with-gap.pcap") {
      CHECK(got_req == want_req);
      CHECK(got_resp == want_resp);
    }
  }
  CHECK(requests >= 20);
  CHECK(responses >= 20);
}

TEST_CASE("web: 4xx and 5xx answers are findings at their frame") {
  const auto cap = samples_dir() / "http-keepalive-chunked.pcap";
  std::vector<uint64_t> frames;
  if (have_tool("tshark")) {
    for (const auto& row :
         tshark_rows(cap, "http.response.code >= 400", "-e frame.number"))
      frames.push_back(std::stoull(row.at(0)));
  }
  const auto s = sessions_of(cap);
  std::vector<std::string> details;
  for (const auto& x : s)
    for (const auto& f : x["findings"])
      if (f["id"] == "http-client-error") {
        CHECK(f["severity"] == "warning");
        details.push_back(f["detail"]);
        // Our response step is at the head; tshark's at the whole message:
        // the same frame for this short 404.
        if (!frames.empty()) CHECK(has_frame(f, frames.front()));
      }
  // samples/README: one of the four keep-alive requests is a 404.
  REQUIRE(details.size() == 1);
  CHECK(details[0].ends_with(" -> 404"));
  CHECK(details[0].starts_with("GET /"));
}

TEST_CASE("web: pipelined requests and 100 Continue answer the right request") {
  const Piece dialog[] = {
      {Direction::ClientToServer,
       "POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
       "Content-Length: 2\r\n\r\n",
       1},
      {Direction::ServerToClient, "HTTP/1.1 100 Continue\r\n\r\n", 2},
      {Direction::ClientToServer, "ok", 3},
      {Direction::ServerToClient,
       "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", 4},
      {Direction::ClientToServer,
       "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n",
       5},
      {Direction::ServerToClient,
       "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
       "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n",
       6},
  };
  const Recorded r =
      run_dissector(registered("http"),
                    std::vector<Piece>(std::begin(dialog), std::end(dialog)));
  std::vector<std::string> got;
  for (const auto& e : r.events) {
    if (e.kind != StepKind::Response) continue;
    REQUIRE(e.answers >= 0);
    const Event& q = r.events[static_cast<size_t>(e.answers)];
    got.push_back(std::to_string(e.code) + " " + outcome_name(e.outcome) +
                  " -> " + std::string(q.field("method")) + " " +
                  std::string(q.field("path")));
  }
  // RFC 9110 15.2.1: the 100 and the final answer answer the same request;
  // RFC 9112 9.3.2: pipelined responses come in the order of the requests.
  CHECK(got == std::vector<std::string>{
                   "100 intermediate -> POST /up", "201 success -> POST /up",
                   "200 success -> GET /a", "503 failure -> GET /b"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].id == std::string("http-server-error"));
  CHECK(r.findings[0].detail == "GET /b -> 503");
  CHECK(r.findings[0].frames == std::vector<uint64_t>{6});
}

TEST_CASE("web: plain HTTP on port 443 is read as HTTP, as tshark reads it") {
  // A client speaking plain HTTP to port 443: tshark tries the bytes as
  // HTTP by content; so must we, and say the port's TLS was not there.
  auto str = [](std::string_view s) { return Bytes(s.begin(), s.end()); };
  uint32_t cseq = 1000, sseq = 5000;
  std::vector<Bytes> frames;
  auto seg = [&](bool c2s, uint16_t flags, const Bytes& payload) {
    Ipv4Options o;
    o.src_last = c2s ? 1 : 2;
    o.dst_last = c2s ? 2 : 1;
    const Bytes t = c2s ? tcp(40000, 443, cseq, sseq, flags, {}, payload)
                        : tcp(443, 40000, sseq, cseq, flags, {}, payload);
    frames.push_back(ethernet(0x0800, ipv4(6, t, o)));
    uint32_t& seq = c2s ? cseq : sseq;
    seq += static_cast<uint32_t>(payload.size()) + ((flags & 0x3) ? 1 : 0);
  };
  seg(true, 0x002, {});
  seg(false, 0x012, {});
  seg(true, 0x010, {});
  seg(true, 0x018,
      str("GET /index.html HTTP/1.1\r\nHost: Example.test\r\n\r\n"));
  seg(false, 0x010, {});
  seg(false, 0x018,
      str("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
          "Content-Length: 5\r\n\r\nnope\n"));
  seg(true, 0x011, {});
  seg(false, 0x011, {});
  seg(true, 0x010, {});
  const auto pcap = temp_dir("web-443") / "http-on-443.pcap";
  write_pcap(pcap, frames);
  std::istringstream out(run(sh_quote(tracelab_bin()) +
                             " packets --json --no-progress " +
                             sh_quote(pcap.string())));
  std::map<uint64_t, std::pair<std::string, std::string>> ours;
  for (std::string line; std::getline(out, line);) {
    const json j = json::parse(line);
    if (j.contains("no"))
      ours[j["no"].get<uint64_t>()] = {j["protocol"], j["info"]};
  }
  REQUIRE(ours.size() == frames.size());
  CHECK(ours[4].first == "HTTP");
  CHECK(ours[4].second == "GET /index.html HTTP/1.1 ");
  CHECK(ours[6].first == "HTTP");
  if (have_tool("tshark")) {
    const auto ref =
        tshark_fields(frames, "-e _ws.col.Protocol -e _ws.col.Info");
    REQUIRE(ref.size() == frames.size());
    for (uint64_t i = 1; i <= frames.size(); ++i) {
      CAPTURE(i);
      CHECK(ours[i].first == ref[i - 1].at(0));
      CHECK(ours[i].second == ref[i - 1].at(1));
    }
  } else {
    MESSAGE("tshark not installed: compared with the pinned Info only");
  }
  const auto s = sessions_of(pcap);
  REQUIRE(s.size() == 1);
  CHECK(s[0]["protocol"] == "HTTP");
  const json* f = finding(s[0], "not-tls");
  REQUIRE(f != nullptr);
  CHECK(f->at("severity") == "warning");
  CHECK(has_frame(*f, 4));
  CHECK(finding(s[0], "http-client-error") != nullptr);
}

TEST_CASE("web: bytes on a TLS port that no protocol claims are not TLS") {
  const std::vector<Piece> dialog = {
      {Direction::ClientToServer, std::string("\x01\x02garbage here", 14), 4},
  };
  const Recorded r = run_dissector(registered("tls"), dialog);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].id == std::string("not-tls"));
  CHECK(r.findings[0].frames == std::vector<uint64_t>{4});
}
