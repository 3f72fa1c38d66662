// SPDX-License-Identifier: GPL-2.0-or-later
#include "http/http_dissector.hpp"

#include <deque>
#include <memory>
#include <string>

#include "content/http_body.hpp"
#include "http/http_columns.hpp"
#include "http/http_syntax.hpp"
#include "http/websocket.hpp"
#include "tracelab/findings.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

using http::MessageHead;

// Requests awaiting their response; beyond this the oldest is forgotten.
constexpr size_t kMaxPending = 256;
// Decoded body bytes kept to choose the Info suffix (GIF version, XML...).
constexpr size_t kSniffBytes = 4096;

// A request waiting for its response.
struct Pending {
  std::string method, target, host;
  int64_t ts_ns = 0;
  StepIndex step = kNoStep;  // the request's step, which responses answer
};

// How long a redirect to https:// waits for the connection that follows it.
constexpr int64_t kRedirectWait = 60'000'000'000;

// The name a body gets: the last segment of the URL's path.
std::string name_from_target(std::string_view target) {
  target = target.substr(0, target.find_first_of("?#"));
  const size_t scheme = target.find("://");
  if (scheme != std::string_view::npos) {
    target.remove_prefix(scheme + 3);
    const size_t slash = target.find('/');
    target = slash == std::string_view::npos ? std::string_view{}
                                             : target.substr(slash);
  }
  const size_t slash = target.rfind('/');
  if (slash != std::string_view::npos) target.remove_prefix(slash + 1);
  return target.empty() ? std::string("index.html") : std::string(target);
}

std::string host_only(std::string_view hostport) {
  if (hostport.starts_with('[')) {
    const size_t close = hostport.find(']');
    return std::string(hostport.substr(0, close + 1));
  }
  return std::string(hostport.substr(0, hostport.find(':')));
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 ||
         status == 308;
}

std::string lower(std::string_view v) {
  std::string out(v);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The key by which the TLS connection to `host` refers to a redirect there
// ("https:" and the host in lower case, an IPv6 literal without brackets).
std::string https_key(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  return "https:" + lower(host);
}

// The host and port of an https:// URL; false for any other URL.
bool https_target(std::string_view location, std::string& host,
                  uint16_t& port) {
  if (location.size() <= 8 || !http::iequals(location.substr(0, 8), "https://"))
    return false;
  std::string_view rest = location.substr(8);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos)
    rest.remove_prefix(at + 1);  // user:password@
  host = host_only(rest);
  port = 443;
  const std::string_view after = rest.substr(host.size());
  if (after.size() > 1 && after.front() == ':') {
    unsigned p = 0;
    for (char c : after.substr(1)) {
      if (c < '0' || c > '9' || p > 65535) return !host.empty();
      p = p * 10 + static_cast<unsigned>(c - '0');
    }
    if (p > 0 && p <= 65535) port = static_cast<uint16_t>(p);
  }
  return !host.empty();
}

Event note_event(std::string note) {
  Event e;
  e.kind = StepKind::Note;
  e.note = std::move(note);
  return e;
}

class HttpDissector final : public Dissector {
 public:
  explicit HttpDissector(DissectorOutput& out) : out_(out) {
    for (Side& s : sides_) s.owner = this;
  }

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override;
  void on_gap(Direction dir, uint64_t bytes, const StreamClock& clock) override;
  void on_end(EndReason why, const StreamClock& clock) override;

 private:
  enum class State { Head, Body, Opaque, Lost };
  enum class Framing { None, Length, Chunked, Close };

