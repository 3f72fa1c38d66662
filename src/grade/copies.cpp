// SPDX-License-Identifier: GPL-2.0-or-later
//
// Copy detection: two students' captures that contain the same traffic.
// A connection's first frame time to the nanosecond with its addresses,
// ports and the client's initial sequence number is, in practice, never
// met twice by chance.  Contents are not
// compared: two students typing the same short message by hand, or fetching
// the lab's own files, send identical bytes honestly.
#include <map>
#include <set>

#include "tracelab/grade.hpp"

namespace tracelab::grade {

std::vector<std::string> fingerprints_of(const std::vector<Session>& sessions) {
  std::vector<std::string> out;
  for (const auto& s : sessions) {
    if (s.transport != "tcp" || s.packets_c2s + s.packets_s2c < 3) continue;
    std::string isn;
    for (const auto& e : s.events)
      if (e.kind == StepKind::Handshake && !e.field("isn").empty()) {
        isn = e.field("isn");
        break;
      }
    out.push_back("conn:" + std::to_string(s.start_ns) + " " +
                  s.client.to_string() + " " + s.server.to_string() + " " +
                  isn);
  }
  return out;
}

void mark_copies(std::vector<Graded>& all) {
  std::map<std::string, std::set<size_t>> by_print;
  for (size_t i = 0; i < all.size(); ++i)
    for (const auto& f : all[i].fingerprints) by_print[f].insert(i);
  std::vector<std::set<size_t>> peers(all.size());
  for (const auto& [print, who] : by_print)
    if (who.size() > 1)
      for (size_t i : who)
        for (size_t j : who)
          if (i != j && all[i].submission.student != all[j].submission.student)
            peers[i].insert(j);
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t j : peers[i])
      all[i].copies_of.push_back(all[j].submission.student);
}

}  // namespace tracelab::grade
