// SPDX-License-Identifier: GPL-2.0-or-later
// The FTP control dissector on real dialogs (vsftpd and ProFTPD lines from
// the shared captures), and the FTP-DATA dissector's account of a transfer.
#include <doctest/doctest.h>

#include <algorithm>

#include "dissector_harness.hpp"
#include "ftp/ftp_link.hpp"

using namespace tracelab;
using namespace tracelab::test;

namespace {

constexpr Direction C = Direction::ClientToServer;
constexpr Direction S = Direction::ServerToClient;

// suricata-ftp-epsv.pcap's control connection, segment by segment.
std::vector<Piece> proftpd_dialog() {
  return {
      {S,
       "220 ProFTPD 1.3.0a Server (ProFTPD Anonymous Server) "
       "[192.168.1.231]\r\n",
       4},
      {C, "USER ftp\r\n", 6},
      {S,
       "331 Anonymous login ok, send your complete email address as your "
       "password.\r\n",
       8},
      {C, "PASS ftp\r\n", 10},
      {S, "230 Anonymous access granted, restrictions apply.\r\n", 12},
      {C, "FEAT\r\n", 18},
      {S, "211-Features:\r\n MDTM\r\n REST STREAM\r\n SIZE\r\n", 19},
      {S, "211 End\r\n", 20},
      {C, "TYPE I\r\n", 36},
      {S, "200 Type set to I\r\n", 37},
      {C, "SIZE resume.doc\r\n", 39},
      {S, "213 39424\r\n", 40},
      {C, "EPSV\r\n", 42},
      {S, "229 Entering Extended Passive Mode (|||37100|)\r\n", 44},
      {C, "RETR resume.doc\r\n", 46},
      {S,
       "150 Opening BINARY mode data connection for resume.doc (39424 "
       "bytes)\r\n",
       48},
      {S, "226 Transfer complete.\r\n", 50},
      {C, "SITE CHMOD 777 resume.doc\r\n", 102},
      {S, "550 resume.doc: Permission denied\r\n", 104},
      {C, "QUIT\r\n", 106},
      {S, "221 Goodbye.\r\n", 107},
  };
}

bool has_line(const std::vector<std::string>& lines, const std::string& l) {
  return std::find(lines.begin(), lines.end(), l) != lines.end();
}

}  // namespace

TEST_CASE("FTP commands, replies, multi-line replies and the password") {
  const Recorded r = run_dissector(registered("ftp"), proftpd_dialog());
  const auto lines = r.event_lines();
  CAPTURE(lines);
  CHECK(r.protocol == "FTP");
  CHECK(has_line(lines, "6 c2s command command=USER args=ftp text=USER ftp"));
  // The password is a secret, never in args, masked in the text.
  CHECK(has_line(lines,
                 "10 c2s command command=PASS text=PASS ******** secret=ftp"));
  CHECK(has_line(lines,
                 "20 s2c reply code=211 text=211-Features:\n"
                 " MDTM\n REST STREAM\n SIZE\n211 End"));
  CHECK(has_line(lines,
                 "44 s2c reply code=229 text=229 Entering "
                 "Extended Passive Mode (|||37100|)"));
  CHECK(has_line(lines,
                 "50 s2c reply code=226 text=226 "
                 "Transfer complete."));
  CHECK(has_line(lines,
                 "102 c2s command command=SITE args=CHMOD 777 "
                 "resume.doc text=SITE CHMOD 777 resume.doc"));
  CHECK(has_line(lines,
                 "107 s2c reply code=221 text=221 "
                 "Goodbye."));
  // Info as tshark: each segment's first line.
  CHECK(r.frames.at(19).second == "Response: 211-Features:");
  CHECK(r.frames.at(20).second == "Response: 211 End");
  // tshark shows "Request: PASS ftp"; without --show-secrets it is masked.
  CHECK(r.frames.at(10).second == "Request: PASS ********");
  CHECK(r.frames.at(102).first == "FTP");
}

TEST_CASE("FTP: 1-byte pieces give the same events as whole segments") {
  const auto [whole, bytewise] =
      whole_and_bytewise(registered("ftp"), proftpd_dialog());
  CHECK(whole == bytewise);
  CHECK(run_dissector(registered("ftp"), proftpd_dialog()).events.size() == 20);
}