  // Receives decoded body bytes and streams them into the artifact.
  struct Side final : http::BodySink {
    HttpDissector* owner = nullptr;
    State state = State::Head;
    bool in_message = false;
    uint64_t start_frame = 0;
    MessageHead head;
    Framing framing = Framing::None;
    uint64_t remaining = 0;
    uint64_t missing = 0;
    http::ChunkedDecoder chunked;
    std::unique_ptr<http::ContentDecoder> content;
    uint32_t artifact = 0;
    uint64_t body_size = 0;
    uint64_t frame = 0;  // frame being processed, for artifact writes
    std::string sniff;
    std::string artifact_name;
    std::string media_type;
    // After a 101 to websocket: the frames that follow.
    bool websocket = false;
    http::WebSocketReader ws;

    void open_artifact() {
      if (artifact) return;
      Artifact a;
      a.kind = "http-body";
      a.name = artifact_name;
      a.media_type = media_type;
      artifact = owner->out_.artifact_open(std::move(a), frame);
    }

    void body_bytes(std::span<const uint8_t> bytes) override {
      if (bytes.empty()) return;
      open_artifact();
      owner->out_.artifact_write(artifact, bytes, frame);
      body_size += bytes.size();
      // The first bytes only name the body in the packet list's Info.
      if (sniff.size() < kSniffBytes && owner->out_.columns()) {
        const size_t n = std::min(kSniffBytes - sniff.size(), bytes.size());
        sniff.append(reinterpret_cast<const char*>(bytes.data()), n);
      }
    }
  };

  Side& side(Direction d) {
    return sides_[d == Direction::ClientToServer ? 0 : 1];
  }
  size_t start_message(Direction dir, std::string_view rest,
                       const StreamClock& clock, bool& wait);
  void head_done(Direction dir, const StreamClock& clock);
  size_t feed_body(Side& s, std::span<const uint8_t> bytes);
  bool body_complete(const Side& s) const;
  void finish_message(Direction dir, const StreamClock& clock,
                      std::string_view note);
  StepIndex emit(Direction dir, const StreamClock& clock, Event&& e);
  /// Error statuses, and a redirect to https:// that a later connection
  /// must follow.
  void response_findings(const MessageHead& h, const Pending* req,
                         const StreamClock& clock);
  void go_opaque(std::string_view why, const StreamClock& clock);
  Consumed websocket_bytes(Direction dir, std::span<const uint8_t> data,
                           size_t off, const StreamClock& clock);

  DissectorOutput& out_;
  Side sides_[2];
  std::deque<Pending> pending_;
  bool pending_overflow_noted_ = false;
  bool named_ = false;
  // A response's first byte: when the server started answering.
  int64_t response_start_ns_ = 0;
};

Consumed HttpDissector::on_data(Direction dir, std::span<const uint8_t> data,
                                const StreamClock& clock) {
  Side& s = side(dir);
  s.frame = clock.frame;
  size_t off = 0;
  while (off < data.size()) {
    const std::string_view rest(
        reinterpret_cast<const char*>(data.data()) + off, data.size() - off);
    if (s.state == State::Opaque) {
      if (!s.websocket) {
        off = data.size();
        break;
      }
      return websocket_bytes(dir, data, off, clock);
    }
    if (s.state == State::Lost) {
      // After a hole we pick the dialog up again only where a delivery
      // starts with a message.
      if (http::classify_start(rest) == http::StartKind::None) {
        off = data.size();
        break;
      }
      s.state = State::Head;
    }
    if (s.state == State::Head) {
      if (!s.in_message) {
        bool wait = false;
        const size_t skipped = start_message(dir, rest, clock, wait);
        if (wait) return {off, data.size() + 1, false};
        if (skipped) {
          off += skipped;
          continue;
        }
        if (!s.in_message) {  // not HTTP here
          s.state = State::Lost;
          continue;
        }
      }
      const size_t end = http::find_head_end(rest);
      if (end == std::string_view::npos) {
        if (rest.size() > http::kMaxHeadBytes) {
          emit(dir, clock,
               note_event("header block longer than 64 KiB: not followed"));
          s.in_message = false;
          s.state = State::Lost;
          off = data.size();
          break;
        }
        // Without a known length tshark asks for one more segment at a
        // time and shows the start line on each -- once that line is whole
        // (before, the segment is TCP's with the reassembly mark).
        PacketColumns* const columns = out_.columns();
        if (columns && rest.find('\n') != std::string_view::npos)
          columns->frame_summary(
              clock.frame, "TCP",
              http::start_segment_info(http::first_line(rest)));
        return {off, data.size() + 1, true};
      }
      http::parse_head(rest.substr(0, end), s.head);
      off += end;
      head_done(dir, clock);
      continue;
    }
    // State::Body
    off += feed_body(s, data.subspan(off));
    if (body_complete(s)) {
      finish_message(dir, clock, "");
    } else if (s.framing == Framing::Chunked && s.chunked.broken()) {
      finish_message(dir, clock, "chunked framing broken");
      s.state = State::Lost;
    }
  }
  // The segment that starts a message shows its start line; so does every
  // segment of a body whose length is not known in advance (chunked, or
  // ended by the close), which tshark reassembles one segment at a time.
  const bool open_length =
      s.framing == Framing::Chunked || s.framing == Framing::Close;
  PacketColumns* const columns = out_.columns();
  if (columns && s.in_message && s.state != State::Opaque &&
      (s.start_frame == clock.frame || open_length)) {
    columns->frame_summary(clock.frame, "TCP",
                           http::start_segment_info(s.head.line));
  }
  return {off, 0, s.in_message};
}

