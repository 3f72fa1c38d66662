// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_decryption.hpp"

#include "tls_names.hpp"

namespace tracelab::tls {

void Decryption::server_hello(const std::array<uint8_t, 32>* client_random,
                              const ServerHello& sh,
                              const std::vector<std::string>& keylogs) {
  if (sh.hrr) return;  // the real ServerHello follows
  version_ = sh.version;
  tls13_ = sh.version == 0x0304;
  etm_ = sh.encrypt_then_mac;
  if (keylogs.empty()) return fail("no key log was given");
  if (!client_random) return fail("the ClientHello was not captured");
  if (sh.version < 0x0300)
    return fail(version_text(sh.version) + " decryption is not supported");
  params_ = suite_params(sh.suite);
  if (!params_)
    return fail("cipher suite " + cipher_suite_name(sh.suite) +
                " is not supported for decryption");
  secrets_ = find_secrets(keylogs, *client_random);
  if (tls13_) {
    if (secrets_.client_hs.empty() || secrets_.server_hs.empty())
      return fail("the key log has no TLS 1.3 secrets for this client random");
    dec_[0].init13(*params_, secrets_.client_hs);
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
