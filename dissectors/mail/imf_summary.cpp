// SPDX-License-Identifier: GPL-2.0-or-later
#include "mail/imf_summary.hpp"

#include <cctype>

#include "common/ascii.hpp"
#include "mail/mime.hpp"

namespace tracelab::mail {
namespace {

constexpr size_t kMaxField = 8192;  // bytes of one (folded) header kept
constexpr size_t kMaxDepth = 16;    // nested multiparts followed

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i])))
      return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// The boundary parameter of a Content-Type value, quoted or not.
std::string boundary_of(std::string_view v) {
  for (size_t i = 0; i + 9 <= v.size(); ++i) {
    if (!iequals_prefix(v.substr(i), "boundary=")) continue;
    if (i > 0 && v[i - 1] != ';' && v[i - 1] != ' ' && v[i - 1] != '\t' &&
        v[i - 1] != '\n')
      continue;
    std::string_view rest = v.substr(i + 9);
    if (!rest.empty() && rest[0] == '"') {
      rest.remove_prefix(1);
      return std::string(rest.substr(0, rest.find('"')));
    }
    size_t end = 0;
    while (end < rest.size() && rest[end] != ';' && rest[end] != ' ' &&
           rest[end] != '\t' && rest[end] != '\r' && rest[end] != '\n')
      ++end;
    return std::string(rest.substr(0, end));
  }
  return {};
}

// Media types whose tshark dissector appends " (type)" to the Info: the
// line-based text dissector's and a few others seen in practice.
bool shows_in_info(std::string_view type) {
  return type.starts_with("text/") || type == "application/zip";
}

}  // namespace

void append_column_text(std::string& out, std::string_view raw) {
  static const char hex[] = "0123456789abcdef";
  for (unsigned char c : raw) {
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
}

// tshark's column turns a line's CR LF into two blanks.
static void append_text_line(std::string& list, std::string_view l) {
  if (list.size() >= ImfSummary::kMaxInfo) return;
  if (!list.empty()) list += ", ";
  // The column shows a text line's tabs as blanks.
  for (char c : l) {
    if (c == '\t') c = ' ';
    append_column_text(list, std::string_view(&c, 1));
  }
  list += "  ";
}

void ImfSummary::line(std::string_view l) {
  if (l.size() > kMaxLine) l = l.substr(0, kMaxLine);
  if (top_ || !in_headers_) append_text_line(all_lines_, l);
  if (!top_ && !top_typed_ && boundaries_.empty())
    append_text_line(body_lines_, l);
  if (in_headers_) {
    header_line(l);
    return;
  }
  // Body: only boundary lines matter.
  if (boundaries_.empty() || l.size() < 3 || l[0] != '-' || l[1] != '-') return;
  std::string_view b = l.substr(2);
  while (!b.empty() && (b.back() == ' ' || b.back() == '\t'))
    b.remove_suffix(1);
  for (size_t i = boundaries_.size(); i-- > 0;) {
    const std::string& want = boundaries_[i];
    if (b == want) {
      boundaries_.resize(i + 1);
      in_headers_ = true;
      part_type_.clear();
      part_boundary_.clear();
      field_.clear();
      return;
    }
    if (b.size() == want.size() + 2 && b.starts_with(want) &&
        b.ends_with("--")) {
      boundaries_.resize(i);  // closes this multipart
      return;
    }
  }
}

void ImfSummary::header_line(std::string_view l) {
  if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !field_.empty()) {
    if (field_.size() + l.size() + 2 <= kMaxField) {
      field_ += "\r\n";
      field_.append(l);
    }
    return;
  }
  end_of_field();
  if (l.empty()) {
    end_of_headers();
    return;
  }
  field_.assign(l.substr(0, kMaxField));
}

void ImfSummary::end_of_field() {
  if (field_.empty()) return;
  const size_t colon = field_.find(':');
  if (colon != std::string::npos) {
    const std::string_view name =
        trim(std::string_view(field_).substr(0, colon));
    std::string_view value = std::string_view(field_).substr(colon + 1);
    while (!value.empty() && (value[0] == ' ' || value[0] == '\t'))
      value.remove_prefix(1);
    const std::string lname = ascii_lower(name);
    if (top_) {
      if (lname == "from" || lname == "subject") {
        info_head_ += lname;
        info_head_ += ": ";
        append_column_text(info_head_, value);
        info_head_ += ", ";
        if (lname == "from" && from_.empty()) from_ = trim(value);
        if (lname == "subject" && subject_.empty()) subject_ = trim(value);
      } else if (lname == "message-id" && message_id_.empty()) {
        message_id_ = trim(value);
      }
    }
    if (lname == "content-type") {
      if (top_) top_typed_ = true;
      std::string_view v = trim(value);
      part_type_ = ascii_lower(trim(v.substr(0, v.find(';'))));
      part_boundary_ = boundary_of(v);
    }
  }
  field_.clear();
}

void ImfSummary::end_of_headers() {
  in_headers_ = false;
  if (top_) depth_headers_done_ = true;
  // A part inside a multipart without Content-Type is text/plain.
  if (part_type_.empty() && !top_) part_type_ = "text/plain";
  top_ = false;
  ++parts_;
  if (part_type_.starts_with("multipart/")) {
    if (!part_boundary_.empty() && boundaries_.size() < kMaxDepth)
      boundaries_.push_back(part_boundary_);
  } else if (shows_in_info(part_type_)) {
    info_parts_ += " (";
    info_parts_ += part_type_;
    info_parts_ += ')';
  }
}

void ImfSummary::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    const size_t nl = bytes.find('\n');
    const size_t take = nl == std::string_view::npos ? bytes.size() : nl;
    if (pending_.size() < kMaxLine)
      pending_.append(
          bytes.substr(0, std::min(take, kMaxLine - pending_.size())));
    if (nl == std::string_view::npos) return;
    std::string_view l(pending_);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    line(l);
    pending_.clear();
    bytes.remove_prefix(nl + 1);
  }
}

void ImfSummary::finish() {
  if (!pending_.empty()) {
    line(pending_);
    pending_.clear();
  }
  if (in_headers_) end_of_field();
}

std::string ImfSummary::info() const {
  if (top_typed_) return info_head_ + info_parts_;
  // Text after the header block; all of it when no blank line ended one.
  const std::string& text = depth_headers_done_ ? body_lines_ : all_lines_;
  if (info_head_.empty() || text.empty()) return info_head_ + text;
  return info_head_ + ", " + text;
}

std::string ImfSummary::readable_subject() const {
  // Unfold first: a folded line break is only white space.
  std::string unfolded;
  for (size_t i = 0; i < subject_.size(); ++i) {
    const char c = subject_[i];
    if (c == '\r' || c == '\n') {
      if (unfolded.empty() || unfolded.back() != ' ') unfolded += ' ';
      continue;
    }
    if ((c == ' ' || c == '\t') && !unfolded.empty() && unfolded.back() == ' ')
      continue;
    unfolded += c;
  }
  return mime::decode_encoded_words(unfolded);
}

}  // namespace tracelab::mail
