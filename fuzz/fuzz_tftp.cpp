// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the TFTP dissector: the input is cut into datagrams (a length
// byte, a control byte: bit 0 direction, bit 1 to the transfer flow
// announced last instead of the port-69 one), so requests, OACKs, DATA,
// ACKs and errors arrive in any order on both flows.  Besides the
// sanitizers it checks that every artifact opened is closed once.
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <vector>

#include "fuzz_dissector_driver.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo tftp_dissector_info();
}

using namespace tracelab;

using Output = fuzz::CheckingOutput;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const DissectorInfo info = tftp_dissector_info();
  Output out, xfer_out;
  auto port69 = info.make(out);
  std::unique_ptr<Dissector> xfer;
  size_t used = 0;
  StreamClock clock;
  size_t pos = 0;
  while (pos + 2 <= size) {
    const size_t len = std::min<size_t>(size - pos - 2, data[pos]);
    const uint8_t ctl = data[pos + 1];
    pos += 2;
    const std::span<const uint8_t> dgram(data + pos, len);
    pos += len;
    clock.frame++;
    const Direction dir =
        ctl & 1 ? Direction::ServerToClient : Direction::ClientToServer;
    if (ctl & 2) {
      if (used < out.expected.size()) {
        if (xfer) xfer->on_end(EndReason::Timeout, clock);
        xfer = out.expected[used++].make(xfer_out);
      }
      if (xfer && !dgram.empty()) xfer->on_data(dir, dgram, clock);
    } else if (!dgram.empty()) {
      port69->on_data(dir, dgram, clock);
    }
  }
  port69->on_end(EndReason::CaptureEnd, clock);
  if (xfer) xfer->on_end(EndReason::CaptureEnd, clock);
  port69.reset();
  xfer.reset();
  if (!out.open.empty() || !xfer_out.open.empty()) std::abort();
  return 0;
}
