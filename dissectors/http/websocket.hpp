// SPDX-License-Identifier: GPL-2.0-or-later
//
// WebSocket (RFC 6455) after an HTTP/1.1 "101 Switching Protocols" to
// websocket: one direction's frames, read as they stream past.  Payloads
// are not held -- a frame's bytes are counted off as they come -- except
// the first bytes of a text frame, unmasked, for the dialog.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace tracelab::http {

class WebSocketReader {
 public:
  struct Frame {
    bool fin = false;
    bool masked = false;
    uint8_t opcode = 0;
    uint64_t length = 0;
    std::string preview;  ///< text frames: the first bytes, unmasked
  };
  /// Receives each frame once its last payload byte has passed.
  struct Sink {
    virtual ~Sink() = default;
    virtual void websocket_frame(const Frame& f) = 0;
  };

  static constexpr size_t kPreview = 200;

  /// Takes bytes from the front of `d`: returns how many were used.  Fewer
  /// than d.size() only when a frame header is cut short; `need` then says
  /// how many bytes (from the front of `d`) make it whole.
  size_t feed(std::span<const uint8_t> d, Sink& sink, size_t& need);
  /// A frame's payload is still passing.
  bool mid_frame() const { return in_payload_; }
  /// A hole in the stream: frame boundaries are lost for good.
  void lose_sync() { lost_ = true; }
  bool lost() const { return lost_; }

  /// tshark's Info: "WebSocket Text [FIN] [MASKED]".
  static std::string info(const Frame& f);
  static const char* opcode_name(uint8_t opcode);

 private:
  bool in_payload_ = false;
  bool lost_ = false;
  uint64_t left_ = 0;
  uint64_t seen_ = 0;
  uint8_t key_[4] = {0, 0, 0, 0};
  Frame frame_;
};

}  // namespace tracelab::http