// Begins a message at the front of `rest`.  Returns the number of stray
// line ends skipped before it (0 when the message starts right here or is
// not HTTP); sets `wait` when too few bytes arrived to tell.
size_t HttpDissector::start_message(Direction dir, std::string_view rest,
                                    const StreamClock& clock, bool& wait) {
  Side& s = side(dir);
  size_t skip = 0;
  while (skip < rest.size() && (rest[skip] == '\r' || rest[skip] == '\n'))
    ++skip;
  if (skip) return skip;
  if (http::classify_start(rest) == http::StartKind::None) {
    // A method name cut short by the segment boundary: wait for more.
    wait = rest.size() < 16 && rest.find_first_of(" \n") == rest.npos;
    return 0;
  }
  if (!named_) {  // the session is HTTP once a message is seen
    named_ = true;
    out_.set_protocol("HTTP");
  }
  s.in_message = true;
  s.start_frame = clock.frame;
  if (dir == Direction::ServerToClient) response_start_ns_ = clock.ts_ns;
  return 0;
}

StepIndex HttpDissector::emit(Direction dir, const StreamClock& clock,
                              Event&& e) {
  e.frame = clock.frame;
  e.ts_ns = clock.ts_ns;
  e.dir = dir;
  return out_.event(std::move(e));
}

void HttpDissector::response_findings(const MessageHead& h, const Pending* req,
                                      const StreamClock& clock) {
  const int cls = h.status / 100;
  if (cls == 4 || cls == 5) {
    // "GET /path -> 404": what was asked and what came back.
    std::string detail =
        req ? req->method + " " + req->target + " -> " : std::string("-> ");
    detail += std::to_string(h.status);
    out_.finding(findings::make(
        cls == 4 ? findings::kHttpClientError : findings::kHttpServerError,
        clock.frame, std::move(detail)));
  }
  std::string host;
  uint16_t port = 0;
  if (!is_redirect(h.status) || !https_target(h.location, host, port)) return;
  const std::string key = https_key(host);
  out_.offer_key(key);
  // A redirect this connection can follow itself (HTTPS to the same port)
  // needs no new connection.
  if (port == out_.server_end().port) return;
  Session::Awaiting a;
  a.key = key;
  a.deadline_ns = clock.ts_ns + kRedirectWait;
  a.finding = findings::make(findings::kHttpRedirectNotFollowed, clock.frame,
                             h.location);
  out_.await(std::move(a));
}

