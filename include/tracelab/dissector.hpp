// SPDX-License-Identifier: GPL-2.0-or-later
//
// The dissector interface.
//
// A dissector sees one session's byte streams (both directions, in order,
// with gap marks) and a clock, and reports facts.  It knows nothing of files,
// output formats or the command line.  It never owns reassembly: like
// Suricata's app-layer parsers it answers each delivery with "I consumed N
// bytes, and I need at least M more before it is worth calling me again"; the
// stream layer keeps the unconsumed tail and presents it again with the next
// bytes appended.  That tail is the only payload ever copied.
//
// Adding a protocol: one folder under dissectors/ with a class implementing
// Dissector and a factory, and one line in dissectors/registry.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/keylog.hpp"
#include "tracelab/session.hpp"

namespace tracelab {

/// When and where the bytes being delivered were seen.
struct StreamClock {
  uint64_t frame = 0;  ///< frame that made these bytes available
  int64_t ts_ns = 0;
};

/// What a dissector answers to a delivery.
struct Consumed {
  size_t bytes = 0;  ///< consumed from the front of the delivered span
  /// Do not call again until at least this many bytes (the unconsumed tail
  /// plus new data, in total) are available (0: any).
  /// A dissector waiting for a 4 KB body says so, and is not re-presented
  /// the growing prefix one segment at a time.
  size_t need = 0;
  /// The bytes so far end inside a message that has not completed (a body
  /// still arriving, say), even if they were all consumed.  The packet list
  /// then marks the segment "[TCP segment of a reassembled PDU]" as tshark
  /// does.  An unconsumed tail implies it.
  bool mid_pdu = false;
};

class Dissector;
class DissectorOutput;

/// A connection a dissector announces before it appears: an FTP data
/// connection (from PORT, PASV, EPRT, EPSV), a TFTP transfer answered from
/// the server's new port.  The first new flow that matches gets the
/// dissector `make` builds (instead of one chosen by port or probe), and the
/// two sessions list each other in Session::related.  `make` may capture a
/// context shared with the announcing dissector: that is the link back
/// through which the new dissector reports what it carried.
struct ExpectedConnection {
  bool tcp = true;
  /// The side that listens: the address and port from the PASV/EPSV reply
  /// or the PORT/EPRT argument (not necessarily the control connection's:
  /// NAT), or the TFTP server's address with port 0 (any port).
  Endpoint server;
  /// The side that connects: family 0 means any address, port 0 any port.
  Endpoint client;
  /// Forgotten when no flow matched this long (capture time) after it was
  /// announced.
  int64_t ttl_ns = 120'000'000'000;
  /// How the two sessions name each other: the announcing one lists the new
  /// one as `mine`, the new one lists the announcer as `theirs`.
  LinkWhy mine = LinkWhy::FtpData;
  LinkWhy theirs = LinkWhy::FtpControl;
  std::function<std::unique_ptr<Dissector>(DissectorOutput&)> make;
};

/// Run-wide settings a dissector may consult (the same for every session).
struct DissectorSettings {
  /// TLS key logs in the NSS SSLKEYLOGFILE format (CLIENT_RANDOM lines,
  /// TLS 1.3 traffic secrets), indexed: the files given with --keylog,
  /// then those found in pcapng Decryption Secrets Blocks as the capture
  /// is read (a block may come after the first packets).
  KeyLog keylogs;
  /// The packet list shows passwords as they crossed the wire (tshark's
  /// Info) instead of a mask (--show-secrets; common/secret_spans.hpp).
  bool show_secrets = false;
};

/// The packet-list columns a dissector sets, apart from its facts: the
/// Protocol column as tshark names it and the Info text, per frame.
class PacketColumns {
 public:
  virtual ~PacketColumns() = default;
  /// The columns of `frame` (the frame in the delivery's clock).  The last
  /// call for a frame wins.
  virtual void frame_summary(uint64_t frame, std::string_view protocol,
                             std::string_view info) = 0;
  /// How many frame_summary calls were taken so far.  A tunnelling
  /// dissector compares it around a delivery of plaintext to see whether
  /// the protocol inside described the frame (its columns then win, as in
  /// tshark), even when that protocol reports to the session directly (a
  /// STARTTLS hand-over).
  virtual uint64_t summaries() const = 0;
};

/// Where a dissector's facts go.
/// The handle artifact_open gives when artifacts are not kept.
inline constexpr uint32_t kNoArtifact = UINT32_MAX;

class DissectorOutput {
 public:
  virtual ~DissectorOutput() = default;
  /// A step of the dialog (appended to the session's events).  Returns its
  /// index there, for a later step's Event::answers (an index past the
  /// session's bound on steps is never shown).
  virtual StepIndex event(Event&& e) = 0;
  /// Something that went wrong or is incomplete (tracelab/findings.hpp).
  virtual void finding(Finding&& f) = 0;
  /// A recovered object (a mail message, an HTTP body, a transferred
  /// file) is streamed, so that a large one is never held whole: open it
  /// with its kind, name and media type, write its exact bytes in order as
  /// they arrive (after the protocol's own transfer encodings are undone),
  /// then close it.  The flow layer counts the size, computes the sha256,
  /// records the frames and, when extracting, writes the file.  Handles are
  /// per session; writing to or closing an unknown handle is ignored.
  /// Artifacts still open when the session ends are closed with a note.
  /// Returns kNoArtifact when nobody keeps artifacts (a bare packet list):
  /// a dissector may then skip work that only feeds them.
  virtual uint32_t artifact_open(Artifact&& meta, uint64_t frame) = 0;
  virtual void artifact_write(uint32_t handle, std::span<const uint8_t> bytes,
                              uint64_t frame) = 0;
  /// `note` says what is missing ("" for complete).
  virtual void artifact_close(uint32_t handle, std::string_view note) = 0;
  /// Renames the session's protocol ("TCP" becomes "SMTP").
  virtual void set_protocol(std::string_view protocol) = 0;
  /// Where the packet-list columns go, or nullptr when nothing in this run
  /// writes a packet list (the sessions view, grading): a dissector then
  /// skips all its column work, which is an imitation of tshark's Info and
  /// never a fact of the session.
  virtual PacketColumns* columns() { return nullptr; }
  /// Run-wide settings (key logs...); empty ones when there are none.
  virtual const DissectorSettings& settings() const {
    static const DissectorSettings none;
    return none;
  }
  /// STARTTLS and the like: from the first byte after those consumed by
  /// the on_data call that says so, both directions of this session are
  /// TLS.  The flow layer hands them to the TLS dissector, which keeps the
  /// calling dissector as its inner one: the plaintext it can decrypt comes
  /// back through on_data (undecryptable stretches as on_gap), in the same
  /// session.  Call it after the server accepted the upgrade (SMTP 220 to
  /// STARTTLS, IMAP OK, POP3 +OK to STLS, FTP 234 to AUTH TLS).  Outputs
  /// that cannot switch ignore it.
  virtual void start_tls() {}
  /// Announces a connection expected soon (see ExpectedConnection); `ts_ns`
  /// starts its lifetime.  The number pending is bounded: the oldest are
  /// dropped first.  Outputs that do not follow connections ignore it.
  virtual void expect(ExpectedConnection&& /*what*/, int64_t /*ts_ns*/) {}
  /// The session's two ends, for announcing connections relative to them
  /// (EPSV: the server's address, a new port; TFTP: the server answers the
  /// client's port from a new one).  Empty where unknown.
  virtual Endpoint client_end() const { return {}; }
  virtual Endpoint server_end() const { return {}; }
  /// Offers a key by which a later session may refer to this one (a TLS
  /// session id or ticket this handshake issued).  Keep keys short: hash
  /// long values.  Outputs that do not link sessions ignore it.
  virtual void offer_key(std::string_view /*key*/) {}
  /// This session presents `key` (a resumed TLS session id, ticket or PSK
  /// identity, the host an HTTP redirect named): returns the id of the
  /// session that offered it, if any.
  /// The two sessions then list each other: this one as `mine`, the
  /// earlier one as `theirs` (attached late when it was already handed
  /// over: SessionSink::late_link).
  virtual std::optional<uint64_t> refer_key(std::string_view /*key*/,
                                            LinkWhy /*mine*/,
                                            LinkWhy /*theirs*/) {
    return std::nullopt;
  }
  /// Bytes a dissector keeps of its own accord (a mail message held whole
  /// for its attachments, a packet-list imitation waiting for a line or a
  /// literal to end) are charged to the run's one memory budget, the one
  /// reassembly draws from (--total-buffer): reserve them before holding,
  /// release them when they are let go (common/held_bytes.hpp does both).
  /// false: the budget is spent; hold nothing more, and say so where it
  /// shows.  Outputs without a budget grant everything.
  virtual bool reserve(uint64_t /*bytes*/) { return true; }
  virtual void release(uint64_t /*bytes*/) {}
  /// This session waits for a later one to refer to `a.key` before
  /// `a.deadline_ns` (an HTTPS connection after a redirect): when none
  /// does, the session model adds `a.finding`.  Offer the key as well.
  virtual void await(Session::Awaiting&& /*a*/) {}
};

class Dissector {
 public:
  virtual ~Dissector() = default;

