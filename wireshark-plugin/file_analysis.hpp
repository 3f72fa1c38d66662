// SPDX-License-Identifier: GPL-2.0-or-later
//
// One capture file's analysis inside Wireshark.  Wireshark hands the plugin
// each frame; on its first, in-order pass the frames go through the tracelab
// engine -- the same Pipeline and session model `tracelab sessions` runs --
// and the sessions it produces are kept, indexed by frame, so that every
// later pass (the GUI's random access, tshark's second pass) shows them.
// Nothing here knows libwireshark: packet_tracelab.cpp translates.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "tracelab/capture.hpp"
#include "tracelab/explain.hpp"
#include "tracelab/grade.hpp"
#include "tracelab/session.hpp"

namespace tracelab::wsplugin {

/// The plugin's preferences, fixed for one analysis (a change of preference
/// makes Wireshark dissect the file again, with a new analysis).
struct AnalysisSettings {
  Lang lang = Lang::En;
  /// Key log files (the plugin's own preference, then Wireshark's
  /// tls.keylog_file); unreadable ones land in FileAnalysis::problems().
  std::vector<std::string> keylog_files;
  bool show_secrets = false;
  /// A built-in rubric's name or a rubric file; "" grades nothing.
  std::string rubric;
};

/// What a frame shows, as a reference into the kept sessions.
struct FrameItem {
  enum class What : uint8_t { Step, Finding, Artifact, Grade };
  What what = What::Step;
  uint32_t session = 0;  ///< position in FileAnalysis::sessions()
  uint32_t index = 0;    ///< event, finding, artifact or criterion index
};

class FileAnalysis {
 public:
  explicit FileAnalysis(AnalysisSettings settings);
  ~FileAnalysis();
  FileAnalysis(const FileAnalysis&) = delete;
  FileAnalysis& operator=(const FileAnalysis&) = delete;

  const AnalysisSettings& settings() const { return settings_; }

  /// Frames fed so far: the next one must be fed() + 1.
  uint64_t fed() const { return fed_; }
  /// Feeds frame number fed() + 1 (Wireshark's number); `rec` is only read
  /// during the call.  Ignored once finish() has run.
  void feed(const Record& rec);
  /// Ends the analysis: open sessions end, the session model hands over
  /// the rest, the rubric (if any) grades.  Later calls do nothing.
  void finish();
  bool finished() const { return finished_; }

  /// The session frame `frame` belongs to (its Session::id), if any.
  std::optional<uint64_t> session_of(uint64_t frame) const;
  /// What frame `frame` shows, in session order, then event order.
  std::span<const FrameItem> items(uint64_t frame) const;
  const std::vector<Session>& sessions() const { return sessions_; }
  /// Position in sessions() of the session with id `id`, if kept.
  std::optional<uint32_t> session_index(uint64_t id) const;

  /// The grade, once finished with a rubric.
  const grade::SubmissionGrade* grade() const {
    return grade_ ? &*grade_ : nullptr;
  }
  const grade::Rubric* rubric() const { return rubric_ ? &*rubric_ : nullptr; }
  /// Whether a key log was read (grading: a TLS lab without one is
  /// unverifiable, not failed).
  bool keylog_read() const { return keylog_read_; }
  /// What could not be done (a key log that cannot be read, a rubric with
  /// an error), to be shown on the first frame.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  class Collector;
  void keep(Session&& s);
  void index_grade();

  AnalysisSettings settings_;
  std::vector<std::string> problems_;
  bool keylog_read_ = false;
  std::optional<grade::Rubric> rubric_;
  std::optional<grade::SubmissionGrade> grade_;

  std::vector<Session> sessions_;
  std::unordered_map<uint64_t, uint32_t> by_id_;
  std::unordered_map<uint64_t, std::vector<FrameItem>> items_;
  /// Per frame: the session id + 1, 0 for none (4 bytes a frame).
  std::vector<uint32_t> frame_session_;

  std::unique_ptr<Collector> collector_;
  std::unique_ptr<SessionSink> model_;
  class Frames;
  std::unique_ptr<Frames> frames_;
  struct Engine;
  std::unique_ptr<Engine> engine_;
  uint64_t fed_ = 0;
  bool finished_ = false;
};

}  // namespace tracelab::wsplugin
