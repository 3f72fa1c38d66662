// SPDX-License-Identifier: GPL-2.0-or-later
//
// Packet-list columns (Protocol, Info) for the layers below the application
// protocols, written as tshark 4.0 writes them with -n.  Application
// dissectors set their own columns through PacketColumns::frame_summary.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tracelab/decode.hpp"
#include "tracelab/flow.hpp"

namespace tracelab {

/// Protocol and Info for a frame that is not TCP (ARP, ICMP, ICMPv6, UDP,
/// IP fragments, other IP protocols, non-IP frames).  `protocol` and `info`
/// are cleared and filled.  `udp` is non-null for UDP datagrams.
void format_network_columns(const DecodedPacket& p, const UdpFrameAnalysis* udp,
                            std::string& protocol, std::string& info);

/// What tshark remembers from earlier frames for the columns above: ICMP
/// and ICMPv6 echo requests awaiting a reply (for "(request in N)") and the
/// IPv4-to-MAC bindings ARP has shown (for "(duplicate use of X
/// detected!)").  One per capture; memory is bounded.
class NetworkColumnState {
 public:
  NetworkColumnState();
  ~NetworkColumnState();
  NetworkColumnState(const NetworkColumnState&) = delete;
  NetworkColumnState& operator=(const NetworkColumnState&) = delete;
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

/// As above, adding the notes tshark derives from earlier frames; `frame`
/// is this frame's number.  Call it for every non-TCP frame, in order.
void format_network_columns(const DecodedPacket& p, const UdpFrameAnalysis* udp,
                            uint64_t frame, NetworkColumnState& state,
                            std::string& protocol, std::string& info);

/// Info for a TCP segment: "[notes] 45208 → 80 [SYN, ACK] Seq=0 Ack=1
/// Win=64240 Len=0 MSS=1460 SACK_PERM TSval=… TSecr=… WS=128".  `info` is
/// cleared and filled.
void format_tcp_info(const DecodedPacket& p, const TcpFrameAnalysis& a,
                     std::string& info);

/// The analysis notes tshark puts before the Info of a TCP segment ("[TCP
/// Previous segment not captured] "), also before an application protocol's
/// Info.  Appended to `info`.
void append_tcp_notes(const TcpFrameAnalysis& a, std::string& info);

}  // namespace tracelab
