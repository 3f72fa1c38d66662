// SPDX-License-Identifier: GPL-2.0-or-later
// The typed FTP and TFTP steps on dialogs built from RFC 959 / RFC 1350
// exchanges: which reply answers which command, outcomes by reply class,
// and each finding's severity rule (a refusal retried successfully, a
// capture that simply ended, a transfer that was never confirmed).
#include <doctest/doctest.h>

#include <algorithm>

#include "dissector_harness.hpp"

using namespace tracelab;
using namespace tracelab::test;
using namespace std::string_literals;

namespace {

constexpr Direction C = Direction::ClientToServer;
constexpr Direction S = Direction::ServerToClient;

bool has(const std::vector<std::string>& lines, const std::string& l) {
  return std::find(lines.begin(), lines.end(), l) != lines.end();
}

std::string tftp_data(uint16_t block, const std::string& payload) {
  std::string d = "\0\3"s;
  d += static_cast<char>(block >> 8);
  d += static_cast<char>(block & 0xff);
  return d + payload;
}

std::string tftp_ack(uint16_t block) {
  std::string d = "\0\4"s;
  d += static_cast<char>(block >> 8);
  d += static_cast<char>(block & 0xff);
  return d;
}

}  // namespace

TEST_CASE("FTP: replies answer their commands; refusals and their retries") {
  const Recorded r =
      run_dissector(registered("ftp"),
                    {{S, "220 ready\r\n", 1},
                     {C, "USER alice\r\n", 2},
                     {S, "331 Password required.\r\n", 3},
                     {C, "PASS wrong\r\n", 4},
                     {S, "530 Login incorrect.\r\n", 5},
                     {C, "USER alice\r\nPASS right\r\n", 6},  // pipelined
                     {S, "331 Password required.\r\n230 Logged in.\r\n", 7},
                     {C, "EPSV\r\n", 8},
                     {S, "500 Unknown command.\r\n", 9},
                     {C, "PASV\r\n", 10},  // the retry that works
                     {S, "227 Entering Passive Mode (192,0,2,1,4,1).\r\n", 11},
                     {C, "XYZZY\r\n", 12},
                     {S, "502 Command not implemented.\r\n", 13},
                     {C, "RETR a.txt\r\n", 14},
                     {S, "150 Opening data connection.\r\n", 15},
                     {S, "226 Transfer complete.\r\n", 16},
                     {C, "RETR b.txt\r\n", 17},
                     {S, "550 No such file.\r\n", 18},
                     {C, "QUIT\r\n", 19},
                     {S, "221 Bye.\r\n", 20}});
  const auto t = r.typed_lines();
  CAPTURE(t);
  CHECK(has(t, "0 greeting info"));
  CHECK(has(t, "1 command user=alice"));
  CHECK(has(t, "2 reply intermediate answers=1 delay=0.000001"));
  CHECK(has(t, "4 reply failure answers=3 delay=0.000001"));
  // Two commands in one segment, two replies in another: in order.
  CHECK(has(t, "7 reply intermediate answers=5 delay=0.000001"));
  CHECK(has(t, "8 reply success answers=6 delay=0.000001"));
  CHECK(has(t,
            "12 reply success answers=11 delay=0.000001 "
            "data_endpoint=192.0.2.1:1025 data_mode=PASV"));
  CHECK(has(t, "15 command file=a.txt"));
  CHECK(has(t, "16 reply intermediate answers=15 delay=0.000001"));
  CHECK(has(t, "17 reply success answers=15 delay=0.000002"));
  // The refused password was retried successfully: a warning.  EPSV was
  // retried as PASV: nothing.  XYZZY was not: command-refused.  RETR b.txt
  // failed while RETR a.txt worked: a warning.
  CHECK(has(t, "finding auth-failed warning 4,5 PASS"));
  CHECK(has(t, "finding command-refused warning 12,13 XYZZY"));
  CHECK(has(t, "finding ftp-transfer-failed warning 17,18 RETR b.txt"));
  CHECK(r.findings.size() == 3);
}

