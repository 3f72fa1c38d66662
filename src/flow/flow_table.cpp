// SPDX-License-Identifier: GPL-2.0-or-later
//
// The flow table: finds each packet's conversation, numbers streams as
// tshark does and retires idle conversations.
//
// Numbering.  tcp.stream and udp.stream count conversations (5-tuples) in the
// order of their first frame, from 0, like tshark; a TCP SYN that reuses the
// ports of a finished connection starts the next tcp.stream.  Session::id
// counts sessions of both transports together in the order of their first
// frame: a new TCP stream, a new UDP flow, or a UDP flow that returns after
// its idle timeout (which keeps its udp.stream, as tshark does, but is a new
// session).
//
// Memory.  A conversation (analysis state, reassembly, dissector) exists only
// while the flow is active: idle ones are ended (EndReason::Timeout) and
// freed, found in O(1) through per-class lists ordered by last activity.  A
// retired flow keeps only its key and stream number, so that a late packet
// gets the number tshark gives it; the oldest retired flows are forgotten
// past Options::max_retired_flows.
#include <algorithm>
#include <optional>
#include <vector>

#include "conversation.hpp"
#include "flow_index.hpp"
#include "tcp_conversation.hpp"
#include "tracelab/flow.hpp"

namespace tracelab {

using flow::Conversation;
using flow::FlowKey;
using flow::TcpConversation;

namespace {

constexpr uint32_t kNil = UINT32_MAX;
/// A TCP conversation whose session already ended lingers this long (capture
/// time) for retransmissions and port-reuse detection, like TIME-WAIT.
constexpr int64_t kClosedTcpLinger = 120'000'000'000;

// Activity lists: three with an idle timeout, then the retired flows (key
// and stream number only), oldest first, bounded in number.
enum ListId : uint8_t {
  kUdpList,
  kTcpOpenList,
  kTcpClosedList,
  kRetiredList,
  kNoList
};

struct Slot {
  FlowKey key;
  uint64_t stream = 0;
  bool tcp = false;
  bool first_is_client = true;  // endpoint 0 of the key is the client
  uint8_t list = kNoList;
  uint32_t prev = kNil, next = kNil;
  int64_t last_ts = 0;
  std::unique_ptr<Conversation> conv;
};

struct SlotKey {
  const std::vector<Slot>* slots;
  const FlowKey& operator()(uint32_t i) const { return (*slots)[i].key; }
};

struct List {
  uint32_t head = kNil, tail = kNil;
  size_t size = 0;
};

}  // namespace

struct FlowTable::Impl {
  Impl(Options o, SessionSink* sessions, FrameSummarySink* frames)
      : opt(std::move(o)), index(SlotKey{&slots}) {
    ctx.budget.limits = opt.limits;
    ctx.registry = opt.registry ? opt.registry : &dissector_registry();
    ctx.dissect = opt.dissect;
    ctx.keep_events = opt.keep_events;
    ctx.sessions = sessions;
    ctx.frames = frames;
    ctx.artifacts = opt.artifacts;
    ctx.artifact_lane = opt.artifact_lane;
    ctx.settings = opt.settings;
  }

  Options opt;
  flow::ConversationContext ctx;
  std::vector<Slot> slots;
  flow::FlowIndex<SlotKey> index;
  List lists[4];
  std::vector<uint32_t> free_slots;  // forgotten flows' slots, for reuse
  uint64_t next_tcp_stream = 0, next_udp_stream = 0, next_session = 0;
  int64_t now = INT64_MIN;

  void unlink(uint32_t i) {
    Slot& s = slots[i];
    if (s.list == kNoList) return;
    List& l = lists[s.list];
    (s.prev == kNil ? l.head : slots[s.prev].next) = s.next;
    (s.next == kNil ? l.tail : slots[s.next].prev) = s.prev;
    s.prev = s.next = kNil;
    s.list = kNoList;
    --l.size;
  }

  void link_tail(uint32_t i, uint8_t list) {
    Slot& s = slots[i];
    List& l = lists[list];
    s.list = list;
    s.prev = l.tail;
    s.next = kNil;
    (l.tail == kNil ? l.head : slots[l.tail].next) = i;
    l.tail = i;
    ++l.size;
  }

  uint8_t list_for(const Slot& s) const {
    if (!s.tcp) return kUdpList;
    return s.conv && s.conv->open() ? kTcpOpenList : kTcpClosedList;
  }

  int64_t timeout_of(uint8_t list) const {
    switch (list) {
      case kUdpList: return opt.limits.udp_idle_timeout_ns;
      case kTcpOpenList: return opt.limits.tcp_idle_timeout_ns;
      default:
        return std::min(kClosedTcpLinger, opt.limits.tcp_idle_timeout_ns);
    }
  }

  /// Marks slot `i` active now.  Activity is stamped with the latest
  /// capture time seen, not the packet's own (captures are not always in
  /// time order), so every list stays sorted and expiry only looks at heads.
  void touch(uint32_t i) {
    unlink(i);
    slots[i].last_ts = now;
    link_tail(i, list_for(slots[i]));
  }

