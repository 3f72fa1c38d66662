// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <cstring>

#include "tls_ssl3.hpp"

namespace tracelab::tls {
namespace {

struct Suite {
  uint16_t id;
  SuiteParams p;
};

// The suites seen in practice; others get a note saying they are not
// supported.
const Suite kSuites[] = {
    {0x1301, {CipherKind::Gcm, "AES-128-GCM", 16, 12, 0, "", "SHA256"}},
    {0x1302, {CipherKind::Gcm, "AES-256-GCM", 32, 12, 0, "", "SHA384"}},
    {0x1303,
     {CipherKind::ChaCha, "ChaCha20-Poly1305", 32, 12, 0, "", "SHA256"}},
    {0x1304, {CipherKind::Ccm, "AES-128-CCM", 16, 12, 0, "", "SHA256"}},
    {0x1305, {CipherKind::Ccm, "AES-128-CCM", 16, 12, 0, "", "SHA256", 8}},
    // TLS 1.2 AES-CCM (RFC 6655, 7251): salt from the key block, explicit
    // nonce in the record, as GCM.
    {0xc09c, {CipherKind::Ccm, "AES-128-CCM", 16, 4, 0, "", "SHA256"}},
    {0xc09d, {CipherKind::Ccm, "AES-256-CCM", 32, 4, 0, "", "SHA256"}},
    {0xc09e, {CipherKind::Ccm, "AES-128-CCM", 16, 4, 0, "", "SHA256"}},
    {0xc09f, {CipherKind::Ccm, "AES-256-CCM", 32, 4, 0, "", "SHA256"}},
    {0xc0a0, {CipherKind::Ccm, "AES-128-CCM", 16, 4, 0, "", "SHA256", 8}},
    {0xc0a1, {CipherKind::Ccm, "AES-256-CCM", 32, 4, 0, "", "SHA256", 8}},
    {0xc0a2, {CipherKind::Ccm, "AES-128-CCM", 16, 4, 0, "", "SHA256", 8}},
    {0xc0a3, {CipherKind::Ccm, "AES-256-CCM", 32, 4, 0, "", "SHA256", 8}},
    {0xc0ac, {CipherKind::Ccm, "AES-128-CCM", 16, 4, 0, "", "SHA256"}},
    {0xc0ad, {CipherKind::Ccm, "AES-256-CCM", 32, 4, 0, "", "SHA256"}},
    {0xc0ae, {CipherKind::Ccm, "AES-128-CCM", 16, 4, 0, "", "SHA256", 8}},
    {0xc0af, {CipherKind::Ccm, "AES-256-CCM", 32, 4, 0, "", "SHA256", 8}},
    {0x009c, {CipherKind::Gcm, "AES-128-GCM", 16, 4, 0, "", "SHA256"}},
    {0x009d, {CipherKind::Gcm, "AES-256-GCM", 32, 4, 0, "", "SHA384"}},
    {0x009e, {CipherKind::Gcm, "AES-128-GCM", 16, 4, 0, "", "SHA256"}},
    {0x009f, {CipherKind::Gcm, "AES-256-GCM", 32, 4, 0, "", "SHA384"}},
    {0xc02b, {CipherKind::Gcm, "AES-128-GCM", 16, 4, 0, "", "SHA256"}},
    {0xc02c, {CipherKind::Gcm, "AES-256-GCM", 32, 4, 0, "", "SHA384"}},
    {0xc02f, {CipherKind::Gcm, "AES-128-GCM", 16, 4, 0, "", "SHA256"}},
    {0xc030, {CipherKind::Gcm, "AES-256-GCM", 32, 4, 0, "", "SHA384"}},
    {0xcca8,
     {CipherKind::ChaCha, "ChaCha20-Poly1305", 32, 12, 0, "", "SHA256"}},
    {0xcca9,
     {CipherKind::ChaCha, "ChaCha20-Poly1305", 32, 12, 0, "", "SHA256"}},
    {0xccaa,
     {CipherKind::ChaCha, "ChaCha20-Poly1305", 32, 12, 0, "", "SHA256"}},
    {0x002f, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 20, "SHA1", "SHA256"}},
    {0x0033, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 20, "SHA1", "SHA256"}},
    {0x0035, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 20, "SHA1", "SHA256"}},
    {0x0039, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 20, "SHA1", "SHA256"}},
    {0x003c, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 32, "SHA256", "SHA256"}},
    {0x003d, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 32, "SHA256", "SHA256"}},
    {0x0067, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 32, "SHA256", "SHA256"}},
    {0x006b, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 32, "SHA256", "SHA256"}},
    {0xc009, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 20, "SHA1", "SHA256"}},
    {0xc00a, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 20, "SHA1", "SHA256"}},
    {0xc013, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 20, "SHA1", "SHA256"}},
    {0xc014, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 20, "SHA1", "SHA256"}},
    {0xc023, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 32, "SHA256", "SHA256"}},
    {0xc024, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 48, "SHA384", "SHA384"}},
    {0xc027, {CipherKind::Cbc, "AES-128-CBC", 16, 16, 32, "SHA256", "SHA256"}},
    {0xc028, {CipherKind::Cbc, "AES-256-CBC", 32, 16, 48, "SHA384", "SHA384"}},
    {0x000a, {CipherKind::Cbc, "DES-EDE3-CBC", 24, 8, 20, "SHA1", "SHA256"}},
    {0x0016, {CipherKind::Cbc, "DES-EDE3-CBC", 24, 8, 20, "SHA1", "SHA256"}},
    {0xc012, {CipherKind::Cbc, "DES-EDE3-CBC", 24, 8, 20, "SHA1", "SHA256"}},
};

