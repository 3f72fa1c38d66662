// SPDX-License-Identifier: GPL-2.0-or-later
//
// The packet list, as text (aligned columns, like Wireshark's) and as NDJSON
// (docs/packets-schema.md).
#include <algorithm>
#include <cstdio>
#include <ctime>

#include "out_buffer.hpp"
#include "tracelab/output.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

// Source and Destination columns: the first IP header's addresses, or the
// link-layer addresses of non-IP frames (as Wireshark shows ARP).
void append_address(std::string& out, const FrameView& f, bool source) {
  const DecodedPacket* p = f.packet;
  if (!p) return;
  if (p->l3 == L3::Ipv4 || p->l3 == L3::Ipv6) {
    (source ? p->src : p->dst).append_to(out);
  } else if (p->has_eth) {
    (source ? p->eth_src : p->eth_dst).append_to(out);
  }
}

void pad_to(std::string& out, size_t line_start, size_t column) {
  const size_t used = out.size() - line_start;
  if (used < column)
    out.append(column - used, ' ');
  else
    out.push_back(' ');
}

// The Time column in the format -t chose, to the microsecond as tshark's.
void append_time(std::string& s, const FrameView& f, TimeFormat format) {
  switch (format) {
    case TimeFormat::Relative: append_seconds_ns(s, f.rel_ns, 6); return;
    case TimeFormat::Delta: append_seconds_ns(s, f.delta_ns, 6); return;
    case TimeFormat::Epoch: append_seconds_ns(s, f.record->ts_ns, 6); return;
    case TimeFormat::Absolute: break;
  }
  const int64_t ns = f.record->ts_ns;
  const time_t secs = static_cast<time_t>(ns / 1'000'000'000 -
                                          (ns % 1'000'000'000 < 0 ? 1 : 0));
  const int64_t frac = ns - static_cast<int64_t>(secs) * 1'000'000'000;
  tm local{};
  localtime_r(&secs, &local);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.%06lld", local.tm_hour,
                local.tm_min, local.tm_sec,
                static_cast<long long>(frac / 1000));
  s += buf;
}

class TextPacketList final : public FrameSink {
 public:
  TextPacketList(FILE* f, const OutputOptions& o)
      : out_(f, o.line_buffered), time_format_(o.time_format) {
    if (o.header) {
      out_.str() +=
          "    No. Time         Source                 Destination            "
          "Protocol Length Info\n";
      out_.line_done();
    }
  }
  void frame(const FrameView& f) override {
    std::string& s = out_.str();
    const size_t start = s.size();
    // No. right-aligned in 7, like Wireshark's column.
    const size_t before = s.size();
    append_uint(s, f.number);
    const size_t digits = s.size() - before;
    if (digits < 7) s.insert(before, 7 - digits, ' ');
    s.push_back(' ');
    append_time(s, f, time_format_);
    pad_to(s, start, 21);
    append_address(s, f, true);
    pad_to(s, start, 44);
    append_address(s, f, false);
    pad_to(s, start, 67);
    append_display_text(s, f.protocol);
    pad_to(s, start, 76);
    append_uint(s, f.record->wire_len);
    pad_to(s, start, 83);
    append_display_text(s, f.info);
    s.push_back('\n');
    out_.line_done();
  }
  void finish() override { out_.flush(); }

 private:
  OutBuffer out_;
  TimeFormat time_format_;
};

class JsonPacketList final : public FrameSink {
 public:
  JsonPacketList(FILE* f, const OutputOptions& o) : out_(f, o.line_buffered) {
    if (o.header) {
      std::string& s = out_.str();
      s += "{\"schema\":\"tracelab.packets\",\"version\":";
      append_uint(s, kPacketsSchemaVersion);
      s += ",\"capture\":";
      append_json_string(s, o.capture_name);
      s += "}\n";
      out_.line_done();
    }
  }
  void frame(const FrameView& f) override {
    std::string& s = out_.str();
    s += "{\"no\":";
    append_uint(s, f.number);
    s += ",\"time\":";
    append_seconds_ns(s, f.rel_ns, 9);
    s += ",\"epoch\":";
    append_seconds_ns(s, f.record->ts_ns, 9);
    s += ",\"src\":\"";
    append_address(s, f, true);
    s += "\",\"dst\":\"";
    append_address(s, f, false);
    s += "\",\"protocol\":";
    append_json_string(s, f.protocol);
    s += ",\"length\":";
    append_uint(s, f.record->wire_len);
    s += ",\"caplen\":";
    append_uint(s, f.record->caplen);
    s += ",\"info\":";
    append_json_string(s, f.info);
    if (f.flow && (f.flow->is_tcp || f.flow->is_udp)) {
      const bool tcp = f.flow->is_tcp;
      s += tcp ? ",\"transport\":\"tcp\",\"stream\":"
               : ",\"transport\":\"udp\",\"stream\":";
      append_uint(s, tcp ? f.flow->tcp.stream : f.flow->udp.stream);
      s += ",\"session\":";
      append_uint(s, f.flow->session_id);
      s += ",\"sport\":";
      append_uint(s, f.packet->sport);
      s += ",\"dport\":";
      append_uint(s, f.packet->dport);
      s += ",\"dir\":\"";
      s += direction_name(tcp ? f.flow->tcp.dir : f.flow->udp.dir);
      s += '"';
    }
    if (f.record->interface_id) {
      s += ",\"interface\":";
      append_uint(s, f.record->interface_id);
    }
    s += "}\n";
    out_.line_done();
  }
  void finish() override { out_.flush(); }

 private:
  OutBuffer out_;
};

}  // namespace

std::unique_ptr<FrameSink> make_packet_list_text(FILE* out,
                                                 const OutputOptions& o) {
  return std::make_unique<TextPacketList>(out, o);
}

std::unique_ptr<FrameSink> make_packet_list_json(FILE* out,
                                                 const OutputOptions& o) {
  return std::make_unique<JsonPacketList>(out, o);
}

}  // namespace tracelab
