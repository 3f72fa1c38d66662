// SPDX-License-Identifier: GPL-2.0-or-later
#include "tracelab/capture_files.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>

namespace tracelab {
namespace fs = std::filesystem;
namespace {

std::string head(const fs::path& p, size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return s;
}

}  // namespace

bool is_capture_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return false;
  const std::string h = head(p, 4);
  if (h.size() < 4) return false;
  const auto u = [&](size_t i) { return static_cast<uint8_t>(h[i]); };
  const uint32_t le = u(0) | u(1) << 8 | u(2) << 16 | uint32_t(u(3)) << 24;
  const uint32_t be = uint32_t(u(0)) << 24 | u(1) << 16 | u(2) << 8 | u(3);
  for (uint32_t m : {0xa1b2c3d4u, 0xa1b23c4du})
    if (le == m || be == m) return true;
  return le == 0x0a0d0d0a || (u(0) == 0x1f && u(1) == 0x8b);
}

bool is_keylog_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return false;
  const std::string h = head(p, 64 * 1024);
  return h.find("CLIENT_RANDOM ") != std::string::npos ||
         h.find("_TRAFFIC_SECRET_0 ") != std::string::npos ||
         h.find("CLIENT_HANDSHAKE_TRAFFIC_SECRET ") != std::string::npos;
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> v;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) v.push_back(e.path());
  std::sort(v.begin(), v.end());
  return v;
}

std::vector<std::string> keylogs_beside(const fs::path& capture) {
  std::vector<std::string> out;
  const fs::path dir = capture.parent_path();
  for (const fs::path& base : {capture.filename(), capture.stem()})
    for (const char* ext : {".keys", ".keylog", ".txt"}) {
      const fs::path k = dir / (base.string() + ext);
      if (is_keylog_file(k) &&
          std::find(out.begin(), out.end(), k.string()) == out.end())
        out.push_back(k.string());
    }
  return out;
}

}  // namespace tracelab
