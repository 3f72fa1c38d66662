// SPDX-License-Identifier: GPL-2.0-or-later
//
// TLS record decryption with OpenSSL: the key schedules (TLS 1.0-1.2 PRF
// key block through EVP_KDF "TLS1-PRF", TLS 1.3 HKDF-Expand-Label) and
// per-direction record protection (AES-GCM, ChaCha20-Poly1305, AES-CBC and
// 3DES-CBC with HMAC, encrypt-then-MAC).  Tags and MACs are always checked:
// a wrong key yields a failure, never garbage.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace tracelab::tls {

enum class CipherKind { Gcm, Ccm, ChaCha, Cbc };

struct SuiteParams {
  CipherKind kind;
  const char* cipher;  ///< OpenSSL name ("AES-128-GCM")
  size_t key_len;
  size_t iv_len;           ///< fixed IV from the key block (TLS 1.2) / 12 (1.3)
  size_t mac_len;          ///< HMAC length for CBC suites, 0 for AEAD
  const char* mac_digest;  ///< "SHA1", "SHA256", "SHA384" (CBC)
  const char* prf_digest;  ///< TLS 1.2 PRF / TLS 1.3 HKDF hash
  size_t tag_len = 16;     ///< AEAD tag (8 for the _CCM_8 suites)
};

/// What we can decrypt of `suite`; null when it is not supported.
const SuiteParams* suite_params(uint16_t suite);

using Bytes = std::vector<uint8_t>;

/// TLS 1.3 HKDF-Expand-Label (RFC 8446 7.1) with an empty context.
Bytes hkdf_expand_label(const char* digest, const Bytes& secret,
                        const std::string& label, size_t len);

struct KeyBlock {
  Bytes client_mac, server_mac, client_key, server_key, client_iv, server_iv;
};
/// The TLS 1.0-1.2 key block from the master secret.  False on failure.
bool tls12_key_block(uint16_t version, const SuiteParams& p,
                     const Bytes& master,
                     const std::array<uint8_t, 32>& client_random,
                     const std::array<uint8_t, 32>& server_random,
                     KeyBlock& out);

/// One direction's record protection.
class RecordDecrypter {
 public:
  RecordDecrypter();
  ~RecordDecrypter();
  RecordDecrypter(const RecordDecrypter&) = delete;
  RecordDecrypter& operator=(const RecordDecrypter&) = delete;

  void init12(const SuiteParams& p, uint16_t version, Bytes key, Bytes iv,
              Bytes mac_key, bool encrypt_then_mac);
  void init13(const SuiteParams& p, const Bytes& traffic_secret);
  /// TLS 1.3 KeyUpdate: the next traffic secret.
  void key_update();
  bool ready() const { return params_ != nullptr; }
  bool tls13() const { return tls13_; }

  /// Decrypts one record body.  TLS 1.3 sets `type` to the inner content
  /// type.  False when the tag or MAC does not verify (or the record is
  /// malformed); then nothing is written.
  bool decrypt(uint8_t& type, uint16_t version, std::span<const uint8_t> body,
               Bytes& out);

 private:
  bool aead(std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
            std::span<const uint8_t> ct, std::span<const uint8_t> tag,
            Bytes& out);
  bool ccm(std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
           std::span<const uint8_t> ct, std::span<const uint8_t> tag,
           Bytes& out);
  bool cbc(uint8_t type, uint16_t version, std::span<const uint8_t> body,
           Bytes& out);

  const SuiteParams* params_ = nullptr;
  bool tls13_ = false;
  bool etm_ = false;
  uint16_t version_ = 0;
  Bytes key_, iv_, mac_key_, secret_;
  uint64_t seq_ = 0;
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

}  // namespace tracelab::tls
