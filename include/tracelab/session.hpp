// SPDX-License-Identifier: GPL-2.0-or-later
//
// Sessions, events and artifacts: the facts the pipeline produces.
//
// A session is one conversation (a TCP connection, a UDP exchange, later an
// FTP control connection with its data connections).  Dissectors and the flow
// layer append events to it (facts, not presentation: Zeek's split) and the
// outputs decide how to show them.  The JSON form is specified in
// docs/sessions-schema.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tracelab/decode.hpp"

namespace tracelab {

enum class Direction : uint8_t {
  ClientToServer = 0,
  ServerToClient = 1,
};

inline const char* direction_name(Direction d) {
  return d == Direction::ClientToServer ? "c2s" : "s2c";
}

/// How a session ended.
enum class EndReason : uint8_t {
  Open,        ///< still open (only while the capture is being read)
  Fin,         ///< both sides (or one, at capture end) sent FIN
  Rst,         ///< a RST ended it
  Timeout,     ///< idle longer than the flow timeout (UDP)
  CaptureEnd,  ///< the capture ended with the session still open
};

const char* end_reason_name(EndReason r);

/// One step of a session's dialog.  Optional members are empty / negative
/// when they do not apply.
struct Event {
  uint64_t frame = 0;  ///< frame number (1-based) where the step completed
  int64_t ts_ns = 0;   ///< capture time of that frame
  Direction dir = Direction::ClientToServer;
  std::string kind;     ///< "handshake", "gap", "close", "command", "reply"...
  std::string command;  ///< client commands only: the verb, upper case
  std::string args;
  int code = -1;       ///< numeric reply code (SMTP, FTP), -1 if none
  std::string status;  ///< "+OK"/"-ERR", "OK"/"NO"/"BAD"/"PREAUTH"/"BYE"
  std::string text;    ///< human text of the step (escaped on output)
  std::string note;    ///< explanation or analysis note
  /// A password or other secret the step carried (FTP PASS, the decoded
  /// AUTH LOGIN password...).  Outputs print it only when asked to
  /// (--show-secrets) and a mask otherwise; `args` never holds it.
  std::string secret;
};

/// A file, message or body recovered from a session.
struct Artifact {
  std::string kind;        ///< "http-body", "mail", "ftp-file", "tftp-file"...
  std::string name;        ///< name suggested by the protocol (untrusted!)
  std::string media_type;  ///< "text/html"..., when the protocol says
  uint64_t size = 0;       ///< set by the flow layer from the bytes written
  std::string sha256;      ///< hex digest of the exact bytes (flow layer)
  std::string path;        ///< where extract wrote it, if it did
  uint64_t first_frame = 0, last_frame = 0;  ///< frames that carried it
  /// Completeness as the dissector judged it: "" when complete, otherwise
  /// what is missing ("truncated: bytes 1448-2895 missing", "partial").
  std::string note;
};

struct Endpoint {
  IpAddr addr;
  uint16_t port = 0;
  /// "10.0.0.1:80" or "[2001:db8::1]:80".
  std::string to_string() const;
};

struct Session {
  uint64_t id = 0;        ///< stable: order of the session's first frame
  std::string protocol;   ///< "TCP", "UDP", later "HTTP", "SMTP"...
  std::string transport;  ///< "tcp" or "udp"
  Endpoint client, server;
  int64_t start_ns = 0, end_ns = 0;
  uint64_t first_frame = 0, last_frame = 0;
  uint64_t bytes_c2s = 0, bytes_s2c = 0;  ///< transport payload bytes
  uint64_t packets_c2s = 0, packets_s2c = 0;
  EndReason end_reason = EndReason::Open;
  uint64_t gaps = 0;       ///< number of gaps in the byte streams
  uint64_t gap_bytes = 0;  ///< bytes missing from them
  std::vector<Event> events;
  std::vector<Artifact> artifacts;
  std::vector<uint64_t> related;
  std::vector<std::string> notes;  ///< session-level remarks (limits hit...)
};

/// Receives sessions as they finish (and the rest at the end of input), so
/// that memory stays bounded on long captures.
class SessionSink {
 public:
  virtual ~SessionSink() = default;
  virtual void session_done(Session&& s) = 0;
};

}  // namespace tracelab
