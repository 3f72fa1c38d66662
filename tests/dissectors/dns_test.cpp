// SPDX-License-Identifier: GPL-2.0-or-later
//
// DNS, mDNS and LLMNR: messages built here, from the everyday (A, CNAME,
// MX, SRV, NXDOMAIN with its SOA) to the damaged (cut short, pointer
// loops, names too long), go through the whole pipeline; their Info must
// be what tshark 4.0 writes -- pinned below, and compared with tshark
// itself when it is installed.  Then the shared captures' DNS frames.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "../decode/packet_builder.hpp"
#include "dissector_harness.hpp"
#include "test_support.hpp"
#include "transfer_oracle.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

Bytes dns_name(const std::string& dotted) {
  Bytes b;
  size_t start = 0;
  while (start < dotted.size()) {
    size_t dot = dotted.find('.', start);
    if (dot == std::string::npos) dot = dotted.size();
    b.push_back(static_cast<uint8_t>(dot - start));
    b.insert(b.end(), dotted.begin() + start, dotted.begin() + dot);
    start = dot + 1;
  }
  b.push_back(0);
  return b;
}

Bytes bytes(std::initializer_list<int> v) {
  Bytes b;
  for (int x : v) b.push_back(static_cast<uint8_t>(x));
  return b;
}

const Bytes kToQuestion = bytes({0xc0, 0x0c});  // a pointer to the question

Bytes question(const std::string& name, uint16_t type, uint16_t cls = 1) {
  Bytes b = dns_name(name);
  put16(b, type);
  put16(b, cls);
  return b;
}

Bytes rr(const Bytes& owner, uint16_t type, const Bytes& data,
         uint16_t cls = 1) {
  Bytes b = owner;
  put16(b, type);
  put16(b, cls);
  put32(b, 300);
  put16(b, static_cast<uint16_t>(data.size()));
  return cat(b, data);
}

struct Sections {
  Sections(std::vector<Bytes> q, std::vector<Bytes> a = {},
           std::vector<Bytes> n = {}, std::vector<Bytes> r = {})
      : qd(std::move(q)),
        an(std::move(a)),
        ns(std::move(n)),
        ar(std::move(r)) {}
  std::vector<Bytes> qd, an, ns, ar;
};

Bytes message(uint16_t id, uint16_t flags, const Sections& s) {
  Bytes b;
  put16(b, id);
  put16(b, flags);
  for (const auto* v : {&s.qd, &s.an, &s.ns, &s.ar})
    put16(b, static_cast<uint16_t>(v->size()));
  for (const auto* v : {&s.qd, &s.an, &s.ns, &s.ar})
    for (const Bytes& x : *v) b = cat(b, x);
  return b;
}

Bytes cut(Bytes b, size_t n) {
  b.resize(b.size() - n);
  return b;
}

struct Case {
  uint16_t sport, dport;
  Bytes dns;
  std::string protocol, info;  // as tshark 4.0.17 writes them
};

constexpr uint16_t kQuery = 0x0100, kAnswer = 0x8180;

