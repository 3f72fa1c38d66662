// SPDX-License-Identifier: GPL-2.0-or-later
//
// libpcap, loaded the first time a capture filter or a live capture needs
// it.  Reading capture files never does (tracelab has its own readers), and
// linking it would load it at every start, with the D-Bus, systemd and
// libgcrypt libraries Debian builds it against: about 3 ms, a third of what
// a whole run over a small capture may take (grading runs hundreds).
#pragma once

#include <pcap/pcap.h>

#include <string>

namespace tracelab::capture {

/// The libpcap functions tracelab calls, resolved from the shared library.
struct Libpcap {
  decltype(&::pcap_open_dead) open_dead;
  decltype(&::pcap_compile) compile;
  decltype(&::pcap_freecode) freecode;
  decltype(&::pcap_offline_filter) offline_filter;
  decltype(&::pcap_geterr) geterr;
  decltype(&::pcap_close) close;
  decltype(&::pcap_create) create;
  decltype(&::pcap_set_snaplen) set_snaplen;
  decltype(&::pcap_set_promisc) set_promisc;
  decltype(&::pcap_set_timeout) set_timeout;
  decltype(&::pcap_set_immediate_mode) set_immediate_mode;
  decltype(&::pcap_set_buffer_size) set_buffer_size;
  decltype(&::pcap_set_tstamp_precision) set_tstamp_precision;
  decltype(&::pcap_get_tstamp_precision) get_tstamp_precision;
  decltype(&::pcap_activate) activate;
  decltype(&::pcap_setfilter) setfilter;
  decltype(&::pcap_statustostr) statustostr;
  decltype(&::pcap_datalink) datalink;
  decltype(&::pcap_snapshot) snapshot;
  decltype(&::pcap_next_ex) next_ex;
  decltype(&::pcap_breakloop) breakloop;
  decltype(&::pcap_stats) stats;
};

/// The library, loaded on the first call (thread-safe), or nullptr with
/// `err` saying why it could not be (not installed, or too old).
const Libpcap* libpcap(std::string& err);

}  // namespace tracelab::capture
