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
#include <string_view>
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

/// What a dialog step is.  The names (step_kind_name) are the `kind` of
/// docs/sessions-schema.md; a protocol uses the ones that fit it:
/// command/reply (SMTP, POP3, IMAP, FTP, TFTP), request/response (HTTP),
/// query/answer (DNS), the TLS and TCP steps whatever the session carries.
enum class StepKind : uint8_t {
  Handshake,     ///< TCP SYN/SYN-ACK/ACK; a TLS handshake message
  Close,         ///< TCP FIN or RST
  Gap,           ///< bytes the capture lost
  Overlap,       ///< retransmitted bytes that differ from the first copy
  Note,          ///< something the analyzer noticed or could not do
  Greeting,      ///< a server's first line (SMTP/FTP 220, POP3 +OK, IMAP * OK)
  Command,       ///< a client command (TFTP: RRQ/WRQ)
  Reply,         ///< the server's answer to a command (IMAP: tagged status)
  Auth,          ///< a SASL line the client typed after AUTH/AUTHENTICATE
  Continuation,  ///< a server prompt for more (334, IMAP/POP3 "+")
  Untagged,      ///< IMAP untagged data ("* 3 EXISTS")
  Extensions,    ///< the capabilities a server listed (EHLO's 250 lines)
  State,         ///< a protocol state entered (POP3 TRANSACTION, IMAP selected)
  Update,        ///< POP3 UPDATE: what QUIT committed
  Message,       ///< a mail message crossed the wire
  Listing,       ///< a directory or message listing
  Transfer,      ///< a file transfer's outcome (FTP-DATA, TFTP)
  Data,          ///< a TFTP DATA block
  Ack,           ///< a TFTP ACK
  Request,       ///< an HTTP request
  Response,      ///< an HTTP response
  Websocket,     ///< a WebSocket frame after an upgrade
  Query,         ///< a DNS query
  Answer,        ///< a DNS answer
  Tls,           ///< the session switched to TLS (STARTTLS, STLS, AUTH TLS)
  Certificate,   ///< a TLS certificate
  Alert,         ///< a TLS alert
  Unknown,       ///< a message the dissector could not name
};

/// "handshake", "reply"... (the JSON `kind`).
const char* step_kind_name(StepKind k);

/// How a reply-like step turned out, the same way for every protocol.
enum class Outcome : uint8_t {
  None,          ///< not a reply-like step (a command, a handshake)
  Success,       ///< 2xx, +OK, OK, a TFTP transfer done, DNS NOERROR
  Intermediate,  ///< 1xx/3xx, 334, 354, "+" continuation: more to come
  Failure,       ///< 4xx/5xx, -ERR, NO, BAD, TFTP ERROR, fatal alert, DNS error
  Info,          ///< greetings, untagged data: neither answer nor verdict
};

/// "success", "intermediate", "failure", "info" ("" for None).
const char* outcome_name(Outcome o);

/// A named value a step established (an HTTP Location, a TLS cipher suite,
/// an SMTP recipient).  Names are static strings from the list in
/// docs/sessions-schema.md; a name may repeat (a list: several `to`, `san`).
struct Field {
  const char* name = "";
  std::string value;  ///< untrusted wire text: escaped on output
};

/// Whether field `name` always holds a list (JSON array) even with one
/// value: "to", "san", "offered_versions", "alpn", "attachments",
/// "questions", "records", "options".
bool field_is_list(std::string_view name);

/// Index of a step in Session::events; kNoStep when there is none.
using StepIndex = int64_t;
inline constexpr StepIndex kNoStep = -1;

/// One step of a session's dialog.  Optional members are empty / negative
/// when they do not apply.
struct Event {
  uint64_t frame = 0;  ///< frame number (1-based) where the step completed
  int64_t ts_ns = 0;   ///< capture time of that frame
  Direction dir = Direction::ClientToServer;
  StepKind kind = StepKind::Note;
  Outcome outcome = Outcome::None;
  /// The command or request this step answers (its index in the session's
  /// events), for every protocol alike; kNoStep when it answers none.
  StepIndex answers = kNoStep;
  std::string command;  ///< client commands only: the verb, upper case
  std::string args;
  int code = -1;       ///< numeric reply code (SMTP, FTP), -1 if none
  std::string status;  ///< "+OK"/"-ERR", "OK"/"NO"/"BAD"/"PREAUTH"/"BYE"
  std::string text;    ///< the step as it crossed the wire (escaped on output)
  std::string note;    ///< the dissector's remark about this very step
  /// A password or other secret the step carried (FTP PASS, the decoded
  /// AUTH LOGIN password...).  Outputs print it only when asked to
  /// (--show-secrets) and a mask otherwise; `args` never holds it.
  std::string secret;
  std::vector<Field> fields;  ///< named values the step established

