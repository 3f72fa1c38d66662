// SPDX-License-Identifier: GPL-2.0-or-later
// A DNS answer and the connection that follows it: the answer's A/AAAA
// addresses are offered as keys, and the first later connection (TCP, or
// UDP that is not DNS) to one of them names the exchange
// (address-from-dns).  Generated packets through the real dissectors.
#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <string>

#include "flow_harness.hpp"

using namespace tracelab;
using tracelab::test::FlowHarness;

namespace {

IpAddr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  IpAddr ip;
  ip.family = 4;
  ip.bytes[0] = a;
  ip.bytes[1] = b;
  ip.bytes[2] = c;
  ip.bytes[3] = d;
  return ip;
}

void put16(std::string& s, uint16_t v) {
  s += static_cast<char>(v >> 8);
  s += static_cast<char>(v & 0xff);
}

// A DNS message for "host.test" A (RFC 1035 4.1): a query, or a response
// with one A record per address (rcode 0), or none with `rcode`.
std::string dns(uint16_t id, bool response,
                std::initializer_list<IpAddr> addrs = {}, uint8_t rcode = 0) {
  std::string m;
  put16(m, id);
  put16(m, response ? static_cast<uint16_t>(0x8180 | rcode) : 0x0100);
  put16(m, 1);
  put16(m, response ? static_cast<uint16_t>(addrs.size()) : 0);
  put16(m, 0);
  put16(m, 0);
  m += std::string("\4host\4test\0", 11);
  put16(m, 1);  // A
  put16(m, 1);  // IN
  for (const IpAddr& a : addrs) {
    m += std::string("\xc0\x0c", 2);  // the question's name
    put16(m, 1);
    put16(m, 1);
    m += std::string("\0\0\1\x2c", 4);  // TTL 300
    put16(m, 4);
    m.append(reinterpret_cast<const char*>(a.bytes.data()), 4);
  }
  return m;
}

struct Net {
  FlowHarness h;
  const IpAddr client = v4(10, 0, 0, 1), resolver = v4(10, 0, 0, 53);
  uint16_t next_port = 50000;

  Net() { h.registry = dissector_registry(); }

  void udp(const IpAddr& src, uint16_t sport, const IpAddr& dst, uint16_t dport,
           const std::string& payload) {
    DecodedPacket p = h.base(true, L4::Udp, payload);
    p.src = src;
    p.dst = dst;
    p.sport = sport;
    p.dport = dport;
    h.send(p);
  }
  // A query and its answer on a fresh client port.
  void lookup(uint16_t id, std::initializer_list<IpAddr> addrs,
              uint8_t rcode = 0) {
    const uint16_t port = next_port++;
    udp(client, port, resolver, 53, dns(id, false));
    udp(resolver, 53, client, port, dns(id, true, addrs, rcode));
  }
  // A SYN from the client to `server`:80 (enough to start a session).
  void connect(const IpAddr& server) {
    DecodedPacket p = h.base(true, L4::Tcp, "");
    p.src = client;
    p.dst = server;
    p.sport = next_port++;
    p.dport = 80;
    p.tcp.seq = 1000;
    p.tcp.flags = kTcpSyn;
    p.tcp.window = 65535;
    p.tcp.header_len = 20;
    h.send(p);
  }
  const Session& session_to(const IpAddr& server, size_t nth = 0) {
    for (const Session& s : h.sessions)
      if (s.server.addr == server && nth-- == 0) return s;
    FAIL("no session to that server");
    return h.sessions.front();
  }
  const Session& session_id(uint64_t id) {
    for (const Session& s : h.sessions)
      if (s.id == id) return s;
    FAIL("no session " << id);
    return h.sessions.front();
  }
};

bool links(const Session& s, uint64_t id, LinkWhy why) {
  return std::find(s.related.begin(), s.related.end(), Link{id, why}) !=
         s.related.end();
}

}  // namespace

TEST_CASE("a connection to an address a DNS answer gave names that exchange") {
  Net n;
  const IpAddr web = v4(192, 0, 2, 10), other = v4(192, 0, 2, 99);
  n.connect(web);  // before any answer: nothing to refer to
  n.lookup(0x1234, {web, v4(192, 0, 2, 11)});
  n.connect(web);
  n.connect(web);           // the second connection: the key went to the first
  n.connect(other);         // not an answered address
  n.lookup(0x2345, {}, 3);  // NXDOMAIN gives no address
  n.h.finish();

  const Session& dns = n.session_to(n.resolver);
  CHECK(dns.protocol == "DNS");
  CHECK(dns.related.empty());  // the harness's sink does not attach late links
  CHECK(n.session_to(web, 0).related.empty());
  CHECK(n.session_to(web, 1).related ==
        std::vector<Link>{{dns.id, LinkWhy::AddressFromDns}});
  CHECK(n.session_to(web, 2).related.empty());
  CHECK(n.session_to(other).related.empty());
  // The NXDOMAIN exchange is a dns-error finding, a warning naming the name.
  const Session& nx = n.session_to(n.resolver, 1);
  REQUIRE(nx.findings.size() == 1);
  CHECK(std::string(nx.findings[0].id) == "dns-error");
  CHECK(nx.findings[0].severity == Severity::Warning);
  CHECK(nx.findings[0].detail == "host.test");
}

TEST_CASE("a later answer for the same address links the next connection") {
  Net n;
  const IpAddr web = v4(192, 0, 2, 10);
  n.lookup(1, {web});
  n.connect(web);
  n.lookup(2, {web});
  n.connect(web);
  // A UDP flow to the address that is not DNS is a connection too; a DNS
  // flow to it is not.
  n.lookup(3, {web});
  n.udp(n.client, 40001, web, 53, dns(9, false));
  n.udp(n.client, 40002, web, 4444, "hello");
  n.h.finish();
  const Session& first_dns = n.session_to(n.resolver, 0);
  const Session& second_dns = n.session_to(n.resolver, 1);
  const Session& third_dns = n.session_to(n.resolver, 2);
  CHECK(links(n.session_to(web, 0), first_dns.id, LinkWhy::AddressFromDns));
  CHECK(links(n.session_to(web, 1), second_dns.id, LinkWhy::AddressFromDns));
  const Session& dns_to_web = n.session_to(web, 2);
  CHECK(dns_to_web.protocol == "DNS");
  CHECK(dns_to_web.related.empty());
  CHECK(links(n.session_to(web, 3), third_dns.id, LinkWhy::AddressFromDns));
  (void)n.session_id(third_dns.id);
}
