// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the SMTP dissector (commands, replies, pipelining, AUTH, DATA
// dot-unstuffing, BDAT, the tshark column model and the IMF summary).
// Seeds: fuzz/corpus/fuzz_smtp, the dialogs of samples/smtp-*.pcap and the
// shared SMTP captures in this input format.
#include "../dissectors/smtp/smtp_dissector.hpp"
#include "fuzz_dissector_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tracelab::DissectorInfo info = tracelab::smtp_dissector_info();
  tracelab::fuzz::drive(info, data, size);
  return 0;
}
