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

#include "../output/info.hpp"
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

}  // namespace

void request_pipeline_stop() {
  g_stop.store(true, std::memory_order_relaxed);
}

PipelineResult run_pipeline(CaptureSource& src, const PipelineOptions& opt,
                            FrameSink* frames, SessionSink* sessions) {
  g_stop.store(false, std::memory_order_relaxed);
  PipelineResult result;
  CurrentFrameColumns app_columns;
  // Dissectors see the key logs given on the command line and, as they are
  // read, those of the capture's Decryption Secrets Blocks.
  DissectorSettings settings = opt.dissector_settings;
  size_t secrets_seen = 0;
  FlowTable::Options flow_opt = opt.flow;
  flow_opt.settings = &settings;
  FlowTable flows(flow_opt, sessions, &app_columns);
  Defragmenter defrag;
  NetworkColumnState network_columns;  // echo request/reply, ARP duplicates
  ProgressLine progress(opt.progress);

  std::unique_ptr<BpfFilter> filter;
  if (!opt.bpf.empty()) filter = std::make_unique<BpfFilter>(opt.bpf);

  Record rec;
  DecodedPacket pkt;
  FlowFrameResult flow_result;
  std::string protocol, info;
  protocol.reserve(64);
  info.reserve(1024);
  std::set<uint32_t> unsupported_interfaces;

  uint64_t number = 0;
  bool have_first_ts = false;
  int64_t first_ts = 0, last_ts = 0;

  while (!g_stop.load(std::memory_order_relaxed) && src.next(rec)) {
    for (; secrets_seen < src.secrets().size(); ++secrets_seen)
      if (src.secrets()[secrets_seen].secrets_type == 0x544c534b)  // "TLSK"
        settings.keylogs.add(src.secrets()[secrets_seen].data);
    ++result.records;
    progress.tick(result.records, src.bytes_consumed(), src.total_bytes());
    if (!src.warnings().empty()) {
      for (auto& w : src.warnings()) result.warnings.push_back(std::move(w));
      src.warnings().clear();
    }
    if (filter && !filter->matches(rec)) continue;
    ++number;
    ++result.frames_shown;
    result.bytes += rec.caplen;
    if (rec.has_timestamp) {
      if (!have_first_ts) first_ts = rec.ts_ns, have_first_ts = true;
      last_ts = rec.ts_ns;
    }
    if (sessions) sessions->clock(last_ts);

    FrameView view;
    view.number = number;
    view.rel_ns = have_first_ts ? last_ts - first_ts : 0;
    view.record = &rec;

    if (rec.kind == RecordKind::CustomBlock) {
      if (frames && opt.columns) custom_block_columns(rec, protocol, info);
      view.protocol = protocol;
      view.info = info;
      if (frames) frames->frame(view);
      continue;
    }

    const bool decoded = decode_packet(rec, pkt, &defrag);
    view.packet = &pkt;
    if (!decoded) {
      if (unsupported_interfaces.insert(rec.interface_id).second) {
        result.warnings.push_back(
            "interface " + std::to_string(rec.interface_id) + ": link type " +
            link_type_name(rec.link_type) + " (" +
            std::to_string(rec.link_type) +
            ") is not supported; its frames are listed undecoded");
      }
      if (frames) {
        protocol = link_type_name(rec.link_type);
        info.clear();
        view.protocol = protocol;
        view.info = info;
        frames->frame(view);
      }
      continue;
    }

    const bool transport = !pkt.is_fragment && !pkt.malformed &&
                           (pkt.l4 == L4::Tcp || pkt.l4 == L4::Udp);
    if (transport) {
      app_columns.begin(number);
      flows.process(number, last_ts, pkt, flow_result);
      view.flow = &flow_result;
    }

    if (frames) {
      if (opt.columns) {
        // tshark hands a segment to the protocol above only when it brings
        // new bytes: retransmitted, out-of-order and empty segments keep
        // TCP's columns even when our reassembly delivered buffered bytes
        // (or gave up waiting for a hole) in their frame.
        const bool app_frame =
            !flow_result.is_tcp ||
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
          // A message starts here and is not finished: the protocol above
          // took the segment but wrote nothing yet (tshark clears Info).
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
              pkt.payload_wire_len > 0 &&
              (flow_result.tcp.notes & kNoteOutOfOrder) &&
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
      view.protocol = protocol;
      view.info = info;
      frames->frame(view);
    }
    if (opt.max_frames && number >= opt.max_frames) break;
  }
  progress.clear();

  result.interrupted = g_stop.load(std::memory_order_relaxed);
  if (src.error()) result.error = src.error();
  for (auto& w : src.warnings()) result.warnings.push_back(std::move(w));
  src.warnings().clear();
  if (filter)
    for (const auto& w : filter->warnings()) result.warnings.push_back(w);

  if (frames) frames->finish();
  flows.finish(number, last_ts);
  result.flow = flows.stats();
  result.defrag = defrag.stats();
  return result;
}

}  // namespace tracelab
