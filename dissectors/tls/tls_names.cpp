// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_names.hpp"

#include <cstdio>

namespace tracelab::tls {
namespace {

struct Name {
  uint16_t value;
  const char* name;
};

template <size_t N>
const char* find(const Name (&table)[N], uint16_t value) {
  for (const Name& n : table)
    if (n.value == value) return n.name;
  return nullptr;
}

std::string hex(uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", v);
  return buf;
}

constexpr Name kHandshake[] = {
    {0, "Hello Request"},
    {1, "Client Hello"},
    {2, "Server Hello"},
    {3, "Hello Verify Request"},
    {4, "New Session Ticket"},
    {5, "End of Early Data"},
    {6, "Hello Retry Request"},
    {8, "Encrypted Extensions"},
    {11, "Certificate"},
    {12, "Server Key Exchange"},
    {13, "Certificate Request"},
    {14, "Server Hello Done"},
    {15, "Certificate Verify"},
    {16, "Client Key Exchange"},
    {20, "Finished"},
    {21, "Certificate URL"},
    {22, "Certificate Status"},
    {23, "Supplemental Data"},
    {24, "Key Update"},
    {25, "Compressed Certificate"},
    {254, "Message Hash"},
};

constexpr Name kAlert[] = {
    {0, "Close Notify"},
    {10, "Unexpected Message"},
    {20, "Bad Record MAC"},
    {21, "Decryption Failed"},
    {22, "Record Overflow"},
    {30, "Decompression Failure"},
    {40, "Handshake Failure"},
    {41, "No Certificate"},
    {42, "Bad Certificate"},
    {43, "Unsupported Certificate"},
    {44, "Certificate Revoked"},
    {45, "Certificate Expired"},
    {46, "Certificate Unknown"},
    {47, "Illegal Parameter"},
    {48, "Unknown CA"},
    {49, "Access Denied"},
    {50, "Decode Error"},
    {51, "Decrypt Error"},
    {60, "Export Restriction"},
    {70, "Protocol Version"},
    {71, "Insufficient Security"},
    {80, "Internal Error"},
    {86, "Inappropriate Fallback"},
    {90, "User Canceled"},
    {100, "No Renegotiation"},
    {109, "Missing Extension"},
    {110, "Unsupported Extension"},
    {111, "Certificate Unobtainable"},
    {112, "Unrecognized Name"},
    {113, "Bad Certificate Status Response"},
    {114, "Bad Certificate Hash Value"},
    {115, "Unknown PSK Identity"},
    {116, "Certificate Required"},
    {120, "No application Protocol"},
};

constexpr Name kSuites[] = {
    {0x0000, "TLS_NULL_WITH_NULL_NULL"},
    {0x0004, "TLS_RSA_WITH_RC4_128_MD5"},
    {0x0005, "TLS_RSA_WITH_RC4_128_SHA"},
    {0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA"},
    {0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA"},
    {0x0031, "TLS_DH_RSA_WITH_AES_128_CBC_SHA"},
    {0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA"},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA"},
    {0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA"},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA"},
    {0x0036, "TLS_DH_DSS_WITH_AES_256_CBC_SHA"},
    {0x0037, "TLS_DH_RSA_WITH_AES_256_CBC_SHA"},
    {0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA"},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA"},
    {0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA"},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256"},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256"},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256"},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    {0x1301, "TLS_AES_128_GCM_SHA256"},
    {0x1302, "TLS_AES_256_GCM_SHA384"},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256"},
    {0x1304, "TLS_AES_128_CCM_SHA256"},
    {0x1305, "TLS_AES_128_CCM_8_SHA256"},
    {0x5600, "TLS_FALLBACK_SCSV"},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"},
    {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"},
    {0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA"},
    {0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"},
    {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384"},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"},
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {0xc09c, "TLS_RSA_WITH_AES_128_CCM"},
    {0xc09d, "TLS_RSA_WITH_AES_256_CCM"},
    {0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM"},
    {0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM"},
    {0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8"},
    {0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8"},
    {0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8"},
    {0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8"},
    {0xc0a4, "TLS_PSK_WITH_AES_128_CCM"},
    {0xc0a5, "TLS_PSK_WITH_AES_256_CCM"},
    {0xc0a6, "TLS_DHE_PSK_WITH_AES_128_CCM"},
    {0xc0a7, "TLS_DHE_PSK_WITH_AES_256_CCM"},
    {0xc0a8, "TLS_PSK_WITH_AES_128_CCM_8"},
    {0xc0a9, "TLS_PSK_WITH_AES_256_CCM_8"},
    {0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8"},
    {0xc0ab, "TLS_PSK_DHE_WITH_AES_256_CCM_8"},
    {0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM"},
    {0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM"},
    {0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"},
    {0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8"},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
};

constexpr Name kExtensions[] = {
    {0, "server_name"},
    {1, "max_fragment_length"},
    {5, "status_request"},
    {10, "supported_groups"},
    {11, "ec_point_formats"},
    {13, "signature_algorithms"},
    {15, "heartbeat"},
    {16, "application_layer_protocol_negotiation"},
    {17, "status_request_v2"},
    {18, "signed_certificate_timestamp"},
    {21, "padding"},
    {22, "encrypt_then_mac"},
    {23, "extended_master_secret"},
    {27, "compress_certificate"},
    {28, "record_size_limit"},
    {35, "session_ticket"},
    {41, "pre_shared_key"},
    {42, "early_data"},
    {43, "supported_versions"},
    {44, "cookie"},
    {45, "psk_key_exchange_modes"},
    {47, "certificate_authorities"},
    {49, "post_handshake_auth"},
    {50, "signature_algorithms_cert"},
    {51, "key_share"},
    {57, "quic_transport_parameters"},
    {13172, "next_protocol_negotiation"},
    {17513, "application_settings"},
    {65037, "encrypted_client_hello"},
    {65281, "renegotiation_info"},
};

constexpr Name kGroups[] = {
    {23, "secp256r1"},
    {24, "secp384r1"},
    {25, "secp521r1"},
    {29, "x25519"},
    {30, "x448"},
    {256, "ffdhe2048"},
    {257, "ffdhe3072"},
    {258, "ffdhe4096"},
    {0x6399, "X25519Kyber768Draft00"},
    {0x11ec, "X25519MLKEM768"},
};

}  // namespace

std::string_view version_column(uint16_t version) {
  switch (version) {
    case 0x0002: return "SSLv2";
    case 0x0300: return "SSLv3";
    case 0x0301: return "TLSv1";
    case 0x0302: return "TLSv1.1";
    case 0x0303: return "TLSv1.2";
    case 0x0304: return "TLSv1.3";
    default: return "SSL";
  }
}

std::string version_text(uint16_t version) {
  switch (version) {
    case 0x0002: return "SSL 2.0";
    case 0x0300: return "SSL 3.0";
    case 0x0301: return "TLS 1.0";
    case 0x0302: return "TLS 1.1";
    case 0x0303: return "TLS 1.2";
    case 0x0304: return "TLS 1.3";
    default: return hex(version);
  }
}

std::string_view handshake_info(uint8_t type) {
  const char* n = find(kHandshake, type);
  return n ? n : "";
}

std::string_view alert_level(uint8_t level) {
  return level == 1 ? "Warning" : level == 2 ? "Fatal" : "";
}

std::string_view alert_description(uint8_t description) {
  const char* n = find(kAlert, description);
  return n ? n : "";
}

std::string alert_name(uint8_t description) {
  // tshark's "Handshake Failure" is RFC 8446's handshake_failure.
  std::string out(alert_description(description));
  for (char& c : out) {
    if (c == ' ') c = '_';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view handshake_message_name(uint8_t type) {
  static constexpr Name kMessages[] = {
      {0, "HelloRequest"},        {1, "ClientHello"},
      {2, "ServerHello"},         {3, "HelloVerifyRequest"},
      {4, "NewSessionTicket"},    {5, "EndOfEarlyData"},
      {6, "HelloRetryRequest"},   {8, "EncryptedExtensions"},
      {11, "Certificate"},        {12, "ServerKeyExchange"},
      {13, "CertificateRequest"}, {14, "ServerHelloDone"},
      {15, "CertificateVerify"},  {16, "ClientKeyExchange"},
      {20, "Finished"},           {21, "CertificateURL"},
      {22, "CertificateStatus"},  {23, "SupplementalData"},
      {24, "KeyUpdate"},          {25, "CompressedCertificate"},
      {254, "MessageHash"},
  };
  const char* n = find(kMessages, type);
  return n ? n : "";
}

std::string cipher_suite_name(uint16_t suite) {
  const char* n = find(kSuites, suite);
  return n ? n : hex(suite);
}

std::string extension_name(uint16_t type) {
  if (is_grease(type)) return "GREASE";
  const char* n = find(kExtensions, type);
  return n ? n : hex(type);
}

std::string group_name(uint16_t group) {
  if (is_grease(group)) return "GREASE";
  const char* n = find(kGroups, group);
  return n ? n : hex(group);
}

}  // namespace tracelab::tls
