// SPDX-License-Identifier: GPL-2.0-or-later
//
// Flows and TCP reassembly: the third stage.
//
// The FlowTable finds (or creates) the conversation of each decoded packet,
// runs TCP sequence analysis on it (the facts behind Wireshark's
// "[TCP Retransmission]" and friends), reassembles both byte streams, feeds
// them to the session's dissector and finishes sessions when they end.
//
// Memory is bounded: per flow (out-of-order data held for one direction) and
// in total (all buffered bytes); going over a bound turns the held data into
// a gap, counts it and notes it on the session, never grows without limit.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/decode.hpp"
#include "tracelab/dissector.hpp"
#include "tracelab/session.hpp"

namespace tracelab {

/// TCP analysis notes for one segment, as tshark's expert info names them.
enum TcpNote : uint32_t {
  kNoteRetransmission = 1u << 0,
  kNoteSpuriousRetransmission = 1u << 1,
  kNoteFastRetransmission = 1u << 2,
  kNoteOutOfOrder = 1u << 3,
  kNoteDupAck = 1u << 4,
  kNotePrevSegmentNotCaptured = 1u << 5,
  kNoteAckedUnseenSegment = 1u << 6,
  kNoteWindowUpdate = 1u << 7,
  kNoteWindowFull = 1u << 8,
  kNoteZeroWindow = 1u << 9,
  kNoteZeroWindowProbe = 1u << 10,
  kNoteZeroWindowProbeAck = 1u << 11,
  kNoteKeepAlive = 1u << 12,
  kNoteKeepAliveAck = 1u << 13,
  kNotePortNumbersReused = 1u << 14,
  kNoteLostSegment = 1u << 15,  ///< alias kept for completeness
};

/// Per-segment result of TCP analysis.
struct TcpFrameAnalysis {
  uint64_t stream = 0;     ///< tcp.stream: 0-based, order of first frame
  uint32_t rel_seq = 0;    ///< relative sequence number
  uint32_t rel_ack = 0;    ///< relative acknowledgement number
  bool ack_valid = false;  ///< ACK flag set (Ack= is printed)
  /// Window after scaling when the scale factor is known (tshark prints the
  /// calculated window), otherwise the raw field.
  uint64_t window = 0;
  uint32_t notes = 0;  ///< TcpNote bits
  /// Dup ACK numbering: "[TCP Dup ACK <of_frame>#<count>]".
  uint64_t dup_ack_of_frame = 0;
  uint32_t dup_ack_count = 0;
  Direction dir = Direction::ClientToServer;
  /// Subtracted from SACK edges to print them relative (the other side's
  /// base sequence number), as tshark does.
  uint32_t sack_base = 0;
};

/// Per-datagram result for UDP.
struct UdpFrameAnalysis {
  uint64_t stream = 0;  ///< udp.stream
  Direction dir = Direction::ClientToServer;
};

/// Bounds on buffered stream data.
struct ReassemblyLimits {
  /// Out-of-order bytes one direction of one flow may hold.
  uint64_t per_flow_bytes = 4ull << 20;
  /// All buffered bytes, all flows (out-of-order data, dissector tails,
  /// what dissectors hold: DissectorOutput::reserve) and the steps open
  /// sessions hold (each by its footprint()): past it, a session lists no
  /// further steps and says so in a note.
  uint64_t total_bytes = 256ull << 20;
  /// UDP flows idle this long (capture time) end with EndReason::Timeout.
  int64_t udp_idle_timeout_ns = 60'000'000'000;
  /// TCP flows idle this long are finished (to bound the flow table).
  int64_t tcp_idle_timeout_ns = 3600'000'000'000;
};

/// Counters for the summary and for tests.
struct FlowStats {
  uint64_t tcp_streams = 0;
  uint64_t udp_streams = 0;
  uint64_t gaps = 0;
  uint64_t gap_bytes = 0;
  uint64_t overlap_conflicts = 0;  ///< overlapping data that differed
  uint64_t limit_hits = 0;         ///< times a reassembly bound was reached
  /// Open sessions ended early because the flow table was full (the least
  /// recently active went; FlowTable::Options::max_live_flows).
  uint64_t evicted_flows = 0;
  uint64_t held_events = 0;  ///< steps open sessions hold now
  /// What those steps are charged to the memory budget now (their
  /// footprint(), part of buffered_bytes).
  uint64_t held_event_bytes = 0;
  /// Steps not listed: the memory budget was spent when they came.
  uint64_t dropped_events = 0;
  /// Now: reassembly, what dissectors hold, and open sessions' steps.
  uint64_t buffered_bytes = 0;
  uint64_t buffered_bytes_peak = 0;
  /// Times a dissector asked to hold bytes (DissectorOutput::reserve) and
  /// the budget was spent: a message not taken apart, a column imitation
  /// given up.
  uint64_t refused_holds = 0;
};

/// Per-frame output of the flow layer.
struct FlowFrameResult {
  bool is_tcp = false;
  bool is_udp = false;
  TcpFrameAnalysis tcp;
  UdpFrameAnalysis udp;
  /// The Session::id this frame belongs to (valid when is_tcp or is_udp).
  uint64_t session_id = 0;
  /// This segment's bytes reached a dissector and left it inside an
  /// unfinished message ("[TCP segment of a reassembled PDU]").
  bool mid_pdu = false;
  /// ... and the unfinished message began in this segment.
  bool pdu_began = false;
};

/// Receives the application-layer packet-list columns dissectors set.
class FrameSummarySink {
 public:
  virtual ~FrameSummarySink() = default;
  virtual void frame_summary(uint64_t frame, std::string_view protocol,
                             std::string_view info) = 0;
};

/// Where the bytes of recovered objects go when they are extracted (the
/// `extract` verb).  Without one, artifacts are only measured and hashed.
class ArtifactFile {
 public:
  virtual ~ArtifactFile() = default;
  virtual void write(std::span<const uint8_t> bytes) = 0;
  /// Finishes the file (meta is complete: size, sha256, note) and returns
  /// the path written, or "" if it could not be written.
  virtual std::string close(const Artifact& meta) = 0;
};

class ArtifactWriter {
 public:
  virtual ~ArtifactWriter() = default;
  /// Starts one artifact of session `session_id`; nullptr skips it.
  virtual std::unique_ptr<ArtifactFile> open(uint64_t session_id,
                                             const Artifact& meta) = 0;
};

/// Where the bytes of artifacts are measured, hashed and written.  Without
/// one the flow stage does it as the bytes arrive.  A run on two threads
/// hands them to its second thread instead, in one ordered stream with the
/// sessions that list them: the artifact's entry in its session is then a
/// placeholder until the session reaches the session sink, where the lane
/// has put the finished entry (size, sha256, path) in its place.
class ArtifactLane {
 public:
  virtual ~ArtifactLane() = default;
  /// Starts artifact `ticket` (unique in the run) of session `session_id`,
  /// seen first in `frame`.
  virtual void open(uint64_t ticket, const Artifact& meta, uint64_t frame,
                    uint64_t session_id) = 0;
  virtual void write(uint64_t ticket, std::span<const uint8_t> bytes,
                     uint64_t frame) = 0;
  /// Ends the artifact with `note`; it is entry `index` of its session's
  /// Session::artifacts.
  virtual void close(uint64_t ticket, std::string_view note,
                     uint64_t session_id, size_t index) = 0;
};

/// Conversations, numbering and reassembly.
///
/// Numbering: tcp.stream and udp.stream count 5-tuples from 0 in the order
/// of their first frame, as tshark does (a SYN reusing the ports of an old
/// connection starts the next tcp.stream; a UDP flow keeps its number for the
/// whole capture).  Session::id counts sessions of both transports together,
/// from 0, in the order of their first frame: each new TCP stream, each new
/// UDP flow, and a flow that comes back after its idle timeout (a new
/// session; it keeps its stream number unless it comes back with a SYN).
///
/// Sides: the sender of a SYN is the client (the receiver of a SYN-ACK when
/// the SYN was not captured).  A flow picked up mid-stream takes the sender
/// of its first frame as the client, unless that frame comes from a service
/// port (below 1024 or a registered dissector port) to a port that is not
/// one, as Zeek does; tshark's "follow" always takes the first sender.
///
/// Reassembly: first data wins on overlaps (conflicting bytes are counted in
/// FlowStats::overlap_conflicts and noted on the session); a hole becomes a
/// gap (Dissector::on_gap with its size) when the peer acknowledges data
/// past it, when held data would break a ReassemblyLimits bound, or when the
/// session ends.  In-order data goes to the dissector straight from the
/// packet; only out-of-order data and unconsumed tails are copied.
///
/// Sessions end, and go to the SessionSink, when both FINs are acknowledged,
/// on a RST, after the idle timeout, or at finish().
class FlowTable {
 public:
  struct Options {
    ReassemblyLimits limits;
    /// Run dissectors (off for a bare packet list of TCP/UDP only).
    bool dissect = true;
    /// Keep session events (off when nobody will print sessions).
    bool keep_events = true;
    /// Dissectors to choose from; null means dissector_registry().  Tests
    /// pass their own (a catch-all byte collector, for instance).
    const std::vector<DissectorInfo>* registry = nullptr;
    /// Flows that ended keep their key and stream number (about 100 bytes)
    /// so that a late packet gets tshark's number; beyond this many the
    /// oldest are forgotten (one coming back then gets a new number).
    size_t max_retired_flows = size_t{1} << 21;
    /// Conversations with live state (about 2 KB each before buffers, a
    /// dissector's state only once bytes arrive), bounded so that a capture
    /// of a port scan or a SYN flood stays within a few hundred MB.  A new
    /// flow past this bound first drops a finished TCP conversation, else
    /// evicts the least recently active flow, whose session then ends early
    /// (EndReason::Timeout, a note, FlowStats::evicted_flows).
    size_t max_live_flows = 100'000;
    /// Receives artifact bytes (extraction); null: only hash them.
    ArtifactWriter* artifacts = nullptr;
    /// Takes the artifacts' hashing and writing off this stage (a run on
    /// two threads); null: done here.  `artifacts` then only says whether
    /// anything is extracted: the lane owns the writing.
    ArtifactLane* artifact_lane = nullptr;
    /// What dissectors may consult (key logs); null: empty settings.  Must
    /// outlive the table; it may grow while the table runs.
    const DissectorSettings* settings = nullptr;
  };
  FlowTable(Options opt, SessionSink* sessions, FrameSummarySink* frames);
  ~FlowTable();
  FlowTable(const FlowTable&) = delete;
  FlowTable& operator=(const FlowTable&) = delete;

  /// Processes one decoded packet (frame number `frame`, 1-based).
  void process(uint64_t frame, int64_t ts_ns, const DecodedPacket& p,
               FlowFrameResult& out);

  /// Ends every open session (EndReason::CaptureEnd) and flushes them to the
  /// sink.  Call once at the end of input.
  void finish(uint64_t last_frame, int64_t last_ts_ns);

  const FlowStats& stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracelab
