// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>

#include "libpcap_loader.hpp"
#include "tracelab/bpf.hpp"

namespace tracelab {

struct BpfFilter::Program {
  uint32_t link_type = 0;
  bool ok = false;
  bpf_program prog{};
  const capture::Libpcap* pcap = nullptr;  // set when ok
  ~Program() {
    if (ok) pcap->freecode(&prog);
  }
};

namespace {

// A few link types at most per file; a hostile pcapng could declare many,
// so stop compiling new ones past this and reject their records.
constexpr size_t kMaxPrograms = 64;

// Capture files store LINKTYPE_* values; libpcap compiles for DLT_* values.
// They are equal except for a few historical types that differ per OS.
int to_dlt(uint32_t link_type) {
  switch (link_type) {
    case 100: return DLT_ATM_RFC1483;
    case kLinkRaw: return DLT_RAW;
    default: return static_cast<int>(link_type);
  }
}

bool compile_for(const capture::Libpcap& pcap, const std::string& expr,
                 uint32_t link_type, uint32_t snaplen, bpf_program& prog,
                 std::string& err) {
  pcap_t* dead = pcap.open_dead(to_dlt(link_type), static_cast<int>(snaplen));
  if (!dead) {
    err = "cannot prepare a filter for link type " + std::to_string(link_type);
    return false;
  }
  const bool ok =
      pcap.compile(dead, &prog, expr.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0;
  if (!ok)
    err = "invalid capture filter \"" + expr + "\" for link type " +
          std::to_string(link_type) + ": " + pcap.geterr(dead);
  pcap.close(dead);
  return ok;
}

}  // namespace

BpfFilter::BpfFilter(std::string expression, uint32_t snaplen)
    : expression_(std::move(expression)), snaplen_(snaplen) {}

BpfFilter::~BpfFilter() = default;

BpfFilter::Program* BpfFilter::program_for(uint32_t link_type) {
  for (auto& p : programs_)
    if (p->link_type == link_type) return p.get();
  if (programs_.size() >= kMaxPrograms) {
    error_ = "too many link types for one capture filter";
    return nullptr;
  }
  auto p = std::make_unique<Program>();
  p->link_type = link_type;
  p->pcap = capture::libpcap(error_);
  p->ok = p->pcap && compile_for(*p->pcap, expression_, link_type, snaplen_,
                                 p->prog, error_);
  if (!p->ok) warnings_.push_back(error_);
  programs_.push_back(std::move(p));
  return programs_.back().get();
}

bool BpfFilter::compile(uint32_t link_type) {
  if (empty()) return true;
  Program* p = program_for(link_type);
  return p && p->ok;
}

bool BpfFilter::matches(const Record& rec) {
  if (empty()) return true;
  if (rec.kind != RecordKind::Packet) return false;
  // The last program used is almost always the right one.
  Program* p = last_ && last_->link_type == rec.link_type
                   ? last_
                   : program_for(rec.link_type);
  if (!p || !p->ok) return false;
  last_ = p;
  pcap_pkthdr hdr{};
  hdr.caplen = rec.caplen;
  hdr.len = rec.wire_len;
  return p->pcap->offline_filter(&p->prog, &hdr, rec.data) != 0;
}

bool check_bpf_expression(const std::string& expression, std::string& err) {
  // An expression may name one link layer ("ether host", "sll ..."): it is
  // valid when some link type the decoder reads takes it.  libpcap's reason
  // is the Ethernet one, which is what a syntax error gives on all.
  const capture::Libpcap* pcap = capture::libpcap(err);
  if (!pcap) return false;
  std::string first;
  for (uint32_t link :
       {kLinkEthernet, kLinkRaw, kLinkLinuxSll, kLinkLinuxSll2, kLinkLoop}) {
    bpf_program prog{};
    if (compile_for(*pcap, expression, link, 262144, prog, err)) {
      pcap->freecode(&prog);
      err.clear();
      return true;
    }
    if (first.empty()) first = err;
  }
  err = "invalid capture filter \"" + expression +
        "\": " + first.substr(first.find(": ") + 2);
  return false;
}

}  // namespace tracelab
