// SPDX-License-Identifier: GPL-2.0-or-later
//
// Fuzzes the DNS message reader and the dissector: the whole input is one
// message (names with compression pointers anywhere, counts that lie,
// record data of any length), read once on its own -- every name it keeps
// must be bounded -- and then given to the dissector as a query and as an
// answer datagram.
#include <cstdint>
#include <cstdlib>

#include "../dissectors/dns/dns_message.hpp"
#include "fuzz_dissector_driver.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab {
DissectorInfo dns_dissector_info();
}

using namespace tracelab;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const DissectorInfo info = dns_dissector_info();
  const std::span<const uint8_t> wire(data, size);
  dns::Message m;
  if (dns::parse(wire, m)) {
    // "<Name too long>" stands in for anything past 255 characters.
    for (const auto& q : m.questions)
      if (q.name.size() > 255 + 1 + 4 * 63) std::abort();
    if (m.records.size() > 1024 || m.questions.size() > 256) std::abort();
  }
  fuzz::CheckingOutput out;
  auto d = info.make(out);
  StreamClock clock;
  clock.frame = 1;
  d->on_data(Direction::ClientToServer, wire, clock);
  clock.frame = 2;
  d->on_data(Direction::ServerToClient, wire, clock);
  d->on_end(EndReason::CaptureEnd, clock);
  return 0;
}
