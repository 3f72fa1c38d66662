// SPDX-License-Identifier: GPL-2.0-or-later
//
// One X.509 certificate from a Certificate message, read with OpenSSL
// (d2i_X509) into the facts a student checks: who, by whom, valid when,
// for which names, with what key.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tracelab::tls {

struct CertificateFacts {
  std::string subject;  ///< RFC 2253 ("CN=tl-server.test,O=...")
  std::string issuer;
  std::string not_before, not_after;  ///< "2026-11-30 04:22:00 UTC"
  std::string not_after_iso;          ///< "2026-11-30T04:22:00Z"
  std::vector<std::string> san;       ///< DNS names, IP addresses as "IP:..."
  std::string key_type;               ///< "RSA", "EC", "ED25519"...
  int key_bits = 0;
  std::string serial;  ///< hex
};

/// False when `der` is not a certificate OpenSSL can read.
bool describe_certificate(std::span<const uint8_t> der, CertificateFacts& out);

/// "subject=..., issuer=..., valid 2026-... to 2026-..., SAN a,b, RSA 2048".
std::string certificate_text(const CertificateFacts& c);

}  // namespace tracelab::tls
