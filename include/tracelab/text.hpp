// SPDX-License-Identifier: GPL-2.0-or-later
//
// Making untrusted bytes safe to show.  Bytes from the wire never reach a
// terminal or a JSON document as they are: these functions are the only way
// out, and every output goes through them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tracelab {

/// Appends `bytes` so that they are safe on a terminal and valid UTF-8:
/// printable ASCII and well-formed, printable UTF-8 pass through; control
/// characters, DEL, C1 controls, and malformed UTF-8 become "\xNN"; a
/// backslash becomes "\\" so the escaping is unambiguous.
void append_display_text(std::string& out, std::string_view bytes);

/// Appends `text` as the inside of a JSON string (no quotes): quotes,
/// backslashes and control characters escaped; malformed UTF-8 escaped as
/// in append_display_text first, so the result is always valid UTF-8 JSON.
void append_json_chars(std::string& out, std::string_view text);

/// append_json_chars with the surrounding quotes.
inline void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  append_json_chars(out, text);
  out.push_back('"');
}

/// Appends `text` as HTML character data or a quoted attribute value:
/// made valid, printable UTF-8 as by append_display_text first, then
/// & < > " ' written as character references, so wire bytes can never
/// open a tag or leave an attribute.
void append_html_text(std::string& out, std::string_view text);

/// Appends a JSON array of strings (each as append_json_string) or of
/// unsigned integers: ["a","b"], [3,5].
void append_json_string_array(std::string& out,
                              std::span<const std::string> items);
void append_json_uint_array(std::string& out, std::span<const uint64_t> items);

/// Appends `bytes` as lower-case hex, two digits each ("0a1b"): digests,
/// keys and identifiers.
void append_hex_bytes(std::string& out, std::span<const uint8_t> bytes);

/// Fast unsigned/signed integer formatting (no locale, no allocation).
void append_uint(std::string& out, uint64_t v);
void append_int(std::string& out, int64_t v);

/// Seconds with 9 decimals ("0.000073000"), as tshark prints relative time.
void append_seconds_ns(std::string& out, int64_t ns, int decimals = 9);

}  // namespace tracelab
