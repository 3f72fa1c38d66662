// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the IMAP dissector (fragmentizer, grammar, tshark columns, mail
// artifacts and the MIME parser behind them).  The input is one byte stream
// dealt out in pieces: each piece takes a control byte (bit 0: direction,
// bits 1 and 7: a gap before it, the rest: its length), so literals, lines and
// messages end up cut at arbitrary places in both directions.  The driver
// (fuzz_dissector_driver.hpp) presents unconsumed tails again as the flow
// layer does and checks that every artifact opened is closed once.
#include "../dissectors/imap/imap_dissector.hpp"
#include "fuzz_dissector_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tracelab::DissectorInfo info = tracelab::imap_dissector_info();
  tracelab::fuzz::drive(info, data, size);
  return 0;
}
