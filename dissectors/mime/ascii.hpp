// SPDX-License-Identifier: GPL-2.0-or-later
// ASCII helpers the MIME sources share (locale-free on purpose: header
// syntax is ASCII whatever the environment).
#pragma once

#include <string>
#include <string_view>

namespace tracelab::mime {

inline std::string ascii_lower(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
  return r;
}

inline std::string ascii_upper(std::string_view s) {
  std::string r(s);
  for (char& c : r)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return r;
}

/// The value of a hex digit, -1 for anything else.
inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace tracelab::mime