TEST_CASE("FTP: an unconfirmed transfer, no reply, no QUIT") {
  const std::vector<Piece> dialog = {
      {S, "220 ready\r\n", 1},         {C, "USER anonymous\r\n", 2},
      {S, "230 Logged in.\r\n", 3},    {C, "RETR big.iso\r\n", 4},
      {S, "150 Opening data.\r\n", 5}, {C, "NOOP\r\n", 6}};
  // Closed by FIN: the transfer was never confirmed (an error: nothing was
  // transferred in this session), NOOP got no reply, and no QUIT.
  const auto fin = run_dissector(registered("ftp"), dialog, EndReason::Fin);
  const auto t = fin.typed_lines();
  CAPTURE(t);
  CHECK(has(t, "finding no-reply warning 6 NOOP"));
  CHECK(has(t, "finding ftp-transfer-failed error 4,5 RETR big.iso"));
  CHECK(has(t, "finding no-quit error 7 QUIT"));
  // The capture simply ended: the transfer may have finished and QUIT may
  // have come later -- warnings, and no no-reply.
  const auto cut =
      run_dissector(registered("ftp"), dialog, EndReason::CaptureEnd);
  const auto u = cut.typed_lines();
  CAPTURE(u);
  CHECK(has(u, "finding ftp-transfer-failed warning 4,5 RETR big.iso"));
  CHECK(has(u, "finding no-quit warning 7 QUIT"));
  CHECK(cut.findings.size() == 2);
  // A server that refuses service in its greeting: the client need not QUIT.
  const auto busy = run_dissector(
      registered("ftp"), {{S, "421 Too many users.\r\n", 1}}, EndReason::Fin);
  CHECK(busy.typed_lines() == std::vector<std::string>{"0 greeting failure"});
}

TEST_CASE("TFTP: request fields, the first answer, incomplete transfers") {
  // A read answered from port 69 itself: the DATA answers the RRQ in the
  // same session; the last block never came.
  const auto r = run_dissector(registered("tftp"),
                               {{C,
                                 "\0\1fw.bin\0octet\0blksize\0"s
                                 "1024\0"s,
                                 1},
                                {S,
                                 "\0\6blksize\0"s
                                 "1024\0"s,
                                 2},
                                {C, tftp_ack(0), 3},
                                {S, tftp_data(1, std::string(1024, 'x')), 4}},
                               EndReason::Timeout);
  const auto t = r.typed_lines();
  CAPTURE(t);
  CHECK(has(t, "0 command filename=fw.bin mode=octet options=blksize=1024"));
  CHECK(
      has(t, "1 reply success answers=0 options=blksize=1024 delay=0.000001"));
  CHECK(has(
      t, "2 transfer failure filename=fw.bin bytes=1024 blocks=1 complete=no"));
  CHECK(has(t, "finding tftp-transfer-incomplete error 4 fw.bin"));

  // The last block came but was never acknowledged: the receiver has the
  // file, the sender was never told -- a warning.
  const auto w = run_dissector(
      registered("tftp"),
      {{C, "\0\1a.txt\0octet\0"s, 1}, {S, tftp_data(1, "short"), 2}},
      EndReason::Timeout);
  const auto u = w.typed_lines();
  CAPTURE(u);
  CHECK(has(u, "1 data intermediate answers=0 block=1 delay=0.000001"));
  CHECK(has(u,
            "2 transfer success filename=a.txt bytes=5 blocks=1 complete=yes"));
  CHECK(has(u, "finding tftp-transfer-incomplete warning 2 a.txt"));

  // Acknowledged: no finding.  A write: ACK 0 answers the WRQ.
  const auto ok = run_dissector(registered("tftp"),
                                {{C, "\0\2up.txt\0octet\0"s, 1},
                                 {S, tftp_ack(0), 2},
                                 {C, tftp_data(1, "hello"), 3},
                                 {S, tftp_ack(1), 4}},
                                EndReason::Timeout);
  const auto v = ok.typed_lines();
  CAPTURE(v);
  CHECK(has(v, "1 ack intermediate answers=0 block=0 delay=0.000001"));
  CHECK(has(
      v, "2 transfer success filename=up.txt bytes=5 blocks=1 complete=yes"));
  CHECK(ok.findings.empty());
}
