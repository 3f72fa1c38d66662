// SPDX-License-Identifier: GPL-2.0-or-later
//
// FTP-DATA: one data connection.  Its bytes are the file (or listing) of
// the transfer command the control connection issued; they are streamed
// into an artifact, holes are remembered as byte ranges, and the size is
// checked against what the control connection announced.
//
// When the connection ends, one `transfer` step says how it went: success
// when every byte came (and the control connection did not refuse the
// transfer), failure when bytes are missing -- then `ftp-transfer-incomplete`
// on this session and, while it is still open, on the control session too.
#include <string>
#include <vector>

#include "ftp_link.hpp"
#include "tracelab/findings.hpp"

namespace tracelab::ftp {

namespace {

/// Listing text kept for the session view.
constexpr size_t kMaxListing = 64 * 1024;
/// Missing ranges listed one by one; later ones are only counted.
constexpr size_t kMaxRanges = 32;
/// Frames named in a finding.
constexpr size_t kMaxFrames = 16;

bool is_listing(const std::string& verb) {
  return verb == "LIST" || verb == "NLST" || verb == "MLSD";
}

class FtpData final : public Dissector {
 public:
  FtpData(DissectorOutput& out, std::shared_ptr<ControlLink> link,
          DataSetup setup)
      : out_(out), link_(std::move(link)), setup_(std::move(setup)) {
    // tshark names active-mode data connections only by their port 20
    // (the FTP server's default data port); passive ones by the reply.
    const Endpoint c = out_.client_end(), s = out_.server_end();
    labelled_ = !setup_.active || c.port == 20 || s.port == 20;
    if (!setup_.mode.empty()) suffix_ = " (" + setup_.mode + ")";
  }

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override {
    if (!named_) named_ = (out_.set_protocol("FTP-DATA"), true);
    latch(clock);
    describe(clock.frame, data.size());
    if (!opened_) open(dir, clock);
    last_ = clock;
    received_ += data.size();
    out_.artifact_write(artifact_, data, clock.frame);
    if (is_listing(verb_) && listing_.size() < kMaxListing)
      listing_.append(reinterpret_cast<const char*>(data.data()),
                      std::min(data.size(), kMaxListing - listing_.size()));
    offset_ += data.size();
    return {data.size(), 0, false};
  }

  // A segment behind a hole: its Info needs only its size, so the frame is
  // named now, as tshark names it (the bytes come once the hole resolves).
  void on_held(Direction, uint64_t bytes, const StreamClock& clock) override {
    latch(clock);
    describe(clock.frame, bytes);
  }

  void on_gap(Direction dir, uint64_t bytes,
              const StreamClock& clock) override {
    latch(clock);
    if (!opened_) open(dir, clock);
    if (gap_frames_.size() < kMaxFrames) gap_frames_.push_back(clock.frame);
    if (missing_.size() < kMaxRanges)
      missing_.push_back({offset_, offset_ + bytes});
    else
      ++more_missing_;
    offset_ += bytes;
  }

  void on_end(EndReason why, const StreamClock& clock) override {
    latch(clock);
    // A connection that carried nothing (the command failed, or an empty
    // file) leaves no artifact.
    if (!opened_) return;
    // The size announced for this very transfer (the reply may have come
    // while the data flowed).
    int64_t size = -1;
    std::string by;
    if (latched_ && link_->transfer_seq == seq_) {
      size = link_->size;
      by = link_->size_by;
    }
    if (size >= 0 && offset_ < static_cast<uint64_t>(size)) {
      if (missing_.size() < kMaxRanges)
        missing_.push_back({offset_, static_cast<uint64_t>(size)});
      else
        ++more_missing_;
    }
    std::string note;
    if (!missing_.empty()) {
      note = "incomplete: bytes ";
      for (size_t i = 0; i < missing_.size(); ++i) {
        if (i) note += ", ";
        note += std::to_string(missing_[i].first + rest_) + "-" +
                std::to_string(missing_[i].second + rest_ - 1);
      }
      if (more_missing_)
        note += " and " + std::to_string(more_missing_) + " more ranges";
      note += " missing";
      if (size >= 0)
        note += " of " + std::to_string(size) + " announced by " + by;
    } else if (size >= 0 && offset_ != static_cast<uint64_t>(size)) {
      note = std::to_string(offset_) + " bytes, but " + by + " announced " +
             std::to_string(size);
    } else if (size < 0 && why == EndReason::Rst) {
      note = "the data connection was reset: the transfer may be incomplete";
    }
    if (rest_ && note.empty())
      note = "starts at byte " + std::to_string(rest_) + " (REST)";
    out_.artifact_close(artifact_, note);
    const bool incomplete = !missing_.empty();
    transfer_step(incomplete, why, size, clock);
    if (incomplete) report_incomplete(note, clock);
    if (!listing_.empty()) {
      Event e = step_event(dir_, StepKind::Listing, clock);
      e.command = verb_;
      e.args = arg_;
      e.text = listing_;
      if (offset_ > kMaxListing)
        e.note =
            "listing shown up to " + std::to_string(kMaxListing) + " bytes";
      out_.event(std::move(e));
    }
  }

