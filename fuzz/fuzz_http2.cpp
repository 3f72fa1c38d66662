// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the HTTP/2 dissector: the connection preface, frame header
// framing with frames cut at any byte, padding and priority fields, header
// blocks spread over CONTINUATION frames and decompressed with HPACK,
// PUSH_PROMISE, RST_STREAM and DATA streamed into artifacts.  Seeds:
// fuzz/corpus/fuzz_http2, a request and a response in this input format.
#include "../dissectors/http2/http2_dissector.hpp"
#include "fuzz_dissector_driver.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tracelab::DissectorInfo info = tracelab::http2_dissector_info();
  tracelab::fuzz::drive(info, data, size);
  return 0;
}