void HttpDissector::go_opaque(std::string_view why, const StreamClock& clock) {
  for (Side& s : sides_) {
    // A body still being sent the other way (a pipelined request) ends
    // here: what follows is no longer HTTP.
    if (s.artifact)
      out_.artifact_close(s.artifact,
                          "truncated: the connection left HTTP first");
    s.artifact = 0;
    s.state = State::Opaque;
    s.in_message = false;
  }
  emit(Direction::ServerToClient, clock, note_event(std::string(why)));
}

// WebSocket frames: each completed one names the frame that completed it,
// as tshark's WebSocket dissector does, and becomes a step of the dialog.
Consumed HttpDissector::websocket_bytes(Direction dir,
                                        std::span<const uint8_t> data,
                                        size_t off, const StreamClock& clock) {
  struct Frames final : http::WebSocketReader::Sink {
    HttpDissector& h;
    Direction dir;
    const StreamClock& clock;
    std::string info;
    Frames(HttpDissector& h, Direction d, const StreamClock& c)
        : h(h), dir(d), clock(c) {}
    void websocket_frame(const http::WebSocketReader::Frame& f) override {
      if (!info.empty()) info += ", ";
      info += http::WebSocketReader::info(f);
      Event e;
      e.kind = StepKind::Websocket;
      e.command = http::WebSocketReader::opcode_name(f.opcode);
      e.args = std::to_string(f.length) + (f.length == 1 ? " byte" : " bytes");
      if (f.opcode == 1) e.text = f.preview;
      h.emit(dir, clock, std::move(e));
    }
  } frames(*this, dir, clock);
  Side& s = side(dir);
  size_t need = 0;
  const size_t used = s.ws.feed(data.subspan(off), frames, need);
  PacketColumns* const columns = out_.columns();
  if (columns && !frames.info.empty())
    columns->frame_summary(clock.frame, "WebSocket", frames.info);
  if (need) return {off + used, need - used, true};
  return {data.size(), 0, s.ws.mid_frame()};
}

void HttpDissector::head_done(Direction dir, const StreamClock& clock) {
  Side& s = side(dir);
  const MessageHead& h = s.head;
  s.framing = Framing::None;
  s.remaining = 0;
  s.missing = 0;
  s.body_size = 0;
  s.artifact = 0;
  s.sniff.clear();
  s.chunked = http::ChunkedDecoder{};
  s.media_type = http::media_type_of(h.content_type);
  s.content = std::make_unique<http::ContentDecoder>(h.content_encoding);
  bool no_body = false;
  std::string note;
  if (h.request) {
    Pending p{h.method, h.target, h.host, clock.ts_ns, kNoStep};
    if (pending_.size() >= kMaxPending) {
      pending_.pop_front();
      if (!pending_overflow_noted_) {
        pending_overflow_noted_ = true;
        note = "more than 256 requests unanswered: the oldest forgotten";
      }
    }
    s.artifact_name = name_from_target(h.target);
    Event e;
    e.kind = StepKind::Request;
    e.command = h.method;
    e.args = h.target;
    if (!h.version.empty()) e.args += " " + h.version;
    e.text = h.host;
    e.add_field("method", h.method);
    if (!h.host.empty()) e.add_field("host", h.host);
    e.add_field("path", h.target);
    if (!h.content_type.empty()) e.add_field("content_type", h.content_type);
    if (h.expect_continue) note = "client waits for 100 Continue";
    e.note = std::move(note);
    p.step = emit(dir, clock, std::move(e));
    pending_.push_back(std::move(p));
    // Plain HTTP to port 443 is the client coming back after a redirect
    // to https:// all the same (without TLS).
    if (!h.host.empty() && out_.server_end().port == 443)
      out_.refer_key(https_key(host_only(h.host)), LinkWhy::RedirectedFrom,
                     LinkWhy::RedirectFollowedBy);
  } else {
    const Pending* req = pending_.empty() ? nullptr : &pending_.front();
    s.artifact_name = name_from_target(req ? req->target : "");
    Event e;
    e.kind = StepKind::Response;
    e.code = h.status;
    e.text = h.reason;
    const int cls = h.status / 100;
    e.outcome = cls == 2               ? Outcome::Success
                : cls == 1 || cls == 3 ? Outcome::Intermediate
                : cls == 4 || cls == 5 ? Outcome::Failure
                                       : Outcome::None;
    if (is_redirect(h.status) && h.location.empty())
      note = "redirect without a Location";
    if (cls == 3 && !h.location.empty()) e.add_field("location", h.location);
    if (!h.content_type.empty()) e.add_field("content_type", h.content_type);
    if (req) {
      e.answers = req->step;
      // From the request to the first byte of its answer.
      std::string t;
      append_seconds_ns(t, response_start_ns_ - req->ts_ns, 6);
      e.add_field("delay", std::move(t));
      if (req->method == "HEAD") no_body = true;
    } else {
      note = note.empty() ? "no request seen" : note + "; no request seen";
    }
    if (h.status / 100 == 1 || h.status == 204 || h.status == 304)
      no_body = true;
    e.note = std::move(note);
    emit(dir, clock, std::move(e));
    response_findings(h, req, clock);
  }
  if (!s.content->understood())
    emit(dir, clock,
         note_event("Content-Encoding " + h.content_encoding +
                    " not decoded: body kept as sent"));
  if (!no_body) {
    if (h.chunked) {
      s.framing = Framing::Chunked;
      // A chunked body is a file even when its first chunk is the last
      // (tshark exports it, empty).
      s.open_artifact();
    } else if (h.content_length > 0) {
      s.framing = Framing::Length;
      s.remaining = static_cast<uint64_t>(h.content_length);
    } else if (h.content_length < 0 && !h.request) {
      s.framing = Framing::Close;
    }
  }
  s.state = State::Body;
  if (s.framing == Framing::None) finish_message(dir, clock, "");
}

