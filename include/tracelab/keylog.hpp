// SPDX-License-Identifier: GPL-2.0-or-later
//
// TLS key logs in the NSS SSLKEYLOGFILE format: lines "LABEL <client random
// hex> <secret hex>"; comments, lines of other labels and malformed lines
// are skipped.  Each log is parsed once, when it is added, into an index
// from client random to secrets: a session's lookup costs the same whether
// the logs hold ten lines or ten million (before, every TLS session re-read
// every line of every log: sessions x lines).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tracelab {

/// The secrets the key logs hold for one client random (empty: not logged).
struct SessionSecrets {
  std::vector<uint8_t> master;        ///< CLIENT_RANDOM (TLS 1.2 and older)
  std::vector<uint8_t> client_early;  ///< CLIENT_EARLY_TRAFFIC_SECRET (0-RTT)
  std::vector<uint8_t> client_hs;     ///< CLIENT_HANDSHAKE_TRAFFIC_SECRET
  std::vector<uint8_t> server_hs;     ///< SERVER_HANDSHAKE_TRAFFIC_SECRET
  std::vector<uint8_t> client_app;    ///< CLIENT_TRAFFIC_SECRET_0
  std::vector<uint8_t> server_app;    ///< SERVER_TRAFFIC_SECRET_0
  bool any() const {
    return !master.empty() || !client_hs.empty() || !client_app.empty();
  }
};

/// Reads one key log line; false when it is not "LABEL hex hex" (trailing
/// spaces and a CR are allowed; a secret is at most 128 bytes).
bool parse_keylog_line(std::string_view line, std::string_view& label,
                       std::vector<uint8_t>& random,
                       std::vector<uint8_t>& secret);

/// Every key log of a run, indexed by client random.  Logs are added in
/// the order they are met (the --keylog files, then pcapng Decryption
/// Secrets Blocks as the capture is read); for each label of each client
/// random the first logged secret wins.  A copy shares the index until
/// either side adds to it (copy on write), so handing the settings to a
/// run costs nothing; a KeyLog and its copies are used from one thread.
class KeyLog {
 public:
  /// Adds every line of `text` (whole lines; a last one without a newline
  /// counts as a line).
  void add(std::string_view text);
  /// Makes room for about `text_bytes` of key log still to be added (a
  /// hint: the index then grows without copying itself over and over).
  void reserve(uint64_t text_bytes);
  /// Adds what `other` holds, as if its logs were added after these.
  void add(const KeyLog& other);
  /// Whether any log was added, even an empty one ("no key log was given"
  /// is said only when none was).
  bool given() const { return given_; }
  /// The secrets logged for `client_random` so far.
  SessionSecrets find(const std::array<uint8_t, 32>& client_random) const;
  /// How many client randoms have at least one secret.
  size_t randoms() const;

 private:
  struct Index;
  Index& writable();
  std::shared_ptr<Index> index_;
  bool given_ = false;
};

/// Key logs larger than this are refused: a real one, even a browser's
/// weeks-old SSLKEYLOGFILE, is tens of MB; /dev/zero is endless.
inline constexpr uint64_t kMaxKeylogBytes = 256ull << 20;

/// Reads the key log at `path` into `log`, line by line (the text is never
/// held whole).  False, with `error` naming the file and the cause, when it
/// cannot be read or is larger than `max_bytes`; `log` then holds nothing
/// from this file.
bool read_keylog_file(const std::string& path, KeyLog& log, std::string& error,
                      uint64_t max_bytes = kMaxKeylogBytes);

}  // namespace tracelab
