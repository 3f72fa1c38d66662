// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the HTTP/1.x dissector (start lines, header blocks, Content-Length,
// chunked framing with trailers, gzip/deflate inflation, pairing, CONNECT
// and Upgrade, the tshark column model).  Seeds: fuzz/corpus/fuzz_http, the
// dialogs of samples/http-*.pcap in this input format.
#include "../dissectors/http/http_dissector.hpp"
#include "fuzz_dissector_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tracelab::DissectorInfo info = tracelab::http_dissector_info();
  tracelab::fuzz::drive(info, data, size);
  return 0;
}
