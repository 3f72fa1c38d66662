// SPDX-License-Identifier: GPL-2.0-or-later
//
// SASL pieces mail protocols carry in base64 (AUTH LOGIN, PLAIN, CRAM-MD5),
// shared by SMTP and POP3.
#pragma once

#include <string>
#include <string_view>

namespace tracelab::mail {

/// Decodes base64 (whitespace ignored); false when it is not base64.
bool base64_decode(std::string_view in, std::string& out);

/// A client's SASL response decoded into user and secret, for `mechanism`
/// (upper case) and the `step`th response (0-based) of the exchange.
struct SaslStep {
  std::string user;    ///< the user name this step revealed, if any
  std::string secret;  ///< the password / digest, if any
};
SaslStep decode_sasl_response(std::string_view mechanism, int step,
                              std::string_view line);

}  // namespace tracelab::mail
