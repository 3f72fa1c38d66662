// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the TLS dissector: record layer, handshake reassembly, hello and
// certificate parsing.  The input is one byte stream dealt out in pieces:
// each piece takes a control byte (bit 0: direction, bit 1 with bit 7: a
// gap before it, the rest: its length), so records and handshake messages
// end up cut at arbitrary places in both directions.  The driver
// (fuzz_dissector_driver.hpp) presents unconsumed tails again as the flow
// layer does and checks the artifact contract.  Seeds (fuzz/corpus/fuzz_tls)
// are the streams of real TLS captures in this format.
#include "fuzz_dissector_driver.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo tls_dissector_info();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tracelab::DissectorInfo info = tracelab::tls_dissector_info();
  tracelab::fuzz::drive(info, data, size);
  return 0;
}
