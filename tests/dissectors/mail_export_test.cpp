// SPDX-License-Identifier: GPL-2.0-or-later
// Every message `tshark --export-objects imf` writes for the shared mail
// captures, `tracelab extract` writes too, byte for byte -- or the test says
// exactly why tshark's object is not the message that crossed the wire.
#include <doctest/doctest.h>

#include "test_support.hpp"
#include "transfer_oracle.hpp"

using namespace tracelab::test;

namespace {

// A message as POP3 puts it on the wire: lines starting with '.' doubled,
// ended by ".\r\n".
std::string pop3_wire_form(const std::string& m) {
  std::string out;
  bool line_start = true;
  for (char c : m) {
    if (line_start && c == '.') out += '.';
    out += c;
    line_start = c == '\n';
  }
  return out + ".\r\n";
}

}  // namespace

TEST_CASE("extract writes every message tshark --export-objects imf writes") {
  // tshark is the oracle: without it nothing is compared.
  REQUIRE_MESSAGE(have_tool("tshark"), "tshark is not installed");
  size_t theirs = 0, identical = 0, final_crlf = 0, segments = 0, other = 0;
  for (const char* folder : {"smtp", "pop3", "imap"}) {
    for (const auto& cap : transfer_captures(folder, folder)) {
      const auto objects = tshark_objects(cap, "imf");
      if (objects.empty()) continue;
      const auto ours = extracted_files(cap);
      const std::string name = cap.filename().string();
      for (const ExportedFile& t : objects) {
        CAPTURE(name);
        CAPTURE(t.name);
        ++theirs;
        bool same = false, plus_crlf = false, piece = false;
        for (const ExportedFile& o : ours) {
          same = same || o.bytes == t.bytes;
          // tshark cuts "\r\n.\r\n" off the last DATA segment when the
          // terminator arrives whole, taking the message's own final line
          // end with it (RFC 5321 4.1.1.4: that CRLF is the message's).
          plus_crlf = plus_crlf || o.bytes == t.bytes + "\r\n";
          // A RETR answered "+OK" without an octet count: tshark exports
          // each TCP segment of the message as an object of its own.
          piece = piece ||
                  (name == "zeek-pop3.pcap" &&
                   pop3_wire_form(o.bytes).find(t.bytes) != std::string::npos);
        }
        if (same) {
          ++identical;
        } else if (plus_crlf && std::string(folder) == "smtp") {
          ++final_crlf;
        } else if (piece) {
          ++segments;
        } else if (t.bytes.find_first_of(":\n") == std::string::npos) {
          // A FETCH ENVELOPE field sent as a literal (the encoded Subject):
          // tshark hands every FETCH literal to IMF, but this is no message.
          ++other;
        } else if (name == "zeek-pop3.pcap" && t.bytes == "+ \r\n") {
          // The server's SASL continuation, taken by tshark for message data.
          ++other;
        } else if (name == "zeek-smtp.pcap" && t.name == "SMTP.eml") {
          // tshark's DATA reassembly adds a retransmitted segment twice
          // (its text repeats from "(still can be overriden"); our copy is
          // the stream as follow,tcp shows it.
          ++other;
        } else {
          FAIL_CHECK("tshark's object is not among ours: "
                     << t.bytes.size() << " bytes, begins '"
                     << t.bytes.substr(0, 60) << "', ends '"
                     << t.bytes.substr(t.bytes.size() -
                                       std::min<size_t>(t.bytes.size(), 20))
                     << "'");
        }
      }
    }
  }
  MESSAGE("imf objects: " << theirs << "; identical " << identical
                          << ", final line end kept " << final_crlf
                          << ", per-segment pieces " << segments
                          << ", explained others " << other);
  CHECK(identical >= 11);  // the samples' messages alone
  if (!shared_captures().empty()) CHECK(identical >= 39);
}