void put_u64(uint8_t* p, uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<uint8_t>(v);
}

}  // namespace

struct RecordDecrypter::Ctx {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_CIPHER* cipher = nullptr;
  ~Ctx() {
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
  }
};

const SuiteParams* suite_params(uint16_t suite) {
  for (const Suite& s : kSuites)
    if (s.id == suite) return &s.p;
  return nullptr;
}

Bytes hkdf_expand_label(const char* digest, const Bytes& secret,
                        const std::string& label, size_t len) {
  Bytes info;
  info.push_back(static_cast<uint8_t>(len >> 8));
  info.push_back(static_cast<uint8_t>(len));
  const std::string full = "tls13 " + label;
  info.push_back(static_cast<uint8_t>(full.size()));
  info.insert(info.end(), full.begin(), full.end());
  info.push_back(0);  // empty context
  Bytes out(len);
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* kctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
  int mode = EVP_KDF_HKDF_MODE_EXPAND_ONLY;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                       const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY,
                                        const_cast<uint8_t*>(secret.data()),
                                        secret.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(),
                                        info.size()),
      OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
      OSSL_PARAM_construct_end()};
  if (!kctx || EVP_KDF_derive(kctx, out.data(), out.size(), params) != 1)
    out.clear();
  EVP_KDF_CTX_free(kctx);
  EVP_KDF_free(kdf);
  return out;
}

