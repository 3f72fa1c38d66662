// SPDX-License-Identifier: GPL-2.0-or-later
//
// Laying out the sessions view's text: lines built from spans (the view's
// own words, or text from the wire and identifiers), wrapped to a width
// with indented continuation lines.  Every span goes through
// append_display_text, so bytes from the wire stay escaped; in the test
// mode (mark_wire) each wire span is wrapped in U+001E ... U+001F, which
// escaped text can never contain, so a test can strip what came from the
// wire by construction instead of guessing with patterns.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tracelab/explain.hpp"

namespace tracelab::text_layout {

inline constexpr char kWireOpen = '\x1e';
inline constexpr char kWireClose = '\x1f';

/// A piece of a line.  `text` is raw (escaped when laid out).
struct Span {
  std::string text;
  bool wire = false;
};

/// Columns `s` takes on a terminal (valid UTF-8: East Asian wide characters
/// count 2, others 1; marks U+001E/U+001F count 0).
size_t display_width(std::string_view s);

class Layout {
 public:
  Layout(size_t width, bool mark_wire) : width_(width), mark_(mark_wire) {}

  /// Appends one logical line to `out`: `spans`, wrapped at width(); the
  /// rows after the first start with `indent` spaces.  Runs of spaces are
  /// kept inside a row and dropped at a break; a word wider than a row is
  /// cut.
  void line(std::string& out, const std::vector<Span>& spans,
            size_t indent) const;

  size_t width() const { return width_; }

 private:
  size_t width_;
  bool mark_;
};

/// Builds a line's spans.
class Line {
 public:
  Line& say(std::string_view words) {
    if (!words.empty()) spans_.push_back({std::string(words), false});
    return *this;
  }
  Line& wire(std::string_view text) {
    if (!text.empty()) spans_.push_back({std::string(text), true});
    return *this;
  }
  Line& phrase(const Phrase& p) {
    for (const auto& x : p) spans_.push_back({x.text, x.wire});
    return *this;
  }
  bool empty() const { return spans_.empty(); }
  const std::vector<Span>& spans() const { return spans_; }

 private:
  std::vector<Span> spans_;
};

}  // namespace tracelab::text_layout
