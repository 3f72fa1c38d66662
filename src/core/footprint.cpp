// SPDX-License-Identifier: GPL-2.0-or-later
//
// How much memory a step takes, for the budget that bounds what open
// sessions hold.
#include "tracelab/session.hpp"

namespace tracelab {

namespace {

// Bytes `s` holds on the heap: none while it fits in the object itself.
size_t heap_bytes(const std::string& s) {
  static const size_t in_place = std::string().capacity();
  return s.capacity() > in_place ? s.capacity() + 1 : 0;
}

}  // namespace

size_t footprint(const Event& e) {
  size_t n = sizeof(Event) + heap_bytes(e.command) + heap_bytes(e.args) +
             heap_bytes(e.status) + heap_bytes(e.text) + heap_bytes(e.note) +
             heap_bytes(e.secret) + e.fields.capacity() * sizeof(Field);
  for (const Field& f : e.fields) n += heap_bytes(f.value);
  return n;
}

}  // namespace tracelab
