// SPDX-License-Identifier: GPL-2.0-or-later
//
// TFTP.  A request (RRQ/WRQ) goes to port 69; the server answers from a new
// port (its transfer ID), so each request announces an expected connection
// "any port of the server to the client's port" whose dissector shares the
// request's Transfer.  DATA blocks are followed by number (16 bits, wrapping
// past 65535), duplicates and retransmissions are counted, netascii is
// converted, and the file is streamed into a "tftp-file" artifact closed
// with a verdict.
//
// The first answer to a request (OACK, ERROR, the first DATA of a read, the
// ACK of block 0 of a write) answers it: Event::answers when it came in the
// request's own session (a server answering from port 69), and a `delay`
// either way (the request is otherwise in the related tftp-request
// session).  Findings: `tftp-error` (an ERROR packet; detail = its message)
// and `tftp-transfer-incomplete` (the last, short block never came before
// the session ended -- an error; it came but was never acknowledged -- a
// warning: the receiver has the file, the sender was never told).
#include <cstdio>
#include <memory>
#include <string>

#include "tftp_packet.hpp"
#include "tracelab/dissector.hpp"
#include "tracelab/findings.hpp"

namespace tracelab {

namespace {

using tftp::Packet;

// "0.012345": seconds from `from` to `to`.
std::string delay_text(int64_t from, int64_t to) {
  const int64_t d = to >= from ? to - from : 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%06lld",
                static_cast<long long>(d / 1'000'000'000),
                static_cast<long long>((d % 1'000'000'000) / 1000));
  return buf;
}

/// One request's transfer, shared by the port-69 flow and the flow from the
/// server's new port.
struct Transfer {
  bool read = true;  ///< RRQ: the server sends DATA
  std::string file, mode;
  bool netascii = false;
  uint32_t blksize = 512;   ///< 512 until an OACK says otherwise
  uint64_t last_block = 0;  ///< full number of the last new DATA block
  uint16_t last_wire = 0;   ///< its 16-bit number
  uint64_t wraps = 0;
  uint64_t bytes = 0, blocks = 0, duplicates = 0, dup_acks = 0;
  uint64_t missing_blocks = 0;
  int64_t tsize = -1;
  bool done = false, error = false, apprentice = false, closed = false;
  int last_ack = -1;
  bool last_ack_duplicated = false;
  bool pending_cr = false;
  uint32_t artifact = 0;
  DissectorOutput* artifact_out = nullptr;  ///< session holding the artifact
  std::string verdict;
  bool requested = false;  ///< the RRQ/WRQ was seen
  int64_t request_ts = 0;  ///< when it was sent
  bool answered = false;   ///< the request's first answer came
  bool final_acked = false;
  uint64_t last_frame = 0;  ///< the last new DATA block's frame
  /// The last packet the session holding the artifact saw: a transfer cut
  /// short is reported there, not at the end of the capture (whose last
  /// frame may be another session's).
  StreamClock seen;
};

class TftpDissector final : public Dissector {
 public:
  TftpDissector(DissectorOutput& out, std::shared_ptr<Transfer> t)
      : out_(out), cur_(std::move(t)) {}
  ~TftpDissector() override = default;

  Consumed on_data(Direction dir, std::span<const uint8_t> d,
                   const StreamClock& clock) override {
    // Named on first use: the output may still be under construction now.
    if (!named_) named_ = (out_.set_protocol("TFTP"), true);
    Packet p;
    PacketColumns* const columns = out_.columns();
    if (!tftp::parse(d, p)) {
      if (columns)
        columns->frame_summary(clock.frame, "TFTP", "[Malformed Packet]");
      return {d.size(), 0, false};
    }
    if (columns) {
      tftp::info(p, cur_ ? cur_->blksize : 512, info_);
      columns->frame_summary(clock.frame, "TFTP", info_);
    }
    switch (p.opcode) {
      case tftp::kRrq:
      case tftp::kWrq: request(dir, p, clock); break;
      case tftp::kOack: oack(dir, p, clock); break;
      case tftp::kData: data(dir, p, clock); break;
      case tftp::kAck: ack(dir, p, clock); break;
      case tftp::kError: error(dir, p, clock); break;
      default:
        event(dir, clock, StepKind::Unknown,
              "opcode " + std::to_string(p.opcode));
        emit();
    }
    if (cur_ && cur_->artifact_out == &out_) cur_->seen = clock;
    return {d.size(), 0, false};
  }

  void on_gap(Direction, uint64_t, const StreamClock&) override {}

  void on_end(EndReason, const StreamClock& clock) override {
    if (!cur_ || cur_->artifact_out != &out_) return;
    Transfer& t = *cur_;
    const StreamClock& at = t.seen.frame ? t.seen : clock;
    if (!t.closed) {
      finish(at, false);
      if (!t.error)
        out_.finding(findings::make(findings::kTftpIncomplete,
                                    t.last_frame ? t.last_frame : at.frame,
                                    t.file));
    } else if (t.done && !t.error && !t.final_acked) {
      Finding f =
          findings::make(findings::kTftpIncomplete, t.last_frame, t.file);
      f.severity = Severity::Warning;
      out_.finding(std::move(f));
    }
  }

 private:
  Event& event(Direction dir, const StreamClock& clock, StepKind kind,
               std::string text) {
    Event e = step_event(dir, kind, clock);
    e.text = std::move(text);
    pending_ = std::move(e);
    return pending_;
  }
  StepIndex emit() { return out_.event(std::move(pending_)); }

  // `e` is the first answer to the current request: it answers it.
  void answer(Event& e) {
    if (!cur_ || cur_->answered || !cur_->requested) return;
    cur_->answered = true;
    if (request_of_ == cur_.get()) e.answers = request_step_;
    e.add_field("delay", delay_text(cur_->request_ts, e.ts_ns));
  }

  void request(Direction dir, const Packet& p, const StreamClock& clock) {
    if (cur_ && cur_->artifact_out == &out_) finish(clock, false);
    auto t = std::make_shared<Transfer>();
    t->read = p.opcode == tftp::kRrq;
    t->file = p.file;
    t->mode = p.mode;
    t->netascii = p.mode.size() == 8 && (p.mode[0] | 0x20) == 'n';
    t->requested = true;
    t->request_ts = clock.ts_ns;
    cur_ = t;
    Event& e = event(dir, clock, StepKind::Command, p.file);
    e.command = t->read ? "RRQ" : "WRQ";
    e.args = p.file;
    e.add_field("filename", p.file);
    e.add_field("mode", p.mode);
    for (const auto& [n, v] : p.options) e.add_field("options", n + "=" + v);
    request_step_ = emit();
    request_of_ = t.get();
    // The server answers from a new port to the client's.
    ExpectedConnection x;
    x.mine = LinkWhy::TftpTransfer;
    x.theirs = LinkWhy::TftpRequest;
    x.tcp = false;
    const Endpoint client = dir == Direction::ClientToServer
                                ? out_.client_end()
                                : out_.server_end();
    const Endpoint server = dir == Direction::ClientToServer
                                ? out_.server_end()
                                : out_.client_end();
    x.server.addr = server.addr;
    x.client = client;
    x.ttl_ns = 60'000'000'000;
    x.make = [t](DissectorOutput& o) {
      return std::make_unique<TftpDissector>(o, t);
    };
    out_.expect(std::move(x), clock.ts_ns);
  }

  void oack(Direction dir, const Packet& p, const StreamClock& clock) {
    std::string text;
    for (const auto& [n, v] : p.options)
      text += (text.empty() ? "" : ", ") + n + "=" + v;
    Event& e = event(dir, clock, StepKind::Reply, text);
    e.status = "OACK";
    e.outcome = Outcome::Success;
    for (const auto& [n, v] : p.options) e.add_field("options", n + "=" + v);
    answer(e);
    if (cur_) {
      const std::string_view b = tftp::option(p, "blksize");
      uint32_t v = 0;
      bool ok = !b.empty() && b.size() <= 5;
      for (char c : b) ok = ok && c >= '0' && c <= '9', v = v * 10 + (c - '0');
      if (ok && v >= 8 && v <= 65464) cur_->blksize = v;
      const std::string_view ts = tftp::option(p, "tsize");
      int64_t n = 0;
      bool tok = !ts.empty() && ts.size() <= 18;
      for (char c : ts)
        tok = tok && c >= '0' && c <= '9', n = n * 10 + (c - '0');
      if (tok && n > 0) cur_->tsize = n;
    }
    emit();
  }

  void data(Direction dir, const Packet& p, const StreamClock& clock) {
    if (!cur_) cur_ = std::make_shared<Transfer>();  // picked up mid-way
    Transfer& t = *cur_;
    const uint16_t next16 = static_cast<uint16_t>(t.last_wire + 1);
    const bool first = t.blocks == 0 && t.last_block == 0;
    if (!first && p.block == t.last_wire) {
      ++t.duplicates;
      Event& e =
          event(dir, clock, StepKind::Data, "block " + std::to_string(p.block));
      e.add_field("block", std::to_string(p.block));
      e.note = "duplicate (retransmitted) block";
      if (t.last_ack_duplicated) {
        t.apprentice = true;
        e.note += ": answers a duplicate ACK (Sorcerer's Apprentice Syndrome)";
      }
      emit();
      return;
    }
    if (t.done) return;
    uint64_t full;
    if (p.block == next16 || (p.block == 1 && t.last_wire == 65535)) {
      if (p.block != next16 || next16 == 0) ++t.wraps;
      full = t.last_block + 1;
    } else {
      // Blocks the capture does not have (or a stray number).
      const uint16_t skipped = static_cast<uint16_t>(p.block - next16);
      t.missing_blocks += skipped;
      full = t.last_block + 1 + skipped;
    }
    t.last_block = full;
    t.last_wire = p.block;
    t.last_frame = clock.frame;
    ++t.blocks;
    if (t.requested && !t.answered) {
      // The first DATA of a read answers the request: the server took it.
      Event& e =
          event(dir, clock, StepKind::Data, "block " + std::to_string(p.block));
      e.add_field("block", std::to_string(p.block));
      e.outcome = Outcome::Intermediate;
      answer(e);
      emit();
    }
    if (!t.artifact_out) {
      Artifact a;
      a.kind = "tftp-file";
      a.name = t.file;
      if (t.netascii) a.media_type = "text/plain";
      t.artifact = out_.artifact_open(std::move(a), clock.frame);
      t.artifact_out = &out_;
    }
    if (t.artifact_out == &out_) {
      if (t.netascii) {
        text_.clear();
        tftp::netascii_decode(p.data, t.pending_cr, text_);
        out_.artifact_write(
            t.artifact,
            {reinterpret_cast<const uint8_t*>(text_.data()), text_.size()},
            clock.frame);
        t.bytes += text_.size();
      } else {
        out_.artifact_write(t.artifact, p.data, clock.frame);
        t.bytes += p.data.size();
      }
    }
    if (p.data.size() < t.blksize) {
      t.done = true;
      finish(clock, true);
    }
  }

  void ack(Direction dir, const Packet& p, const StreamClock& clock) {
    if (!cur_) return;
    Transfer& t = *cur_;
    if (t.done && p.block == t.last_wire) t.final_acked = true;
    if (!t.read && p.block == 0 && t.requested && !t.answered) {
      // ACK 0 answers a write request: the server takes the file.
      Event& e =
          event(dir, clock, StepKind::Ack, "block " + std::to_string(p.block));
      e.add_field("block", "0");
      e.outcome = Outcome::Intermediate;
      answer(e);
      emit();
    }
    if (t.last_ack == p.block) {
      ++t.dup_acks;
      t.last_ack_duplicated = true;
      Event& e =
          event(dir, clock, StepKind::Ack, "block " + std::to_string(p.block));
      e.add_field("block", std::to_string(p.block));
      e.note = "duplicate ACK";
      emit();
    } else {
      t.last_ack_duplicated = false;
    }
    t.last_ack = p.block;
  }

  void error(Direction dir, const Packet& p, const StreamClock& clock) {
    Event& e = event(dir, clock, StepKind::Reply, p.error_message);
    e.code = p.error_code;
    e.status = "ERROR";
    e.outcome = Outcome::Failure;
    answer(e);
    emit();
    out_.finding(
        findings::make(findings::kTftpError, clock.frame, p.error_message));
    if (!cur_ || cur_->closed) return;
    cur_->error = true;
    cur_->verdict = std::string("error ") + std::to_string(p.error_code) +
                    " (" + tftp::error_name(p.error_code) +
                    "): " + p.error_message;
    if (cur_->artifact_out == &out_) finish(clock, false);
  }

  // Closes the artifact with its verdict and reports the transfer.
  void finish(const StreamClock& clock, bool complete) {
    Transfer& t = *cur_;
    if (t.artifact_out != &out_ || t.closed) return;
    std::string note;
    if (t.error)
      note = t.verdict;
    else if (!complete)
      note = "truncated: the last block (shorter than " +
             std::to_string(t.blksize) + " bytes) was not seen after block " +
             std::to_string(t.last_block);
    if (t.missing_blocks)
      note += std::string(note.empty() ? "" : "; ") +
              "incomplete: " + std::to_string(t.missing_blocks) +
              " blocks missing";
    if (note.empty() && t.tsize >= 0 && !t.netascii &&
        static_cast<uint64_t>(t.tsize) != t.bytes)
      note = std::to_string(t.bytes) + " bytes, but tsize announced " +
             std::to_string(t.tsize);
    out_.artifact_close(t.artifact, note);
    std::string text = (note.empty() ? std::string("complete") : note) + ": " +
                       std::to_string(t.bytes) + " bytes in " +
                       std::to_string(t.blocks) + " blocks";
    if (t.duplicates)
      text += ", " + std::to_string(t.duplicates) + " duplicate blocks";
    if (t.dup_acks)
      text += ", " + std::to_string(t.dup_acks) + " duplicate ACKs";
    if (t.wraps)
      text += ", block number wrapped " + std::to_string(t.wraps) + " times";
    if (t.apprentice) text += "; Sorcerer's Apprentice Syndrome seen";
    Event& e =
        event(t.read ? Direction::ServerToClient : Direction::ClientToServer,
              clock, StepKind::Transfer, std::move(text));
    e.command = t.read ? "RRQ" : "WRQ";
    e.args = t.file;
    if (!t.file.empty()) e.add_field("filename", t.file);
    e.add_field("bytes", std::to_string(t.bytes));
    e.add_field("blocks", std::to_string(t.blocks));
    e.add_field("complete", note.empty() ? "yes" : "no");
    e.outcome = note.empty() ? Outcome::Success : Outcome::Failure;
    emit();
    t.closed = true;
  }

  DissectorOutput& out_;
  std::shared_ptr<Transfer> cur_;
  std::string info_, text_;
  Event pending_;
  bool named_ = false;
  /// The request this dissector's own session carried, and its step.
  const Transfer* request_of_ = nullptr;
  StepIndex request_step_ = kNoStep;
};

}  // namespace

DissectorInfo tftp_dissector_info() {
  DissectorInfo info;
  info.name = "tftp";
  info.udp_ports = {69};
  info.datagrams = true;
  info.make = [](DissectorOutput& out) {
    return std::make_unique<TftpDissector>(out, nullptr);
  };
  return info;
}

}  // namespace tracelab
