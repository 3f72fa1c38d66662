// SPDX-License-Identifier: GPL-2.0-or-later
//
// The driver: capture source -> decoding -> flow table (reassembly,
// dissectors) -> per-frame columns and finished sessions, handed to outputs.
// It owns no output format; FrameSink and SessionSink implementations do.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracelab/capture.hpp"
#include "tracelab/decode.hpp"
#include "tracelab/flow.hpp"
#include "tracelab/frame_sink.hpp"
#include "tracelab/session.hpp"

namespace tracelab {

struct PipelineOptions {
  std::string bpf;  ///< capture filter applied to every record ("" = none)
  FlowTable::Options flow;
  /// Compute Protocol/Info columns (a sessions-only run can skip them).
  bool columns = true;
  /// Print a progress line on stderr when it is a terminal and the run
  /// takes longer than a second.
  bool progress = true;
  /// Stop after this many frames (0 = no limit).
  uint64_t max_frames = 0;
  /// Threads for run_pipeline: 1 does everything on the calling thread; 2
  /// or more moves the outputs (frame sink, artifacts' hashing and writing,
  /// session sink) to a second thread, with byte-identical results.  More
  /// than two are not used yet.
  unsigned threads = 1;
  /// Settings handed to dissectors (key logs from --keylog).  The run adds
  /// the key logs of the capture's Decryption Secrets Blocks as they appear;
  /// flow.settings is ignored.
  DissectorSettings dissector_settings;
};

/// What happened during a run, for the summary and the exit status.
struct PipelineResult {
  uint64_t records = 0;               ///< records read
  uint64_t frames_shown = 0;          ///< records that passed the filter
  uint64_t bytes = 0;                 ///< captured bytes of those
  std::optional<CaptureError> error;  ///< set when the input is damaged
  std::vector<std::string> warnings;  ///< each reported once
  FlowStats flow;
  Defragmenter::Stats defrag;
  bool interrupted = false;  ///< stopped by request (live capture)
};

/// The pipeline fed one record at a time, for a host that does its own
/// reading: Wireshark's plugin gets each frame from Wireshark.  run_pipeline
/// is this class driven by a CaptureSource, so both see the same engine.
class Pipeline {
 public:
  /// Throws std::runtime_error when opt.bpf does not compile.  `opt` is
  /// read here and need not outlive the pipeline; the sinks must.
  /// `lane`, when given, hashes and writes the artifacts instead of the
  /// flow stage (run_pipeline's second thread).
  Pipeline(const PipelineOptions& opt, FrameSink* frames, SessionSink* sessions,
           ArtifactLane* lane = nullptr);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  /// Adds a key log (NSS SSLKEYLOGFILE text) for the TLS sessions whose
  /// secrets are looked up from now on (a pcapng Decryption Secrets Block).
  void add_keylog(std::string_view text);
  /// Processes one record (views into it are used only during the call).
  /// Returns false once opt.max_frames frames have been processed.
  bool push(const Record& rec);
  /// Frames processed so far (records that passed the filter).
  uint64_t frames() const;
  /// Ends the run: the frame sink's finish(), then every open session is
  /// ended and handed to the session sink (whose own finish() is the
  /// caller's).  Returns what happened; call once.
  PipelineResult finish();

 private:
  struct State;
  std::unique_ptr<State> st_;
};

/// Runs the whole pipeline over `src`.  `frames` and `sessions` may be null.
/// Problems that are not fatal (unsupported link types, filter errors on
/// one interface...) land in warnings; a damaged input ends the run with
/// `error` set after everything before the damage has been delivered.
PipelineResult run_pipeline(CaptureSource& src, const PipelineOptions& opt,
                            FrameSink* frames, SessionSink* sessions);

/// Asks a running pipeline to stop after the current record (safe to call
/// from a signal handler).
void request_pipeline_stop();

}  // namespace tracelab
