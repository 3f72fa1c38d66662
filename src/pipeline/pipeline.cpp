// SPDX-License-Identifier: GPL-2.0-or-later
//
// The main loop.  One record at a time: filter, decode, flow table (which
// reassembles and runs dissectors), then the columns, then the frame sink.
// All per-record state lives in objects reused across records, so the loop
// allocates nothing once warmed up.
#include "tracelab/pipeline.hpp"

#include <atomic>
#include <csignal>
#include <memory>
#include <set>
#include <utility>

#include "../columns/info.hpp"
#include "handoff.hpp"
#include "progress.hpp"
#include "tracelab/bpf.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

std::atomic<bool> g_stop{false};

// Collects the columns an application dissector sets for the frame being
// processed.  Dissectors may only name the current frame: earlier frames
// have already been written out (the packet list streams, as tshark's does
// in one pass).
class CurrentFrameColumns final : public FrameSummarySink {
 public:
  void begin(uint64_t frame) {
    frame_ = frame;
    set_ = false;
  }
  void frame_summary(uint64_t frame, std::string_view protocol,
                     std::string_view info) override {
    if (frame != frame_) return;
    protocol_.assign(protocol);
    info_.assign(info);
    set_ = true;
  }
  bool set() const { return set_; }
  const std::string& protocol() const { return protocol_; }
  const std::string& info() const { return info_; }

 private:
  uint64_t frame_ = 0;
  bool set_ = false;
  std::string protocol_, info_;
};

void custom_block_columns(const Record& rec, std::string& protocol,
                          std::string& info) {
  protocol = "PCAPNG";
  info = "Custom Block: PEN = ";
  // The one enterprise number a capture file is likely to carry in tests;
  // others print as numbers (tshark names them from the IANA registry).
  if (rec.custom_pen == 32473)
    info += "Example Enterprise Number for Documentation Use (32473)";
  else
    append_uint(info, rec.custom_pen);
  info += rec.custom_copyable ? ", will be copied" : ", will not be copied";
}

// "link type 147", or "link type LINUX_SLL (113)" when it has a name.
std::string link_type_phrase(uint32_t link_type) {
  const std::string number = std::to_string(link_type);
  const std::string name = link_type_name(link_type);
  if (name.ends_with(" " + number)) return name;  // no name of its own
  return "link type " + name + " (" + number + ")";
}

}  // namespace

void request_pipeline_stop() {
  g_stop.store(true, std::memory_order_relaxed);
}

struct Pipeline::State {
  State(const PipelineOptions& o, FrameSink* f, SessionSink* s,
        ArtifactLane* lane)
      : columns_wanted(o.columns),
        max_frames(o.max_frames),
        frames(f),
        sessions(s),
        // Dissectors see the key logs given on the command line and, as they
        // are read, those of the capture's Decryption Secrets Blocks.
        settings(o.dissector_settings),
        flows(flow_options(o, settings, lane), s, &app_columns) {
    if (!o.bpf.empty()) filter = std::make_unique<BpfFilter>(o.bpf);
    protocol.reserve(64);
    info.reserve(1024);
  }
  static FlowTable::Options flow_options(const PipelineOptions& o,
                                         const DissectorSettings& settings,
                                         ArtifactLane* lane) {
    FlowTable::Options flow_opt = o.flow;
    flow_opt.settings = &settings;
    flow_opt.artifact_lane = lane;
    return flow_opt;
  }

  void process(const Record& rec);
  void columns(bool transport);

  // What the run needs of its options, copied: a host (the Wireshark
  // plugin) may let its PipelineOptions go once the pipeline is built.
  const bool columns_wanted;
  const uint64_t max_frames;
  FrameSink* frames;
  SessionSink* sessions;
  PipelineResult result;
  CurrentFrameColumns app_columns;
  DissectorSettings settings;
  FlowTable flows;
  Defragmenter defrag;
  NetworkColumnState network_columns;  // echo request/reply, ARP duplicates
  std::unique_ptr<BpfFilter> filter;