size_t HttpDissector::feed_body(Side& s, std::span<const uint8_t> bytes) {
  switch (s.framing) {
    case Framing::Length: {
      const size_t n =
          static_cast<size_t>(std::min<uint64_t>(s.remaining, bytes.size()));
      s.content->feed(bytes.first(n), s);
      s.remaining -= n;
      return n;
    }
    case Framing::Chunked: {
      struct ToContent final : http::BodySink {
        Side& s;
        explicit ToContent(Side& side) : s(side) {}
        void body_bytes(std::span<const uint8_t> b) override {
          s.content->feed(b, s);
        }
      } to_content(s);
      return s.chunked.feed(bytes, to_content);
    }
    case Framing::Close: s.content->feed(bytes, s); return bytes.size();
    case Framing::None: break;
  }
  return 0;
}

bool HttpDissector::body_complete(const Side& s) const {
  switch (s.framing) {
    case Framing::Length: return s.remaining == 0;
    case Framing::Chunked: return s.chunked.done();
    case Framing::Close: return false;
    case Framing::None: return true;
  }
  return true;
}

void HttpDissector::finish_message(Direction dir, const StreamClock& clock,
                                   std::string_view note) {
  Side& s = side(dir);
  std::string why(note);
  if (s.missing) {
    why = "truncated: " + std::to_string(s.missing) + " bytes missing";
  } else if (!s.content->error().empty()) {
    why = s.content->error();
  } else if (!s.content->limit_note().empty()) {
    why = s.content->limit_note();
  }
  if (s.artifact) out_.artifact_close(s.artifact, why);
  s.artifact = 0;
  // tshark hands an undecodable body to no dissector: no suffix then.
  if (PacketColumns* const columns = out_.columns()) {
    const bool shown = s.content->understood() && s.content->error().empty();
    const http::Columns c = http::message_columns(
        s.head.line, s.media_type, shown ? std::string_view(s.sniff) : "",
        shown ? s.body_size : 0);
    columns->frame_summary(clock.frame, c.protocol, c.info);
  }
  s.in_message = false;
  s.state = State::Head;
  const MessageHead& h = s.head;
  if (h.request) {
    if (h.method == "CONNECT") {
      // Whatever follows is the tunnel's, whatever the answer.
      s.state = State::Opaque;
    }
    return;
  }
  std::string method;
  if (!pending_.empty() && (h.status / 100 != 1 || h.status == 101)) {
    method = pending_.front().method;
    pending_.pop_front();
  }
  if (h.status == 101 && http::iequals(h.upgrade, "websocket")) {
    go_opaque("switched protocols to WebSocket: frames follow", clock);
    for (Side& side : sides_) side.websocket = true;
  } else if (h.status == 101) {
    go_opaque("switched protocols" +
                  (h.upgrade.empty() ? std::string() : " to " + h.upgrade) +
                  ": the rest of the connection is not HTTP",
              clock);
  } else if (method == "CONNECT" && h.status / 100 == 2) {
    go_opaque("CONNECT tunnel established: the rest is opaque", clock);
  }
}