std::vector<Case> cases() {
  const Bytes soa =
      cat(cat(dns_name("ns1.example.com"), dns_name("host.example.com")),
          filler(20));
  std::vector<Case> c;
  auto add = [&](uint16_t dport, Bytes m, std::string proto, std::string i) {
    c.push_back({static_cast<uint16_t>(40000 + c.size()), dport, std::move(m),
                 std::move(proto), std::move(i)});
  };
  add(53, message(1, kQuery, {{question("example.com", 1)}}), "DNS",
      "Standard query 0x0001 A example.com");
  add(53,
      message(1, kAnswer,
              {{question("example.com", 1)},
               {rr(kToQuestion, 1, bytes({93, 184, 216, 34})),
                rr(kToQuestion, 1, bytes({1, 2, 3, 4}))}}),
      "DNS",
      "Standard query response 0x0001 A example.com A 93.184.216.34 A 1.2.3.4");
  Bytes mx = bytes({0, 10});
  add(53,
      message(2, kAnswer,
              {{question("example.com", 15)},
               {rr(kToQuestion, 15, cat(mx, dns_name("mail.example.com")))}}),
      "DNS",
      "Standard query response 0x0002 MX example.com MX 10 mail.example.com");
  Bytes srv = bytes({0, 1, 0, 2, 0x13, 0xc4});
  add(53,
      message(3, kAnswer,
              {{question("_sip._udp.example.com", 33)},
               {rr(kToQuestion, 33, cat(srv, dns_name("sip.example.com")))}}),
      "DNS",
      "Standard query response 0x0003 SRV _sip._udp.example.com SRV 1 2 5060 "
      "sip.example.com");
  add(53,
      message(4, kAnswer,
              {{question("www.example.com", 28)},
               {rr(kToQuestion, 5, dns_name("edge.example.net")),
                rr(dns_name("edge.example.net"), 28,
                   bytes({0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                          1}))},
               {},
               {rr(dns_name(""), 41, {}, 1232)}}),
      "DNS",
      "Standard query response 0x0004 AAAA www.example.com CNAME "
      "edge.example.net AAAA 2001:db8::1 OPT");
  add(53,
      message(5, 0x8183,
              {{question("nx.example.com", 1)}, {}, {rr(kToQuestion, 6, soa)}}),
      "DNS",
      "Standard query response 0x0005 No such name A nx.example.com SOA "
      "ns1.example.com");
  // TXT and DNSSEC records show their type only; MINFO its owner's name.
  add(53,
      message(
          6, kAnswer,
          {{question("example.com", 16)},
           {rr(kToQuestion, 16, bytes({5, 'h', 'e', 'l', 'l', 'o'})),
            rr(kToQuestion, 46,
               cat(cat(filler(18), dns_name("example.com")), filler(8))),
            rr(kToQuestion, 14,
               cat(dns_name("r.example.com"), dns_name("e.example.com")))}}),
      "DNS",
      "Standard query response 0x0006 TXT example.com TXT RRSIG MINFO "
      "example.com");
  add(53,
      message(7, kAnswer,
              {{question("example.com", 13)},
               {rr(kToQuestion, 13,
                   bytes({3, 'x', '8', '6', 5, 'L', 'i', 'n', 'u', 'x'}))}}),
      "DNS",
      "Standard query response 0x0007 HINFO example.com HINFO x86 Linux");
  add(53, message(8, 0x2800, {{question("example.com", 6)}}), "DNS",
      "Dynamic update 0x0008 SOA example.com");
  add(53, message(9, 0x818f, {{question("example.com", 1)}}), "DNS",
      "Standard query response 0x0009 Unknown error (15) A example.com");
  add(53, message(10, kQuery, {{question("", 2)}}), "DNS",
      "Standard query 0x000a NS <Root>");
  add(53, message(11, kQuery, {{question("a.example.com", 4321)}}), "DNS",
      "Standard query 0x000b Unknown (4321) a.example.com");
  // Damage: a pointer to itself, a name of 266 characters, bytes to escape.
  add(53, message(12, kQuery, {{bytes({0xc0, 0x0c, 0, 1, 0, 1})}}), "DNS",
      "Standard query 0x000c A <Name contains a pointer that loops>");
  const std::string l63(63, 'a');
  add(53,
      message(
          13, kQuery,
          {{question(l63 + "." + l63 + "." + l63 + "." + l63 + ".bbbbbbbbbb",
                     1)}}),
      "DNS", "Standard query 0x000d A <Name too long>");
  add(53, message(14, kQuery, {{question("we.i\x01rd.ex ample.com", 1)}}),
      "DNS", "Standard query 0x000e A we.i\\001rd.ex ample.com");
  // Cut short: in the question, in a record's data, inside the header.
  add(53, cut(message(15, kQuery, {{question("x.y", 1)}}), 2), "DNS",
      "Standard query 0x000f[Malformed Packet]");
  add(53,
      message(16, kAnswer,
              {{question("example.com", 1)},
               {rr(kToQuestion, 5, bytes({3, 'a', 'b', 'c'}))}}),
      "DNS",
      "Standard query response 0x0010 A example.com CNAME[Malformed Packet]");
  add(53,
      message(17, kAnswer,
              {{question("example.com", 6)},
               {rr(kToQuestion, 6, dns_name("ns1.example.com"))}}),
      "DNS",
      "Standard query response 0x0011 SOA example.com SOA "
      "ns1.example.com[Malformed Packet]");
  add(53, cut(message(18, kQuery, {{question("example.com", 1)}}), 6), "DNS",
      "Standard query 0x0012[Malformed Packet]");
  // Multicast DNS names its questions QU or QM and flags cache flushes.
  c.push_back({5353, 5353,
               message(0, 0,
                       {{question("_sane-port._tcp.local", 12, 0x8001),
                         question("x.local", 1)}}),
               "MDNS",
               "Standard query 0x0000 PTR _sane-port._tcp.local, \"QU\" "
               "question A x.local, \"QM\" question"});
  c.push_back(
      {5353, 5353,
       message(
           0, 0x8400,
           {{},
            {rr(dns_name("host.local"), 1, bytes({192, 168, 1, 5}), 0x8001)}}),
       "MDNS", "Standard query response 0x0000 A, cache flush 192.168.1.5"});
  add(5355, message(77, 0, {{question("wpad", 1)}}), "LLMNR",
      "Standard query 0x004d A wpad");
  return c;
}

