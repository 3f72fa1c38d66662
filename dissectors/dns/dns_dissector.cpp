// SPDX-License-Identifier: GPL-2.0-or-later
//
// DNS over UDP, and its multicast (mDNS, port 5353) and link-local (LLMNR,
// port 5355) forms, which share the message format.  Each datagram is one
// message: the packet list gets tshark's Info ("Standard query response
// 0x1a2b A example.com A 93.184.216.34"), the dialog a query or an answer
// step, and an answer says which query it answers (Event::answers) and how
// long that took (`delay`).
//
// An answer's outcome is success for NOERROR -- also with no records: RFC
// 2308's NODATA, "the name exists but has no records of that type", is an
// answer, not an error -- and failure for any other RCODE, which is also a
// `dns-error` finding (a warning, naming the name asked).  The A and AAAA
// addresses of a NOERROR answer are offered as keys "addr:ADDRESS": a later
// connection to one of them is linked to this exchange by the flow layer.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <memory>
#include <string>

#include "dns_message.hpp"
#include "tracelab/dissector.hpp"
#include "tracelab/findings.hpp"

namespace tracelab {
namespace {

constexpr size_t kMaxOutstanding = 64;  // queries remembered per flow
constexpr size_t kMaxListed = 16;  // questions, answer records a step lists

enum class Flavour : uint8_t { Dns, Mdns, Llmnr };

const char* protocol_name(Flavour f) {
  switch (f) {
    case Flavour::Mdns: return "MDNS";
    case Flavour::Llmnr: return "LLMNR";
    case Flavour::Dns: break;
  }
  return "DNS";
}

// The questions, as a dialog step lists them ("A example.com"); a
// message rarely has more than one, a damaged one may claim hundreds.
std::string questions(const dns::Message& m) {
  std::string out;
  const size_t listed = std::min(m.questions.size(), kMaxListed);
  for (size_t i = 0; i < listed; ++i) {
    if (!out.empty()) out += ", ";
    out += dns::type_name(m.questions[i].type) + ' ' + m.questions[i].name;
  }
  if (m.questions.size() > listed)
    out += ", and " + std::to_string(m.questions.size() - listed) + " more";
  return out;
}

// "0x1a2b", as tshark shows dns.id.
std::string id_text(uint16_t id) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04x", id);
  return buf;
}

// "0.012345": seconds from `from` to `to`.
std::string delay_text(int64_t from, int64_t to) {
  const int64_t d = to >= from ? to - from : 0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%06lld",
                static_cast<long long>(d / 1'000'000'000),
                static_cast<long long>((d % 1'000'000'000) / 1000));
  return buf;
}

// The `questions` field: "name type" each, as many as the step lists.
void question_fields(const dns::Message& m, Event& e) {
  const size_t listed = std::min(m.questions.size(), kMaxListed);
  for (size_t i = 0; i < listed; ++i)
    e.add_field("questions", m.questions[i].name + ' ' +
                                 dns::type_name(m.questions[i].type));
}

// RFC 1035 / 1996 / 2136 / 8490 mnemonics, for the dialog's verb.
std::string opcode_mnemonic(unsigned opcode) {
  switch (opcode) {
    case 0: return "QUERY";
    case 1: return "IQUERY";
    case 2: return "STATUS";
    case 4: return "NOTIFY";
    case 5: return "UPDATE";
    case 6: return "DSO";
    default: return "OPCODE" + std::to_string(opcode);
  }
}

// The packet list's Info, as tshark 4.0 writes it.
void append_info(const dns::Message& m, Flavour f, std::string& info) {
  info = dns::opcode_name(m.opcode());
  if (m.response()) info += " response";
  char id[8];
  std::snprintf(id, sizeof id, " 0x%04x", m.id);
  info += id;
  if (m.response() && m.rcode()) info += ' ' + dns::rcode_name(m.rcode());
  for (const dns::Question& q : m.questions) {
    info += ' ' + dns::type_name(q.type) + ' ' + q.name;
    if (f == Flavour::Mdns)
      info += (q.cls & 0x8000) ? ", \"QU\" question" : ", \"QM\" question";
  }
  for (const dns::Record& r : m.records) {
    info += ' ' + dns::type_name(r.type);
    if (f == Flavour::Mdns && (r.cls & 0x8000)) info += ", cache flush";
    if (r.shown == dns::Shown::Owner) info += ' ' + r.owner;
    if (r.shown == dns::Shown::Data && !r.data.empty()) info += ' ' + r.data;
  }
  if (m.malformed) info += "[Malformed Packet]";
}

class DnsDissector final : public Dissector {
 public:
  explicit DnsDissector(DissectorOutput& out) : out_(out) {}

  Consumed on_data(Direction dir, std::span<const uint8_t> d,
                   const StreamClock& clock) override {
    if (!named_) {  // the output may still be under construction at make()
      named_ = true;
      flavour_ = flavour_of(out_.server_end().port, out_.client_end().port);
      out_.set_protocol(protocol_name(flavour_));
    }
    dns::Message m;
    PacketColumns* const columns = out_.columns();
    if (!dns::parse(d, m)) {
      if (columns)
        columns->frame_summary(clock.frame, protocol_name(flavour_),
                               "[Malformed Packet]");
      return {d.size(), 0, false};
    }
    if (columns) {
      append_info(m, flavour_, info_);
      columns->frame_summary(clock.frame, protocol_name(flavour_), info_);
    }
    m.response() ? answer(dir, m, clock) : query(dir, m, clock);
    return {d.size(), 0, false};
  }

  void on_gap(Direction, uint64_t, const StreamClock&) override {}
  void on_end(EndReason, const StreamClock&) override {}

 private:
  struct Asked {
    uint16_t id;
    uint64_t frame;
    int64_t ts_ns;
    StepIndex step;
  };

  static Flavour flavour_of(uint16_t server, uint16_t client) {
    for (uint16_t p : {server, client}) {
      if (p == 5353) return Flavour::Mdns;
      if (p == 5355) return Flavour::Llmnr;
    }
    return Flavour::Dns;
  }

  void query(Direction dir, const dns::Message& m, const StreamClock& c) {
    Event e = step_event(dir, StepKind::Query, c);
    e.command = opcode_mnemonic(m.opcode());
    e.args = questions(m);
    char id[16];
    std::snprintf(id, sizeof id, "id 0x%04x", m.id);
    e.text = id;
    e.add_field("id", id_text(m.id));
    question_fields(m, e);
    if (m.malformed) e.note = "the message is cut short or damaged";
    const StepIndex step = out_.event(std::move(e));
    if (asked_.size() == kMaxOutstanding) asked_.pop_front();
    asked_.push_back({m.id, c.frame, c.ts_ns, step});
  }

  void answer(Direction dir, const dns::Message& m, const StreamClock& c) {
    Event e = step_event(dir, StepKind::Answer, c);
    e.code = static_cast<int>(m.rcode());
    e.status = dns::rcode_name(m.rcode());
    e.args = questions(m);
    // A dialog step stays short whatever the message holds: the sessions
    // view keeps up to 100000 of them per session.
    const size_t listed = std::min(m.answers, kMaxListed);
    for (size_t i = 0; i < listed; ++i) {
      const dns::Record& r = m.records[i];
      if (!e.text.empty()) e.text += ", ";
      e.text += dns::type_name(r.type);
      if (!r.data.empty()) e.text += ' ' + r.data;
    }
    if (m.answers > listed)
      e.text += ", and " + std::to_string(m.answers - listed) + " more";
    if (m.answers == 0) e.text = "no answer records";
    e.add_field("id", id_text(m.id));
    question_fields(m, e);
    for (size_t i = 0; i < listed; ++i) {
      const dns::Record& r = m.records[i];
      std::string rec = r.owner + ' ' + dns::type_name(r.type);
      if (!r.data.empty()) rec += ' ' + r.data;
      e.add_field("records", std::move(rec));
    }
    e.outcome = m.rcode() == 0 ? Outcome::Success : Outcome::Failure;
    for (auto it = asked_.begin(); it != asked_.end(); ++it) {
      if (it->id != m.id) continue;
      e.answers = it->step;
      e.add_field("delay", delay_text(it->ts_ns, c.ts_ns));
      asked_.erase(it);
      break;
    }
    if (m.malformed) e.note = "the message is cut short or damaged";
    out_.event(std::move(e));
    if (m.rcode() != 0) {
      out_.finding(findings::make(
          findings::kDnsError, c.frame,
          m.questions.empty() ? std::string() : m.questions[0].name));
      return;
    }
    // The addresses it gave: a later connection to one refers to this
    // exchange (answer records only, not the additional section's).
    for (size_t i = 0; i < m.answers && i < m.records.size(); ++i) {
      const dns::Record& r = m.records[i];
      if ((r.type == 1 || r.type == 28) && !r.data.empty() && !r.malformed)
        out_.offer_key("addr:" + r.data);
    }
  }

  DissectorOutput& out_;
  Flavour flavour_ = Flavour::Dns;
  bool named_ = false;
  std::string info_;
  std::deque<Asked> asked_;
};

}  // namespace

DissectorInfo dns_dissector_info() {
  DissectorInfo info;
  info.name = "dns";
  info.udp_ports = {53, 5353, 5355};
  info.datagrams = true;
  info.make = [](DissectorOutput& out) {
    return std::make_unique<DnsDissector>(out);
  };
  return info;
}

}  // namespace tracelab