TEST_CASE("FTP: AUTH TLS stops reading the control connection in clear") {
  const Recorded r =
      run_dissector(registered("ftp"),
                    {{S, "220 (vsFTPd 3.0.5)\r\n", 4},
                     {C, "AUTH TLS\r\n", 20},
                     {S, "234 Proceed with negotiation.\r\n", 21},
                     {C, "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 22}});
  const auto lines = r.event_lines();
  CAPTURE(lines);
  CHECK(has_line(lines,
                 "21 s2c reply code=234 text=234 Proceed "
                 "with negotiation. note=TLS follows on this "
                 "connection"));
}

TEST_CASE("FTP: an over-long line is cut, the dialog goes on") {
  const std::string junk(20000, 'x');
  const Recorded r = run_dissector(registered("ftp"),
                                   {{C, "NOOP " + junk + "\r\nPWD\r\n", 1},
                                    {S, "200 NOOP ok.\r\n257 \"/\"\r\n", 2}});
  const auto lines = r.event_lines();
  CHECK(lines.size() == 5);
  CHECK(has_line(lines, "2 s2c reply code=257 text=257 \"/\""));
}

namespace {

// Drives the FTP-DATA dissector directly, as the flow layer would after a
// matching PASV.
struct DataRun : DissectorOutput, PacketColumns {
  std::vector<Artifact> closed;
  std::map<uint64_t, std::string> info;
  uint64_t count = 0;
  std::vector<Event> events;
  uint64_t size = 0;
  StepIndex event(Event&& e) override {
    events.push_back(std::move(e));
    return static_cast<StepIndex>(events.size() - 1);
  }
  void finding(Finding&&) override {}
  uint32_t artifact_open(Artifact&& a, uint64_t) override {
    closed.push_back(std::move(a));
    return 1;
  }
  void artifact_write(uint32_t, std::span<const uint8_t> b, uint64_t) override {
    size += b.size();
  }
  void artifact_close(uint32_t, std::string_view note) override {
    closed.back().note.assign(note);
    closed.back().size = size;
  }
  void frame_summary(uint64_t f, std::string_view,
                     std::string_view i) override {
    info[f].assign(i);
    ++count;
  }
  uint64_t summaries() const override { return count; }
  PacketColumns* columns() override { return this; }
  void set_protocol(std::string_view) override {}
};

}  // namespace

TEST_CASE("FTP-DATA: linked to its command, holes and short files noted") {
  auto link = std::make_shared<ftp::ControlLink>();
  ftp::DataSetup setup;
  setup.mode = "PASV";
  setup.seq_at_announce = link->transfer_seq;
  DataRun out;
  auto d = ftp::make_data_dissector(out, link, setup);
  // RETR issued after the 227, with a size announced by the 150.
  link->transfer_seq++;
  link->verb = "RETR";
  link->arg = "data.bin";
  link->line = "RETR data.bin";
  link->type = 'I';
  link->size = 5000;
  link->size_by = "150";
  const std::string block(1000, 'a');
  const auto bytes = [&](const std::string& s) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(s.data()),
                                    s.size());
  };
  d->on_data(S, bytes(block), {10, 0});
  d->on_gap(S, 1000, {11, 0});
  d->on_data(S, bytes(block), {12, 0});
  d->on_end(EndReason::Fin, {13, 0});
  CHECK(out.info[10] == "FTP Data: 1000 bytes (PASV) (RETR data.bin)");
  REQUIRE(out.closed.size() == 1);
  CHECK(out.closed[0].kind == "ftp-file");
  CHECK(out.closed[0].name == "data.bin");
  CHECK(out.closed[0].note ==
        "incomplete: bytes 1000-1999, 3000-4999 missing of 5000 announced by "
        "150");
  // One transfer step at the end: bytes were lost, so it failed.
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0].kind == StepKind::Transfer);
  CHECK(out.events[0].command == "RETR");
  CHECK(out.events[0].outcome == Outcome::Failure);
  CHECK(out.events[0].field("bytes") == "2000");
  CHECK(out.events[0].field("file") == "data.bin");
}
