// SPDX-License-Identifier: GPL-2.0-or-later
//
// The flat flow index against a simple model, including deletions that
// shift probe runs back (wrapping around the end of the bucket array).
#include "../../src/flow/flow_index.hpp"

#include <doctest/doctest.h>

#include <random>
#include <unordered_map>
#include <vector>

using namespace tracelab;
using tracelab::flow::FlowIndex;
using tracelab::flow::FlowKey;

namespace {

struct KeyOf {
  const std::vector<FlowKey>* keys;
  const FlowKey& operator()(uint32_t i) const { return (*keys)[i]; }
};

FlowKey key_for(uint32_t n) {
  FlowKey k{};
  k.family = 4;
  k.proto = 6;
  k.port[0] = static_cast<uint16_t>(n);
  k.port[1] = static_cast<uint16_t>(n >> 16);
  return k;
}

}  // namespace

TEST_CASE("flow index: inserts, lookups and erases agree with a model") {
  std::vector<FlowKey> keys;
  FlowIndex<KeyOf> index(KeyOf{&keys});
  std::unordered_map<uint32_t, uint32_t> model;  // key number -> slot
  std::mt19937 rng(7);
  // A weak hash (few distinct values) forces long probe runs and wrapping.
  auto weak = [](uint32_t n) {
    return uint64_t{n % 7} * 0x9e3779b97f4a7c15ull;
  };
  for (int step = 0; step < 20000; ++step) {
    const uint32_t n = rng() % 600;
    const FlowKey k = key_for(n);
    const auto it = model.find(n);
    if (it == model.end()) {
      const uint32_t slot = static_cast<uint32_t>(keys.size());
      keys.push_back(k);
      index.insert(weak(n), slot);
      model[n] = slot;
    } else if (rng() % 2) {
      index.erase(weak(n), it->second);
      model.erase(it);
    }
    const uint32_t probe = rng() % 600;
    const auto m = model.find(probe);
    const uint32_t got = index.find(key_for(probe), weak(probe));
    CHECK(got == (m == model.end() ? FlowIndex<KeyOf>::kNone : m->second));
  }
  CHECK(index.size() == model.size());
}
