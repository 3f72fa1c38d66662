// SPDX-License-Identifier: GPL-2.0-or-later
#include "file_analysis.hpp"

#include <algorithm>

#include "tracelab/keylog.hpp"
#include "tracelab/model.hpp"
#include "tracelab/pipeline.hpp"

namespace tracelab::wsplugin {

// The end of the session model's chain: every finished session is kept.
class FileAnalysis::Collector final : public SessionSink {
 public:
  explicit Collector(FileAnalysis& owner) : owner_(owner) {}
  void session_done(Session&& s) override { owner_.keep(std::move(s)); }

 private:
  FileAnalysis& owner_;
};

// Which session each frame belongs to, from the flow layer's per-frame
// result: a filter `tracelab.session == 3` then shows the whole conversation,
// as tcp.stream does, not only the frames that complete a step.
class FileAnalysis::Frames final : public FrameSink {
 public:
  explicit Frames(std::vector<uint32_t>& out) : out_(out) {}
  void frame(const FrameView& f) override {
    const bool in_session = f.flow && (f.flow->is_tcp || f.flow->is_udp);
    out_.push_back(in_session ? static_cast<uint32_t>(f.flow->session_id + 1)
                              : 0);
  }

 private:
  std::vector<uint32_t>& out_;
};

struct FileAnalysis::Engine {
  Engine(const PipelineOptions& opt, FrameSink* frames, SessionSink* sessions)
      : pipeline(opt, frames, sessions) {}
  Pipeline pipeline;
};

FileAnalysis::FileAnalysis(AnalysisSettings settings)
    : settings_(std::move(settings)) {
  PipelineOptions opt;
  opt.progress = false;  // Wireshark shows its own
  opt.columns = false;   // Wireshark has its own columns
  // Read with the command's bound: a preference pointing at /dev/zero must
  // not take the memory of the Wireshark it runs in.
  for (const auto& path : settings_.keylog_files) {
    std::string problem;
    if (read_keylog_file(path, opt.dissector_settings.keylogs, problem))
      keylog_read_ = true;
    else
      problems_.push_back(std::move(problem));
  }
  if (!settings_.rubric.empty()) {
    grade::RubricError err;
    rubric_ = grade::load_rubric(settings_.rubric, err);
    if (!rubric_) problems_.push_back(err.to_string());
  }
  collector_ = std::make_unique<Collector>(*this);
  model_ = make_session_model(*collector_);
  frames_ = std::make_unique<Frames>(frame_session_);
  engine_ = std::make_unique<Engine>(opt, frames_.get(), model_.get());
}

FileAnalysis::~FileAnalysis() = default;

void FileAnalysis::feed(const Record& rec) {
  if (finished_) return;
  ++fed_;
  engine_->pipeline.push(rec);
}

void FileAnalysis::finish() {
  if (finished_) return;
  finished_ = true;
  engine_->pipeline.finish();
  model_->finish();
  engine_.reset();
  if (!rubric_) return;
  grade::CaptureFacts facts;
  facts.keylog_given = keylog_read_;
  grade::GradeOptions go;
  go.lang = settings_.lang;
  grade_ = grade::grade(*rubric_, sessions_, facts, go);
  index_grade();
}

void FileAnalysis::keep(Session&& s) {
  const auto at = static_cast<uint32_t>(sessions_.size());
  by_id_[s.id] = at;
  auto add = [&](uint64_t frame, FrameItem::What what, size_t index) {
    items_[frame].push_back({what, at, static_cast<uint32_t>(index)});
  };
  for (size_t i = 0; i < s.events.size(); ++i)
    add(s.events[i].frame, FrameItem::What::Step, i);
  for (size_t i = 0; i < s.findings.size(); ++i)
    for (uint64_t f : s.findings[i].frames) add(f, FrameItem::What::Finding, i);
  for (size_t i = 0; i < s.artifacts.size(); ++i)
    add(s.artifacts[i].last_frame, FrameItem::What::Artifact, i);
  sessions_.push_back(std::move(s));
}

// A criterion shows on each frame of its evidence.
void FileAnalysis::index_grade() {
  for (size_t i = 0; i < grade_->criteria.size(); ++i)
    for (uint64_t f : grade_->criteria[i].frames)
      items_[f].push_back(
          {FrameItem::What::Grade, 0, static_cast<uint32_t>(i)});
}

std::optional<uint64_t> FileAnalysis::session_of(uint64_t frame) const {
  if (frame == 0 || frame > frame_session_.size()) return std::nullopt;
  const uint32_t v = frame_session_[frame - 1];
  if (v == 0) return std::nullopt;
  return v - 1;
}

std::span<const FrameItem> FileAnalysis::items(uint64_t frame) const {
  auto it = items_.find(frame);
  if (it == items_.end()) return {};
  return it->second;
}

std::optional<uint32_t> FileAnalysis::session_index(uint64_t id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

}  // namespace tracelab::wsplugin
