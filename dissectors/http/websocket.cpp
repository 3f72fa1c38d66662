// SPDX-License-Identifier: GPL-2.0-or-later
#include "http/websocket.hpp"

namespace tracelab::http {

const char* WebSocketReader::opcode_name(uint8_t opcode) {
  switch (opcode) {
    case 0: return "Continuation";
    case 1: return "Text";
    case 2: return "Binary";
    case 8: return "Connection Close";
    case 9: return "Ping";
    case 10: return "Pong";
    default: return "Unknown";
  }
}

std::string WebSocketReader::info(const Frame& f) {
  std::string s = "WebSocket ";
  s += opcode_name(f.opcode);
  if (f.fin) s += " [FIN]";
  if (f.masked) s += " [MASKED]";
  return s;
}

size_t WebSocketReader::feed(std::span<const uint8_t> d, Sink& sink,
                             size_t& need) {
  need = 0;
  size_t at = 0;
  while (at < d.size() && !lost_) {
    if (!in_payload_) {
      // Header: 2 bytes, then 2 or 8 bytes of length, then the mask key.
      const size_t avail = d.size() - at;
      if (avail < 2) {
        need = at + 2;
        return at;
      }
      const uint8_t b0 = d[at], b1 = d[at + 1];
      const uint8_t len7 = b1 & 0x7f;
      const size_t ext = len7 == 126 ? 2 : len7 == 127 ? 8 : 0;
      const bool masked = b1 & 0x80;
      const size_t hdr = 2 + ext + (masked ? 4 : 0);
      if (avail < hdr) {
        need = at + hdr;
        return at;
      }
      uint64_t len = len7;
      if (ext) {
        len = 0;
        for (size_t i = 0; i < ext; ++i) len = (len << 8) | d[at + 2 + i];
      }
      frame_ = Frame{};
      frame_.fin = b0 & 0x80;
      frame_.opcode = b0 & 0x0f;
      frame_.masked = masked;
      frame_.length = len;
      for (size_t i = 0; i < 4; ++i) key_[i] = masked ? d[at + 2 + ext + i] : 0;
      at += hdr;
      left_ = len;
      seen_ = 0;
      in_payload_ = true;
    }
    const size_t take =
        static_cast<size_t>(std::min<uint64_t>(left_, d.size() - at));
    if (frame_.opcode == 1)
      for (size_t i = 0; i < take && frame_.preview.size() < kPreview; ++i)
        frame_.preview += static_cast<char>(d[at + i] ^ key_[(seen_ + i) & 3]);
    at += take;
    left_ -= take;
    seen_ += take;
    if (left_ == 0) {
      in_payload_ = false;
      sink.websocket_frame(frame_);
    }
  }
  return lost_ ? d.size() : at;
}

}  // namespace tracelab::http
