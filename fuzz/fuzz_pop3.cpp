// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the POP3 dissector (commands, status lines, multi-line answers,
// byte-stuffing, SASL, the tshark column model and the IMF summary).
// Seeds: fuzz/corpus/fuzz_pop3, the dialogs of samples/pop3.pcap and the
// shared POP3 captures in this input format.
#include "../dissectors/pop3/pop3_dissector.hpp"
#include "fuzz_dissector_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tracelab::DissectorInfo info = tracelab::pop3_dissector_info();
  tracelab::fuzz::drive(info, data, size);
  return 0;
}