  void add_field(const char* name, std::string value) {
    fields.push_back({name, std::move(value)});
  }
  /// The first value of field `name`, or "" when the step has none.
  std::string_view field(std::string_view name) const {
    for (const auto& f : fields)
      if (name == f.name) return f.value;
    return {};
  }
};

/// About how many bytes `e` takes: the Event itself, what its strings hold
/// on the heap (short ones live inside their object) and its fields (their
/// names are static text).  What a step held by an open session is charged
/// to the run's memory budget.
size_t footprint(const Event& e);

/// How bad a finding is.
enum class Severity : uint8_t {
  Error,    ///< a step failed or is missing: the dialog did not do its job
  Warning,  ///< suspicious or incomplete, though the job may be done
  Info,     ///< worth knowing (not decrypted: no key log)
};

/// "error", "warning", "info".
const char* severity_name(Severity s);

/// Something that went wrong or is incomplete in a session, found by its
/// dissector (or, across sessions, by the session model).  The id is one of
/// tracelab/findings.hpp; the explanation comes from the catalog in the
/// reader's language.
struct Finding {
  const char* id = "";  ///< a stable id from tracelab/findings.hpp
  Severity severity = Severity::Error;
  std::vector<uint64_t> frames;  ///< the frames where it shows, ascending
  /// What the explanation refers to, as it crossed the wire (the refused
  /// command, the missing mailbox's name); may be empty.
  std::string detail;
};

/// Why two sessions belong together, named from the side that holds the
/// link ("session 5 is my ftp-data connection").
enum class LinkWhy : uint8_t {
  FtpData,             ///< a data connection of this FTP control session
  FtpControl,          ///< the control session of this data connection
  TftpTransfer,        ///< the transfer this TFTP request started
  TftpRequest,         ///< the request that started this TFTP transfer
  TlsResumedFrom,      ///< the session that issued the id/ticket resumed here
  TlsResumedBy,        ///< a later session that resumed this one
  RedirectFollowedBy,  ///< the connection that followed this HTTP redirect
  RedirectedFrom,      ///< the HTTP redirect this connection followed
  DnsAnswerFor,        ///< a connection to an address this DNS exchange gave
  AddressFromDns,      ///< the DNS exchange that gave this connection's address
};

/// "ftp-data", "redirected-from"... (the JSON `why`).
const char* link_why_name(LinkWhy w);

struct Link {
  uint64_t id = 0;  ///< the other session
  LinkWhy why = LinkWhy::FtpData;
  bool operator==(const Link&) const = default;
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
  std::vector<Link> related;
  std::vector<Finding> findings;
  std::vector<std::string> notes;  ///< session-level remarks (limits hit...)
  /// Follow-ups the session waits for (an HTTPS connection after a redirect
  /// to https://): the session model adds `finding` when no later session
  /// refers to `key` before `deadline_ns` (capture time) or the capture's
  /// end.  Not output.
  struct Awaiting {
    std::string key;
    int64_t deadline_ns = 0;
    bool met = false;
    Finding finding;
  };
  std::vector<Awaiting> awaiting;

  /// Adds `l` unless the session already has it.
  void relate(Link l) {
    for (const auto& r : related)
      if (r == l) return;
    related.push_back(l);
  }
};

/// Receives sessions as they finish (and the rest at the end of input), so
/// that memory stays bounded on long captures.
class SessionSink {
 public:
  virtual ~SessionSink() = default;
  virtual void session_done(Session&& s) = 0;
  /// A link found after session `id` was handed over (a later connection
  /// resumed it, followed its redirect): attach it if `id` is still held.
  /// `key` is the key the later session referred to (see Session::Awaiting).
  virtual void late_link(uint64_t /*id*/, Link /*link*/,
                         std::string_view /*key*/) {}
  /// The capture's clock reached `ts_ns` (called as frames are read).
  virtual void clock(int64_t /*ts_ns*/) {}
  /// The input ended: hand over whatever is held.
  virtual void finish() {}
};

}  // namespace tracelab
