// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_dissector.hpp"

#include <array>
#include <string>
#include <vector>

#include "tls_certificate.hpp"
#include "tls_decryption.hpp"
#include "tls_hello.hpp"
#include "tls_inner.hpp"
#include "tls_names.hpp"
#include "tls_reader.hpp"
#include "tracelab/findings.hpp"

namespace tracelab {
namespace {

using tls::Reader;

enum ContentType : uint8_t {
  kChangeCipherSpec = 20,
  kAlert = 21,
  kHandshake = 22,
  kApplicationData = 23,
  kHeartbeat = 24,
};

// RFC 8446 5.2: no record is longer than 2^14 + 256 (TLS 1.3) or 2^14 + 2048
// (TLS 1.2); anything longer is not TLS.
constexpr size_t kMaxRecord = 16384 + 2048;
// A handshake message spanning records is kept up to this size (certificate
// chains reach tens of kilobytes); a longer one is skipped with a note.
constexpr size_t kMaxHandshake = 256 * 1024;
// Certificates described per Certificate message.
constexpr size_t kMaxCertificates = 16;

bool tls_header(std::span<const uint8_t> d) {
  if (d.size() < 3) return false;
  return d[0] >= kChangeCipherSpec && d[0] <= kHeartbeat && d[1] == 3 &&
         d[2] <= 4;
}

// An SSLv2 record with a 2-byte header carrying a CLIENT-HELLO (1),
// CLIENT-MASTER-KEY (2) or SERVER-HELLO (4), or an encrypted one.
bool sslv2_header(std::span<const uint8_t> d) {
  return d.size() >= 3 && (d[0] & 0x80) && (((d[0] & 0x7f) << 8) | d[1]) >= 1;
}

bool sslv2_hello(std::span<const uint8_t> d) {
  if (!sslv2_header(d) || d.size() < 5) return false;
  return (d[2] == 1 && (d[3] == 0 || d[3] == 3)) ||  // CLIENT-HELLO
         d[2] == 4;                                  // SERVER-HELLO
}

class TlsDissector final : public Dissector {
 public:
  // A session handed over by STARTTLS keeps the name of the protocol that
  // handed it over (an SMTP session stays SMTP).
  TlsDissector(DissectorOutput& out, std::unique_ptr<Dissector> inner)
      : out_(out), inner_(out, cols_, std::move(inner)) {
    named_ = inner_.active();
  }

  Consumed on_data(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock) override;
  void on_gap(Direction dir, uint64_t bytes, const StreamClock& clock) override;
  void on_end(EndReason why, const StreamClock& clock) override;
  void on_held(Direction dir, uint64_t bytes,
               const StreamClock& clock) override;

 private:
  struct Side {
    bool encrypted = false;  // after its ChangeCipherSpec (TLS <= 1.2)
    bool lost = false;       // after a gap, until a record header shows up
    bool after_gap = false;  // the first delivery after a gap
    bool sslv2 = false;      // SSLv2 records
    bool hs_overflow = false;
    size_t held = 0;          // bytes left unconsumed by the last delivery
    std::vector<uint8_t> hs;  // a handshake message spanning records
  };

  Side& side(Direction d) { return side_[static_cast<size_t>(d)]; }
  void tls_record(Direction dir, uint8_t type, uint16_t version,
                  std::span<const uint8_t> body, const StreamClock& clock);
  void plaintext_record(Direction dir, uint8_t type, const StreamClock& clock);
  void sslv2_record(Direction dir, std::span<const uint8_t> msg,
                    const StreamClock& clock);
  void handshake_record(Direction dir, std::span<const uint8_t> body,
                        const StreamClock& clock);
  void handshake_message(Direction dir, uint8_t type,
                         std::span<const uint8_t> body,
                         const StreamClock& clock);
  void client_hello(Direction dir, const tls::ClientHello& ch,
                    const StreamClock& clock);
  /// A resumed session: fields naming what it presented and the session
  /// that issued it.
  void resumption(const tls::ServerHello& sh, Event& e);
  void server_hello(Direction dir, std::span<const uint8_t> body,
                    const StreamClock& clock);
  void certificates(Direction dir, std::span<const uint8_t> body,
                    const StreamClock& clock);
  /// A readable alert: an event and its Info; false when it is not one.
  bool alert(Direction dir, std::span<const uint8_t> body,
             const StreamClock& clock);
  void info(const StreamClock& clock, std::string_view item,
            std::string_view protocol);
  /// Hands the frame's columns to the session.
  void publish(uint64_t frame);
  Consumed records(Direction dir, std::span<const uint8_t> data,
                   const StreamClock& clock);
  /// A step of the dialog; a handshake step names its message in the
  /// `message` field (the explanation catalog's key).
  Event step(Direction dir, const StreamClock& clock, StepKind kind,
             std::string text, std::string_view message = {}) const;
  StepIndex put(Event&& e) { return out_.event(std::move(e)); }
  void emit(Direction dir, const StreamClock& clock, StepKind kind,
            std::string text, std::string_view message = {}) {
    put(step(dir, clock, kind, std::move(text), message));
  }
  /// Both sides sent their Finished (seen, or an encrypted handshake
  /// message where it must be), or application data flowed.
  bool complete() const { return app_seen_ || (finished_[0] && finished_[1]); }
  /// The first application data record that stays encrypted.
  void not_decrypted(const StreamClock& clock);
  std::string_view column(uint16_t record_version) const {
    return tls::version_column(version_ ? version_ : record_version);
  }

