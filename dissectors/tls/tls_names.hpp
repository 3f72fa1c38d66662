// SPDX-License-Identifier: GPL-2.0-or-later
//
// Names of TLS numbers, spelled as tshark 4.0 prints them in the packet
// list (record versions, handshake messages, alerts) and as the IANA
// registries name them (cipher suites, extensions, groups).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracelab::tls {

/// Protocol column for a record/session version: "TLSv1.2", "SSLv3",
/// "SSLv2"; "SSL" when unknown.
std::string_view version_column(uint16_t version);
/// Human version: "TLS 1.2", "SSL 3.0"; hex when unknown.
std::string version_text(uint16_t version);
/// Handshake message as the Info column names it ("Client Hello"); empty
/// for types that are not handshake messages.
std::string_view handshake_info(uint8_t type);
/// Alert level and description as tshark spells them ("Warning",
/// "Close Notify"); empty when unknown.
std::string_view alert_level(uint8_t level);
std::string_view alert_description(uint8_t description);
/// The alert's name as RFC 8446 writes it ("close_notify",
/// "handshake_failure"); empty when unknown.
std::string alert_name(uint8_t description);
/// A handshake message's name in the one spelling steps carry as their
/// `message` field ("ClientHello", "ServerKeyExchange", "EndOfEarlyData");
/// empty for types that are not handshake messages.
std::string_view handshake_message_name(uint8_t type);
/// IANA names ("TLS_AES_128_GCM_SHA256", "server_name", "x25519"); hex
/// ("0x1234") when unknown.
std::string cipher_suite_name(uint16_t suite);
std::string extension_name(uint16_t type);
std::string group_name(uint16_t group);
/// GREASE values (RFC 8701) that fingerprints leave out.
inline bool is_grease(uint16_t v) {
  return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

}  // namespace tracelab::tls
