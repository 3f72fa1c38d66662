// SPDX-License-Identifier: GPL-2.0-or-later
//
// The Info column of a TCP segment, as tshark 4.0 writes it with -n.
#include <array>
#include <string_view>

#include "info.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

struct NoteText {
  uint32_t bit;
  std::string_view text;
};

// tshark prepends each note to the column as it reports it, so the last
// one reported comes first; this table is already in display order.
// Duplicate ACKs carry numbers and are handled where kNoteDupAck sits.
constexpr std::array<NoteText, 15> kNotesInDisplayOrder{{
    {kNoteZeroWindowProbeAck, "[TCP ZeroWindowProbeAck] "},
    {kNoteZeroWindow, "[TCP ZeroWindow] "},
    {kNoteZeroWindowProbe, "[TCP ZeroWindowProbe] "},
    {kNoteDupAck, {}},
    {kNoteKeepAliveAck, "[TCP Keep-Alive ACK] "},
    {kNoteKeepAlive, "[TCP Keep-Alive] "},
    {kNoteWindowFull, "[TCP Window Full] "},
    {kNoteWindowUpdate, "[TCP Window Update] "},
    {kNoteAckedUnseenSegment, "[TCP ACKed unseen segment] "},
    {kNotePrevSegmentNotCaptured, "[TCP Previous segment not captured] "},
    {kNoteOutOfOrder, "[TCP Out-Of-Order] "},
    {kNoteSpuriousRetransmission, "[TCP Spurious Retransmission] "},
    {kNoteFastRetransmission, "[TCP Fast Retransmission] "},
    {kNoteRetransmission, "[TCP Retransmission] "},
    {kNotePortNumbersReused, "[TCP Port numbers reused] "},
}};

struct FlagName {
  uint16_t bit;
  std::string_view name;
};

constexpr std::array<FlagName, 9> kFlagNames{{
    {kTcpFin, "FIN"},
    {kTcpSyn, "SYN"},
    {kTcpRst, "RST"},
    {kTcpPsh, "PSH"},
    {kTcpAck, "ACK"},
    {kTcpUrg, "URG"},
    {kTcpEce, "ECE"},
    {kTcpCwr, "CWR"},
    {kTcpAe, "AE"},
}};
constexpr uint16_t kReservedFlags = 0x0e00;
constexpr unsigned kMinHeaderLen = 20;
constexpr unsigned kMaxWindowShift = 14;

void append_notes(const TcpFrameAnalysis& a, std::string& info) {
  for (const NoteText& n : kNotesInDisplayOrder) {
    if (!(a.notes & n.bit)) continue;
    if (n.bit != kNoteDupAck) {
      info += n.text;
      continue;
    }
    if (a.dup_ack_count == 0) continue;
    info += "[TCP Dup ACK ";
    append_uint(info, a.dup_ack_of_frame);
    info += '#';
    append_uint(info, a.dup_ack_count);
    info += "] ";
  }
}

void append_flags(uint16_t flags, std::string& info) {
  info += " [";
  bool first = true;
  auto name = [&](std::string_view s) {
    if (!first) info += ", ";
    info += s;
    first = false;
  };
  for (const FlagName& f : kFlagNames)
    if (flags & f.bit) name(f.name);
  if (flags & kReservedFlags) name("Reserved");
  if (first) info += "<None>";
  info += ']';
}

void append_field(std::string& info, std::string_view label, uint64_t v) {
  info += ' ';
  info += label;
  info += '=';
  append_uint(info, v);
}

void append_options(const TcpHeader& h, uint32_t sack_base, std::string& info) {
  bool sack_done = false;
  for (uint8_t i = 0; i < h.option_count && i < h.options.size(); ++i) {
    switch (h.options[i].kind) {
      case TcpOptKind::Mss: append_field(info, "MSS", h.mss); break;
      case TcpOptKind::WindowScale: {
        const unsigned shift =
            h.wscale > kMaxWindowShift ? kMaxWindowShift : h.wscale;
        append_field(info, "WS", 1u << shift);
        break;
      }
      case TcpOptKind::SackPerm: info += " SACK_PERM"; break;
      case TcpOptKind::Timestamp:
        append_field(info, "TSval", h.ts_val);
        append_field(info, "TSecr", h.ts_ecr);
        break;
      case TcpOptKind::Sack:
        // The decoder keeps the blocks of the (normally only) SACK option.
        if (sack_done) break;
        sack_done = true;
        for (uint8_t b = 0; b < h.sack_count && b < h.sack.size(); ++b) {
          append_field(info, "SLE", h.sack[b].first - sack_base);
          append_field(info, "SRE", h.sack[b].second - sack_base);
        }
        break;
      case TcpOptKind::Other: break;
    }
  }
}

}  // namespace

void append_tcp_notes(const TcpFrameAnalysis& a, std::string& info) {
  append_notes(a, info);
}

void format_tcp_info(const DecodedPacket& p, const TcpFrameAnalysis& a,
                     std::string& info) {
  info.clear();
  const TcpHeader& h = p.tcp;
  const bool bogus = h.header_len < kMinHeaderLen;
  // tshark stops before reporting the analysis of a bogus header.
  if (!bogus) append_notes(a, info);
  append_uint(info, p.sport);
  info += " \u2192 ";
  append_uint(info, p.dport);
  append_flags(h.flags, info);
  append_field(info, "Seq", a.rel_seq);
  if (h.flags & kTcpAck) append_field(info, "Ack", a.rel_ack);
  append_field(info, "Win", a.window);
  if (bogus) {
    info += ", bogus TCP header length (";
    append_uint(info, h.header_len);
    info += ", must be at least 20)";
    return;
  }
  if (h.flags & kTcpUrg) append_field(info, "Urg", h.urgent);
  append_field(info, "Len", p.payload_wire_len);
  append_options(h, a.sack_base, info);
}

}  // namespace tracelab
