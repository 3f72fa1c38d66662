// SPDX-License-Identifier: GPL-2.0-or-later
//
// The second thread of a run.  Everything downstream of the flow stage --
// the frame sink (the packet list), the artifacts' hashing and writing, the
// session sink (the session model and its printer) -- runs there, fed one
// ordered stream of operations in batches.  The second thread carries them
// out in exactly the order the first issued them and nothing flows back, so
// the outputs are byte-identical to a run on one thread; the two threads
// share only the queue of batches.
#pragma once

#include <memory>

#include "tracelab/flow.hpp"
#include "tracelab/frame_sink.hpp"
#include "tracelab/session.hpp"

namespace tracelab {

class Handoff {
 public:
  /// Starts the second thread.  `frames`, `sessions` and `writer` may be
  /// null; they are used only from the second thread until close().
  Handoff(FrameSink* frames, SessionSink* sessions, ArtifactWriter* writer);
  /// Closes (waiting for the second thread) if close() was not called,
  /// discarding its error: the run is being unwound already.
  ~Handoff();
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

  /// Stand-ins for the sinks, to give the pipeline (null when the sink is).
  /// Their calls throw the second thread's error once it has one, so that
  /// a closed pipe stops the reading too.
  FrameSink* frames();
  SessionSink* sessions();
  ArtifactLane* lane();

  /// Hands over what is left, waits for the second thread to finish it and
  /// rethrows the first exception it met (a write error).
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tracelab
