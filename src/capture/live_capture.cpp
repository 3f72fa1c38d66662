// SPDX-License-Identifier: GPL-2.0-or-later
#include <array>

#include "libpcap_loader.hpp"
#include "tracelab/live.hpp"

namespace tracelab {

namespace {

// Open live captures, reachable from a signal handler without locks or
// allocation: a fixed table of atomic pointers.
constexpr size_t kMaxLive = 16;
std::array<std::atomic<LiveCapture*>, kMaxLive> g_live{};

int register_live(LiveCapture* c) {
  for (size_t i = 0; i < kMaxLive; ++i) {
    LiveCapture* expected = nullptr;
    if (g_live[i].compare_exchange_strong(expected, c))
      return static_cast<int>(i);
  }
  return -1;  // still usable; only stop_live_captures() cannot reach it
}

// libpcap reports DLT_* values; records carry LINKTYPE_* values.
uint32_t to_linktype(int dlt) {
  switch (dlt) {
    case DLT_RAW: return kLinkRaw;
#ifdef DLT_ATM_RFC1483
    case DLT_ATM_RFC1483: return 100;
#endif
    default: return static_cast<uint32_t>(dlt);
  }
}

// libpcap, once open() has loaded it (a LiveCapture exists only then).
const capture::Libpcap& lib() {
  std::string unused;
  return *capture::libpcap(unused);
}

std::string describe(pcap_t* p, int rc) {
  std::string msg = lib().statustostr(rc);
  const std::string detail = lib().geterr(p);
  // libpcap often repeats the status in its detail ("No such device
  // exists"): say it once.
  if (detail.find(msg) != std::string::npos) return detail;
  if (!detail.empty()) msg += ": " + detail;
  return msg;
}

}  // namespace

std::unique_ptr<LiveCapture> LiveCapture::open(const LiveOptions& opt,
                                               CaptureError& err) {
  err = {opt.interface, 0, ""};
  const capture::Libpcap* pcap = capture::libpcap(err.message);
  if (!pcap) return nullptr;
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p = pcap->create(opt.interface.c_str(), errbuf);
  if (!p) {
    err.message = std::string("cannot open interface: ") + errbuf;
    return nullptr;
  }
  pcap->set_snaplen(p, static_cast<int>(opt.snaplen));
  pcap->set_promisc(p, opt.promiscuous ? 1 : 0);
  pcap->set_timeout(p, opt.timeout_ms);
  pcap->set_immediate_mode(p, opt.immediate ? 1 : 0);
  if (opt.buffer_bytes > 0) pcap->set_buffer_size(p, opt.buffer_bytes);
  // Nanoseconds when the platform offers them; microseconds otherwise.
  pcap->set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
  int rc = pcap->activate(p);
  if (rc < 0) {
    err.message = "cannot capture: " + describe(p, rc);
    pcap->close(p);
    return nullptr;
  }
  if (!opt.bpf.empty()) {
    bpf_program prog{};
    if (pcap->compile(p, &prog, opt.bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) !=
            0 ||
        pcap->setfilter(p, &prog) != 0) {
      err.message =
          "invalid capture filter \"" + opt.bpf + "\": " + pcap->geterr(p);
      pcap->freecode(&prog);
      pcap->close(p);
      return nullptr;
    }
    pcap->freecode(&prog);
  }
  return std::unique_ptr<LiveCapture>(new LiveCapture(p, opt));
}

LiveCapture::LiveCapture(pcap_t* p, const LiveOptions& opt)
    : pcap_(p), name_(opt.interface) {
  InterfaceInfo iface;
  iface.name = opt.interface;
  iface.link_type = to_linktype(lib().datalink(p));
  iface.snaplen = static_cast<uint32_t>(lib().snapshot(p));
  const bool nano = lib().get_tstamp_precision(p) == PCAP_TSTAMP_PRECISION_NANO;
  iface.ticks_per_second = nano ? 1000000000 : 1000000;
  ns_per_frac_ = nano ? 1 : 1000;
  interfaces_.push_back(iface);
  slot_ = register_live(this);
}

LiveCapture::~LiveCapture() {
  if (slot_ >= 0) g_live[static_cast<size_t>(slot_)].store(nullptr);
  lib().close(pcap_);
}

bool LiveCapture::next(Record& rec) {
  while (!done_) {
    if (stop_requested_.load()) break;
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    const int rc = lib().next_ex(pcap_, &hdr, &data);
    if (rc == 1) {
      rec = Record{};
      rec.link_type = interfaces_[0].link_type;
      rec.ts_ns = static_cast<int64_t>(hdr->ts.tv_sec) * 1000000000 +
                  static_cast<int64_t>(hdr->ts.tv_usec) * ns_per_frac_;
      rec.caplen = hdr->caplen;
      rec.wire_len = hdr->len < hdr->caplen ? hdr->caplen : hdr->len;
      rec.data = data;
      ++packets_;  // a live stream has no file offsets: file_offset stays 0
      bytes_ += hdr->caplen;
      return true;
    }
    if (rc == 0) continue;  // timeout: look at the stop flag again
    if (rc == PCAP_ERROR_BREAK) break;
    error_ = CaptureError{name_, 0,
                          "capture failed after " + std::to_string(packets_) +
                              " packets: " + describe(pcap_, rc)};
    done_ = true;
  }
  done_ = true;
  return false;
}

void LiveCapture::stop() noexcept {
  stop_requested_.store(true);
  lib().breakloop(pcap_);
}

std::optional<LiveStats> LiveCapture::stats() const {
  pcap_stat ps{};
  if (lib().stats(pcap_, &ps) != 0) return std::nullopt;
  return LiveStats{ps.ps_recv, ps.ps_drop, ps.ps_ifdrop};
}

void stop_live_captures() noexcept {
  for (auto& slot : g_live)
    if (LiveCapture* c = slot.load()) c->stop();
}

}  // namespace tracelab