bool tls12_key_block(uint16_t version, const SuiteParams& p,
                     const Bytes& master,
                     const std::array<uint8_t, 32>& client_random,
                     const std::array<uint8_t, 32>& server_random,
                     KeyBlock& kb) {
  // TLS 1.0 and 1.1 chain the IV from the key block; 1.1 and later carry
  // an explicit one per CBC record, but the block still reserves it.
  const size_t mac = p.kind == CipherKind::Cbc ? p.mac_len : 0;
  const size_t total = 2 * mac + 2 * p.key_len + 2 * p.iv_len;
  std::string seed = "key expansion";
  seed.append(reinterpret_cast<const char*>(server_random.data()), 32);
  seed.append(reinterpret_cast<const char*>(client_random.data()), 32);
  const char* digest = version >= 0x0303 ? p.prf_digest : "MD5-SHA1";
  Bytes block(total);
  if (version == 0x0300 &&
      !ssl3_key_block(master, client_random, server_random, total, block))
    return false;
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "TLS1-PRF", nullptr);
  EVP_KDF_CTX* kctx = kdf ? EVP_KDF_CTX_new(kdf) : nullptr;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                       const_cast<char*>(digest), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET,
                                        const_cast<uint8_t*>(master.data()),
                                        master.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, seed.data(),
                                        seed.size()),
      OSSL_PARAM_construct_end()};
  const bool ok =
      version == 0x0300 ||
      (kctx && EVP_KDF_derive(kctx, block.data(), block.size(), params) == 1);
  EVP_KDF_CTX_free(kctx);
  EVP_KDF_free(kdf);
  if (!ok) return false;
  size_t at = 0;
  auto take = [&](size_t n) {
    Bytes b(block.begin() + static_cast<ptrdiff_t>(at),
            block.begin() + static_cast<ptrdiff_t>(at + n));
    at += n;
    return b;
  };
  kb.client_mac = take(mac);
  kb.server_mac = take(mac);
  kb.client_key = take(p.key_len);
  kb.server_key = take(p.key_len);
  kb.client_iv = take(p.iv_len);
  kb.server_iv = take(p.iv_len);
  return true;
}

RecordDecrypter::RecordDecrypter() : ctx_(std::make_unique<Ctx>()) {}
RecordDecrypter::~RecordDecrypter() {
  OPENSSL_cleanse(key_.data(), key_.size());
  OPENSSL_cleanse(secret_.data(), secret_.size());
}

void RecordDecrypter::init12(const SuiteParams& p, uint16_t version, Bytes key,
                             Bytes iv, Bytes mac_key, bool encrypt_then_mac) {
  params_ = &p;
  tls13_ = false;
  version_ = version;
  etm_ = encrypt_then_mac && p.kind == CipherKind::Cbc;
  key_ = std::move(key);
  iv_ = std::move(iv);
  mac_key_ = std::move(mac_key);
  seq_ = 0;
  EVP_CIPHER_free(ctx_->cipher);
  ctx_->cipher = EVP_CIPHER_fetch(nullptr, p.cipher, nullptr);
  if (!ctx_->cipher) params_ = nullptr;
}

void RecordDecrypter::init13(const SuiteParams& p, const Bytes& secret) {
  params_ = &p;
  tls13_ = true;
  secret_ = secret;
  key_ = hkdf_expand_label(p.prf_digest, secret, "key", p.key_len);
  iv_ = hkdf_expand_label(p.prf_digest, secret, "iv", 12);
  seq_ = 0;
  EVP_CIPHER_free(ctx_->cipher);
  ctx_->cipher = EVP_CIPHER_fetch(nullptr, p.cipher, nullptr);
  if (!ctx_->cipher || key_.empty() || iv_.empty()) params_ = nullptr;
}

void RecordDecrypter::key_update() {
  if (!params_ || !tls13_) return;
  const Bytes next = hkdf_expand_label(params_->prf_digest, secret_,
                                       "traffic upd", secret_.size());
  init13(*params_, next);
}

