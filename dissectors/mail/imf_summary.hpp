// SPDX-License-Identifier: GPL-2.0-or-later
//
// A mail message read line by line, as it streams past, for two things: the
// packet-list Info tshark 4.0's IMF dissector gives the frame that completes
// it ("from: A, subject: B,  (text/plain) (text/html)"), and the header
// values that name the recovered message.  Memory is bounded: each line is
// looked at through its first kMaxLine bytes, headers kept are capped, and
// so is MIME nesting.  Full MIME decoding is not this class's job.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tracelab::mail {

class ImfSummary {
 public:
  /// The message's bytes in any pieces (split into lines here).
  void feed(std::string_view bytes);
  /// One line of the message, without its line end (dot-unstuffed).
  void line(std::string_view l);
  /// The message ended (a header block without its blank line ends here).
  void finish();
  /// The Info column of the frame that completed the message.
  std::string info() const;
  /// Raw (unfolded) values of the first Subject / Message-ID / From headers.
  const std::string& subject() const { return subject_; }
  /// The Subject unfolded and with its RFC 2047 encoded words decoded to
  /// UTF-8, for people (the packet list keeps tshark's raw form).
  std::string readable_subject() const;
  const std::string& message_id() const { return message_id_; }
  const std::string& from() const { return from_; }
  bool headers_done() const { return depth_headers_done_; }

  static constexpr size_t kMaxLine = 1000;
  static constexpr size_t kMaxInfo = 4096;

 private:
  void header_line(std::string_view l);
  void end_of_field();
  void end_of_headers();

  // Header fields of the part being read (top level or a MIME part).
  bool in_headers_ = true;
  bool top_ = true;  // reading the message's own headers
  bool depth_headers_done_ = false;
  std::string field_;  // current field, folded lines joined with "\r\n"
  std::string part_type_;
  std::string part_boundary_;
  // Open multiparts, innermost last.
  std::vector<std::string> boundaries_;
  std::string info_head_;   // "from: X, subject: Y, "
  std::string info_parts_;  // " (text/plain) (text/html)"
  // Without a Content-Type, tshark lists the message's text lines instead:
  // those after the header block, or all of them when no blank line ended
  // the header block.
  bool top_typed_ = false;
  std::string all_lines_, body_lines_;
  std::string pending_;  // the line feed() is in, its first kMaxLine bytes
  std::string subject_, message_id_, from_;
  size_t parts_ = 0;
};

/// The text tshark's column shows for raw bytes: printable ASCII as is,
/// CR, LF and TAB as "\r", "\n", "\t", other bytes as "\xNN".
void append_column_text(std::string& out, std::string_view raw);

}  // namespace tracelab::mail
