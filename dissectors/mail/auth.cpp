// SPDX-License-Identifier: GPL-2.0-or-later
#include "mail/auth.hpp"

#include <cstdint>

namespace tracelab::mail {

bool base64_decode(std::string_view in, std::string& out) {
  out.clear();
  uint32_t acc = 0;
  int bits = 0;
  size_t pad = 0;
  for (char ch : in) {
    int v;
    if (ch >= 'A' && ch <= 'Z')
      v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z')
      v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9')
      v = ch - '0' + 52;
    else if (ch == '+')
      v = 62;
    else if (ch == '/')
      v = 63;
    else if (ch == '=') {
      ++pad;
      continue;
    } else if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      continue;
    } else {
      return false;
    }
    if (pad) return false;  // data after padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return true;
}

SaslStep decode_sasl_response(std::string_view mechanism, int step,
                              std::string_view line) {
  SaslStep s;
  std::string raw;
  if (!base64_decode(line, raw)) {
    s.secret.assign(line);  // not base64: keep it, but as a secret
    return s;
  }
  if (mechanism == "LOGIN") {
    if (step == 0)
      s.user = raw;
    else
      s.secret = raw;
  } else if (mechanism == "PLAIN") {
    // authzid NUL authcid NUL passwd
    const size_t a = raw.find('\0');
    const size_t b = a == std::string::npos ? a : raw.find('\0', a + 1);
    if (b != std::string::npos) {
      s.user = raw.substr(a + 1, b - a - 1);
      s.secret = raw.substr(b + 1);
    } else {
      s.secret = raw;
    }
  } else if (mechanism == "CRAM-MD5") {
    const size_t sp = raw.rfind(' ');
    if (sp != std::string::npos) {
      s.user = raw.substr(0, sp);
      s.secret = raw.substr(sp + 1);
    } else {
      s.secret = raw;
    }
  } else {
    s.secret = raw;
  }
  return s;
}

}  // namespace tracelab::mail
