// SPDX-License-Identifier: GPL-2.0-or-later
//
// Finding the submissions a teacher points `tracelab grade` at.
#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tracelab/grade.hpp"

namespace tracelab::grade {
namespace fs = std::filesystem;
namespace {

std::string head(const fs::path& p, size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  return s;
}

// pcap (both byte orders, micro- and nanoseconds), pcapng, gzip.
bool is_capture(const fs::path& p) {
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

// A text file of NSS key-log lines.
bool is_keylog(const fs::path& p) {
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

// Key logs beside `capture`: NAME.keys, NAME.keylog, NAME.txt (with the
// capture's extension or without it).
std::vector<std::string> keylogs_beside(const fs::path& capture) {
  std::vector<std::string> out;
  const fs::path dir = capture.parent_path();
  for (const fs::path& base : {capture.filename(), capture.stem()})
    for (const char* ext : {".keys", ".keylog", ".txt"}) {
      const fs::path k = dir / (base.string() + ext);
      if (is_keylog(k) &&
          std::find(out.begin(), out.end(), k.string()) == out.end())
        out.push_back(k.string());
    }
  return out;
}

void add_folder(const fs::path& dir, const std::string& student,
                std::vector<Submission>& out) {
  std::vector<std::string> folder_keys;
  std::vector<fs::path> captures;
  for (const auto& p : sorted_entries(dir)) {
    const std::string name = p.filename().string();
    if (is_capture(p))
      captures.push_back(p);
    else if ((p.extension() == ".keys" || name.rfind("sslkeylog", 0) == 0) &&
             is_keylog(p))
      folder_keys.push_back(p.string());
  }
  for (const auto& c : captures) {
    Submission s;
    s.student = student.empty() ? c.stem().string() : student;
    // "x.pcap.gz" -> "x"
    if (student.empty() && fs::path(s.student).has_extension() &&
        c.extension() == ".gz")
      s.student = fs::path(s.student).stem().string();
    s.capture = c.string();
    s.keylogs = keylogs_beside(c);
    if (!student.empty())
      for (const auto& k : folder_keys)
        if (std::find(s.keylogs.begin(), s.keylogs.end(), k) == s.keylogs.end())
          s.keylogs.push_back(k);
    out.push_back(std::move(s));
  }
}

}  // namespace

std::vector<Submission> find_submissions(const std::vector<std::string>& inputs,
                                         std::vector<std::string>& errors) {
  std::vector<Submission> out;
  for (const auto& in : inputs) {
    const fs::path p(in);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      add_folder(p, {}, out);
      for (const auto& sub : sorted_entries(p))
        if (fs::is_directory(sub, ec))
          add_folder(sub, sub.filename().string(), out);
    } else if (fs::exists(p, ec)) {
      // Named explicitly: graded even if it is not a capture, so that the
      // teacher sees why.
      Submission s;
      s.student = p.stem().string();
      s.capture = p.string();
      s.keylogs = keylogs_beside(p);
      out.push_back(std::move(s));
    } else {
      errors.push_back(in + ": no such file or directory");
    }
  }
  return out;
}

}  // namespace tracelab::grade
