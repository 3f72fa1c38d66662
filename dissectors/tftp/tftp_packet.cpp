// SPDX-License-Identifier: GPL-2.0-or-later
#include "tftp_packet.hpp"

#include <cctype>

namespace tracelab::tftp {

namespace {

// A NUL-terminated string from `d` at `pos` (to the end when unterminated).
std::string take_string(std::span<const uint8_t> d, size_t& pos) {
  std::string s;
  while (pos < d.size() && d[pos] != 0)
    s.push_back(static_cast<char>(d[pos++]));
  if (pos < d.size()) ++pos;  // the NUL
  return s;
}

uint16_t be16(std::span<const uint8_t> d, size_t at) {
  return static_cast<uint16_t>(d[at] << 8 | d[at + 1]);
}

}  // namespace

bool parse(std::span<const uint8_t> d, Packet& out) {
  out = Packet{};
  if (d.size() < 2) return false;
  out.opcode = be16(d, 0);
  size_t pos = 2;
  switch (out.opcode) {
    case kRrq:
    case kWrq:
      out.file = take_string(d, pos);
      out.mode = take_string(d, pos);
      [[fallthrough]];
    case kOack:
      while (pos < d.size() && out.options.size() < kMaxOptions) {
        std::string name = take_string(d, pos);
        std::string value = take_string(d, pos);
        out.options.emplace_back(std::move(name), std::move(value));
      }
      return true;
    case kData:
    case kAck:
      if (d.size() < 4) return false;
      out.block = be16(d, 2);
      out.data = d.subspan(4);
      return true;
    case kError:
      if (d.size() < 4) return false;
      out.error_code = be16(d, 2);
      pos = 4;
      out.error_message = take_string(d, pos);
      return true;
    default: return true;
  }
}

const char* error_name(uint16_t code) {
  switch (code) {
    case 0: return "Not defined";
    case 1: return "File not found";
    case 2: return "Access violation";
    case 3: return "Disk full or allocation exceeded";
    case 4: return "Illegal TFTP Operation";
    case 5: return "Unknown transfer ID";
    case 6: return "File already exists";
    case 7: return "No such user";
    case 8: return "Option negotiation failed";
    default: return "Unknown";
  }
}

std::string_view option(const Packet& p, std::string_view name) {
  for (const auto& [n, v] : p.options) {
    if (n.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < n.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(n[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    if (same) return v;
  }
  return {};
}

void info(const Packet& p, uint32_t blksize, std::string& out) {
  out.clear();
  auto options = [&] {
    for (const auto& [n, v] : p.options) {
      out += ", ";
      out += n;
      out += '=';
      out += v;
    }
  };
  switch (p.opcode) {
    case kRrq:
    case kWrq:
      out = p.opcode == kRrq ? "Read Request" : "Write Request";
      out += ", File: " + p.file + ", Transfer type: " + p.mode;
      options();
      return;
    case kOack:
      out = "Option Acknowledgement";
      options();
      return;
    case kData:
      out = "Data Packet, Block: " + std::to_string(p.block);
      if (p.data.size() < blksize) out += " (last)";
      return;
    case kAck:
      out = "Acknowledgement, Block: " + std::to_string(p.block);
      return;
    case kError:
      out = "Error Code, Code: ";
      out += error_name(p.error_code);
      out += ", Message: " + p.error_message;
      return;
    default:
      out = "Unknown (0x";
      static const char* hex = "0123456789abcdef";
      for (int s = 12; s >= 0; s -= 4) out += hex[(p.opcode >> s) & 15];
      out += ')';
  }
}

void netascii_decode(std::span<const uint8_t> in, bool& pending_cr,
                     std::string& out) {
  for (uint8_t b : in) {
    if (pending_cr) {
      pending_cr = false;
      if (b == '\n') {
        out += '\n';
        continue;
      }
      out += '\r';
      if (b == 0) continue;  // CR NUL: a bare carriage return
    }
    if (b == '\r')
      pending_cr = true;
    else
      out += static_cast<char>(b);
  }
}

}  // namespace tracelab::tftp