bool RecordDecrypter::aead(std::span<const uint8_t> nonce,
                           std::span<const uint8_t> aad,
                           std::span<const uint8_t> ct,
                           std::span<const uint8_t> tag, Bytes& out) {
  EVP_CIPHER_CTX* c = ctx_->ctx;
  int n = 0;
  out.resize(ct.size());
  if (params_->kind == CipherKind::Ccm) return ccm(nonce, aad, ct, tag, out);
  if (EVP_DecryptInit_ex2(c, ctx_->cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN,
                          static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_DecryptInit_ex2(c, nullptr, key_.data(), nonce.data(), nullptr) !=
          1 ||
      EVP_DecryptUpdate(c, nullptr, &n, aad.data(),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(c, out.data(), &n, ct.data(),
                        static_cast<int>(ct.size())) != 1 ||
      EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG,
                          static_cast<int>(tag.size()),
                          const_cast<uint8_t*>(tag.data())) != 1) {
    out.clear();
    return false;
  }
  int fin = 0;
  if (EVP_DecryptFinal_ex(c, out.data() + n, &fin) != 1) {
    out.clear();
    return false;
  }
  return true;
}

// CCM wants its tag and the message length before any data, and checks the
// tag in the last update (there is no final step).
bool RecordDecrypter::ccm(std::span<const uint8_t> nonce,
                          std::span<const uint8_t> aad,
                          std::span<const uint8_t> ct,
                          std::span<const uint8_t> tag, Bytes& out) {
  EVP_CIPHER_CTX* c = ctx_->ctx;
  int n = 0;
  if (EVP_DecryptInit_ex2(c, ctx_->cipher, nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_IVLEN,
                          static_cast<int>(nonce.size()), nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG,
                          static_cast<int>(tag.size()),
                          const_cast<uint8_t*>(tag.data())) != 1 ||
      EVP_DecryptInit_ex2(c, nullptr, key_.data(), nonce.data(), nullptr) !=
          1 ||
      EVP_DecryptUpdate(c, nullptr, &n, nullptr, static_cast<int>(ct.size())) !=
          1 ||
      EVP_DecryptUpdate(c, nullptr, &n, aad.data(),
                        static_cast<int>(aad.size())) != 1 ||
      EVP_DecryptUpdate(c, out.data(), &n, ct.data(),
                        static_cast<int>(ct.size())) != 1) {
    out.clear();
    return false;
  }
  return true;
}

bool RecordDecrypter::cbc(uint8_t type, uint16_t version,
                          std::span<const uint8_t> body, Bytes& out) {
  const SuiteParams& p = *params_;
  const size_t block = p.iv_len, mac = p.mac_len;
  const bool explicit_iv = version_ >= 0x0302;
  uint8_t hdr[13];
  put_u64(hdr, seq_);
  hdr[8] = type;
  hdr[9] = static_cast<uint8_t>(version >> 8);
  hdr[10] = static_cast<uint8_t>(version);
  auto mac_ok = [&](std::span<const uint8_t> data,
                    std::span<const uint8_t> want) {
    if (version_ == 0x0300) {
      Bytes md;
      return ssl3_mac(p.mac_digest, mac_key_, seq_, type, data, md) &&
             md.size() == want.size() &&
             CRYPTO_memcmp(md.data(), want.data(), md.size()) == 0;
    }
    hdr[11] = static_cast<uint8_t>(data.size() >> 8);
    hdr[12] = static_cast<uint8_t>(data.size());
    unsigned char md[EVP_MAX_MD_SIZE];
    size_t md_len = 0;
    std::vector<uint8_t> msg(hdr, hdr + 13);
    msg.insert(msg.end(), data.begin(), data.end());
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, p.mac_digest, nullptr,
                   mac_key_.data(), mac_key_.size(), msg.data(), msg.size(), md,
                   sizeof md, &md_len))
      return false;
    return md_len == want.size() && CRYPTO_memcmp(md, want.data(), md_len) == 0;
  };
  std::span<const uint8_t> enc = body;
  if (etm_) {
    if (body.size() < mac) return false;
    enc = body.first(body.size() - mac);
    if (!mac_ok(enc, body.last(mac))) return false;
  }
  Bytes iv = iv_;
  if (explicit_iv) {
    if (enc.size() < block) return false;
    iv.assign(enc.begin(), enc.begin() + static_cast<ptrdiff_t>(block));
    enc = enc.subspan(block);
  }
  if (enc.empty() || enc.size() % block) return false;
  EVP_CIPHER_CTX* c = ctx_->ctx;
  Bytes pt(enc.size() + block);
  int n = 0, fin = 0;
  if (EVP_DecryptInit_ex2(c, ctx_->cipher, key_.data(), iv.data(), nullptr) !=
          1 ||
      EVP_CIPHER_CTX_set_padding(c, 0) != 1 ||
      EVP_DecryptUpdate(c, pt.data(), &n, enc.data(),
                        static_cast<int>(enc.size())) != 1 ||
      EVP_DecryptFinal_ex(c, pt.data() + n, &fin) != 1)
    return false;
  pt.resize(static_cast<size_t>(n + fin));
  if (!explicit_iv)  // TLS 1.0: the next record's IV is this one's last block
    iv_.assign(enc.end() - static_cast<ptrdiff_t>(block), enc.end());
  const size_t pad = pt.back();
  if (pad + 1 > pt.size()) return false;
  pt.resize(pt.size() - pad - 1);
  if (!etm_) {
    if (pt.size() < mac) return false;
    const Bytes tag(pt.end() - static_cast<ptrdiff_t>(mac), pt.end());
    pt.resize(pt.size() - mac);
    if (!mac_ok(pt, tag)) return false;
  }
  out = std::move(pt);
  return true;
}