  /// In-order bytes from one direction.  `data` starts with whatever the
  /// dissector left unconsumed last time in that direction.  Called once per
  /// arrival of new bytes (when `need` is met), never with an empty span:
  /// consume every complete message in one call.  For UDP `data` is one
  /// whole datagram and Consumed is ignored.
  virtual Consumed on_data(Direction dir, std::span<const uint8_t> data,
                           const StreamClock& clock) = 0;

  /// `bytes` bytes are missing from direction `dir` at this point: the
  /// capture lost them.  Any unconsumed tail was discarded first.
  virtual void on_gap(Direction dir, uint64_t bytes,
                      const StreamClock& clock) = 0;

  /// The session ended (FIN, RST, timeout or end of capture).  Unconsumed
  /// tails are delivered first with on_data for a last chance.
  virtual void on_end(EndReason why, const StreamClock& clock) = 0;

  /// A segment of `bytes` bytes arrived in `dir` after a hole and is held
  /// until the hole is filled or known lost; its bytes come later through
  /// on_data (in a later frame's clock).  A dissector whose Info depends on
  /// nothing but the segment (FTP-DATA) may describe `clock.frame` now, as
  /// tshark -- which hands segments on as they come -- does.  Most ignore it.
  virtual void on_held(Direction /*dir*/, uint64_t /*bytes*/,
                       const StreamClock& /*clock*/) {}
};

/// A dialog step of `kind` in direction `dir`, stamped with `clock`'s frame
/// and time; the dissector fills in the rest.
inline Event step_event(Direction dir, StepKind kind,
                        const StreamClock& clock) {
  Event e;
  e.frame = clock.frame;
  e.ts_ns = clock.ts_ns;
  e.dir = dir;
  e.kind = kind;
  return e;
}

/// How the flow layer picks a dissector for a new session.
struct DissectorInfo {
  std::string name;                 ///< "smtp", "http"...
  std::vector<uint16_t> tcp_ports;  ///< well-known server ports
  std::vector<uint16_t> udp_ports;
  /// Server ports where this protocol runs inside TLS from the first byte
  /// (implicit TLS: 995 for POP3, 993 for IMAP); TLS picks its inner
  /// dissector by these when ALPN does not name one.
  std::vector<uint16_t> tls_ports;
  /// Optional content probe on the first bytes of either direction: returns
  /// true when they look like this protocol.  Used for sessions on other
  /// ports: the first delivery of each direction is probed once; the
  /// dissector chosen starts with those bytes (after an on_gap if the stream
  /// began with a hole).
  std::function<bool(Direction, std::span<const uint8_t>)> probe;
  /// The transport the dissector reads: a byte stream (TCP) unless set.
  /// Its probe runs only on sessions of that transport -- a DNS answer is
  /// never tried as an SSLv2 record.
  bool datagrams = false;
  std::function<std::unique_ptr<Dissector>(DissectorOutput&)> make;
  /// tshark's dissector for this protocol clears the Info column before it
  /// asks TCP for more bytes (TLS does), so a segment where an unfinished
  /// message begins shows only "[TCP segment of a reassembled PDU]" rather
  /// than TCP's Info followed by it.
  bool bare_segment_marker = false;
  /// Set by tunnelling dissectors (TLS) only: builds one that carries the
  /// rest of a session for `inner`, which then sees the plaintext (see
  /// DissectorOutput::start_tls).
  std::function<std::unique_ptr<Dissector>(DissectorOutput&,
                                           std::unique_ptr<Dissector> inner)>
      wrap;
};

/// All dissectors built into this binary (dissectors/registry.cpp).
const std::vector<DissectorInfo>& dissector_registry();

}  // namespace tracelab
