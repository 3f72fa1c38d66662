// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the FTP control dissector and the FTP-DATA dissectors it
// announces.  The input is dealt out in pieces: each takes a control byte
// (bit 0: direction, bit 1 with bit 7: a gap before it, bit 6: to the data
// connection announced last instead of the control one, the rest: its
// length).  Unconsumed tails are presented again as the flow layer does.
// Besides the sanitizers it checks that every artifact opened is closed once.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_dissector_driver.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo ftp_dissector_info();
}

using namespace tracelab;

using Output = fuzz::CheckingOutput;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const DissectorInfo info = ftp_dissector_info();
  Output out, data_out;
  auto control = info.make(out);
  std::unique_ptr<Dissector> conn;
  size_t used_expectations = 0;
  std::string tail[2];
  StreamClock clock;
  size_t pos = 0;
  while (pos < size) {
    const uint8_t ctl = data[pos++];
    const int dir = ctl & 1;
    const size_t len = std::min<size_t>(size - pos, ((ctl >> 2) & 15) * 9 + 1);
    clock.frame++;
    const Direction direction =
        dir ? Direction::ServerToClient : Direction::ClientToServer;
    const std::span<const uint8_t> piece(data + pos, len);
    pos += len;
    if (ctl & 0x40) {  // the data connection: everything is consumed
      if (used_expectations < out.expected.size()) {
        if (conn) conn->on_end(EndReason::Fin, clock);
        conn = out.expected[used_expectations++].make(data_out);
      }
      if (!conn) continue;
      if (ctl & 2 && ctl & 0x80) conn->on_gap(direction, len, clock);
      if (conn->on_data(direction, piece, clock).bytes > len) std::abort();
      continue;
    }
    if (ctl & 2 && ctl & 0x80) {
      tail[dir].clear();
      control->on_gap(direction, len, clock);
    }
    tail[dir].append(reinterpret_cast<const char*>(piece.data()), len);
    const Consumed c = control->on_data(
        direction,
        {reinterpret_cast<const uint8_t*>(tail[dir].data()), tail[dir].size()},
        clock);
    if (c.bytes > tail[dir].size()) std::abort();
    tail[dir].erase(0, c.bytes);
  }
  control->on_end(EndReason::Fin, clock);
  if (conn) conn->on_end(EndReason::Fin, clock);
  control.reset();
  conn.reset();
  if (!out.open.empty() || !data_out.open.empty()) std::abort();
  return 0;
}
