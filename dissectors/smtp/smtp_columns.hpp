// SPDX-License-Identifier: GPL-2.0-or-later
//
// The packet-list Info of SMTP frames as tshark 4.0 writes it.  tshark
// classifies each delivered PDU (a segment, or segments joined until the
// first line ended) by a per-line state machine of its own: the last line
// decides whether the frame is commands ("C: MAIL FROM:<a> | RCPT TO:<b>"),
// message data ("C: DATA fragment, 1448 bytes") or the end of a message
// (its Info then comes from the IMF dissector).  Replies list their lines
// ("S: 250-mx | PIPELINING | SIZE 1000"), a multi-line reply's later lines
// without their code.  This model follows that classification, which is
// not always what the dialog meant (pipelined commands before DATA, BDAT
// chunks); the dialog itself is parsed separately (smtp_dissector.cpp), and
// tells this model which lines answered an AUTH LOGIN prompt.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "mail/imf_summary.hpp"

namespace tracelab::smtp {

class SmtpColumns {
 public:
  enum class Pdu { Command, Message, EndOfMessage };
  /// What the dialog found a PDU's last AUTH response to be: tshark labels
  /// the user name and password lines of AUTH LOGIN ("C: User: ..."), and
  /// any SASL response is a command line, never message data.
  enum class LineRole : uint8_t { Plain, User, Pass, Sasl };

  /// A client PDU and its Info (at the end of a message, the IMF Info of
  /// what tshark reassembled: every data PDU since the last one, commands
  /// that shared them included).
  Pdu client(std::string_view pdu, LineRole role, std::string& info);
  /// A server PDU.
  void server(std::string_view pdu, std::string& info);

 private:
  bool reading_data_ = false;
  bool crlf_seen_ = false;
  bool data_seen_ = false;
  bool msg_last_ = true;
  uint64_t bdat_total_ = 0, bdat_read_ = 0;
  bool in_multiline_reply_ = false;
  mail::ImfSummary reassembled_;
};

/// Is `verb` one of the commands tshark's SMTP dissector recognizes?
bool is_known_command(std::string_view verb);

}  // namespace tracelab::smtp