  DecodedPacket pkt;
  FlowFrameResult flow_result;
  std::string protocol, info;
  std::set<uint32_t> unsupported_interfaces;

  uint64_t number = 0;
  bool have_first_ts = false;
  int64_t first_ts = 0, last_ts = 0;
  bool finished = false;
};

Pipeline::Pipeline(const PipelineOptions& opt, FrameSink* frames,
                   SessionSink* sessions, ArtifactLane* lane)
    : st_(std::make_unique<State>(opt, frames, sessions, lane)) {}

Pipeline::~Pipeline() = default;

void Pipeline::add_keylog(std::string_view text) {
  st_->settings.keylogs.add(text);
}

uint64_t Pipeline::frames() const {
  return st_->number;
}

bool Pipeline::push(const Record& rec) {
  State& st = *st_;
  ++st.result.records;
  st.process(rec);
  return !(st.max_frames && st.number >= st.max_frames);
}

void Pipeline::State::process(const Record& rec) {
  // Numbers and times count every frame of the capture, matching the
  // filter or not: frame N is Wireshark's frame N, at Wireshark's time.
  ++number;
  int64_t delta_ns = 0;
  if (rec.has_timestamp) {
    if (!have_first_ts) first_ts = last_ts = rec.ts_ns, have_first_ts = true;
    delta_ns = rec.ts_ns - last_ts;
    last_ts = rec.ts_ns;
  }
  if (filter && !filter->matches(rec)) return;
  ++result.frames_shown;
  result.bytes += rec.caplen;
  if (sessions) sessions->clock(last_ts);

  FrameView view;
  view.number = number;
  view.rel_ns = have_first_ts ? last_ts - first_ts : 0;
  view.delta_ns = delta_ns;
  view.record = &rec;

  if (rec.kind != RecordKind::Packet) {
    if (frames && columns_wanted) {
      if (rec.kind == RecordKind::CustomBlock)
        custom_block_columns(rec, protocol, info);
      else
        protocol.clear(), info.clear();
    }
    view.protocol = protocol;
    view.info = info;
    if (frames) frames->frame(view);
    return;
  }

  const bool decoded = decode_packet(rec, pkt, &defrag);
  view.packet = &pkt;
  if (!decoded) {
    if (unsupported_interfaces.insert(rec.interface_id).second) {
      result.warnings.push_back("interface " +
                                std::to_string(rec.interface_id) + ": " +
                                link_type_phrase(rec.link_type) +
                                " is not supported; its frames are listed "
                                "undecoded");
    }
    if (frames) {
      protocol = link_type_name(rec.link_type);
      info.clear();
      view.protocol = protocol;
      view.info = info;
      frames->frame(view);
    }
    return;
  }

  const bool transport = !pkt.is_fragment && !pkt.malformed &&
                         (pkt.l4 == L4::Tcp || pkt.l4 == L4::Udp);
  if (transport) {
    app_columns.begin(number);
    flows.process(number, last_ts, pkt, flow_result);
    view.flow = &flow_result;
  }
  if (!frames) return;
  if (columns_wanted) columns(transport);
  view.protocol = protocol;
  view.info = info;
  frames->frame(view);
}