void HttpDissector::on_gap(Direction dir, uint64_t bytes,
                           const StreamClock& clock) {
  Side& s = side(dir);
  if (s.state == State::Opaque) {
    if (s.websocket && !s.ws.lost()) {
      s.ws.lose_sync();
      emit(dir, clock,
           note_event("a hole in the WebSocket stream: its frames are no "
                      "longer followed"));
    }
    return;
  }
  if (s.state == State::Body && s.framing == Framing::Length &&
      !s.content->decoding()) {
    const uint64_t lost = std::min(bytes, s.remaining);
    s.remaining -= lost;
    s.missing += lost;
    if (s.remaining == 0) finish_message(dir, clock, "");
    if (lost == bytes) return;
  } else if (s.state == State::Body && s.framing == Framing::Close &&
             !s.content->decoding()) {
    s.missing += bytes;
    return;
  }
  if (s.in_message) {
    s.missing += bytes;
    if (s.state == State::Body) {
      if (s.artifact)
        out_.artifact_close(s.artifact,
                            "truncated: " + std::to_string(s.missing) +
                                " bytes missing, end unknown");
      s.artifact = 0;
    }
    s.in_message = false;
  }
  s.state = State::Lost;
}

void HttpDissector::on_end(EndReason, const StreamClock& clock) {
  for (int i = 0; i < 2; ++i) {
    Side& s = sides_[i];
    const Direction dir =
        i == 0 ? Direction::ClientToServer : Direction::ServerToClient;
    if (s.state == State::Body && s.framing == Framing::Close && s.in_message) {
      s.frame = clock.frame;
      finish_message(dir, clock, "");
    } else if (s.in_message && s.artifact) {
      out_.artifact_close(s.artifact, "truncated: the connection ended first");
      s.artifact = 0;
    }
  }
}

bool probe_http(Direction, std::span<const uint8_t> bytes) {
  const std::string_view v(reinterpret_cast<const char*>(bytes.data()),
                           bytes.size());
  switch (http::classify_start(v)) {
    case http::StartKind::Response: return v.starts_with("HTTP/1.");
    case http::StartKind::Request:
      // RTSP and SIP share the methods: the line must name HTTP.
      return http::first_line(v).find(" HTTP/1.") != std::string_view::npos;
    case http::StartKind::None: break;
  }
  return false;
}

}  // namespace

DissectorInfo http_dissector_info() {
  DissectorInfo info;
  info.name = "http";
  info.tcp_ports = {80, 8080, 8000, 8008, 8888, 3128, 591};
  info.tls_ports = {443};
  info.probe = probe_http;
  info.make = [](DissectorOutput& out) -> std::unique_ptr<Dissector> {
    return std::make_unique<HttpDissector>(out);
  };
  return info;
}

}  // namespace tracelab
