// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_hello.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "tls_names.hpp"
#include "tls_reader.hpp"
#include "tracelab/text.hpp"

namespace tracelab::tls {
namespace {

// RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest.
constexpr uint8_t kHrrRandom[32] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
    0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
    0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

// Counts kept sane: a hostile hello cannot make us store more than this.
constexpr size_t kMaxList = 512;

void read_u16_list(Reader r, std::vector<uint16_t>& out) {
  while (r.left() >= 2 && out.size() < kMaxList) out.push_back(r.u16());
}

void read_client_extension(uint16_t type, Reader e, ClientHello& ch) {
  switch (type) {
    case 0: {  // server_name: a list of (name type, name)
      Reader list = e.sub(2);
      while (list.left() >= 3 && ch.sni.empty()) {
        const uint32_t kind = list.u8();
        auto name = list.sub(2).rest();
        if (kind == 0)
          ch.sni.assign(reinterpret_cast<const char*>(name.data()),
                        name.size());
      }
      break;
    }
    case 10: read_u16_list(e.sub(2), ch.groups); break;
    case 11: {
      Reader l = e.sub(1);
      while (!l.empty() && ch.point_formats.size() < kMaxList)
        ch.point_formats.push_back(static_cast<uint8_t>(l.u8()));
      break;
    }
    case 13: read_u16_list(e.sub(2), ch.sig_algs); break;
    case 16: {  // ALPN: a list of 1-byte-length names
      Reader list = e.sub(2);
      while (!list.empty() && ch.alpn.size() < 32) {
        auto p = list.sub(1).rest();
        if (!list.ok()) break;
        ch.alpn.emplace_back(reinterpret_cast<const char*>(p.data()), p.size());
      }
      break;
    }
    case 35:
      ch.ticket = e.left() > 0;
      if (ch.ticket) ch.ticket_key = resumption_key(e.rest());
      break;
    case 41: {  // pre_shared_key: identities (ticket, age), then binders
      ch.psk = true;
      Reader ids = e.sub(2);
      while (ids.left() >= 2 && ch.psk_keys.size() < 16) {
        auto id = ids.sub(2).rest();
        ids.bytes(4);  // obfuscated_ticket_age
        if (!ids.ok()) break;
        ch.psk_keys.push_back(resumption_key(id));
      }
      break;
    }
    case 42: ch.early_data = true; break;
    case 43: {
      Reader l = e.sub(1);
      while (l.left() >= 2 && ch.versions.size() < kMaxList)
        ch.versions.push_back(static_cast<uint16_t>(l.u16()));
      break;
    }
    case 51: {
      Reader l = e.sub(2);
      while (l.left() >= 4 && ch.key_shares.size() < kMaxList) {
        ch.key_shares.push_back(static_cast<uint16_t>(l.u16()));
        l.sub(2);
      }
      break;
    }
    default: break;
  }
}

std::string hex_u16(uint16_t v) {
  char b[8];
  std::snprintf(b, sizeof b, "%04x", v);
  return b;
}

// Appends the first `max_bytes` of `bytes`' digest under `md`, in hex.
void append_digest_hex(std::string& out, const EVP_MD* md,
                       std::span<const uint8_t> bytes, size_t max_bytes) {
  unsigned char d[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), d, &n, md, nullptr);
  append_hex_bytes(out, {d, std::min<size_t>(n, max_bytes)});
}

std::span<const uint8_t> as_bytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

std::string sha256_12(const std::string& s) {
  if (s.empty()) return "000000000000";
  std::string out;
  append_digest_hex(out, EVP_sha256(), as_bytes(s), 6);
  return out;
}

template <typename T>
void append_dashed(std::string& out, const std::vector<T>& v) {
  bool first = true;
  for (T x : v) {
    if (sizeof(T) == 2 && is_grease(static_cast<uint16_t>(x))) continue;
    if (!first) out += '-';
    out += std::to_string(x);
    first = false;
  }
}

}  // namespace

