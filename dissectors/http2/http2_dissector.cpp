// SPDX-License-Identifier: GPL-2.0-or-later
#include "http2/http2_dissector.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "content/http_body.hpp"
#include "http2/hpack.hpp"
#include "http2/http2_names.hpp"
#include "tracelab/findings.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

using http2::HeaderField;

constexpr std::string_view kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
constexpr size_t kFrameHeader = 9;
// A header block spread over CONTINUATION frames is kept up to this size;
// a longer one is dropped (and the HPACK state with it).
constexpr size_t kMaxBlock = 256 * 1024;
// Streams remembered at once; past it the lowest-numbered is forgotten.
constexpr size_t kMaxStreams = 1024;
// The longest Info tshark keeps (COL_MAX_INFO_LEN).
constexpr size_t kMaxInfo = 4096;

enum FrameType : uint8_t {
  kData = 0,
  kHeaders = 1,
  kRstStream = 3,
  kPushPromise = 5,
  kContinuation = 9,
};
enum Flags : uint8_t {
  kEndStream = 0x1,
  kEndHeaders = 0x4,
  kPadded = 0x8,
  kPriority = 0x20,
};

uint32_t be24(const uint8_t* p) {
  return (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
}
uint32_t be31(const uint8_t* p) {
  return ((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
          (uint32_t{p[2]} << 8) | p[3]) &
         0x7fffffffu;
}

// The part of a frame's payload after its Pad Length field and before its
// padding; false when the padding does not fit (a malformed frame).
bool unpad(uint8_t flags, std::span<const uint8_t>& payload) {
  if (!(flags & kPadded)) return true;
  if (payload.empty()) return false;
  const size_t pad = payload[0];
  if (pad >= payload.size()) return false;
  payload = payload.subspan(1, payload.size() - 1 - pad);
  return true;
}

// Content codings undone at once across all streams; past it a body is
// kept as sent (a brotli window alone may take megabytes).
constexpr size_t kMaxDecoders = 64;

struct Stream {
  std::string method, path, authority;
  std::string content_type[2];  // media type only, lower case
  std::string content_encoding[2];
  std::unique_ptr<http::ContentDecoder> decoder[2];
  bool headers[2] = {false, false};  // a request or response was seen
  uint64_t body_bytes[2] = {0, 0};
  uint32_t body[2] = {0, 0};    // artifact handles per direction
  StepIndex request = kNoStep;  // the request's step, which responses answer
  int64_t request_ns = 0;
};

class Http2Dissector final : public Dissector {
 public:
  explicit Http2Dissector(DissectorOutput& out) : out_(out) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override;
  void on_gap(Direction dir, uint64_t bytes, const StreamClock& clock) override;
  void on_end(EndReason why, const StreamClock& clock) override;

 private:
  struct Side {
    http2::HpackDecoder hpack;
    bool lost = false;  // after a gap: framing and HPACK state unknown
    // The header block under way (HEADERS or PUSH_PROMISE, then
    // CONTINUATION): its fields so far, the start of a representation cut
    // by the end of a fragment, and the bytes it took.
    bool in_block = false;
    bool block_push = false;
    bool block_bad = false;
    uint32_t block_stream = 0;  // the stream the headers are for
    uint32_t block_frame = 0;   // the stream its frames are sent on
    std::string pending;
    size_t block_in = 0, block_out = 0;
    std::vector<HeaderField> fields;
  };

  void frame(Direction dir, std::span<const uint8_t> f,
             const StreamClock& clock);
  void header_fragment(Direction dir, uint32_t sid, uint8_t flags,
                       std::span<const uint8_t> fragment, bool push,
                       const StreamClock& clock);
  void header_block(Direction dir, uint32_t sid, bool push,
                    const StreamClock& clock);
  void data(Direction dir, uint32_t sid, uint8_t flags,
            std::span<const uint8_t> body, const StreamClock& clock);
  void close_body(Stream& s, int d, std::string_view note);
  Stream& stream(uint32_t sid);
  void item(const StreamClock& clock, std::string text);
  void say(const StreamClock& clock, std::string_view text, bool separate);
  StepIndex emit(Direction dir, const StreamClock& clock, Event&& e);

  // Decoded body bytes go straight into the stream's artifact.
  struct BodyWriter final : http::BodySink {
    DissectorOutput& out;
    uint32_t handle;
    uint64_t frame;
    BodyWriter(DissectorOutput& o, uint32_t h, uint64_t f)
        : out(o), handle(h), frame(f) {}
    void body_bytes(std::span<const uint8_t> bytes) override {
      out.artifact_write(handle, bytes, frame);
    }
  };

  DissectorOutput& out_;
  size_t decoders_ = 0;
  Side sides_[2];
  std::map<uint32_t, Stream> streams_;
  bool named_ = false;
  // The Info of the delivery being read: the frames it completed.
  std::string info_;
};

void Http2Dissector::item(const StreamClock& clock, std::string text) {
  say(clock, text, true);
}

void Http2Dissector::say(const StreamClock& clock, std::string_view text,
                         bool separate) {
  PacketColumns* const columns = out_.columns();
  if (!columns) return;
  // tshark's Info column holds kMaxInfo bytes; a delivery of thousands of
  // small frames must not rewrite an ever longer one for each.
  if (info_.size() >= kMaxInfo) return;
  if (separate && !info_.empty()) info_ += ", ";
  info_ += text;
  if (info_.size() > kMaxInfo) info_.resize(kMaxInfo);
  columns->frame_summary(clock.frame, "HTTP2", info_);
}

StepIndex Http2Dissector::emit(Direction dir, const StreamClock& clock,
                               Event&& e) {
  e.frame = clock.frame;
  e.ts_ns = clock.ts_ns;
  e.dir = dir;
  return out_.event(std::move(e));
}

Stream& Http2Dissector::stream(uint32_t sid) {
  auto it = streams_.find(sid);
  if (it != streams_.end()) return it->second;
  if (streams_.size() >= kMaxStreams) {
    Stream& old = streams_.begin()->second;
    close_body(old, 0, "stream forgotten: too many streams");
    close_body(old, 1, "stream forgotten: too many streams");
    streams_.erase(streams_.begin());
  }
  return streams_[sid];
}

Consumed Http2Dissector::on_data(Direction dir, std::span<const uint8_t> d,
                                 const StreamClock& clock) {
  Side& side = sides_[static_cast<size_t>(dir)];
  // Each delivery describes its frame afresh (tshark clears the column
  // for every piece of stream it is handed).
  info_.clear();
  if (!named_) {
    out_.set_protocol("HTTP/2");
    named_ = true;
  }
  if (side.lost) return {d.size(), 0, false};
  size_t pos = 0;
  while (pos < d.size()) {
    const auto rest = d.subspan(pos);
    const std::string_view text(reinterpret_cast<const char*>(rest.data()),
                                rest.size());
    if (dir == Direction::ClientToServer &&
        (text.starts_with(kPreface) ||
         (text.size() < kPreface.size() && kPreface.starts_with(text)))) {
      if (rest.size() < kPreface.size()) return {pos, kPreface.size(), true};
      item(clock, "Magic");
      pos += kPreface.size();
      continue;
    }
    // Too short to know the frame's length: any more bytes will do.
    if (rest.size() < kFrameHeader) return {pos, 0, true};
    const size_t len = kFrameHeader + be24(rest.data());
    if (rest.size() < len) return {pos, len, true};
    frame(dir, rest.subspan(0, len), clock);
    pos += len;
  }
  return {pos, 0, false};
}

void Http2Dissector::frame(Direction dir, std::span<const uint8_t> f,
                           const StreamClock& clock) {
  const uint8_t type = f[3];
  const uint8_t flags = f[4];
  const uint32_t sid = be31(f.data() + 5);
  std::span<const uint8_t> payload = f.subspan(kFrameHeader);
  item(clock, http2::frame_type_name(type) + "[" + std::to_string(sid) + "]");
  Side& side = sides_[static_cast<size_t>(dir)];
  switch (type) {
    case kData:
      if (unpad(flags, payload)) data(dir, sid, flags, payload, clock);
      break;
    case kHeaders:
      if (!unpad(flags, payload)) break;
      if (flags & kPriority) {
        if (payload.size() < 5) break;
        payload = payload.subspan(5);
      }
      header_fragment(dir, sid, flags, payload, false, clock);
      if (flags & kEndStream) {
        Stream& s = stream(sid);
        close_body(s, static_cast<int>(dir), "");
      }
      break;
    case kPushPromise:
      if (!unpad(flags, payload) || payload.size() < 4) break;
      // The promised stream's request, continued on this stream.
      header_fragment(dir, be31(payload.data()), flags, payload.subspan(4),
                      true, clock);
      side.block_frame = sid;
      break;
    case kContinuation:
      if (!side.in_block || side.block_frame != sid) break;
      header_fragment(dir, side.block_stream, flags, payload, side.block_push,
                      clock);
      break;
    case kRstStream: {
      auto it = streams_.find(sid);
      if (it != streams_.end()) {
        close_body(it->second, 0, "stream reset");
        close_body(it->second, 1, "stream reset");
      }
      break;
    }
    default: break;
  }
}

void Http2Dissector::header_fragment(Direction dir, uint32_t sid, uint8_t flags,
                                     std::span<const uint8_t> fragment,
                                     bool push, const StreamClock& clock) {
  Side& side = sides_[static_cast<size_t>(dir)];
  if (!side.in_block) {
    side.in_block = true;
    side.block_push = push;
    side.block_bad = false;
    side.block_stream = side.block_frame = sid;
    side.pending.clear();
    side.fields.clear();
    side.block_in = side.block_out = 0;
  }
  side.block_in += fragment.size();
  if (side.block_in > kMaxBlock && !side.block_bad) {
    side.block_bad = true;
    Event e;
    e.kind = StepKind::Note;
    e.note = "header block longer than 256 KiB not decompressed";
    emit(dir, clock, std::move(e));
  }
  // Like tshark, decompress each frame's fragment as it comes: the fields
  // it completes describe this frame.
  std::vector<HeaderField> now;
  if (!side.block_bad) {
    std::string data = std::move(side.pending);
    data.append(reinterpret_cast<const char*>(fragment.data()),
                fragment.size());
    size_t used = 0;
    const auto r = side.hpack.decode_some(
        {reinterpret_cast<const uint8_t*>(data.data()), data.size()}, now,
        used);
    side.pending.clear();
    if (r == http2::HpackDecoder::Result::Partial)
      side.pending = data.substr(used);
    if (r == http2::HpackDecoder::Result::Bad) side.block_bad = true;
  }
  // tshark appends ": METHOD PATH" once both are known within the frame,
  // and ": STATUS REASON" for a status, in the order the fields come.
  const std::string* method = nullptr;
  const std::string* path = nullptr;
  std::string suffix;
  for (const HeaderField& f : now) {
    if (f.name == ":method" || f.name == ":path") {
      (f.name == ":method" ? method : path) = &f.value;
      if (method && path) suffix += ": " + *method + " " + *path;
    } else if (f.name == ":status") {
      suffix += ": " + f.value + " ";
      suffix += http2::status_reason(std::atoi(f.value.c_str()));
    }
  }
  if (!suffix.empty()) say(clock, suffix, false);
  for (HeaderField& f : now) {
    side.block_out += f.name.size() + f.value.size();
    if (side.block_out > http2::kMaxHeaderBytes) break;
    side.fields.push_back(std::move(f));
  }
  if (flags & kEndHeaders) {
    side.in_block = false;
    if (!side.pending.empty()) side.block_bad = true;
    header_block(dir, sid, push, clock);
  }
}

void Http2Dissector::header_block(Direction dir, uint32_t sid, bool push,
                                  const StreamClock& clock) {
  Side& side = sides_[static_cast<size_t>(dir)];
  std::string method, path, authority, status, content_type, encoding,
      content_type_value, location;
  for (const HeaderField& f : side.fields) {
    if (f.name == "location" && location.empty()) location = f.value;
    if (f.name == "content-type" && content_type_value.empty())
      content_type_value = f.value;
    if (f.name == ":method") method = f.value;
    if (f.name == ":path") path = f.value;
    if (f.name == ":authority") authority = f.value;
    if (f.name == ":status") status = f.value;
    if (f.name == "content-encoding") encoding = f.value;
    if (f.name == "content-type" && content_type.empty()) {
      content_type = f.value.substr(0, f.value.find_first_of("; \t"));
      for (char& ch : content_type)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    }
  }
  side.fields.clear();
  side.pending.clear();
  Stream& s = stream(sid);
  const int d = static_cast<int>(dir);
  if (!content_type.empty() && s.content_type[d].empty())
    s.content_type[d] = content_type;
  if (!encoding.empty() && !s.body[d]) s.content_encoding[d] = encoding;
  if (!method.empty() || !status.empty()) s.headers[d] = true;
  if (!method.empty()) {
    s.method = method;
    s.path = path;
    s.authority = authority;
    Event e;
    e.kind = StepKind::Request;
    e.command = method;
    e.args = path + " HTTP/2";
    e.text = authority;
    e.add_field("method", method);
    if (!authority.empty()) e.add_field("host", authority);
    e.add_field("path", path);
    if (!content_type_value.empty())
      e.add_field("content_type", content_type_value);
    if (push) e.note = "promised by the server (push)";
    s.request =
        emit(push ? Direction::ServerToClient : dir, clock, std::move(e));
    s.request_ns = clock.ts_ns;
  }
  if (!status.empty()) {
    Event e;
    e.kind = StepKind::Response;
    e.code = std::atoi(status.c_str());
    e.text = std::string(http2::status_reason(e.code));
    const int cls = e.code / 100;
    e.outcome = cls == 2               ? Outcome::Success
                : cls == 1 || cls == 3 ? Outcome::Intermediate
                : cls == 4 || cls == 5 ? Outcome::Failure
                                       : Outcome::None;
    if (cls == 3 && !location.empty()) e.add_field("location", location);
    if (!content_type_value.empty())
      e.add_field("content_type", content_type_value);
    // Each stream is one request and its answers.
    if (s.request != kNoStep) {
      e.answers = s.request;
      std::string t;
      append_seconds_ns(t, clock.ts_ns - s.request_ns, 6);
      e.add_field("delay", std::move(t));
    }
    emit(dir, clock, std::move(e));
    if (cls == 4 || cls == 5) {
      std::string detail = s.method.empty() ? std::string("-> ")
                                            : s.method + " " + s.path + " -> ";
      detail += status;
      out_.finding(findings::make(
          cls == 4 ? findings::kHttpClientError : findings::kHttpServerError,
          clock.frame, std::move(detail)));
    }
  }
  if (side.block_bad) {
    Event e;
    e.kind = StepKind::Note;
    e.note = "header block could not be decompressed (HPACK)";
    emit(dir, clock, std::move(e));
  }
}

void Http2Dissector::data(Direction dir, uint32_t sid, uint8_t flags,
                          std::span<const uint8_t> body,
                          const StreamClock& clock) {
  if (sid == 0) return;
  Stream& s = stream(sid);
  const int d = static_cast<int>(dir);
  if (!body.empty()) {
    if (!s.body[d]) {
      Artifact a;
      a.kind = "http-body";
      std::string_view name = s.path;
      name = name.substr(0, name.find_first_of("?#"));
      name.remove_prefix(std::min(name.size(), name.rfind('/') + 1));
      a.name = name.empty() ? "index.html" : std::string(name);
      a.media_type = s.content_type[d];
      s.body[d] = out_.artifact_open(std::move(a), clock.frame);
      if (!s.content_encoding[d].empty() && decoders_ < kMaxDecoders) {
        s.decoder[d] =
            std::make_unique<http::ContentDecoder>(s.content_encoding[d]);
        ++decoders_;
      }
    }
    if (s.decoder[d]) {
      BodyWriter w{out_, s.body[d], clock.frame};
      s.decoder[d]->feed(body, w);
    } else {
      out_.artifact_write(s.body[d], body, clock.frame);
    }
    s.body_bytes[d] += body.size();
  }
  if (!(flags & kEndStream)) return;
  close_body(s, d, "");
  // tshark hands the whole body, once it has its headers, to the
  // dissector of its media type; the line-based text one names it.
  if (s.headers[d] && s.body_bytes[d] && s.method != "CONNECT" &&
      http2::text_lines_type(s.content_type[d])) {
    say(clock, " (" + s.content_type[d] + ")", false);
  }
}

void Http2Dissector::close_body(Stream& s, int d, std::string_view note) {
  if (!s.body[d]) return;
  std::string why(note);
  if (s.decoder[d]) {
    if (why.empty() && !s.decoder[d]->error().empty())
      why = s.decoder[d]->error();
    if (why.empty()) why = s.decoder[d]->limit_note();
    s.decoder[d].reset();
    --decoders_;
  }
  out_.artifact_close(s.body[d], why);
  s.body[d] = 0;
}

void Http2Dissector::on_gap(Direction dir, uint64_t, const StreamClock&) {
  // Frame boundaries and the HPACK table are lost with the bytes.
  Side& side = sides_[static_cast<size_t>(dir)];
  side.lost = true;
  side.in_block = false;
  side.pending.clear();
  side.fields.clear();
  for (auto& [sid, s] : streams_)
    close_body(s, static_cast<int>(dir), "truncated: bytes missing");
}

void Http2Dissector::on_end(EndReason, const StreamClock&) {
  for (auto& [sid, s] : streams_) {
    close_body(s, 0, "truncated: the connection ended first");
    close_body(s, 1, "truncated: the connection ended first");
  }
}

bool probe_http2(Direction dir, std::span<const uint8_t> bytes) {
  const std::string_view v(reinterpret_cast<const char*>(bytes.data()),
                           bytes.size());
  return dir == Direction::ClientToServer && v.size() >= 16 &&
         (v.starts_with(kPreface) || kPreface.starts_with(v));
}

}  // namespace

DissectorInfo http2_dissector_info() {
  DissectorInfo info;
  info.name = "http2";
  info.probe = probe_http2;
  info.make = [](DissectorOutput& out) -> std::unique_ptr<Dissector> {
    return std::make_unique<Http2Dissector>(out);
  };
  return info;
}

}  // namespace tracelab
