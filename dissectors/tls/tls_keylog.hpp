// SPDX-License-Identifier: GPL-2.0-or-later
//
// NSS key log lookup (the SSLKEYLOGFILE format): the secrets logged for one
// client random.  Lines are "LABEL <client random hex> <secret hex>";
// comments and lines of other labels or malformed ones are skipped.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tracelab::tls {

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

/// The secrets every key log in `logs` holds for `client_random` (the
/// first one logged wins for each label).
SessionSecrets find_secrets(const std::vector<std::string>& logs,
                            const std::array<uint8_t, 32>& client_random);

/// Reads one key log line; false when it is not "LABEL hex hex".
bool parse_keylog_line(std::string_view line, std::string_view& label,
                       std::vector<uint8_t>& random,
                       std::vector<uint8_t>& secret);

}  // namespace tracelab::tls
