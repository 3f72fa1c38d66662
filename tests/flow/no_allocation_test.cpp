// SPDX-License-Identifier: GPL-2.0-or-later
//
// The hot path does not allocate: once a flow exists, in-order segments that
// the dissector consumes go through the flow table without a single heap
// allocation.  Counted by replacing the global operator new in this binary.
#include <doctest/doctest.h>

#include <cstdlib>
#include <new>

#include "flow_harness.hpp"

namespace {
uint64_t g_allocations = 0;
}

void* operator new(std::size_t n) {
  ++g_allocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

using namespace tracelab;
using tracelab::test::FlowHarness;

TEST_CASE("steady-state TCP and UDP processing does not allocate") {
  FlowHarness h;
  h.handshake(1000, 5000);
  const std::string seg(1460, 'x');
  uint32_t seq = 1001;
  // Warm up: the first data picks the dissector and sizes the buffers.
  for (int i = 0; i < 4; ++i, seq += 1460) {
    h.tcp(true, seq, 5001, kTcpAck, seg);
    h.tcp(false, 5001, seq + 1460, kTcpAck);
  }
  h.udp(true, "warm");
  h.udp(false, "warm");
  // The recording dissector's own storage must not count.
  for (auto& r : h.recordings) {
    for (int d = 0; d < 2; ++d) {
      r->dir[d].reserve(r->dir[d].size() + 1001 * 1460);
      r->presented[d].reserve(r->presented[d].size() + 2000);
      r->pointers[d].reserve(r->pointers[d].size() + 2000);
    }
  }
  const uint64_t before = g_allocations;
  for (int i = 0; i < 1000; ++i, seq += 1460) {
    h.tcp(true, seq, 5001, kTcpAck | kTcpPsh, seg);
    h.tcp(false, 5001, seq + 1460, kTcpAck);
    h.udp(true, "q");
    h.udp(false, "a");
  }
  CHECK(g_allocations == before);
  CHECK(h.rec(0).dir[0].size() >= 1000 * 1460);
}