 private:
  // Takes the transfer command issued since the announcement, once.
  void describe(uint64_t frame, uint64_t bytes) {
    PacketColumns* const columns = out_.columns();
    if (!labelled_ || !columns) return;
    info_.assign("FTP Data: ");
    info_ += std::to_string(bytes);
    info_ += " bytes";
    info_ += suffix_;
    columns->frame_summary(frame, "FTP-DATA", info_);
  }

  void latch(const StreamClock&) {
    if (latched_ || link_->transfer_seq <= setup_.seq_at_announce) return;
    latched_ = true;
    seq_ = link_->transfer_seq;
    verb_ = link_->verb;
    arg_ = link_->arg;
    line_ = link_->line;
    rest_ = link_->rest;
    type_ = link_->type;
    if (!setup_.mode.empty()) suffix_ += " (" + line_ + ")";
  }

  void open(Direction dir, const StreamClock& clock) {
    opened_ = true;
    dir_ = dir;
    last_ = clock;
    Artifact a;
    a.kind = is_listing(verb_) ? "ftp-listing" : "ftp-file";
    a.name = arg_.empty() ? verb_ : arg_;
    if (is_listing(verb_) || type_ == 'A') a.media_type = "text/plain";
    artifact_ = out_.artifact_open(std::move(a), clock.frame);
  }

  // The transfer's outcome, in the frame that carried its last bytes.
  void transfer_step(bool incomplete, EndReason why, int64_t size,
                     const StreamClock& end) {
    Event e = step_event(dir_, StepKind::Transfer, incomplete ? end : last_);
    e.command = verb_;
    e.args = arg_;
    if (!arg_.empty()) e.add_field("file", arg_);
    e.add_field("bytes", std::to_string(received_));
    e.add_field("data_mode", setup_.data_mode);
    if (!latched_)
      e.note = "no transfer command was seen for it";
    else
      e.note = "TYPE " + std::string(1, type_);
    // The control connection's verdict, when it came first.
    const int final_code =
        latched_ && link_->transfer_seq == seq_ ? link_->final_code : 0;
    if (incomplete || final_code >= 400)
      e.outcome = Outcome::Failure;
    else if (size < 0 && why == EndReason::Rst)
      e.outcome = Outcome::Info;  // reset, size unknown: cannot tell
    else
      e.outcome = Outcome::Success;
    out_.event(std::move(e));
  }

  // Bytes are missing: this session says so, and so does the control one.
  void report_incomplete(const std::string& note, const StreamClock& end) {
    Finding f = findings::make(findings::kFtpTransferIncomplete, 0,
                               line_.empty() ? note : line_ + ": " + note);
    f.frames = gap_frames_;
    if (f.frames.empty() || f.frames.back() < end.frame)
      f.frames.push_back(end.frame);
    if (link_->control) link_->control->finding(Finding(f));
    out_.finding(std::move(f));
  }

  DissectorOutput& out_;
  std::shared_ptr<ControlLink> link_;
  DataSetup setup_;
  bool labelled_ = true, named_ = false;
  bool latched_ = false, opened_ = false;
  uint64_t seq_ = 0, rest_ = 0, offset_ = 0, more_missing_ = 0;
  uint64_t received_ = 0;
  StreamClock last_;  ///< the frame that carried the last bytes
  std::vector<uint64_t> gap_frames_;
  char type_ = 'A';
  std::string verb_, arg_, line_, info_, suffix_, listing_;
  Direction dir_ = Direction::ServerToClient;
  uint32_t artifact_ = 0;
  std::vector<std::pair<uint64_t, uint64_t>> missing_;  // [from, to)
};

}  // namespace

std::unique_ptr<Dissector> make_data_dissector(
    DissectorOutput& out, std::shared_ptr<ControlLink> link, DataSetup setup) {
  return std::make_unique<FtpData>(out, std::move(link), std::move(setup));
}

}  // namespace tracelab::ftp
