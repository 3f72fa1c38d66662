// SPDX-License-Identifier: GPL-2.0-or-later
#include "dns_message.hpp"

#include <array>
#include <cstdio>

#include "tracelab/decode.hpp"

namespace tracelab::dns {
namespace {

constexpr size_t kMaxQuestions = 256;
constexpr size_t kMaxRecords = 1024;
constexpr size_t kMaxNameText = 255;

uint16_t be16(std::span<const uint8_t> w, size_t at) {
  return static_cast<uint16_t>((w[at] << 8) | w[at + 1]);
}

uint32_t be32(std::span<const uint8_t> w, size_t at) {
  return (uint32_t{be16(w, at)} << 16) | be16(w, at + 2);
}

// Reads the name at `pos` (RFC 1035 4.1.4), following compression pointers
// anywhere in `w`.  `pos` ends past the name where it is written (a pointer
// ends it).  False when the name runs past the end of the message; names
// that cannot be shown read as tshark writes them ("<Root>", "<Name
// contains a pointer that loops>").
bool read_name(std::span<const uint8_t> w, size_t& pos, std::string& out) {
  out.clear();
  size_t at = pos;
  bool jumped = false;
  size_t walked = 0;  // bytes looked at, pointers included: ends loops
  const char* problem = nullptr;
  for (;;) {
    if (at >= w.size()) return false;
    const uint8_t len = w[at];
    if ((len & 0xc0) == 0xc0) {
      if (at + 1 >= w.size()) return false;
      if (!jumped) pos = at + 2;
      jumped = true;
      at = static_cast<size_t>(be16(w, at) & 0x3fff);
      walked += 2;
      if (walked >= w.size()) {
        problem = "<Name contains a pointer that loops>";
        break;
      }
      continue;
    }
    if (len & 0xc0) {  // 01 and 10: extended label types nobody uses
      problem = "<Unknown extended label>";
      if (!jumped) pos = at + 1;
      break;
    }
    if (len == 0) {
      if (!jumped) pos = at + 1;
      break;
    }
    if (at + 1 + len > w.size()) return false;
    if (!problem) {
      if (!out.empty()) out += '.';
      for (size_t i = 0; i < len; ++i) {
        const uint8_t c = w[at + 1 + i];
        if (c >= 0x20 && c < 0x7f) {
          out += static_cast<char>(c);
        } else {  // as tshark's format_text: an octal escape
          char esc[5];
          std::snprintf(esc, sizeof esc, "\\%03o", c);
          out += esc;
        }
      }
      if (out.size() > kMaxNameText) problem = "<Name too long>";
    }
    walked += 1 + len;
    at += 1 + len;
  }
  if (problem) {
    out = problem;
  } else if (out.empty()) {
    out = "<Root>";
  }
  return true;
}

// What tshark 4.0 shows after each record type in the packet list.
Shown shown_for(uint16_t type) {
  switch (type) {
    case 1:
    case 2:
    case 5:
    case 6:
    case 11:
    case 12:
    case 13:
    case 15:
    case 28:
    case 30:
    case 33:
    case 35:
    case 39:
    case 47: return Shown::Data;
    case 3:
    case 4:
    case 7:
    case 8:
    case 9:
    case 10:
    case 14:
    case 17:
    case 18:
    case 19:
    case 20:
    case 21:
    case 22:
    case 26:
    case 27:
    case 42:
    case 49:
    case 51:
    case 52:
    case 55: return Shown::Owner;
    default: return Shown::Nothing;
  }
}

// A character-string (RFC 1035 3.3): a length byte and as many bytes.
bool read_string(std::span<const uint8_t> rd, size_t& pos, std::string& out) {
  if (pos >= rd.size() || pos + 1 + rd[pos] > rd.size()) return false;
  out.append(reinterpret_cast<const char*>(rd.data()) + pos + 1, rd[pos]);
  pos += 1 + rd[pos];
  return true;
}

// The shown data of a Data record; false when its rdata is too short
// (what was read so far stays in `r.data`).  Names inside the data may
// point anywhere in the message `w`, which holds the rdata at `at`.
bool decode_data(std::span<const uint8_t> w, size_t at, size_t len, Record& r) {
  const std::span<const uint8_t> rd = w.subspan(at, len);
  std::string name;
  // Reads the name at rdata offset `off` into `name` and moves `off` past
  // it.  A name inside rdata must start inside it; it may point elsewhere.
  auto name_at = [&](size_t& off) {
    size_t p = at + off;
    if (off >= len || !read_name(w.first(at + len), p, name)) return false;
    off = p - at;
    return true;
  };
  size_t off = 0;
  switch (r.type) {
    case 1:     // A
    case 11: {  // WKS: the address first
      if (len < 4) return false;
      IpAddr a;
      a.family = 4;
      for (int i = 0; i < 4; ++i) a.bytes[i] = rd[i];
      r.data = a.to_string();
      return true;
    }
    case 28: {  // AAAA
      if (len < 16) return false;
      IpAddr a;
      a.family = 6;
      for (int i = 0; i < 16; ++i) a.bytes[i] = rd[i];
      r.data = a.to_string();
      return true;
    }
    case 2:
    case 5:
    case 6:
    case 12:
    case 30:
    case 39:
    case 47:
      // NS, CNAME, SOA (its primary server), PTR, NXT, DNAME, NSEC (the
      // next name)
      if (!name_at(off)) return false;
      r.data = name;
      // SOA: the mailbox and five counters must be there too.
      return r.type != 6 || (name_at(off) && off + 20 <= len);
    case 15:  // MX
      if (len < 2) return false;
      r.data = std::to_string(be16(rd, 0));
      off = 2;
      if (!name_at(off)) return false;
      r.data += ' ' + name;
      return true;
    case 33:  // SRV
      if (len < 6) return false;
      r.data = std::to_string(be16(rd, 0)) + ' ' + std::to_string(be16(rd, 2)) +
               ' ' + std::to_string(be16(rd, 4));
      off = 6;
      if (!name_at(off)) return false;
      r.data += ' ' + name;
      return true;
    case 35: {  // NAPTR: order, preference, flags
      if (len < 4) return false;
      r.data =
          std::to_string(be16(rd, 0)) + ' ' + std::to_string(be16(rd, 2)) + ' ';
      off = 4;
      return read_string(rd, off, r.data);
    }
    case 13: {  // HINFO: CPU and OS
      if (!read_string(rd, off, r.data)) return false;
      r.data += ' ';
      return read_string(rd, off, r.data);
    }
    default: return true;
  }
}

}  // namespace

bool parse(std::span<const uint8_t> w, Message& m) {
  m = Message{};
  if (w.size() < 4) return false;
  m.id = be16(w, 0);
  m.flags = be16(w, 2);
  if (w.size() < 12) {
    m.malformed = true;
    return true;
  }
  const size_t counts[4] = {be16(w, 4), be16(w, 6), be16(w, 8), be16(w, 10)};
  size_t pos = 12;
  for (size_t i = 0; i < counts[0]; ++i) {
    Question q;
    if (!read_name(w, pos, q.name) || pos + 4 > w.size()) {
      m.malformed = true;
      return true;
    }
    q.type = be16(w, pos);
    q.cls = be16(w, pos + 2);
    pos += 4;
    if (m.questions.size() < kMaxQuestions) m.questions.push_back(std::move(q));
  }
  for (int section = 1; section < 4; ++section) {
    for (size_t i = 0; i < counts[section]; ++i) {
      Record r;
      if (!read_name(w, pos, r.owner) || pos + 10 > w.size()) {
        m.malformed = true;
        return true;
      }
      r.type = be16(w, pos);
      r.cls = be16(w, pos + 2);
      r.ttl = be32(w, pos + 4);
      const size_t len = be16(w, pos + 8);
      pos += 10;
      r.shown = shown_for(r.type);
      const size_t have = std::min(len, w.size() - pos);
      if (r.shown == Shown::Data) {
        r.malformed = !decode_data(w, pos, have, r);
      }
      if (have < len) r.malformed = true;
      pos += have;
      const bool stop = r.malformed;
      if (m.records.size() < kMaxRecords) {
        m.records.push_back(std::move(r));
        if (section == 1) ++m.answers;
      }
      if (stop) {
        m.malformed = true;
        return true;
      }
    }
  }
  return true;
}

std::string type_name(uint16_t type) {
  // tshark 4.0's names (it has MAILA and MAILB the other way round).
  static constexpr std::array<const char*, 66> kLow = {
      "Unused",  "A",          "NS",     "MD",         "MF",     "CNAME",
      "SOA",     "MB",         "MG",     "MR",         "NULL",   "WKS",
      "PTR",     "HINFO",      "MINFO",  "MX",         "TXT",    "RP",
      "AFSDB",   "X25",        "ISDN",   "RT",         "NSAP",   "NSAP-PTR",
      "SIG",     "KEY",        "PX",     "GPOS",       "AAAA",   "LOC",
      "NXT",     "EID",        "NIMLOC", "SRV",        "ATMA",   "NAPTR",
      "KX",      "CERT",       "A6",     "DNAME",      "SINK",   "OPT",
      "APL",     "DS",         "SSHFP",  "IPSECKEY",   "RRSIG",  "NSEC",
      "DNSKEY",  "DHCID",      "NSEC3",  "NSEC3PARAM", "TLSA",   nullptr,
      nullptr,   "HIP",        nullptr,  "RKEY",       "TALINK", "CDS",
      "CDNSKEY", "OPENPGPKEY", "CSYNC",  "ZONEMD",     "SVCB",   "HTTPS"};
  static constexpr std::array<const char*, 11> k99 = {
      "SPF", "UINFO", "UID", "GID",   "UNSPEC", "NID",
      "L32", "L64",   "LP",  "EUI48", "EUI64"};
  static constexpr std::array<const char*, 9> k249 = {
      "TKEY", "TSIG", "IXFR", "AXFR", "MAILA", "MAILB", "ANY", "URI", "CAA"};
  const char* n = nullptr;
  if (type < kLow.size()) {
    n = kLow[type];
  } else if (type >= 99 && type < 99 + k99.size()) {
    n = k99[type - 99];
  } else if (type >= 249 && type < 249 + k249.size()) {
    n = k249[type - 249];
  } else if (type == 32768) {
    n = "TA";
  } else if (type == 32769) {
    n = "DLV";
  }
  return n ? n : "Unknown (" + std::to_string(type) + ")";
}

std::string opcode_name(unsigned opcode) {
  switch (opcode) {
    case 0: return "Standard query";
    case 1: return "Inverse query";
    case 2: return "Server status request";
    case 4: return "Zone change notification";
    case 5: return "Dynamic update";
    case 6: return "DNS Stateful operations (DSO)";
    default: return "Unknown operation (" + std::to_string(opcode) + ")";
  }
}

std::string rcode_name(unsigned rcode) {
  static constexpr std::array<const char*, 12> kNames = {
      "No error",          "Format error",     "Server failure",
      "No such name",      "Not implemented",  "Refused",
      "Name exists",       "RRset exists",     "RRset does not exist",
      "Not authoritative", "Name out of zone", "DSO-Type not implemented"};
  if (rcode < kNames.size()) return kNames[rcode];
  return "Unknown error (" + std::to_string(rcode) + ")";
}

}  // namespace tracelab::dns