std::string resumption_key(std::span<const uint8_t> ticket) {
  std::string out = "tls-ticket:";
  append_digest_hex(out, EVP_sha256(), ticket, 16);
  return out;
}

std::string session_id_key(std::span<const uint8_t> id) {
  if (id.empty() || id.size() > 32) return {};
  std::string out = "tls-session-id:";
  append_hex_bytes(out, id);
  return out;
}

bool parse_client_hello(std::span<const uint8_t> body, ClientHello& ch) {
  Reader r(body);
  ch.version = static_cast<uint16_t>(r.u16());
  auto rnd = r.bytes(32);
  if (!r.ok()) return false;
  std::copy(rnd.begin(), rnd.end(), ch.random.begin());
  auto sid = r.sub(1).rest();
  ch.session_id.assign(sid.begin(), sid.end());
  read_u16_list(r.sub(2), ch.suites);
  r.sub(1);  // compression methods
  if (!r.ok()) return false;
  if (r.empty()) return true;  // no extensions (SSLv3, old clients)
  Reader exts = r.sub(2);
  while (exts.left() >= 4) {
    const auto type = static_cast<uint16_t>(exts.u16());
    Reader e = exts.sub(2);
    if (!exts.ok()) break;
    if (ch.extensions.size() < kMaxList) ch.extensions.push_back(type);
    read_client_extension(type, e, ch);
  }
  return true;
}

bool parse_sslv2_client_hello(std::span<const uint8_t> msg, ClientHello& ch) {
  Reader r(msg);
  if (r.u8() != 1) return false;
  ch.sslv2 = true;
  ch.version = static_cast<uint16_t>(r.u16());
  const uint32_t specs = r.u16(), sid = r.u16(), challenge = r.u16();
  Reader s(r.bytes(specs));
  while (s.left() >= 3 && ch.suites.size() < kMaxList) {
    const uint32_t a = s.u8(), bc = s.u16();
    if (a == 0) ch.suites.push_back(static_cast<uint16_t>(bc));
  }
  auto id = r.bytes(sid);
  ch.session_id.assign(id.begin(), id.end());
  auto c = r.bytes(challenge);
  // The challenge is the right-aligned client random (SSL 3.0 E.1).
  if (c.size() <= 32) std::copy(c.begin(), c.end(), ch.random.end() - c.size());
  return r.ok();
}

bool parse_server_hello(std::span<const uint8_t> body, ServerHello& sh) {
  Reader r(body);
  sh.legacy_version = sh.version = static_cast<uint16_t>(r.u16());
  auto rnd = r.bytes(32);
  if (!r.ok()) return false;
  std::copy(rnd.begin(), rnd.end(), sh.random.begin());
  sh.hrr = std::memcmp(rnd.data(), kHrrRandom, 32) == 0;
  const uint32_t n = r.u8();
  auto sid = r.bytes(n);
  sh.session_id.assign(sid.begin(), sid.end());
  sh.suite = static_cast<uint16_t>(r.u16());
  r.u8();  // compression
  if (!r.ok()) return false;
  if (r.empty()) return true;
  Reader exts = r.sub(2);
  while (exts.left() >= 4) {
    const auto type = static_cast<uint16_t>(exts.u16());
    Reader e = exts.sub(2);
    if (!exts.ok()) break;
    if (sh.extensions.size() < kMaxList) sh.extensions.push_back(type);
    switch (type) {
      case 16: {
        Reader list = e.sub(2);
        auto b = list.sub(1).rest();
        sh.alpn.assign(reinterpret_cast<const char*>(b.data()), b.size());
        break;
      }
      case 22: sh.encrypt_then_mac = true; break;
      case 23: sh.extended_master_secret = true; break;
      case 41:
        sh.psk = true;
        sh.psk_selected = static_cast<uint16_t>(e.u16());
        break;
      case 43: sh.version = static_cast<uint16_t>(e.u16()); break;
      case 51: sh.key_share = static_cast<uint16_t>(e.u16()); break;
      default: break;
    }
  }
  return true;
}

