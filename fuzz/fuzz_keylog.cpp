// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the key-log reader: the input is a key log as a user might hand
// one over (any bytes, any line ends).  Every line goes through the line
// parser, whose results must be self-consistent, and the whole log is
// searched for the client randoms it names and for one it does not.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "../dissectors/tls/tls_keylog.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string log(reinterpret_cast<const char*>(data), size);
  std::vector<std::array<uint8_t, 32>> randoms;
  std::string_view text = log;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    const std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == text.npos ? text.size() : nl + 1);
    std::string_view label;
    std::vector<uint8_t> random, secret;
    if (!tracelab::tls::parse_keylog_line(line, label, random, secret))
      continue;
    // A parsed line's parts lie inside it and are not empty.
    if (label.empty() || label.data() < line.data() ||
        label.data() + label.size() > line.data() + line.size() ||
        random.empty() || secret.empty())
      std::abort();
    if (random.size() == 32 && randoms.size() < 8) {
      std::array<uint8_t, 32> r{};
      std::copy(random.begin(), random.end(), r.begin());
      randoms.push_back(r);
    }
  }
  randoms.push_back({});  // a random the log (probably) does not name
  const std::vector<std::string> logs = {log, log.substr(0, size / 2)};
  for (const auto& r : randoms) {
    const tracelab::tls::SessionSecrets s =
        tracelab::tls::find_secrets(logs, r);
    // Secrets are hex-decoded: never longer than their line allows.
    if (s.master.size() > size || s.client_hs.size() > size ||
        s.client_app.size() > size)
      std::abort();
  }
  return 0;
}
