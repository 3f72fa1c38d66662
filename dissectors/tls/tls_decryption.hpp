// SPDX-License-Identifier: GPL-2.0-or-later
//
// A session's decryption state: keys found in the key logs for its client
// random once the ServerHello names version and suite, which records of
// each direction are protected, the TLS 1.3 switch from handshake to
// application secrets after each Finished, KeyUpdate, and why a session
// could not be decrypted.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "tls_crypto.hpp"
#include "tls_hello.hpp"
#include "tracelab/keylog.hpp"

namespace tracelab::tls {

class Decryption {
 public:
  /// The ClientHello was read.  When it offers early data (0-RTT) and a key
  /// log holds its early traffic secret, the client's records from now on
  /// are decrypted with it -- before any ServerHello names the suite, so
  /// the offered TLS 1.3 suites are tried until one authenticates.
  void client_hello(const ClientHello& ch, const KeyLog& keylogs);
  /// The ServerHello was read.  `client_random` is null when the
  /// ClientHello was not captured.
  void server_hello(const std::array<uint8_t, 32>* client_random,
                    const ServerHello& sh, const KeyLog& keylogs);
  /// A TLS 1.0-1.2 ChangeCipherSpec from direction `dir` (0 c2s, 1 s2c).
  void change_cipher_spec(int dir);
  /// Whether records of `type` from `dir` are protected now.
  bool protects(int dir, uint8_t type) const;
  /// Decrypts one protected record (`type` becomes the inner type in TLS
  /// 1.3).  False when there is no key or the tag/MAC does not verify;
  /// why() then says so.
  bool decrypt(int dir, uint8_t& type, uint16_t version,
               std::span<const uint8_t> body, Bytes& out);
  /// TLS 1.3: after this record, `dir` uses its application secret.
  void finished(int dir);
  /// TLS 1.3 EndOfEarlyData: after this record the client uses its
  /// handshake secret.
  void end_of_early_data();
  /// TLS 1.3 KeyUpdate from `dir`: its next records use the next secret.
  void key_update(int dir);
  /// Empty while decryption works (or was never needed).
  const std::string& why() const { return why_; }
  bool decrypted_any() const { return decrypted_ > 0; }

 private:
  void fail(std::string why) {
    if (why_.empty()) why_ = std::move(why);
  }
  bool early_decrypt(uint8_t& type, uint16_t version,
                     std::span<const uint8_t> body, Bytes& out);
  void to_client_handshake_key();

  bool tls13_ = false;
  // 0-RTT: the client's records are under its early secret until
  // EndOfEarlyData (or until they stop authenticating under it).
  bool early_ = false;
  Bytes early_secret_;
  std::vector<uint16_t> early_suites_;  // offered TLS 1.3 suites, in order
  bool early_suite_known_ = false;
  bool protected_[2] = {false, false};
  bool failed_[2] = {false, false};
  bool have_keys_ = false;
  KeyBlock block_;
  const SuiteParams* params_ = nullptr;
  uint16_t version_ = 0;
  bool etm_ = false;
  SessionSecrets secrets_;
  RecordDecrypter dec_[2];
  uint64_t decrypted_ = 0;
  std::string why_;
};

}  // namespace tracelab::tls
