// SPDX-License-Identifier: GPL-2.0-or-later
//
// A TCP dialog written as a pcap for the command-line tests: handshake,
// then one segment per line group in the order given, client 10.0.0.1,
// server 10.0.0.2 (the ports choose the dissector), one second apart.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "../decode/packet_builder.hpp"
#include "tracelab/decode.hpp"

namespace tracelab::test {

class TcpDialog {
 public:
  TcpDialog(uint16_t client_port, uint16_t server_port)
      : cport_(client_port), sport_(server_port) {
    add(true, kTcpSyn, {});
    ++cseq_;
    add(false, kTcpSyn | kTcpAck, {});
    ++sseq_;
    add(true, kTcpAck, {});
  }
  TcpDialog& client(const std::string& text) { return say(true, text); }
  TcpDialog& server(const std::string& text) { return say(false, text); }
  void write(const std::filesystem::path& p) const { write_pcap(p, frames_); }
  const std::vector<Bytes>& frames() const { return frames_; }

 private:
  TcpDialog& say(bool from_client, const std::string& text) {
    add(from_client, kTcpPsh | kTcpAck, Bytes(text.begin(), text.end()));
    (from_client ? cseq_ : sseq_) += static_cast<uint32_t>(text.size());
    return *this;
  }
  void add(bool from_client, uint16_t flags, const Bytes& payload) {
    Ipv4Options o;
    o.src_last = from_client ? 1 : 2;
    o.dst_last = from_client ? 2 : 1;
    const Bytes seg =
        from_client ? tcp(cport_, sport_, cseq_, sseq_, flags, {}, payload)
                    : tcp(sport_, cport_, sseq_, cseq_, flags, {}, payload);
    frames_.push_back(ethernet(0x0800, ipv4(6, seg, o)));
  }
  uint16_t cport_, sport_;
  uint32_t cseq_ = 1000, sseq_ = 5000;
  std::vector<Bytes> frames_;
};

}  // namespace tracelab::test
