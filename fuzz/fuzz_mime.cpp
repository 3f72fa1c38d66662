// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the MIME helper library: the input is a whole message, parsed
// with small limits so that the caps are reached too; the header helpers
// get each header value, and to_utf8 a charset named by the first line.
// Checks that what to_utf8 returns is valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "../dissectors/mail/mime.hpp"

using namespace tracelab;

namespace {

// Strict UTF-8 (what to_utf8 promises whatever it is given).
void check_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = uint8_t(s[i]);
    size_t n = b < 0x80                ? 1
               : b >= 0xC2 && b < 0xE0 ? 2
               : b >= 0xE0 && b < 0xF0 ? 3
               : b >= 0xF0 && b < 0xF5 ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) std::abort();
    for (size_t k = 1; k < n; ++k)
      if ((uint8_t(s[i + k]) & 0xC0) != 0x80) std::abort();
    i += n;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  mime::Limits limits;
  limits.max_parts = 64;
  limits.max_depth = 6;
  limits.max_headers = 64;
  const mime::Message m = mime::parse_message(raw, limits);
  if (m.parts.size() > limits.max_parts) std::abort();
  for (const auto& h : m.headers) {
    mime::decode_encoded_words(h.value);
    mime::header_parameter(h.value, "filename");
  }
  // The first line names a charset for the rest.
  const size_t nl = raw.find('\n');
  if (nl != std::string_view::npos && nl < 40)
    check_utf8(mime::to_utf8(raw.substr(nl + 1), raw.substr(0, nl)));
  mime::decode_quoted_printable(raw);
  mime::decode_base64(raw);
  return 0;
}