  /// Ends an open session (idle or superseded) and frees the conversation.
  void retire(uint32_t i, EndReason why) {
    Slot& s = slots[i];
    unlink(i);
    if (!s.conv) return;
    Session& ses = s.conv->session();
    const StreamClock clock{ses.last_frame, ses.end_ns};
    if (s.tcp)
      static_cast<TcpConversation&>(*s.conv).close(why, clock);
    else
      s.conv->end(why, clock);
    s.conv.reset();
    link_tail(i, kRetiredList);
    while (lists[kRetiredList].size > opt.max_retired_flows &&
           lists[kRetiredList].head != i)
      forget(lists[kRetiredList].head);
  }

  /// Drops a retired flow entirely; its slot is reused by a new flow.
  void forget(uint32_t i) {
    unlink(i);
    index.erase(flow::hash_flow_key(slots[i].key), i);
    slots[i] = Slot{};
    free_slots.push_back(i);
  }

  uint32_t new_slot() {
    if (!free_slots.empty()) {
      const uint32_t i = free_slots.back();
      free_slots.pop_back();
      return i;
    }
    slots.emplace_back();
    return static_cast<uint32_t>(slots.size() - 1);
  }

  void expire_idle() {
    for (uint8_t l = kUdpList; l < kRetiredList; ++l) {
      const int64_t limit = timeout_of(l);
      while (lists[l].head != kNil) {
        const uint32_t i = lists[l].head;
        if (now - slots[i].last_ts <= limit) break;
        retire(i, EndReason::Timeout);
      }
    }
  }

  /// Whether the sender of `p` is the client of a conversation it starts.
  bool sender_is_client(const DecodedPacket& p, bool tcp) const {
    if (tcp && (p.tcp.flags & kTcpSyn))
      return !(p.tcp.flags & kTcpAck);  // SYN sends, SYN-ACK answers
    // Picked up mid-stream: the side seen first, unless its port looks like
    // a service and the other's like an ephemeral port.
    return !(is_service_port(p.sport, tcp) && !is_service_port(p.dport, tcp));
  }

  bool is_service_port(uint16_t port, bool tcp) const {
    if (port < 1024) return true;
    for (const DissectorInfo& info : *ctx.registry) {
      const auto& ports = tcp ? info.tcp_ports : info.udp_ports;
      if (std::find(ports.begin(), ports.end(), port) != ports.end())
        return true;
    }
    return false;
  }

  /// Keeps the number of live conversations under the bound.  The slot about
  /// to get a conversation must not be in any list.
  void make_room() {
    const size_t live = lists[kUdpList].size + lists[kTcpOpenList].size +
                        lists[kTcpClosedList].size;
    if (live < std::max<size_t>(opt.max_live_flows, 1)) return;
    // A finished TCP conversation costs nothing to drop; otherwise the
    // least recently active flow goes.
    uint32_t victim = lists[kTcpClosedList].head;
    if (victim == kNil) {
      const uint32_t u = lists[kUdpList].head, t = lists[kTcpOpenList].head;
      victim = (u == kNil || (t != kNil && slots[t].last_ts < slots[u].last_ts))
                   ? t
                   : u;
    }
    if (victim == kNil) return;
    if (slots[victim].conv && slots[victim].conv->open()) {
      ++ctx.budget.stats.evicted_flows;
      slots[victim].conv->add_note("flow table full: session ended early");
    }
    retire(victim, EndReason::Timeout);
  }

  void new_conversation(Slot& s, const DecodedPacket& p, bool src_is_first) {
    Endpoint src{p.src, p.sport}, dst{p.dst, p.dport};
    std::optional<flow::ExpectationMatch> expected;
    if (ctx.dissect) expected = ctx.expectations.take(s.tcp, src, dst, now);
    bool src_client = sender_is_client(p, s.tcp);
    // An announced connection knows its sides, unless a SYN says so.
    if (expected && !(s.tcp && (p.tcp.flags & kTcpSyn)))
      src_client = !expected->first_is_server;
    s.first_is_client = src_client == src_is_first;
    const Endpoint& client = src_client ? src : dst;
    const Endpoint& server = src_client ? dst : src;
    const uint64_t id = next_session++;
    if (s.tcp)
      s.conv = std::make_unique<TcpConversation>(ctx, id, client, server);
    else
      s.conv = std::make_unique<Conversation>(ctx, false, id, client, server);
    if (expected)
      s.conv->adopt(std::move(*expected));
    else
      s.conv->refer_server_address();
  }

