// SPDX-License-Identifier: GPL-2.0-or-later
//
// `tracelab live`: the same pipeline as for files, fed by libpcap from an
// interface.  SIGINT/SIGTERM stop it cleanly: the capture loop returns, the
// sessions still open are flushed, -w's file is closed, and a summary of
// what the kernel saw and dropped goes to stderr.
#include <csignal>
#include <cstdio>

#include "commands.hpp"
#include "report.hpp"
#include "tracelab/bpf.hpp"
#include "tracelab/live.hpp"
#include "tracelab/model.hpp"
#include "tracelab/output.hpp"
#include "tracelab/pcapng_writer.hpp"

namespace tracelab::cli {
namespace {

extern "C" void on_stop_signal(int) {
  stop_live_captures();
  request_pipeline_stop();
}

// Passes records through while saving each packet to a pcapng file.
class TeeToPcapng final : public CaptureSource {
 public:
  TeeToPcapng(CaptureSource& in, PcapngWriter& out) : in_(in), out_(out) {}
  bool next(Record& rec) override {
    if (!in_.next(rec)) return false;
    while (declared_ < in_.interfaces().size()) {
      const auto& itf = in_.interfaces()[declared_++];
      out_.add_interface(itf.link_type, itf.snaplen, itf.name);
    }
    if (rec.kind == RecordKind::Packet && !out_.write(rec.interface_id, rec) &&
        !write_failed_) {
      write_failed_ = true;
      warnings_.push_back("writing the capture file failed: " + out_.error());
    }
    return true;
  }
  const std::optional<CaptureError>& error() const override {
    return in_.error();
  }
  const std::vector<InterfaceInfo>& interfaces() const override {
    return in_.interfaces();
  }
  uint64_t bytes_consumed() const override { return in_.bytes_consumed(); }
  uint64_t total_bytes() const override { return 0; }
  CaptureFormat format() const override { return in_.format(); }

 private:
  CaptureSource& in_;
  PcapngWriter& out_;
  size_t declared_ = 0;
  bool write_failed_ = false;
};

}  // namespace

int run_live(const LiveCommandOptions& live, const CommonOptions& o) {
  tracelab::LiveOptions lo;
  lo.interface = live.interface;
  lo.bpf = o.bpf;
  lo.snaplen = static_cast<uint32_t>(live.snaplen);
  lo.promiscuous = !live.no_promisc;
  lo.buffer_bytes = live.buffer_mib << 20;
  CaptureError err;
  auto cap = LiveCapture::open(lo, err);
  if (!cap) {
    report_error(err.to_string());
    return 1;
  }

  PcapngWriter writer;
  std::unique_ptr<TeeToPcapng> tee;
  if (!live.write_path.empty()) {
    if (!writer.open(live.write_path)) {
      report_error(live.write_path + ": " + writer.error());
      return 1;
    }
    tee = std::make_unique<TeeToPcapng>(*cap, writer);
  }
  CaptureSource& src = tee ? static_cast<CaptureSource&>(*tee) : *cap;

  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  PipelineOptions popt;
  if (!pipeline_options(o, o.keylogs, popt)) return 1;
  // Each frame's line as soon as it is seen: no batches to a second thread.
  popt.threads = 1;
  popt.bpf.clear();  // the kernel already applied it
  popt.progress = false;
  OutputOptions oo;
  oo.capture_name = "live:" + live.interface;
  oo.header = !o.no_header;
  oo.show_secrets = o.show_secrets;
  oo.lang = parse_lang(o.lang).value_or(Lang::En);
  oo.width = o.width;
  oo.time_format = time_format_of(o.time_format);
  oo.line_buffered = true;
  std::unique_ptr<FrameSink> frames;
  std::unique_ptr<SessionSink> printer, sessions;
  if (live.sessions) {
    printer = o.json ? make_sessions_json(stdout, oo)
                     : make_sessions_text(stdout, oo);
    sessions = make_session_model(*printer);
    popt.columns = false;
  } else {
    frames = o.json ? make_packet_list_json(stdout, oo)
                    : make_packet_list_text(stdout, oo);
    popt.flow.keep_events = false;
  }
  const PipelineResult r =
      run_pipeline(src, popt, frames.get(), sessions.get());
  if (sessions) sessions->finish();
  std::fflush(stdout);
  if (!live.write_path.empty() && !writer.close())
    report_error(live.write_path + ": " + writer.error());

  std::string summary = std::to_string(r.records) + " packets captured";
  if (auto st = cap->stats()) {
    summary += ", " + std::to_string(st->received) + " received by filter, " +
               std::to_string(st->dropped_kernel) + " dropped by kernel, " +
               std::to_string(st->dropped_interface) + " dropped by interface";
  } else {
    summary += " (the kernel gives no drop counts here)";
  }
  if (!live.write_path.empty())
    summary += "; " + std::to_string(writer.packets_written()) +
               " written to " + live.write_path;
  std::fprintf(stderr, "tracelab: %s\n", summary.c_str());
  return report_result(r);
}

}  // namespace tracelab::cli
