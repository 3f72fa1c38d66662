// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the flow table, mostly its TCP side: the input is read as tight memory
// limits, a dissector behaviour and a sequence of synthetic segments
// (direction, flags, sequence and acknowledgement offsets near the ISNs so that
// overlaps, holes, wrap-around and port reuse are common, lengths, snaplen
// cuts, time steps).  Besides the sanitizers it checks the memory bounds hold
// after every segment and that finish() releases every buffered byte.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "tracelab/flow.hpp"

using namespace tracelab;

namespace {

struct Input {
  const uint8_t* p;
  size_t n;
  uint8_t u8() {
    if (n == 0) return 0;
    --n;
    return *p++;
  }
  uint16_t u16() { return static_cast<uint16_t>(u8() << 8 | u8()); }
  uint32_t u32() { return static_cast<uint32_t>(u16()) << 16 | u16(); }
};

struct Sink : SessionSink, FrameSummarySink {
  void session_done(Session&& s) override {
    if (s.end_reason == EndReason::Open) std::abort();
  }
  void frame_summary(uint64_t, std::string_view, std::string_view) override {}
};

// Consumes by a rule picked from the input: everything, nothing, half, or
// length-prefixed records with a `need`.
class FuzzDissector : public Dissector {
 public:
  explicit FuzzDissector(uint8_t mode) : mode_(mode) {}
  Consumed on_data(Direction, std::span<const uint8_t> d,
                   const StreamClock&) override {
    if (ended_ || d.empty()) std::abort();  // no data after the end
    switch (mode_ % 4) {
      case 0: return {d.size(), 0};
      case 1: return {0, 0};
      case 2: return {d.size() / 2, 0};
      default: {
        size_t used = 0;
        while (used < d.size()) {
          const size_t len = 1 + d[used] % 64u;
          if (d.size() - used < len) return {used, len};
          used += len;
        }
        return {used, 0};
      }
    }
  }
  void on_gap(Direction, uint64_t bytes, const StreamClock&) override {
    if (ended_ || bytes == 0) std::abort();
  }
  void on_end(EndReason, const StreamClock&) override { ended_ = true; }

 private:
  uint8_t mode_;
  bool ended_ = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Input in{data, size};
  FlowTable::Options opt;
  opt.limits.per_flow_bytes = 16 + in.u8() * 8u;
  opt.limits.total_bytes = 64 + in.u16() % 4096u;
  opt.limits.udp_idle_timeout_ns = 1'000'000'000;
  opt.limits.tcp_idle_timeout_ns = 5'000'000'000;
  opt.max_retired_flows = in.u8() % 4;
  opt.max_live_flows = 1 + in.u8() % 4;
  const uint8_t mode = in.u8();
  DissectorInfo info;
  info.name = "fuzz";
  info.tcp_ports = {80};
  info.udp_ports = {80};
  info.probe = [](Direction, std::span<const uint8_t> b) { return b[0] & 1; };
  info.make = [mode](DissectorOutput& out) -> std::unique_ptr<Dissector> {
    out.set_protocol("FUZZ");
    return std::make_unique<FuzzDissector>(mode);
  };
  const std::vector<DissectorInfo> registry = {info};
  opt.registry = &registry;
  Sink sink;
  FlowTable table(opt, &sink, &sink);

  uint32_t isn[2] = {in.u32(), in.u32()};
  std::vector<uint8_t> payload;
  DecodedPacket p;
  p.l3 = L3::Ipv4;
  p.l4 = L4::Tcp;
  p.src.family = p.dst.family = 4;
  p.tcp.header_len = 20;
  uint64_t frame = 0;
  int64_t ts = 0;
  while (in.n >= 7) {
    const uint8_t ctl = in.u8();
    const int dir = ctl & 1;
    const uint8_t f = in.u8();
    uint16_t flags = 0;
    if (f & 1) flags |= kTcpSyn;
    if (f & 2) flags |= kTcpFin;
    if ((f & 0x1c) == 0x1c) flags |= kTcpRst;
    if (!(f & 0x20)) flags |= kTcpAck;
    if (f & 0x40) flags |= kTcpPsh;
    // Offsets stay close to the ISNs; a rare flag jumps far (wrap-around,
    // a new ISN for port reuse).
    if (f & 0x80) isn[dir] += in.u32();
    const uint32_t seq = isn[dir] + static_cast<int16_t>(in.u16());
    const uint32_t ack = isn[1 - dir] + static_cast<int16_t>(in.u16());
    const uint32_t len = in.u8();
    const bool conflict = ctl & 2;
    payload.resize(len);
    for (uint32_t i = 0; i < len; ++i)
      payload[i] = static_cast<uint8_t>((seq + i) ^ (conflict ? 0x5a : 0));
    const uint16_t client_port = 1000 + ((ctl >> 2) & 3);  // a few flows
    const uint16_t server_port = (ctl & 0x10) ? 80 : 8080;
    p.src.bytes[3] = dir ? 2 : 1;
    p.dst.bytes[3] = dir ? 1 : 2;
    p.sport = dir ? server_port : client_port;
    p.dport = dir ? client_port : server_port;
    // Now and then a datagram on the same ports: UDP flows share the table.
    p.l4 = (f & 0x1c) == 0x18 ? L4::Udp : L4::Tcp;
    p.tcp.seq = seq;
    p.tcp.ack = ack;
    p.tcp.flags = flags;
    p.payload = payload.data();
    p.payload_len = len;
    p.payload_wire_len = len + ((ctl & 0x20) ? (ctl >> 6) * 100u : 0u);
    ts += (ctl & 0x80) ? 2'000'000'000 : 1000;
    FlowFrameResult out;
    table.process(++frame, ts, p, out);
    const FlowStats& st = table.stats();
    if (st.buffered_bytes > opt.limits.total_bytes) std::abort();
  }
  table.finish(frame, ts);
  if (table.stats().buffered_bytes != 0) std::abort();
  return 0;
}
