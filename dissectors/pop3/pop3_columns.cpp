// SPDX-License-Identifier: GPL-2.0-or-later
#include "pop3/pop3_columns.hpp"

#include <cctype>

#include "mail/imf_columns.hpp"

namespace tracelab::pop3 {
namespace {

std::string_view first_line(std::string_view s) {
  size_t end = s.find('\n');
  if (end == std::string_view::npos) end = s.size();
  std::string_view l = s.substr(0, end);
  if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
  return l;
}

bool istarts(std::string_view s, std::string_view p) {
  if (s.size() < p.size()) return false;
  for (size_t i = 0; i < p.size(); ++i)
    if (std::toupper(static_cast<unsigned char>(s[i])) !=
        std::toupper(static_cast<unsigned char>(p[i])))
      return false;
  return true;
}

// atoi(): leading blanks, digits, stops at anything else.
uint64_t leading_number(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  uint64_t v = 0;
  for (; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) &&
         v < (uint64_t{1} << 40);
       ++i)
    v = v * 10 + static_cast<uint64_t>(s[i] - '0');
  return v;
}

}  // namespace

bool Pop3Columns::client(std::string_view segment, std::string& info) {
  const std::string_view l = first_line(segment);
  if (istarts(l, "RETR") || istarts(l, "TOP")) message_request_ = true;
  info = "C: ";
  mail::append_column_text(info, l);
  return false;
}

void Pop3Columns::spill() {
  if (whole_overflow_) return;
  whole_overflow_ = true;
  reassembled_.feed(whole_);
  std::string().swap(whole_);
  charge_.resize(0);
}

bool Pop3Columns::server(std::string_view segment, std::string& info) {
  const std::string_view l = first_line(segment);
  if (l.starts_with("+OK") || l.starts_with("-ERR")) {
    if (message_request_) {
      if (istarts(l, "+OK ")) {
        read_ = 0;
        total_ = leading_number(l.substr(4));
      }
      message_request_ = false;
    }
    info = "S: ";
    mail::append_column_text(info, l);
    return false;
  }
  read_ += segment.size();
  if (!whole_overflow_ && whole_.size() + segment.size() <= kMaxWhole &&
      charge_.resize(whole_.size() + segment.size())) {
    whole_.append(segment);
  } else {
    // Too large to hold (or the budget is spent): the line-by-line summary
    // takes over from here.
    spill();
    reassembled_.feed(segment);
  }
  if (read_ < total_) {
    info = "S: DATA fragment, " + std::to_string(segment.size()) +
           (segment.size() == 1 ? " byte" : " bytes");
    return false;
  }
  if (whole_overflow_) {
    reassembled_.finish();
    info = reassembled_.info();
  } else {
    size_t fence = 0;
    mail::append_imf_info(whole_, info, fence);
  }
  reassembled_ = mail::ImfSummary();
  whole_.clear();
  charge_.resize(0);
  whole_overflow_ = false;
  read_ = total_ = 0;
  return true;
}

}  // namespace tracelab::pop3
