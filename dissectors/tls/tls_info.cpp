// SPDX-License-Identifier: GPL-2.0-or-later
// How the flow layer finds TLS: its well-known ports, a hello in the first
// bytes, and the STARTTLS hand-over (DissectorInfo::wrap).
#include "tls_dissector.hpp"

namespace tracelab {

DissectorInfo tls_dissector_info() {
  DissectorInfo i;
  i.name = "tls";
  // tshark's TLS dissector clears Info before asking for more of a record.
  i.bare_segment_marker = true;
  // HTTPS, SMTPS, LDAPS, FTPS data and control, IMAPS, POP3S, NNTPS, DNS
  // over TLS, SIPS and the usual alternative HTTPS ports.
  i.tcp_ports = {443, 465, 563, 636, 853,  989,  990,
                 992, 993, 994, 995, 5061, 8443, 4433};
  i.probe = [](Direction, std::span<const uint8_t> first) {
    return looks_like_tls(first);
  };
  i.make = [](DissectorOutput& out) {
    return make_tls_dissector(out, nullptr);
  };
  i.wrap = [](DissectorOutput& out, std::unique_ptr<Dissector> inner) {
    return make_tls_dissector(out, std::move(inner));
  };
  return i;
}

}  // namespace tracelab
