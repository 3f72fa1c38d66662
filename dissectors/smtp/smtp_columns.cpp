// SPDX-License-Identifier: GPL-2.0-or-later
#include "smtp/smtp_columns.hpp"

#include <cctype>

namespace tracelab::smtp {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(a[i])) !=
        std::toupper(static_cast<unsigned char>(b[i])))
      return false;
  return true;
}

// One line of a PDU: [begin, end) without its line end; `next` after it.
// The last line may lack a line end (tshark then takes the rest).
struct Line {
  std::string_view text;
  size_t start = 0, next = 0;
};

bool next_line(std::string_view pdu, size_t pos, Line& l) {
  if (pos >= pdu.size()) return false;
  const size_t nl = pdu.find('\n', pos);
  l.start = pos;
  if (nl == std::string_view::npos) {
    l.text = pdu.substr(pos);
    l.next = pdu.size();
  } else {
    size_t end = nl;
    if (end > pos && pdu[end - 1] == '\r') --end;
    l.text = pdu.substr(pos, end - pos);
    l.next = nl + 1;
  }
  return true;
}

uint64_t leading_number(std::string_view s) {
  uint64_t v = 0;
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i)
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  return v;
}

}  // namespace

bool is_known_command(std::string_view verb) {
  static constexpr std::string_view kCommands[] = {
      "AUTH", "EHLO",     "HELO",   "MAIL",         "RCPT",   "DATA",
      "BDAT", "RSET",     "SEND",   "SOML",         "SAML",   "VRFY",
      "EXPN", "HELP",     "NOOP",   "QUIT",         "TURN",   "ATRN",
      "ETRN", "STARTTLS", "X-EXPS", "X-LINK2STATE", "XEXCH50"};
  for (auto c : kCommands)
    if (iequals(verb, c)) return true;
  return false;
}

SmtpColumns::Pdu SmtpColumns::client(std::string_view pdu, LineRole role,
                                     std::string& info) {
  Pdu type = Pdu::Command;
  Line l;
  for (size_t pos = 0; next_line(pdu, pos, l); pos = l.next) {
    if (reading_data_) {
      const std::string_view at = pdu.substr(l.start);
      const bool eom = (crlf_seen_ && at.starts_with(".\r\n")) ||
                       at.starts_with("\r\n.\r\n");
      crlf_seen_ = pdu.ends_with("\r\n");
      if (eom) {
        type = Pdu::EndOfMessage;
        reading_data_ = false;
        reassembled_.feed(pdu.substr(0, l.start));
        break;
      }
      type = Pdu::Message;
      if (bdat_total_ > 0) {
        // A chunk's bytes are counted once, from its first line on.
        bdat_read_ += pdu.size() - l.start;
        if (bdat_read_ == bdat_total_) reading_data_ = false;
        break;
      }
      continue;
    }
    const std::string_view verb = l.text.substr(0, l.text.find(' '));
    if (is_known_command(verb)) {
      type = Pdu::Command;
      if (iequals(verb, "DATA")) {
        reading_data_ = true;
        data_seen_ = true;
      } else if (iequals(verb, "BDAT")) {
        const uint64_t len = leading_number(l.text.substr(4));
        data_seen_ = true;
        bdat_total_ += len;
        reading_data_ = len != 0;
        msg_last_ = l.text.size() >= 4 &&
                    iequals(l.text.substr(l.text.size() - 4), "LAST");
      }
    } else if (role == LineRole::Plain) {  // not a SASL response either
      type = data_seen_ ? Pdu::Message : Pdu::Command;
    }
  }
  if (type == Pdu::EndOfMessage) {
    reassembled_.finish();
    info = reassembled_.info();
    reassembled_ = mail::ImfSummary();
  } else if (type == Pdu::Message) {
    reassembled_.feed(pdu);
    info = "C: DATA fragment, ";
    info += std::to_string(pdu.size());
    info += pdu.size() == 1 ? " byte" : " bytes";
  } else if (type == Pdu::Command) {
    info.clear();
    for (size_t pos = 0; next_line(pdu, pos, l); pos = l.next) {
      info += pos == 0 ? "C: " : " | ";
      if (role == LineRole::User) info += "User: ";
      if (role == LineRole::Pass) info += "Pass: ";
      info.append(l.text);
    }
  }
  return type;
}

void SmtpColumns::server(std::string_view pdu, std::string& info) {
  info.clear();
  Line l;
  for (size_t pos = 0; next_line(pdu, pos, l); pos = l.next) {
    info += pos == 0 ? "S: " : " | ";
    const std::string_view t = l.text;
    const bool coded = t.size() >= 3 &&
                       std::isdigit(static_cast<unsigned char>(t[0])) &&
                       std::isdigit(static_cast<unsigned char>(t[1])) &&
                       std::isdigit(static_cast<unsigned char>(t[2]));
    if (!coded) {
      info.append(t);
      continue;
    }
    // A multi-line reply shows its first line whole, the others without
    // their code.
    if (in_multiline_reply_)
      info.append(t.size() > 4 ? t.substr(4) : std::string_view{});
    else
      info.append(t);
    in_multiline_reply_ = t.size() >= 4 && t[3] == '-';
  }
}

}  // namespace tracelab::smtp
