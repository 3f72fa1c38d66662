// SPDX-License-Identifier: GPL-2.0-or-later
// An in-memory pcap of many short TCP connections (handshake, a request, a
// multi-segment response, FIN), so the benchmarks need no file.
#pragma once

#include <cstdint>
#include <string>

namespace tracelab::bench {

/// `connections` connections of `segments` full-size response segments each.
std::string synthetic_tcp_pcap(int connections, int segments);

}  // namespace tracelab::bench
