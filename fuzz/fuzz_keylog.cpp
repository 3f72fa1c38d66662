// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the key-log reader: the input is a key log as a user might hand
// one over (any bytes, any line ends).  Every line goes through the line
// parser, whose results must be self-consistent; the whole log is indexed
// (once whole, once in two halves merged, which must agree) and searched
// for the client randoms it names and for one it does not.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/keylog.hpp"

namespace {

bool same(const tracelab::SessionSecrets& a,
          const tracelab::SessionSecrets& b) {
  return a.master == b.master && a.client_early == b.client_early &&
         a.client_hs == b.client_hs && a.server_hs == b.server_hs &&
         a.client_app == b.client_app && a.server_app == b.server_app;
}

}  // namespace

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
    if (!tracelab::parse_keylog_line(line, label, random, secret)) continue;
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
  // Split at a line end, the two halves indexed apart and merged.
  const size_t cut = log.find('\n', size / 2);
  const size_t at = cut == log.npos ? size : cut + 1;
  tracelab::KeyLog whole, first, second;
  whole.add(log);
  first.add(std::string_view(log).substr(0, at));
  second.add(std::string_view(log).substr(at));
  first.add(second);
  for (const auto& r : randoms) {
    const tracelab::SessionSecrets s = whole.find(r);
    // Secrets are hex-decoded: never longer than their line allows.
    if (s.master.size() > size || s.client_hs.size() > size ||
        s.client_app.size() > size)
      std::abort();
    if (!same(s, first.find(r))) std::abort();
  }
  return 0;
}