Bytes frame(const Case& k) {
  return ethernet(0x0800, ipv4(17, udp(k.sport, k.dport, k.dns)));
}

}  // namespace

TEST_CASE("DNS Info is tshark's, from everyday answers to damaged messages") {
  const std::vector<Case> all = cases();
  std::vector<Bytes> frames;
  for (const Case& k : all) frames.push_back(frame(k));
  const auto pcap = temp_dir("dns") / "dns.pcap";
  write_pcap(pcap, frames);
  std::istringstream out(run(sh_quote(tracelab_bin()) +
                             " packets --json --no-progress " +
                             sh_quote(pcap.string())));
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(out, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j.contains("no")) rows.push_back(std::move(j));  // frames only
  }
  REQUIRE(rows.size() == all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    CAPTURE(i + 1);
    CHECK(rows[i]["protocol"] == all[i].protocol);
    CHECK(rows[i]["info"] == all[i].info);
  }
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  const auto ref = tshark_fields(frames, "-e _ws.col.Protocol -e _ws.col.Info");
  REQUIRE(ref.size() == all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    CAPTURE(i + 1);
    REQUIRE(ref[i].size() == 2);
    CHECK(ref[i][0] == all[i].protocol);
    CHECK(ref[i][1] == all[i].info);
  }
}

TEST_CASE("DNS dialog: a query, and the answer that names it and its delay") {
  const Case q = cases()[0], a = cases()[1];
  const Recorded r = run_dissector(
      registered("dns"),
      {{Direction::ClientToServer, std::string(q.dns.begin(), q.dns.end()), 1},
       {Direction::ServerToClient, std::string(a.dns.begin(), a.dns.end()),
        3}});
  const auto lines = r.event_lines();
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "1 c2s query command=QUERY args=A example.com text=id 0x0001");
  CHECK(lines[1] ==
        "3 s2c answer args=A example.com code=0 status=No error "
        "text=A 93.184.216.34, A 1.2.3.4");
  // The answer names its query by index, with the delay (frames 1 and 3 of
  // the harness are 2 µs apart).
  const auto typed = r.typed_lines();
  REQUIRE(typed.size() == 2);
  CHECK(typed[0] == "0 query id=0x0001 questions=example.com A");
  CHECK(typed[1] ==
        "1 answer success answers=0 id=0x0001 questions=example.com A "
        "records=example.com A 93.184.216.34 records=example.com A 1.2.3.4 "
        "delay=0.000002");
}

TEST_CASE("DNS Info on the shared captures is tshark's") {
  std::vector<std::filesystem::path> caps;
  for (const char* folder : {"tcp", "smtp", "udp", "dns"})
    for (const auto& p : transfer_captures(folder, "dns")) caps.push_back(p);
  const InfoAgreement a = info_agreement(caps, {"DNS", "MDNS", "LLMNR"});
  MESSAGE(a.frames << " DNS frames, " << a.exact << " exact");
  CHECK(a.frames >= 44);
  CHECK_MESSAGE(a.exact == a.frames, a.misses);
}

TEST_CASE("a DNS answer with many records lists the first sixteen") {
  std::vector<Bytes> many;
  for (int i = 0; i < 40; ++i)
    many.push_back(rr(kToQuestion, 1, bytes({10, 0, 0, i})));
  const Bytes m = message(5, kAnswer, {{question("big.example", 1)}, many});
  const Recorded r = run_dissector(
      registered("dns"),
      {{Direction::ServerToClient, std::string(m.begin(), m.end()), 1}});
  REQUIRE(r.events.size() == 1);
  CHECK(r.events[0].text.starts_with("A 10.0.0.0, A 10.0.0.1, "));
  CHECK(r.events[0].text.ends_with("A 10.0.0.15, and 24 more"));
  // The packet list, like tshark's, shows them all.
  CHECK(r.frames.at(1).second.ends_with("A 10.0.0.39"));
}
