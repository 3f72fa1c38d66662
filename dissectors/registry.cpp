// SPDX-License-Identifier: GPL-2.0-or-later
//
// The list of built-in dissectors.  Adding a protocol: a folder under
// dissectors/ that defines `DissectorInfo <name>_dissector_info()`, and one
// line below.
#include "tracelab/dissector.hpp"

namespace tracelab {

DissectorInfo http_dissector_info();
DissectorInfo tls_dissector_info();
DissectorInfo imap_dissector_info();
DissectorInfo ftp_dissector_info();
DissectorInfo tftp_dissector_info();
DissectorInfo smtp_dissector_info();
DissectorInfo pop3_dissector_info();
DissectorInfo http2_dissector_info();
DissectorInfo dns_dissector_info();

const std::vector<DissectorInfo>& dissector_registry() {
  static const std::vector<DissectorInfo> all = {
      // Application dissectors register here, one line each.
      // clang-format off
      http_dissector_info(),
      tls_dissector_info(),
      imap_dissector_info(),
      ftp_dissector_info(),
      tftp_dissector_info(),
      smtp_dissector_info(),
      pop3_dissector_info(),
      http2_dissector_info(),
      dns_dissector_info(),
      // clang-format on
  };
  return all;
}

}  // namespace tracelab
