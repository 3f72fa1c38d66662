// SPDX-License-Identifier: GPL-2.0-or-later
//
// SSL 3.0's own key derivation and record MAC (RFC 6101 6.2.2 and 5.2.3.1),
// which predate TLS's PRF and HMAC: the key block is MD5 over the master
// secret and a SHA-1 of 'A', 'BB', 'CCC'... with the randoms, and the MAC
// nests two hashes with fixed pads.  The ciphers and the CBC record layout
// are TLS 1.0's.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "tls_crypto.hpp"

namespace tracelab::tls {

/// `len` bytes of SSL 3.0 key block.  False on failure.
bool ssl3_key_block(const Bytes& master,
                    const std::array<uint8_t, 32>& client_random,
                    const std::array<uint8_t, 32>& server_random, size_t len,
                    Bytes& out);

/// The SSL 3.0 MAC of one record's content with `digest` ("MD5" or "SHA1").
bool ssl3_mac(const char* digest, const Bytes& mac_secret, uint64_t seq,
              uint8_t type, std::span<const uint8_t> content, Bytes& out);

}  // namespace tracelab::tls
