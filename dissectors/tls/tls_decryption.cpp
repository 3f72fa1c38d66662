// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_decryption.hpp"

#include "tls_names.hpp"

namespace tracelab::tls {

void Decryption::client_hello(const ClientHello& ch, const KeyLog& keylogs) {
  if (!ch.early_data || !keylogs.given()) return;
  early_secret_ = keylogs.find(ch.random).client_early;
  if (early_secret_.empty()) return;
  for (uint16_t s : ch.suites)
    if (s >> 8 == 0x13 && suite_params(s)) early_suites_.push_back(s);
  if (early_suites_.empty()) return;
  early_ = true;
  tls13_ = true;  // early data exists only in TLS 1.3
  protected_[0] = true;
}

bool Decryption::early_decrypt(uint8_t& type, uint16_t version,
                               std::span<const uint8_t> body, Bytes& out) {
  if (early_suite_known_) return dec_[0].decrypt(type, version, body, out);
  // The suite is known once a record authenticates under one of them.
  for (uint16_t suite : early_suites_) {
    dec_[0].init13(*suite_params(suite), early_secret_);
    uint8_t t = type;
    if (dec_[0].decrypt(t, version, body, out)) {
      type = t;
      early_suite_known_ = true;
      return true;
    }
  }
  return false;
}

void Decryption::to_client_handshake_key() {
  early_ = false;
  if (have_keys_ && tls13_ && !secrets_.client_hs.empty())
    dec_[0].init13(*params_, secrets_.client_hs);
}

void Decryption::end_of_early_data() {
  to_client_handshake_key();
}

void Decryption::server_hello(const std::array<uint8_t, 32>* client_random,
                              const ServerHello& sh, const KeyLog& keylogs) {
  if (sh.hrr) return;  // the real ServerHello follows
  version_ = sh.version;
  tls13_ = sh.version == 0x0304;
  etm_ = sh.encrypt_then_mac;
  if (!keylogs.given()) return fail("no key log was given");
  if (!client_random) return fail("the ClientHello was not captured");
  if (sh.version < 0x0300)
    return fail(version_text(sh.version) + " decryption is not supported");
  params_ = suite_params(sh.suite);
  if (!params_)
    return fail("cipher suite " + cipher_suite_name(sh.suite) +
                " is not supported for decryption");
  secrets_ = keylogs.find(*client_random);
  if (tls13_) {
    if (secrets_.client_hs.empty() || secrets_.server_hs.empty())
      return fail("the key log has no TLS 1.3 secrets for this client random");
    // With early data under way the client switches at EndOfEarlyData.
    if (!early_) dec_[0].init13(*params_, secrets_.client_hs);
    dec_[1].init13(*params_, secrets_.server_hs);
    protected_[0] = protected_[1] = true;
    have_keys_ = true;
    return;
  }
  if (secrets_.master.empty())
    return fail(
        "the key log has no CLIENT_RANDOM line for this client random (an "
        "RSA key exchange needs the server's private key instead)");
  std::array<uint8_t, 32> server_random = sh.random;
  if (!tls12_key_block(sh.version, *params_, secrets_.master, *client_random,
                       server_random, block_))
    return fail("key derivation failed");
  have_keys_ = true;
}

void Decryption::change_cipher_spec(int dir) {
  if (tls13_ || protected_[dir]) return;
  protected_[dir] = true;
  if (!have_keys_) return;
  if (dir == 0)
    dec_[0].init12(*params_, version_, block_.client_key, block_.client_iv,
                   block_.client_mac, etm_);
  else
    dec_[1].init12(*params_, version_, block_.server_key, block_.server_iv,
                   block_.server_mac, etm_);
}

bool Decryption::protects(int dir, uint8_t type) const {
  if (!protected_[dir]) return false;
  return tls13_ ? type == 23 : (type >= 21 && type <= 24);
}

bool Decryption::decrypt(int dir, uint8_t& type, uint16_t version,
                         std::span<const uint8_t> body, Bytes& out) {
  if (dir == 0 && early_ && !failed_[0]) {
    if (early_decrypt(type, version, body, out)) {
      ++decrypted_;
      return true;
    }
    // The server refused the early data (no EndOfEarlyData follows): the
    // client's next records are under its handshake secret.
    to_client_handshake_key();
  }
  if (!have_keys_ || failed_[dir] || !dec_[dir].ready()) return false;
  if (dec_[dir].decrypt(type, version, body, out)) {
    ++decrypted_;
    return true;
  }
  failed_[dir] = true;
  fail(decrypted_ ? "a record failed its authentication check (lost data?)"
                  : "the key does not decrypt this session (authentication "
                    "check failed: wrong key log entry?)");
  return false;
}

void Decryption::finished(int dir) {
  if (!tls13_ || !have_keys_) return;
  const Bytes& s = dir == 0 ? secrets_.client_app : secrets_.server_app;
  if (s.empty()) {
    failed_[dir] = true;
    return fail("the key log has no TLS 1.3 application traffic secret");
  }
  dec_[dir].init13(*params_, s);
}

void Decryption::key_update(int dir) {
  if (tls13_ && have_keys_) dec_[dir].key_update();
}

}  // namespace tracelab::tls
