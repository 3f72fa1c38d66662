// SPDX-License-Identifier: GPL-2.0-or-later
#include "synthetic_capture.hpp"

#include <cstring>

namespace tracelab::bench {
namespace {

struct Writer {
  std::string out;
  uint32_t usec = 0;
  void u32(uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }
  void u16(uint16_t v) { out.append(reinterpret_cast<const char*>(&v), 2); }

  // Ethernet + IPv4 + TCP (20-byte header) carrying `len` payload bytes.
  void segment(uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
               uint32_t seq, uint32_t ack, uint8_t flags, uint32_t len) {
    const uint32_t frame_len = 14 + 20 + 20 + len;
    usec += 50;
    u32(1700000000 + usec / 1000000), u32(usec % 1000000), u32(frame_len),
        u32(frame_len);
    unsigned char h[54] = {};
    h[12] = 0x08;
    h[14] = 0x45;
    const uint16_t ip_len = static_cast<uint16_t>(20 + 20 + len);
    h[16] = static_cast<unsigned char>(ip_len >> 8), h[17] = ip_len & 0xff;
    h[22] = 64, h[23] = 6;
    for (int i = 0; i < 4; ++i) {
      h[26 + i] = static_cast<unsigned char>(src >> (24 - 8 * i));
      h[30 + i] = static_cast<unsigned char>(dst >> (24 - 8 * i));
      h[38 + i] = static_cast<unsigned char>(seq >> (24 - 8 * i));
      h[42 + i] = static_cast<unsigned char>(ack >> (24 - 8 * i));
    }
    h[34] = sport >> 8, h[35] = sport & 0xff, h[36] = dport >> 8,
    h[37] = dport & 0xff;
    h[46] = 0x50, h[47] = flags, h[48] = 0xff, h[49] = 0xff;
    out.append(reinterpret_cast<const char*>(h), sizeof h);
    out.append(len, 'x');
  }
};

}  // namespace

std::string synthetic_tcp_pcap(int connections, int segments) {
  Writer w;
  w.u32(0xa1b2c3d4), w.u16(2), w.u16(4), w.u32(0), w.u32(0), w.u32(262144),
      w.u32(1);
  const uint32_t client = 0x0a000002, server = 0x0a000001;
  for (int c = 0; c < connections; ++c) {
    const uint16_t port = static_cast<uint16_t>(20000 + c % 40000);
    uint32_t cs = 1000u * static_cast<uint32_t>(c),
             ss = 7777u * static_cast<uint32_t>(c);
    w.segment(client, server, port, 80, cs, 0, 0x02, 0);
    w.segment(server, client, 80, port, ss, cs + 1, 0x12, 0);
    w.segment(client, server, port, 80, cs + 1, ss + 1, 0x10, 0);
    w.segment(client, server, port, 80, cs + 1, ss + 1, 0x18, 100);
    cs += 101, ++ss;
    for (int s = 0; s < segments; ++s) {
      w.segment(server, client, 80, port, ss, cs, 0x10, 1448);
      ss += 1448;
      if (s % 2) w.segment(client, server, port, 80, cs, ss, 0x10, 0);
    }
    w.segment(server, client, 80, port, ss, cs, 0x11, 0);
    w.segment(client, server, port, 80, cs, ss + 1, 0x11, 0);
    w.segment(server, client, 80, port, ss + 1, cs + 1, 0x10, 0);
  }
  return w.out;
}

}  // namespace tracelab::bench
