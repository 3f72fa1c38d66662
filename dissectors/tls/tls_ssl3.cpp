// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_ssl3.hpp"

#include <openssl/evp.h>

#include <string>

namespace tracelab::tls {
namespace {

bool digest(const char* name, std::span<const uint8_t> in, Bytes& out) {
  unsigned char md[EVP_MAX_MD_SIZE];
  size_t n = 0;
  if (!EVP_Q_digest(nullptr, name, nullptr, in.data(), in.size(), md, &n))
    return false;
  out.assign(md, md + n);
  return true;
}

void append(Bytes& b, std::span<const uint8_t> more) {
  b.insert(b.end(), more.begin(), more.end());
}

}  // namespace

bool ssl3_key_block(const Bytes& master,
                    const std::array<uint8_t, 32>& client_random,
                    const std::array<uint8_t, 32>& server_random, size_t len,
                    Bytes& out) {
  out.clear();
  // Each MD5 gives 16 bytes; the salt letters run 'A' to 'Z' at most.
  for (int i = 1; out.size() < len; ++i) {
    if (i > 26) return false;
    Bytes inner(static_cast<size_t>(i), static_cast<uint8_t>('A' + i - 1));
    append(inner, master);
    append(inner, server_random);
    append(inner, client_random);
    Bytes sha;
    if (!digest("SHA1", inner, sha)) return false;
    Bytes outer = master;
    append(outer, sha);
    Bytes md5;
    if (!digest("MD5", outer, md5)) return false;
    append(out, md5);
  }
  out.resize(len);
  return true;
}

bool ssl3_mac(const char* name, const Bytes& mac_secret, uint64_t seq,
              uint8_t type, std::span<const uint8_t> content, Bytes& out) {
  // pad_1 and pad_2 are 48 bytes for MD5, 40 for SHA-1.
  const size_t pad = std::string(name) == "MD5" ? 48 : 40;
  Bytes inner = mac_secret;
  inner.insert(inner.end(), pad, 0x36);
  for (int i = 7; i >= 0; --i)
    inner.push_back(static_cast<uint8_t>(seq >> (8 * i)));
  inner.push_back(type);
  inner.push_back(static_cast<uint8_t>(content.size() >> 8));
  inner.push_back(static_cast<uint8_t>(content.size()));
  append(inner, content);
  Bytes h;
  if (!digest(name, inner, h)) return false;
  Bytes outer = mac_secret;
  outer.insert(outer.end(), pad, 0x5c);
  append(outer, h);
  return digest(name, outer, out);
}

}  // namespace tracelab::tls