  void process(uint64_t frame, int64_t ts, const DecodedPacket& p,
               FlowFrameResult& out) {
    out.is_tcp = out.is_udp = out.mid_pdu = out.pdu_began = false;
    out.session_id = 0;
    const bool tcp = p.l4 == L4::Tcp;
    if (!tcp && p.l4 != L4::Udp) return;
    if (p.is_fragment || (p.src.family != 4 && p.src.family != 6)) return;
    // Headers too damaged to name the ports.
    if (tcp && p.tcp.header_len < 20) return;
    if (!tcp && p.malformed && p.payload == nullptr) return;
    now = std::max(now, ts);
    expire_idle();

    bool src_is_first = true;
    const FlowKey key = flow::make_flow_key(p, tcp ? 6 : 17, src_is_first);
    const uint64_t h = flow::hash_flow_key(key);
    uint32_t i = index.find(key, h);
    bool fresh_stream = false;
    if (i == flow::FlowIndex<SlotKey>::kNone) {
      i = new_slot();
      slots[i].key = key;
      slots[i].tcp = tcp;
      index.insert(h, i);
      fresh_stream = true;
    }
    Slot* s = &slots[i];
    uint32_t extra_notes = 0;
    if (tcp) {
      const bool syn_only = (p.tcp.flags & (kTcpSyn | kTcpAck)) == kTcpSyn;
      if (!fresh_stream) {
        bool reused = false;
        if (s->conv) {
          const Direction d = (src_is_first == s->first_is_client)
                                  ? Direction::ClientToServer
                                  : Direction::ServerToClient;
          reused = tcp_starts_new_stream(
              static_cast<TcpConversation&>(*s->conv).analysis, d, p);
        } else {
          reused = syn_only;  // the old state is gone: a SYN opens anew
        }
        if (reused) {
          if (s->conv && s->conv->open()) {
            auto& old = static_cast<TcpConversation&>(*s->conv);
            old.add_note("superseded by a new connection on the same ports");
            retire(i, old.fin_seen() ? EndReason::Fin : EndReason::Timeout);
          } else {
            retire(i, EndReason::Timeout);
          }
          fresh_stream = true;
          extra_notes = kNotePortNumbersReused;
        }
      }
      if (fresh_stream) {
        s->stream = next_tcp_stream++;
        ++ctx.budget.stats.tcp_streams;
      }
    } else if (fresh_stream) {
      s->stream = next_udp_stream++;
      ++ctx.budget.stats.udp_streams;
    }
    if (!s->conv) {
      unlink(i);  // out of the retired list: make_room must not forget it
      make_room();
      new_conversation(*s, p, src_is_first);
    }
    touch(i);
    s = &slots[i];

    const Direction dir = (src_is_first == s->first_is_client)
                              ? Direction::ClientToServer
                              : Direction::ServerToClient;
    Conversation& conv = *s->conv;
    out.session_id = conv.session().id;
    if (tcp) {
      auto& tc = static_cast<TcpConversation&>(conv);
      out.is_tcp = true;
      out.tcp = TcpFrameAnalysis{};
      tcp_analyze(tc.analysis, dir, frame, ts, p, out.tcp);
      out.tcp.notes |= extra_notes;
      out.tcp.stream = s->stream;
      out.tcp.dir = dir;
      tc.segment(dir, frame, ts, p, out.tcp.notes);
      out.mid_pdu = conv.mid_pdu_at(frame);
      out.pdu_began = conv.pdu_began_at(frame);
      if (!tc.open()) touch(i);  // move to the closed list
    } else {
      out.is_udp = true;
      out.udp.stream = s->stream;
      out.udp.dir = dir;
      conv.count(dir, p.payload_wire_len, frame, ts);
      conv.data(dir, {p.payload, p.payload_len}, StreamClock{frame, ts});
    }
  }

  void finish(uint64_t last_frame, int64_t last_ts) {
    std::vector<uint32_t> open;
    for (uint32_t i = 0; i < slots.size(); ++i)
      if (slots[i].conv && slots[i].conv->open()) open.push_back(i);
    std::sort(open.begin(), open.end(), [&](uint32_t a, uint32_t b) {
      return slots[a].conv->session().id < slots[b].conv->session().id;
    });
    const StreamClock clock{last_frame, last_ts};
    for (uint32_t i : open) {
      Slot& s = slots[i];
      if (s.tcp) {
        auto& tc = static_cast<TcpConversation&>(*s.conv);
        tc.close(tc.fin_seen() ? EndReason::Fin : EndReason::CaptureEnd, clock);
      } else {
        s.conv->end(EndReason::CaptureEnd, clock);
      }
    }
    for (uint32_t i = 0; i < slots.size(); ++i) {
      unlink(i);
      slots[i].conv.reset();
    }
  }
};

FlowTable::FlowTable(Options opt, SessionSink* sessions,
                     FrameSummarySink* frames)
    : impl_(std::make_unique<Impl>(std::move(opt), sessions, frames)) {}

FlowTable::~FlowTable() = default;

void FlowTable::process(uint64_t frame, int64_t ts_ns, const DecodedPacket& p,
                        FlowFrameResult& out) {
  impl_->process(frame, ts_ns, p, out);
}

void FlowTable::finish(uint64_t last_frame, int64_t last_ts_ns) {
  impl_->finish(last_frame, last_ts_ns);
}

const FlowStats& FlowTable::stats() const {
  return impl_->ctx.budget.stats;
}

}  // namespace tracelab