  DissectorOutput& out_;
  tls::Columns cols_;  // before inner_, which writes into it
  tls::InnerStreams inner_;
  tls::Decryption dec_;
  tls::Bytes plain_;  // the record being decrypted
  std::string alpn_;
  bool pending_finished_[2] = {false, false};
  bool pending_update_[2] = {false, false};
  bool pending_end_of_early_data_ = false;
  uint64_t decrypted_app_ = 0;
  Side side_[2];
  uint16_t version_ = 0;  // negotiated (ServerHello), 0 before
  uint16_t suite_ = 0;
  uint16_t record_version_ = 0;  // of the record being read
  bool named_ = false;
  std::array<uint8_t, 32> client_random_{};
  bool have_client_random_ = false;
  // What the ClientHello offered to resume (SessionKeys names).
  std::string offered_sid_key_, offered_ticket_key_;
  std::vector<std::string> offered_psk_keys_;
  // The handshake's progress, for the steps' outcomes and the findings.
  StepIndex client_hello_step_ = kNoStep;
  uint64_t client_hello_frame_ = 0;
  bool server_hello_ = false;
  bool finished_[2] = {false, false};
  uint64_t flight_frame_[2] = {0, 0};  // TLS 1.3's encrypted flight, unread
  bool app_seen_ = false;
  bool handshake_failed_ = false;  // its finding was made
  bool not_decrypted_ = false;     // its finding was made
  bool any_record_ = false;        // a TLS or SSLv2 record was read
  bool gap_seen_ = false;
  bool not_tls_ = false;  // its finding was made
};

void TlsDissector::info(const StreamClock& clock, std::string_view item,
                        std::string_view protocol) {
  if (!out_.columns()) return;  // no packet list in this run
  cols_.start(clock.frame);
  cols_.set_protocol(protocol);
  cols_.append(item);
  publish(clock.frame);
}

void TlsDissector::publish(uint64_t frame) {
  // What a handed-over protocol said about this frame wins, as in tshark.
  PacketColumns* const columns = out_.columns();
  if (columns && !inner_.described(frame))
    columns->frame_summary(frame, cols_.protocol, cols_.info);
}

Event TlsDissector::step(Direction dir, const StreamClock& clock, StepKind kind,
                         std::string text, std::string_view message) const {
  Event e = step_event(dir, kind, clock);
  e.text = std::move(text);
  if (!message.empty()) e.add_field("message", std::string(message));
  return e;
}

void TlsDissector::not_decrypted(const StreamClock& clock) {
  if (not_decrypted_) return;
  not_decrypted_ = true;
  std::string why = dec_.why();
  if (why.empty())
    why = have_client_random_ ? "no key for this session"
                              : "the handshake was not captured";
  Finding f = findings::make(findings::kTlsNotDecrypted, clock.frame, why);
  // Keys were given, yet none opens this session: worth a closer look.
  if (out_.settings().keylogs.given()) f.severity = Severity::Warning;
  out_.finding(std::move(f));
}

Consumed TlsDissector::on_data(Direction dir, std::span<const uint8_t> data,
                               const StreamClock& clock) {
  Side& s = side(dir);
  const Consumed c = records(dir, data, clock);
  s.held = data.size() - std::min(c.bytes, data.size());
  return c;
}

Consumed TlsDissector::records(Direction dir, std::span<const uint8_t> data,
                               const StreamClock& clock) {
  Side& s = side(dir);
  // A record whose header arrived in an earlier segment was reassembled
  // by TCP alone (tshark asks TCP for exactly its length): TLS reads it,
  // then the rest of the segment, with a fence between them.
  size_t fence_at = s.held >= 5 ? 0 : SIZE_MAX;
  size_t pos = 0;
  if (s.lost) {
    // tshark resynchronises only where a segment starts with a record.
    if (!tls_header(data) && !s.sslv2) {
      info(clock, s.after_gap ? ", Continuation Data" : "Continuation Data",
           column(0));
      s.after_gap = false;
      return {data.size(), 0, false};
    }
    s.lost = false;
  }
  s.after_gap = false;
  while (pos < data.size()) {
    if (pos != 0 && pos == fence_at) {
      cols_.start(clock.frame);
      cols_.put_fence();
    }
    const auto rest = data.subspan(pos);
    if (rest.size() < 5) return {pos, 5, true};
    if (s.sslv2 && (rest[0] & 0x80) == 0 && !tls_header(rest)) {
      // An SSLv2 record with a 3-byte header (the third is padding).
      const size_t len = (size_t{rest[0] & 0x3fu} << 8) | rest[1];
      if (rest.size() < 3 + len) return {pos, 3 + len, true};
      sslv2_record(dir, rest.subspan(3, len), clock);
      pos += 3 + len;
      continue;
    }
    if (tls_header(rest)) {
      const size_t len = (size_t{rest[3]} << 8) | rest[4];
      if (len > kMaxRecord) break;
      if (rest.size() < 5 + len) return {pos, 5 + len, true};
      if (!named_) {
        out_.set_protocol("TLS");
        named_ = true;
      }
      any_record_ = true;
      if (fence_at == 0) fence_at = 5 + len;
      tls_record(dir, rest[0], static_cast<uint16_t>((rest[1] << 8) | rest[2]),
                 rest.subspan(5, len), clock);
      pos += 5 + len;
      continue;
    }
    if ((s.sslv2 || pos == 0) && sslv2_header(rest) &&
        (s.sslv2 || sslv2_hello(rest))) {
      const size_t len = (size_t{rest[0] & 0x7fu} << 8) | rest[1];
      if (rest.size() < 2 + len) return {pos, 2 + len, true};
      if (!named_) {
        out_.set_protocol("SSL");
        named_ = true;
      }
      s.sslv2 = true;
      any_record_ = true;
      sslv2_record(dir, rest.subspan(2, len), clock);
      pos += 2 + len;
      continue;
    }
    break;
  }
  if (pos < data.size()) {
    // Not a record: the stream is not (or no longer) TLS as we understand
    // it.  Skip to the next segment that starts with a record.
    info(clock, "Ignored Unknown Record", column(0));
    s.lost = true;
    // The stream began with something else than a record (a STARTTLS
    // hand-over is its protocol's to judge).
    if (!any_record_ && !gap_seen_ && !inner_.active() && !not_tls_) {
      not_tls_ = true;
      out_.finding(findings::make(findings::kNotTls, clock.frame));
    }
    return {data.size(), 0, false};
  }
  return {pos, 0, false};
}

void TlsDissector::tls_record(Direction dir, uint8_t type, uint16_t version,
                              std::span<const uint8_t> body,
                              const StreamClock& clock) {
  Side& s = side(dir);
  record_version_ = version;
  const int d = static_cast<int>(dir);
  if (dec_.protects(d, type)) {
    uint8_t inner_type = type;
    if (dec_.decrypt(d, inner_type, version, body, plain_)) {
      plaintext_record(dir, inner_type, clock);
      if (pending_finished_[d]) dec_.finished(d);
      if (pending_update_[d]) dec_.key_update(d);
      if (pending_end_of_early_data_ && d == 0) dec_.end_of_early_data();
      if (d == 0) pending_end_of_early_data_ = false;
      pending_finished_[d] = pending_update_[d] = false;
      return;
    }
  }
  switch (type) {
    case kChangeCipherSpec:
      info(clock, "Change Cipher Spec", column(version));
      // In TLS 1.3 it is a compatibility no-op: what follows is told apart
      // by content type (a second ClientHello after HRR stays readable).
      if (version_ != 0x0304) s.encrypted = true;
      dec_.change_cipher_spec(d);
      emit(dir, clock, StepKind::Handshake, "ChangeCipherSpec",
           "ChangeCipherSpec");
      break;
    case kAlert:
      if (s.encrypted || !alert(dir, body, clock)) {
        info(clock, "Encrypted Alert", column(version));
        Event e = step(dir, clock, StepKind::Alert, "encrypted alert");
        e.outcome = Outcome::Info;
        put(std::move(e));
      }
      break;
    case kHandshake:
      if (s.encrypted) {
        // After ChangeCipherSpec (TLS 1.2 and earlier): the Finished.
        info(clock, "Encrypted Handshake Message", column(version));
        Event e =
            step(dir, clock, StepKind::Handshake, "encrypted handshake message",
                 "EncryptedHandshakeMessage");
        e.outcome = Outcome::Success;
        put(std::move(e));
        finished_[d] = true;
      } else {
        handshake_record(dir, body, clock);
      }
      break;
    case kApplicationData:
      info(clock, "Application Data", column(version));
      if (version_ == 0x0304 && server_hello_ && !finished_[d]) {
        // TLS 1.3 without keys: the first protected records after the
        // ServerHello are the rest of the handshake, up to the Finished.
        Event e =
            step(dir, clock, StepKind::Handshake, "encrypted handshake message",
                 "EncryptedHandshakeMessage");
        e.outcome = Outcome::Success;
        put(std::move(e));
        finished_[d] = true;
        flight_frame_[d] = clock.frame;
        break;
      }
      // The rest of that flight: more records in the same segment.
      if (flight_frame_[d] == clock.frame) break;
      app_seen_ = true;
      not_decrypted(clock);
      break;
    case kHeartbeat:
      if (s.encrypted || body.empty() || body[0] < 1 || body[0] > 2)
        info(clock, "Encrypted Heartbeat", column(version));
      else
        info(clock, body[0] == 1 ? "Heartbeat Request" : "Heartbeat Response",
             column(version));
      break;
    default: break;
  }
}

void TlsDissector::plaintext_record(Direction dir, uint8_t type,
                                    const StreamClock& clock) {
  const std::span<const uint8_t> body = plain_;
  switch (type) {
    case kHandshake: handshake_record(dir, body, clock); break;
    case kAlert:
      if (!alert(dir, body, clock))
        info(clock, "Encrypted Alert", column(record_version_));
      break;
    case kApplicationData:
      ++decrypted_app_;
      app_seen_ = true;
      // tshark names the record, then the protocol inside rewrites the
      // column.
      info(clock, "Application Data", column(record_version_));
      inner_.deliver(dir, body, alpn_, clock, column(record_version_));
      publish(clock.frame);
      break;
    default: info(clock, "Ignored Unknown Record", column(record_version_));
  }
}

void TlsDissector::handshake_record(Direction dir,
                                    std::span<const uint8_t> body,
                                    const StreamClock& clock) {
  Side& s = side(dir);
  std::span<const uint8_t> d = body;
  if (!s.hs.empty()) {
    if (s.hs.size() + body.size() > kMaxHandshake) {
      s.hs.clear();
      s.hs_overflow = true;
      emit(dir, clock, StepKind::Note,
           "handshake message longer than 256 KB skipped");
      return;
    }
    s.hs.insert(s.hs.end(), body.begin(), body.end());
    d = s.hs;
  } else if (body.size() >= 1 && tls::handshake_info(body[0]).empty()) {
    // Not a handshake message we know: encrypted (a renegotiation, or a
    // stream picked up after its ChangeCipherSpec).
    info(clock, "Encrypted Handshake Message", column(record_version_));
    return;
  }
  size_t pos = 0;
  while (d.size() - pos >= 4) {
    const uint8_t type = d[pos];
    const size_t len =
        (size_t{d[pos + 1]} << 16) | (size_t{d[pos + 2]} << 8) | d[pos + 3];
    if (tls::handshake_info(type).empty() || len > kMaxHandshake) {
      info(clock, "Encrypted Handshake Message", column(record_version_));
      pos = d.size();
      break;
    }
    if (d.size() - pos < 4 + len) break;
    handshake_message(dir, type, d.subspan(pos + 4, len), clock);
    pos += 4 + len;
  }
  if (pos == d.size()) {
    s.hs.clear();
  } else if (d.data() == s.hs.data()) {
    s.hs.erase(s.hs.begin(), s.hs.begin() + static_cast<ptrdiff_t>(pos));
  } else {
    s.hs.assign(d.begin() + static_cast<ptrdiff_t>(pos), d.end());
  }
}

void TlsDissector::handshake_message(Direction dir, uint8_t type,
                                     std::span<const uint8_t> body,
                                     const StreamClock& clock) {
  // The protocol column of a ClientHello is its record's version (the
  // session's is not known yet); tshark then follows the ServerHello.
  const int d = static_cast<int>(dir);
  if (type == 20) pending_finished_[d] = true;  // acted on after the record
  if (type == 24) pending_update_[d] = true;
  if (type == 5 && d == 0) pending_end_of_early_data_ = true;
  switch (type) {
    case 1: {
      tls::ClientHello ch;
      if (tls::parse_client_hello(body, ch)) client_hello(dir, ch, clock);
      info(clock, "Client Hello", column(record_version_));
      return;
    }
    case 2: server_hello(dir, body, clock); return;
    case 4: {  // NewSessionTicket: a later session may present the ticket
      Reader r(body);
      r.bytes(4);  // ticket_lifetime_hint / ticket_lifetime
      if (version_ == 0x0304) {
        r.bytes(4);  // ticket_age_add
        r.sub(1);    // ticket_nonce
      }
      const auto ticket = r.sub(2).rest();
      if (r.ok() && !ticket.empty())
        out_.offer_key(tls::resumption_key(ticket));
      break;
    }
    case 8:  // TLS 1.3 carries the server's ALPN choice here, encrypted
      if (dir != Direction::ServerToClient) break;
      if (std::string a = tls::encrypted_extensions_alpn(body); !a.empty())
        alpn_ = std::move(a);
      break;
    case 11:
      info(clock, "Certificate", column(record_version_));
      certificates(dir, body, clock);
      return;
    default: break;
  }
  info(clock, tls::handshake_info(type), column(record_version_));
  Event e = step(dir, clock, StepKind::Handshake,
                 std::string(tls::handshake_info(type)),
                 tls::handshake_message_name(type));
  if (type == 20) {  // Finished: this side's part of the handshake is done
    e.outcome = Outcome::Success;
    finished_[d] = true;
  }
  put(std::move(e));
}

void TlsDissector::client_hello(Direction dir, const tls::ClientHello& ch,
                                const StreamClock& clock) {
  const char* name = ch.sslv2 ? "SSLv2 ClientHello" : "ClientHello";
  Event e = step(dir, clock, StepKind::Handshake, name, name);
  // The versions it really offers: supported_versions when present (the
  // legacy field then says TLS 1.2 whatever the client wants).
  bool offered = false;
  for (uint16_t v : ch.versions)
    if (!tls::is_grease(v)) {
      e.add_field("offered_versions", tls::version_text(v));
      offered = true;
    }
  if (!offered) e.add_field("offered_versions", tls::version_text(ch.version));
  if (!ch.sni.empty()) e.add_field("sni", ch.sni);
  for (const auto& p : ch.alpn) e.add_field("alpn", p);
  e.add_field("ja3", tls::md5_hex(tls::ja3_string(ch)));
  e.add_field("ja4", tls::ja4(ch));
  client_hello_step_ = put(std::move(e));
  client_hello_frame_ = clock.frame;
  client_random_ = ch.random;
  have_client_random_ = true;
  dec_.client_hello(ch, out_.settings().keylogs);
  offered_sid_key_ = tls::session_id_key(ch.session_id);
  offered_ticket_key_ = ch.ticket_key;
  offered_psk_keys_ = ch.psk_keys;
  // An HTTP redirect to https://HOST waits for a connection to HOST: the
  // name the client asks for, else the address it connects to.
  std::string key = "https:";
  if (!ch.sni.empty()) {
    for (char c : ch.sni)
      key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  } else if (out_.server_end().addr.family) {
    key += out_.server_end().addr.to_string();
  } else {
    return;
  }
  out_.refer_key(key, LinkWhy::RedirectedFrom, LinkWhy::RedirectFollowedBy);
}

void TlsDissector::server_hello(Direction dir, std::span<const uint8_t> body,
                                const StreamClock& clock) {
  tls::ServerHello sh;
  if (!tls::parse_server_hello(body, sh)) {
    info(clock, "Server Hello", column(record_version_));
    emit(dir, clock, StepKind::Handshake, "ServerHello (malformed)",
         "ServerHello");
    return;
  }
  version_ = sh.version;
  suite_ = sh.suite;
  alpn_ = sh.alpn;
  server_hello_ = true;
  dec_.server_hello(have_client_random_ ? &client_random_ : nullptr, sh,
                    out_.settings().keylogs);
  info(clock, sh.hrr ? "Hello Retry Request" : "Server Hello",
       column(record_version_));
  const char* name = sh.hrr ? "HelloRetryRequest" : "ServerHello";
  Event e = step(dir, clock, StepKind::Handshake, name, name);
  // The server agreed on a version and a suite; a HelloRetryRequest asks
  // for another ClientHello first.
  e.outcome = sh.hrr ? Outcome::Intermediate : Outcome::Success;
  e.answers = client_hello_step_;
  e.add_field("version", tls::version_text(sh.version));
  e.add_field("cipher_suite", tls::cipher_suite_name(sh.suite));
  if (!sh.alpn.empty()) e.add_field("alpn", sh.alpn);
  e.add_field("ja3s", tls::md5_hex(tls::ja3s_string(sh)));
  resumption(sh, e);
  put(std::move(e));
}

// Links a resumed session to the one whose session id or ticket it
// presents, and names what a full handshake issues for later ones.
void TlsDissector::resumption(const tls::ServerHello& sh, Event& e) {
  std::optional<uint64_t> from;
  const char* how = nullptr;
  if (sh.psk) {
    how = "psk";
    if (sh.psk_selected < offered_psk_keys_.size())
      from = out_.refer_key(offered_psk_keys_[sh.psk_selected],
                            LinkWhy::TlsResumedFrom, LinkWhy::TlsResumedBy);
  } else if (const std::string sid = tls::session_id_key(sh.session_id);
             !sid.empty() && sh.version != 0x0304) {
    if (sid != offered_sid_key_) {
      out_.offer_key(sid);  // a full handshake: a new session id
      return;
    }
    how = offered_ticket_key_.empty() ? "session-id" : "ticket";
    from = out_.refer_key(sid, LinkWhy::TlsResumedFrom, LinkWhy::TlsResumedBy);
    if (!from && !offered_ticket_key_.empty())
      from = out_.refer_key(offered_ticket_key_, LinkWhy::TlsResumedFrom,
                            LinkWhy::TlsResumedBy);
  } else {
    return;
  }
  // TLS 1.3 tickets travel encrypted: without keys their session is unseen
  // (no resumed_from then).
  if (from) e.add_field("resumed_from", std::to_string(*from));
  e.add_field("resumed_with", how);
}

void TlsDissector::certificates(Direction dir, std::span<const uint8_t> body,
                                const StreamClock& clock) {
  emit(dir, clock, StepKind::Handshake, "Certificate", "Certificate");
  Reader r(body);
  const bool tls13 = version_ == 0x0304;
  if (tls13) r.sub(1);  // certificate_request_context
  Reader list = r.sub(3);
  size_t n = 0;
  while (list.left() >= 3 && list.ok()) {
    auto der = list.sub(3).rest();
    if (tls13) list.sub(2);  // per-certificate extensions
    if (!list.ok()) break;
    if (++n > kMaxCertificates) continue;
    tls::CertificateFacts c;
    if (!tls::describe_certificate(der, c)) {
      emit(dir, clock, StepKind::Certificate, "unreadable certificate");
      continue;
    }
    Event e = step(dir, clock, StepKind::Certificate, c.subject);
    e.add_field("subject", c.subject);
    e.add_field("issuer", c.issuer);
    if (!c.not_after_iso.empty()) e.add_field("not_after", c.not_after_iso);
    for (const auto& name : c.san) e.add_field("san", name);
    put(std::move(e));
  }
}

bool TlsDissector::alert(Direction dir, std::span<const uint8_t> body,
                         const StreamClock& clock) {
  if (body.size() != 2 || tls::alert_level(body[0]).empty() ||
      tls::alert_description(body[1]).empty())
    return false;
  const bool fatal = body[0] == 2;
  std::string text(tls::alert_level(body[0]));
  text += " alert: ";
  text += tls::alert_description(body[1]);
  Event e = step(dir, clock, StepKind::Alert, std::move(text));
  e.outcome = fatal ? Outcome::Failure : Outcome::Info;
  e.add_field("alert", tls::alert_name(body[1]));
  e.add_field("level", fatal ? "fatal" : "warning");
  const bool handshaking = client_hello_step_ != kNoStep && !complete();
  // The server refusing the hello answers it.
  if (handshaking && dir == Direction::ServerToClient)
    e.answers = client_hello_step_;
  put(std::move(e));
  if (fatal && handshaking && !handshake_failed_) {
    handshake_failed_ = true;
    Finding f = findings::make(findings::kTlsHandshakeFailed,
                               client_hello_frame_, tls::alert_name(body[1]));
    if (clock.frame > client_hello_frame_) f.frames.push_back(clock.frame);
    out_.finding(std::move(f));
  }
  std::string item = "Alert (Level: ";
  item += tls::alert_level(body[0]);
  item += ", Description: ";
  item += tls::alert_description(body[1]);
  item += ')';
  info(clock, item, column(record_version_));
  return true;
}

void TlsDissector::sslv2_record(Direction dir, std::span<const uint8_t> msg,
                                const StreamClock& clock) {
  Side& s = side(dir);
  const uint8_t type = msg.empty() ? 0 : msg[0];
  const char* name = nullptr;
  const char* message = nullptr;
  if (!s.encrypted) {
    if (type == 1) name = "Client Hello", message = "SSLv2 ClientHello";
    if (type == 2)
      name = "Client Master Key", message = "SSLv2 ClientMasterKey";
    if (type == 4) name = "Server Hello", message = "SSLv2 ServerHello";
  }
  if (!name) {
    info(clock, "Encrypted Data", "SSLv2");
    // After the master key both sides talk under the session keys: the
    // handshake went through.
    finished_[static_cast<int>(dir)] = true;
    return;
  }
  info(clock, name, "SSLv2");
  if (type == 1) {
    tls::ClientHello ch;
    if (tls::parse_sslv2_client_hello(msg, ch)) {
      client_hello(dir, ch, clock);
      return;
    }
  }
  Event e = step(dir, clock, StepKind::Handshake, message, message);
  if (type == 4) {
    e.outcome = Outcome::Success;
    e.answers = client_hello_step_;
    server_hello_ = true;
  }
  put(std::move(e));
  // Everything after the master key is encrypted, both ways.
  if (type == 2) side_[0].encrypted = side_[1].encrypted = true;
}

void TlsDissector::on_gap(Direction dir, uint64_t bytes,
                          const StreamClock& clock) {
  inner_.gap(dir, bytes, clock);
  Side& s = side(dir);
  s.lost = true;
  s.after_gap = true;
  s.hs.clear();
  gap_seen_ = true;
}

void TlsDissector::on_held(Direction dir, uint64_t, const StreamClock& clock) {
  // tshark hands a segment that follows a hole to TLS as it comes.  Unless
  // a record was under way (TCP keeps the segment for it: a TCP segment of
  // a reassembled PDU), TLS finds no record header where the segment starts
  // -- it is the rest of a record whose start was lost -- and names it
  // Continuation Data after TCP's own note.
  if (side(dir).held || side(dir).sslv2) return;
  info(clock, ", Continuation Data", column(0));
}

void TlsDissector::on_end(EndReason why, const StreamClock& clock) {
  if (decrypted_app_) {
    emit(
        Direction::ClientToServer, clock, StepKind::Note,
        std::to_string(decrypted_app_) + " application data records decrypted");
  }
  // A ClientHello without both Finished and no alert to say why: the
  // connection ended mid-handshake (or the capture did).
  if (client_hello_step_ != kNoStep && !complete() && !handshake_failed_) {
    handshake_failed_ = true;
    Finding f =
        findings::make(findings::kTlsHandshakeFailed, client_hello_frame_);
    if (clock.frame > client_hello_frame_) f.frames.push_back(clock.frame);
    if (why == EndReason::CaptureEnd) f.severity = Severity::Warning;
    out_.finding(std::move(f));
  }
  inner_.end(why, clock);
}

}  // namespace

std::unique_ptr<Dissector> make_tls_dissector(
    DissectorOutput& out, std::unique_ptr<Dissector> inner) {
  return std::make_unique<TlsDissector>(out, std::move(inner));
}

bool looks_like_tls(std::span<const uint8_t> d) {
  if (sslv2_hello(d) && d[2] == 1) return true;
  // A handshake record with a ClientHello or ServerHello in it.
  return d.size() >= 6 && d[0] == kHandshake && tls_header(d) &&
         (d[5] == 1 || d[5] == 2);
}

}  // namespace tracelab
