// SPDX-License-Identifier: GPL-2.0-or-later
#include "flow_harness.hpp"

namespace tracelab::test {

namespace {

class RecordingDissector : public Dissector {
 public:
  RecordingDissector(std::shared_ptr<Recording> r, ConsumePolicy policy)
      : r_(std::move(r)), policy_(std::move(policy)) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock&) override {
    const size_t d = static_cast<size_t>(dir);
    r_->presented[d].push_back(data.size());
    r_->pointers[d].push_back(data.data());
    Consumed c{data.size(), 0};
    if (policy_) c = policy_(dir, data);
    r_->dir[d].append(reinterpret_cast<const char*>(data.data()), c.bytes);
    return c;
  }
  void on_gap(Direction dir, uint64_t bytes, const StreamClock&) override {
    r_->dir[static_cast<size_t>(dir)] +=
        "[" + std::to_string(bytes) + " missing]";
  }
  void on_held(Direction dir, uint64_t bytes,
               const StreamClock& clock) override {
    r_->held[static_cast<size_t>(dir)].emplace_back(clock.frame, bytes);
  }
  void on_end(EndReason why, const StreamClock&) override {
    r_->ended = true;
    r_->why = why;
  }

 private:
  std::shared_ptr<Recording> r_;
  ConsumePolicy policy_;
};

IpAddr v4(uint8_t last) {
  IpAddr a;
  a.family = 4;
  a.bytes[0] = 10;
  a.bytes[3] = last;
  return a;
}

}  // namespace

std::vector<DissectorInfo> recording_registry(
    std::vector<std::shared_ptr<Recording>>& out, ConsumePolicy policy) {
  DissectorInfo info;
  info.name = "recorder";
  info.probe = [](Direction, std::span<const uint8_t>) { return true; };
  info.make = [&out, policy](DissectorOutput&) -> std::unique_ptr<Dissector> {
    out.push_back(std::make_shared<Recording>());
    return std::make_unique<RecordingDissector>(out.back(), policy);
  };
  // It records both transports: once as a stream dissector, once for UDP.
  DissectorInfo datagrams = info;
  datagrams.datagrams = true;
  return {info, datagrams};
}

FlowHarness::FlowHarness(ReassemblyLimits limits, ConsumePolicy policy,
                         bool dissect) {
  registry = recording_registry(recordings, std::move(policy));
  FlowTable::Options opt;
  opt.limits = limits;
  opt.registry = &registry;
  opt.dissect = dissect;
  table = std::make_unique<FlowTable>(opt, this, nullptr);
  options = opt;
}

FlowHarness& FlowHarness::no_steps() {
  options.keep_events = false;
  table = std::make_unique<FlowTable>(options, this, nullptr);
  return *this;
}

FlowFrameResult FlowHarness::tcp(bool c2s, uint32_t seq, uint32_t ack,
                                 uint16_t flags, const std::string& payload,
                                 uint32_t wirelen) {
  DecodedPacket p = base(c2s, L4::Tcp, payload);
  p.tcp.seq = seq;
  p.tcp.ack = ack;
  p.tcp.flags = flags;
  p.tcp.window = 65535;
  p.tcp.header_len = 20;
  if (wirelen) p.payload_wire_len = wirelen;
  return send(p);
}

FlowFrameResult FlowHarness::udp(bool c2s, const std::string& payload) {
  return send(base(c2s, L4::Udp, payload));
}

DecodedPacket FlowHarness::base(bool c2s, L4 l4,
                                const std::string& payload) const {
  DecodedPacket p;
  p.l3 = L3::Ipv4;
  p.l4 = l4;
  p.src = v4(c2s ? 1 : 2);
  p.dst = v4(c2s ? 2 : 1);
  p.sport = c2s ? client_port : server_port;
  p.dport = c2s ? server_port : client_port;
  p.payload = reinterpret_cast<const uint8_t*>(payload.data());
  p.payload_len = p.payload_wire_len = static_cast<uint32_t>(payload.size());
  return p;
}

FlowFrameResult FlowHarness::send(const DecodedPacket& p) {
  FlowFrameResult out;
  ts += step_ns;
  table->process(++frame, ts, p, out);
  return out;
}

void FlowHarness::handshake(uint32_t cisn, uint32_t sisn) {
  tcp(true, cisn, 0, kTcpSyn);
  tcp(false, sisn, cisn + 1, kTcpSyn | kTcpAck);
  tcp(true, cisn + 1, sisn + 1, kTcpAck);
}

}  // namespace tracelab::test
