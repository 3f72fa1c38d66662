// SPDX-License-Identifier: GPL-2.0-or-later
//
// The protocol inside the tunnel.  Decrypted application data goes to an
// inner dissector, given (STARTTLS: the dissector that handed the stream
// over) or chosen on the first plaintext by ALPN, then by the server port
// (DissectorInfo::tls_ports), then by the registry's content probes.  It is
// driven as the flow layer drives a dissector (unconsumed tails kept and
// re-presented, `need` honoured, a bound on what is held), and its reports go
// into TLS's columns (tls_columns.hpp) as tshark's would: a delivery's Info
// clears what TLS wrote for the frame, and a record that completes nothing
// (the inner dissector consumed nothing, or is still in the middle of its
// message) reads "[TLS segment of a reassembled PDU]" under TLS's protocol.
// A record that completes a PDU whose exact length was asked for and goes
// on to more is delivered in two pieces with a fence between them, as
// tshark's TLS reassembly does.
#pragma once

#include <memory>
#include <string>

#include "tls_columns.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab::tls {

class InnerStreams final : public DissectorOutput, private PacketColumns {
 public:
  InnerStreams(DissectorOutput& out, Columns& cols,
               std::unique_ptr<Dissector> inner)
      : out_(out), cols_(cols), inner_(std::move(inner)) {}

  /// Plaintext application data from `dir` (one record's).  `alpn` is the
  /// negotiated one; `tls_protocol` names TLS in the Protocol column.
  void deliver(Direction dir, std::span<const uint8_t> bytes,
               const std::string& alpn, const StreamClock& clock,
               std::string_view tls_protocol);
  void gap(Direction dir, uint64_t bytes, const StreamClock& clock);
  void end(EndReason why, const StreamClock& clock);
  /// A handed-over inner dissector described `frame` to the session
  /// itself: TLS's columns must not overwrite it.
  bool described(uint64_t frame) const { return described_ == frame; }
  bool active() const { return inner_ != nullptr; }

  // DissectorOutput, for the inner dissector.
  StepIndex event(Event&& e) override { return out_.event(std::move(e)); }
  void finding(Finding&& f) override { out_.finding(std::move(f)); }
  void offer_key(std::string_view key) override { out_.offer_key(key); }
  std::optional<uint64_t> refer_key(std::string_view key, LinkWhy mine,
                                    LinkWhy theirs) override {
    return out_.refer_key(key, mine, theirs);
  }
  void await(Session::Awaiting&& a) override { out_.await(std::move(a)); }
  uint32_t artifact_open(Artifact&& meta, uint64_t frame) override {
    return out_.artifact_open(std::move(meta), frame);
  }
  void artifact_write(uint32_t h, std::span<const uint8_t> b,
                      uint64_t frame) override {
    out_.artifact_write(h, b, frame);
  }
  void artifact_close(uint32_t h, std::string_view note) override {
    out_.artifact_close(h, note);
  }
  void set_protocol(std::string_view protocol) override {
    out_.set_protocol(protocol);
  }
  bool reserve(uint64_t bytes) override { return out_.reserve(bytes); }
  void release(uint64_t bytes) override { out_.release(bytes); }
  /// This proxy, which merges the inner protocol's Info into TLS's, when
  /// the session has columns at all.
  PacketColumns* columns() override { return out_.columns() ? this : nullptr; }
  const DissectorSettings& settings() const override { return out_.settings(); }
  void expect(ExpectedConnection&& what, int64_t ts_ns) override {
    out_.expect(std::move(what), ts_ns);
  }
  Endpoint client_end() const override { return out_.client_end(); }
  Endpoint server_end() const override { return out_.server_end(); }

 private:
  // PacketColumns, for the inner dissector.
  void frame_summary(uint64_t frame, std::string_view protocol,
                     std::string_view info) override;
  uint64_t summaries() const override { return out_.columns()->summaries(); }

  void choose(Direction dir, std::span<const uint8_t> first,
              const std::string& alpn);
  /// Hands `bytes` (after the held tail) to the inner dissector once.
  void run(Direction dir, std::span<const uint8_t> bytes,
           const StreamClock& clock, std::string_view tls_protocol);
  void segment_marker(std::string_view tls_protocol);
  DissectorOutput& out_;
  Columns& cols_;
  std::unique_ptr<Dissector> inner_;
  bool chosen_ = false;
  std::string tail_[2];
  size_t need_[2] = {0, 0};
  uint64_t described_ = 0;
  // Within a delivery: whether the inner dissector wrote the frame's Info
  // yet, and where its text starts.
  bool delivering_ = false;
  bool wrote_ = false;
  size_t base_ = 0;
};

}  // namespace tracelab::tls
