// SPDX-License-Identifier: GPL-2.0-or-later
//
// ClientHello and ServerHello (also HelloRetryRequest and the SSLv2
// compatible ClientHello) read into plain facts, and the fingerprints
// computed from them: JA3, JA3S (MD5 of the decimal field lists) and JA4
// (FoxIO's "t13d1516h2_<ciphers>_<extensions>").
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tracelab::tls {

struct ClientHello {
  uint16_t version = 0;  ///< legacy_version (0x0002 for SSLv2 format)
  std::array<uint8_t, 32> random{};
  std::vector<uint8_t> session_id;
  std::vector<uint16_t> suites;
  std::vector<uint16_t> extensions;  ///< types, in order
  std::string sni;
  std::vector<std::string> alpn;
  std::vector<uint16_t> versions;  ///< supported_versions
  std::vector<uint16_t> groups;    ///< supported_groups
  std::vector<uint8_t> point_formats;
  std::vector<uint16_t> sig_algs;
  std::vector<uint16_t> key_shares;  ///< groups offered in key_share
  bool ticket = false;               ///< non-empty session_ticket
  bool psk = false;                  ///< pre_shared_key offered
  /// resumption_key() of the session ticket offered ("" when none) and of
  /// each PSK identity offered (TLS 1.3 tickets), in order.
  std::string ticket_key;
  std::vector<std::string> psk_keys;
  bool early_data = false;
  bool sslv2 = false;
};

struct ServerHello {
  uint16_t legacy_version = 0;
  uint16_t version = 0;  ///< supported_versions when present, else legacy
  std::array<uint8_t, 32> random{};
  std::vector<uint8_t> session_id;
  uint16_t suite = 0;
  std::vector<uint16_t> extensions;
  std::string alpn;
  uint16_t key_share = 0;
  bool hrr = false;           ///< the HelloRetryRequest random
  bool psk = false;           ///< the server accepted a PSK (resumption)
  uint16_t psk_selected = 0;  ///< which offered identity it accepted
  bool encrypt_then_mac = false;
  bool extended_master_secret = false;
};

/// `body` is the handshake message body (after type and length).
bool parse_client_hello(std::span<const uint8_t> body, ClientHello& out);
bool parse_server_hello(std::span<const uint8_t> body, ServerHello& out);
/// TLS 1.3 EncryptedExtensions: the ALPN the server chose ("" if none).
std::string encrypted_extensions_alpn(std::span<const uint8_t> body);
/// An SSLv2 CLIENT-HELLO message (after the 2-byte record header).
bool parse_sslv2_client_hello(std::span<const uint8_t> msg, ClientHello& out);

/// A short, fixed-size name for a session ticket or PSK identity, by which
/// a resumed session is linked to the one that issued it: "tls-ticket:"
/// and 16 bytes of the value's SHA-256 in hex.
std::string resumption_key(std::span<const uint8_t> ticket);
/// "tls-session-id:" and the session id in hex ("" for an empty id).
std::string session_id_key(std::span<const uint8_t> id);

/// "771,4865-4866,0-23-65281,29-23,0" and its MD5 (GREASE left out).
std::string ja3_string(const ClientHello& ch);
std::string ja3s_string(const ServerHello& sh);
std::string md5_hex(const std::string& s);
std::string ja4(const ClientHello& ch);

}  // namespace tracelab::tls
