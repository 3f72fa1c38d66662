// SPDX-License-Identifier: GPL-2.0-or-later
#include "libpcap_loader.hpp"

#include <dlfcn.h>

namespace tracelab::capture {
namespace {

struct Loaded {
  Libpcap api{};
  bool ok = false;
  std::string error;
};

// The run-time names of libpcap: Debian's soname, then other systems'.
constexpr const char* kNames[] = {"libpcap.so.0.8", "libpcap.so.1",
                                  "libpcap.so"};

template <typename F>
bool resolve(void* lib, const char* name, F& fn, std::string& err) {
  fn = reinterpret_cast<F>(dlsym(lib, name));
  if (!fn && err.empty())
    err = std::string("libpcap lacks ") + name +
          " (libpcap 1.5 or later is needed)";
  return fn != nullptr;
}

Loaded load() {
  Loaded l;
  void* lib = nullptr;
  for (const char* name : kNames)
    if ((lib = dlopen(name, RTLD_NOW | RTLD_LOCAL))) break;
  if (!lib) {
    const char* why = dlerror();
    l.error = std::string(
                  "cannot load libpcap (needed for capture filters "
                  "and live capture): ") +
              (why ? why : "not found");
    return l;
  }
  // Never closed: its functions are used until the process ends.
  Libpcap& a = l.api;
  std::string& e = l.error;
  bool ok = resolve(lib, "pcap_open_dead", a.open_dead, e);
  ok &= resolve(lib, "pcap_compile", a.compile, e);
  ok &= resolve(lib, "pcap_freecode", a.freecode, e);
  ok &= resolve(lib, "pcap_offline_filter", a.offline_filter, e);
  ok &= resolve(lib, "pcap_geterr", a.geterr, e);
  ok &= resolve(lib, "pcap_close", a.close, e);
  ok &= resolve(lib, "pcap_create", a.create, e);
  ok &= resolve(lib, "pcap_set_snaplen", a.set_snaplen, e);
  ok &= resolve(lib, "pcap_set_promisc", a.set_promisc, e);
  ok &= resolve(lib, "pcap_set_timeout", a.set_timeout, e);
  ok &= resolve(lib, "pcap_set_immediate_mode", a.set_immediate_mode, e);
  ok &= resolve(lib, "pcap_set_buffer_size", a.set_buffer_size, e);
  ok &= resolve(lib, "pcap_set_tstamp_precision", a.set_tstamp_precision, e);
  ok &= resolve(lib, "pcap_get_tstamp_precision", a.get_tstamp_precision, e);
  ok &= resolve(lib, "pcap_activate", a.activate, e);
  ok &= resolve(lib, "pcap_setfilter", a.setfilter, e);
  ok &= resolve(lib, "pcap_statustostr", a.statustostr, e);
  ok &= resolve(lib, "pcap_datalink", a.datalink, e);
  ok &= resolve(lib, "pcap_snapshot", a.snapshot, e);
  ok &= resolve(lib, "pcap_next_ex", a.next_ex, e);
  ok &= resolve(lib, "pcap_breakloop", a.breakloop, e);
  ok &= resolve(lib, "pcap_stats", a.stats, e);
  l.ok = ok;
  return l;
}

}  // namespace

const Libpcap* libpcap(std::string& err) {
  static const Loaded loaded = load();  // once, thread-safe
  if (!loaded.ok) {
    err = loaded.error;
    return nullptr;
  }
  return &loaded.api;
}

}  // namespace tracelab::capture
