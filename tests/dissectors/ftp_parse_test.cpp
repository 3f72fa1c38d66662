// SPDX-License-Identifier: GPL-2.0-or-later
// The FTP number parsers on the forms real servers and clients send.
#include "ftp/ftp_parse.hpp"

#include <doctest/doctest.h>

using namespace tracelab;
using namespace tracelab::ftp;

TEST_CASE("PORT and PASV addresses") {
  auto p = parse_port_arg("172,23,0,3,174,127");
  REQUIRE(p);
  CHECK(p->addr.to_string() == "172.23.0.3");
  CHECK(p->port == 174 * 256 + 127);
  CHECK_FALSE(parse_port_arg("172,23,0,3,174"));
  CHECK_FALSE(parse_port_arg("172,23,0,300,1,1"));
  CHECK_FALSE(parse_port_arg("a,b,c,d,e,f"));

  auto v = parse_pasv_reply("227 Entering Passive Mode (10,99,0,1,156,152).");
  REQUIRE(v);
  CHECK(v->addr.to_string() == "10.99.0.1");
  CHECK(v->port == 156 * 256 + 152);
  // Without parentheses (RFC 1123 says clients must scan for the numbers).
  auto w = parse_pasv_reply("227 =199,233,217,249,221,90");
  REQUIRE(w);
  CHECK(w->port == 221 * 256 + 90);
  CHECK_FALSE(parse_pasv_reply("227 Entering Passive Mode."));
}

TEST_CASE("EPRT and EPSV (RFC 2428)") {
  auto e = parse_eprt_arg("|2|2001:470:1f11:81f:c999:d94:aa7c:2e3e|49189|");
  REQUIRE(e);
  CHECK(e->addr.family == 6);
  CHECK(e->addr.to_string() == "2001:470:1f11:81f:c999:d94:aa7c:2e3e");
  CHECK(e->port == 49189);
  auto f = parse_eprt_arg("!1!10.0.0.1!6446!");  // any delimiter
  REQUIRE(f);
  CHECK(f->addr.to_string() == "10.0.0.1");
  CHECK_FALSE(parse_eprt_arg("|3|10.0.0.1|6446|"));
  CHECK_FALSE(parse_eprt_arg("|1|10.0.0.1|70000|"));
  CHECK_FALSE(parse_eprt_arg("|1|not-an-address|21|"));

  CHECK(parse_epsv_reply("229 Entering Extended Passive Mode (|||58612|)") ==
        58612);
  CHECK(parse_epsv_reply("229 Extended Passive mode OK (|||63988|)") == 63988);
  CHECK_FALSE(
      parse_epsv_reply("229 Entering Extended Passive Mode (||58612|)"));
  CHECK_FALSE(parse_epsv_reply("229 (|||0|)"));
}

TEST_CASE("reply lines and announced sizes") {
  auto r = parse_reply_start("211-Features:");
  REQUIRE(r);
  CHECK(r->code == 211);
  CHECK(r->more);
  r = parse_reply_start("211 End");
  REQUIRE(r);
  CHECK_FALSE(r->more);
  CHECK(parse_reply_start("230")->code == 230);
  CHECK_FALSE(parse_reply_start(" EPRT"));
  CHECK_FALSE(parse_reply_start("2111 x"));
  CHECK(parse_bytes_note("150 Opening BINARY mode data connection for "
                         "resume.doc (39424 bytes)") == 39424);
  CHECK(parse_bytes_note(
            "150 Opening BINARY mode data connection for 'robots.txt' "
            "(77 bytes).") == 77);
  CHECK_FALSE(parse_bytes_note("150 Here comes the directory listing."));
}