// The Protocol and Info columns of a decoded frame, as tshark shows them.
void Pipeline::State::columns(bool transport) {
  // tshark hands a segment to the protocol above only when it brings new
  // bytes: retransmitted, out-of-order and empty segments keep TCP's columns
  // even when our reassembly delivered buffered bytes (or gave up waiting
  // for a hole) in their frame.
  const bool app_frame = !flow_result.is_tcp ||
                         (pkt.payload_wire_len > 0 &&
                          !(flow_result.tcp.notes &
                            (kNoteRetransmission | kNoteSpuriousRetransmission |
                             kNoteOutOfOrder)));
  if (transport && app_frame && app_columns.set()) {
    protocol = app_columns.protocol();
    info.clear();
    // tshark keeps TCP's analysis notes in front of the protocol's Info.
    if (flow_result.is_tcp) append_tcp_notes(flow_result.tcp, info);
    info += app_columns.info();
  } else if (transport && app_frame && flow_result.pdu_began) {
    // A message starts here and is not finished: the protocol above took
    // the segment but wrote nothing yet (tshark clears Info).
    protocol = "TCP";
    info.clear();
    append_tcp_notes(flow_result.tcp, info);
    info += "[TCP segment of a reassembled PDU]";
  } else if (transport && flow_result.is_tcp) {
    protocol = "TCP";
    format_tcp_info(pkt, flow_result.tcp, info);
    // An out-of-order segment that fills a hole is new data for the
    // unfinished message too (a retransmission is not).
    const bool fills_hole =
        pkt.payload_wire_len > 0 && (flow_result.tcp.notes & kNoteOutOfOrder) &&
        !(flow_result.tcp.notes &
          (kNoteRetransmission | kNoteSpuriousRetransmission));
    if (flow_result.mid_pdu && (app_frame || fills_hole))
      info += " [TCP segment of a reassembled PDU]";
  } else {
    format_network_columns(
        pkt, transport && flow_result.is_udp ? &flow_result.udp : nullptr,
        number, network_columns, protocol, info);
  }
}

PipelineResult Pipeline::finish() {
  State& st = *st_;
  if (st.finished) return st.result;
  st.finished = true;
  if (st.filter)
    for (const auto& w : st.filter->warnings()) st.result.warnings.push_back(w);
  if (st.frames) st.frames->finish();
  st.flows.finish(st.number, st.last_ts);
  st.result.flow = st.flows.stats();
  st.result.defrag = st.defrag.stats();
  return st.result;
}

PipelineResult run_pipeline(CaptureSource& src, const PipelineOptions& opt,
                            FrameSink* frames, SessionSink* sessions) {
  g_stop.store(false, std::memory_order_relaxed);
  // Declared before the pipeline, so that it outlives whatever the
  // pipeline hands it while being unwound.
  std::unique_ptr<Handoff> handoff;
  if (opt.threads > 1 && (frames || sessions || opt.flow.artifacts)) {
    handoff = std::make_unique<Handoff>(frames, sessions, opt.flow.artifacts);
    frames = handoff->frames();
    sessions = handoff->sessions();
  }
  Pipeline pipeline(opt, frames, sessions, handoff ? handoff->lane() : nullptr);
  ProgressLine progress(opt.progress);
  std::vector<std::string> source_warnings;
  size_t secrets_seen = 0;
  uint64_t records = 0;
  Record rec;
  while (!g_stop.load(std::memory_order_relaxed) && src.next(rec)) {
    for (; secrets_seen < src.secrets().size(); ++secrets_seen)
      if (src.secrets()[secrets_seen].secrets_type == 0x544c534b)  // "TLSK"
        pipeline.add_keylog(src.secrets()[secrets_seen].data);
    progress.tick(++records, src.bytes_consumed(), src.total_bytes());
    for (auto& w : src.warnings()) source_warnings.push_back(std::move(w));
    src.warnings().clear();
    if (!pipeline.push(rec)) break;
  }
  progress.clear();
  for (auto& w : src.warnings()) source_warnings.push_back(std::move(w));
  src.warnings().clear();

  PipelineResult result = pipeline.finish();
  if (handoff) handoff->close();
  result.interrupted = g_stop.load(std::memory_order_relaxed);
  if (src.error()) result.error = src.error();
  // The reader's warnings first, as they were found before the stages'.
  source_warnings.insert(source_warnings.end(),
                         std::make_move_iterator(result.warnings.begin()),
                         std::make_move_iterator(result.warnings.end()));
  result.warnings = std::move(source_warnings);
  return result;
}

}  // namespace tracelab