bool RecordDecrypter::decrypt(uint8_t& type, uint16_t version,
                              std::span<const uint8_t> body, Bytes& out) {
  if (!params_) return false;
  const SuiteParams& p = *params_;
  bool ok = false;
  if (p.kind == CipherKind::Cbc) {
    ok = cbc(type, version, body, out);
  } else if (tls13_) {
    const size_t tag = p.tag_len;
    if (body.size() < tag + 1) return false;
    uint8_t nonce[12];
    std::memcpy(nonce, iv_.data(), 12);
    uint8_t s[8];
    put_u64(s, seq_);
    for (int i = 0; i < 8; ++i) nonce[4 + i] ^= s[i];
    const uint8_t aad[5] = {type, static_cast<uint8_t>(version >> 8),
                            static_cast<uint8_t>(version),
                            static_cast<uint8_t>(body.size() >> 8),
                            static_cast<uint8_t>(body.size())};
    ok = aead(nonce, aad, body.first(body.size() - tag), body.last(tag), out);
    if (ok) {
      // Strip the zero padding; the last non-zero byte is the real type.
      while (!out.empty() && out.back() == 0) out.pop_back();
      if (out.empty()) return false;
      type = out.back();
      out.pop_back();
    }
  } else {
    // GCM and CCM carry an 8-byte explicit nonce; ChaCha20 derives it.
    const bool gcm = p.kind != CipherKind::ChaCha;
    const size_t explicit_len = gcm ? 8 : 0;
    const size_t tag = p.tag_len;
    if (body.size() < explicit_len + tag) return false;
    uint8_t nonce[12];
    if (gcm) {
      std::memcpy(nonce, iv_.data(), 4);
      std::memcpy(nonce + 4, body.data(), 8);
    } else {
      std::memcpy(nonce, iv_.data(), 12);
      uint8_t s[8];
      put_u64(s, seq_);
      for (int i = 0; i < 8; ++i) nonce[4 + i] ^= s[i];
    }
    const size_t len = body.size() - explicit_len - tag;
    uint8_t aad[13];
    put_u64(aad, seq_);
    aad[8] = type;
    aad[9] = static_cast<uint8_t>(version >> 8);
    aad[10] = static_cast<uint8_t>(version);
    aad[11] = static_cast<uint8_t>(len >> 8);
    aad[12] = static_cast<uint8_t>(len);
    ok = aead(nonce, aad, body.subspan(explicit_len, len), body.last(tag), out);
  }
  if (ok) ++seq_;
  return ok;
}

}  // namespace tracelab::tls
