// SPDX-License-Identifier: GPL-2.0-or-later
//
// Outputs: the packet list and the sessions view, as text for people or as
// NDJSON for programs.  The JSON forms are specified, with their version, in
// docs/packets-schema.md and docs/sessions-schema.md; every string in them is
// valid UTF-8 and every byte from the wire is escaped (text.hpp).
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "tracelab/explain.hpp"
#include "tracelab/frame_sink.hpp"
#include "tracelab/session.hpp"

namespace tracelab {

/// Versions of the JSON schemas; each is bumped only for incompatible
/// changes (fields are added without a bump, never removed or retyped).
inline constexpr int kPacketsSchemaVersion = 1;
/// 2: typed steps (outcome, answers, fields), findings, related as
/// {id, why}, IMAP's tagged status as kind "reply" (docs/sessions-schema.md).
inline constexpr int kSessionsSchemaVersion = 2;

/// The output could not be written (a full disk, a closed pipe with SIGPIPE
/// ignored): thrown by the sinks below, so that the run stops and says so.
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The packet list's Time column, as tshark's -t: r relative to the first
/// frame, a absolute local time of day, d delta from the frame before
/// (shown or not), e seconds since the epoch.
enum class TimeFormat : uint8_t { Relative, Absolute, Delta, Epoch };

struct OutputOptions {
  std::string capture_name;  ///< file name, for the JSON header line
  bool header = true;        ///< column header / schema line first
  /// Packet list text view: the Time column (JSON keeps "time" relative
  /// and gives "epoch" always).
  TimeFormat time_format = TimeFormat::Relative;
  bool line_buffered = false;  ///< flush every line (live capture)
  /// Print the secrets events carry (passwords) instead of a mask.
  bool show_secrets = false;
  /// Language of the explanations the sessions view adds to events the
  /// dissector left without a note (tracelab/explain.hpp).
  Lang lang = Lang::En;
  /// Sessions text view: the width lines are wrapped to (0: the terminal's
  /// when `out` is one, else 100 columns).
  size_t width = 0;
  /// Sessions text view: the technical details of each step (JA3/JA4,
  /// extension lists, every field) as indented `key: value` lines.
  bool verbose = false;
  /// Sessions text view: a mail message's whole decoded body (otherwise its
  /// first 20 lines).
  bool show_message = false;
  /// Sessions text view, for tests: wrap every span that came from the wire
  /// (or is an identifier) in U+001E ... U+001F (text_layout.hpp).
  bool mark_wire = false;
};

/// "No. Time Source Destination Protocol Length Info", one line per frame.
std::unique_ptr<FrameSink> make_packet_list_text(FILE* out,
                                                 const OutputOptions& o);
/// One JSON object per frame (after a schema header line).
std::unique_ptr<FrameSink> make_packet_list_json(FILE* out,
                                                 const OutputOptions& o);

/// Prints each session as it is handed over (the session model,
/// tracelab/model.hpp, orders them); finish() flushes.
std::unique_ptr<SessionSink> make_sessions_text(FILE* out,
                                                const OutputOptions& o);
std::unique_ptr<SessionSink> make_sessions_json(FILE* out,
                                                const OutputOptions& o);

}  // namespace tracelab
