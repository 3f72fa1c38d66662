// SPDX-License-Identifier: GPL-2.0-or-later
//
// The Protocol and Info columns of the frame being read, kept the way
// tshark's column model keeps them, because TLS's Info is what several
// dissectors leave behind in turn: TLS appends an item per record, the
// protocol inside clears the column and writes its own for each piece of
// plaintext it is handed, and "[TLS segment of a reassembled PDU]" replaces
// all of it when a record completed nothing.  Where one stream delivery
// ends a reassembled PDU and another starts in the same frame (TCP's, or
// TLS's own), tshark puts up a fence: what was written before stays, and
// the protocol column no longer changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracelab::tls {

struct Columns {
  uint64_t frame = 0;
  std::string protocol;
  std::string info;
  size_t fence = 0;     // info before this is kept by clear() and set()
  bool locked = false;  // the protocol column is no longer written

  /// Starts `f`'s columns afresh unless they are already `f`'s.
  void start(uint64_t f) {
    if (started && f == frame) return;
    started = true;
    frame = f;
    protocol.clear();
    info.clear();
    fence = 0;
    locked = false;
  }
  void set_protocol(std::string_view p) {
    if (!locked) protocol = p;
  }
  void clear() { info.resize(fence); }
  void set(std::string_view text) {
    clear();
    info += text;
    cap();
  }
  /// Appends with tshark's default separator (only after something).
  void append(std::string_view text) {
    if (info.size() >= kMaxInfo) return;
    if (!info.empty()) info += ", ";
    info += text;
    cap();
  }
  void put_fence() {
    fence = info.size();
    locked = true;
  }

 private:
  // tshark keeps this much of the Info column (COL_MAX_INFO_LEN); a frame
  // of thousands of tiny records must not rebuild an ever longer one.
  static constexpr size_t kMaxInfo = 4096;
  void cap() {
    if (info.size() > kMaxInfo) info.resize(kMaxInfo);
    if (fence > info.size()) fence = info.size();
  }
  bool started = false;
};

}  // namespace tracelab::tls