std::string encrypted_extensions_alpn(std::span<const uint8_t> body) {
  Reader r(body);
  Reader exts = r.sub(2);
  while (exts.left() >= 4) {
    const auto type = static_cast<uint16_t>(exts.u16());
    Reader e = exts.sub(2);
    if (!exts.ok()) break;
    if (type != 16) continue;
    Reader list = e.sub(2);
    auto b = list.sub(1).rest();
    return std::string(reinterpret_cast<const char*>(b.data()), b.size());
  }
  return {};
}

std::string ja3_string(const ClientHello& ch) {
  std::string s = std::to_string(ch.version) + ',';
  append_dashed(s, ch.suites);
  s += ',';
  append_dashed(s, ch.extensions);
  s += ',';
  append_dashed(s, ch.groups);
  s += ',';
  append_dashed(s, ch.point_formats);
  return s;
}

std::string ja3s_string(const ServerHello& sh) {
  std::string s =
      std::to_string(sh.legacy_version) + ',' + std::to_string(sh.suite) + ',';
  append_dashed(s, sh.extensions);
  return s;
}

std::string md5_hex(const std::string& s) {
  std::string out;
  append_digest_hex(out, EVP_md5(), as_bytes(s), EVP_MAX_MD_SIZE);
  return out;
}

std::string ja4(const ClientHello& ch) {
  uint16_t top = 0;
  for (uint16_t v : ch.versions)
    if (!is_grease(v)) top = std::max(top, v);
  if (!top) top = ch.version;
  std::string a = "t";
  switch (top) {
    case 0x0304: a += "13"; break;
    case 0x0303: a += "12"; break;
    case 0x0302: a += "11"; break;
    case 0x0301: a += "10"; break;
    case 0x0300: a += "s3"; break;
    case 0x0002: a += "s2"; break;
    default: a += "00"; break;
  }
  a += ch.sni.empty() ? 'i' : 'd';
  std::vector<uint16_t> suites, exts;
  for (uint16_t s : ch.suites)
    if (!is_grease(s)) suites.push_back(s);
  for (uint16_t e : ch.extensions)
    if (!is_grease(e)) exts.push_back(e);
  char counts[8];
  std::snprintf(counts, sizeof counts, "%02zu%02zu",
                std::min<size_t>(suites.size(), 99),
                std::min<size_t>(exts.size(), 99));
  a += counts;
  if (ch.alpn.empty() || ch.alpn[0].empty()) {
    a += "00";
  } else {
    const std::string& p = ch.alpn[0];
    auto alnum = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c));
    };
    if (alnum(p.front()) && alnum(p.back())) {
      a += p.front();
      a += p.back();
    } else {  // first and last hex digits of the value
      std::string h;
      const uint8_t ends[2] = {static_cast<uint8_t>(p.front()),
                               static_cast<uint8_t>(p.back())};
      append_hex_bytes(h, ends);
      a += h[0];
      a += h[3];
    }
  }
  std::sort(suites.begin(), suites.end());
  std::string b;
  for (uint16_t s : suites) b += (b.empty() ? "" : ",") + hex_u16(s);
  std::vector<uint16_t> sorted;
  for (uint16_t e : exts)
    if (e != 0 && e != 16) sorted.push_back(e);
  std::sort(sorted.begin(), sorted.end());
  std::string c;
  for (uint16_t e : sorted) c += (c.empty() ? "" : ",") + hex_u16(e);
  if (!ch.sig_algs.empty()) {
    c += '_';
    bool first = true;
    for (uint16_t s : ch.sig_algs) {
      if (is_grease(s)) continue;
      if (!first) c += ',';
      c += hex_u16(s);
      first = false;
    }
  }
  return a + '_' + sha256_12(b) + '_' +
         (sorted.empty() ? "000000000000" : sha256_12(c));
}

}  // namespace tracelab::tls
