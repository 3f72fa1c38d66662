// SPDX-License-Identifier: GPL-2.0-or-later
//
// Small pieces of RFC 3501 grammar used on lines the fragmentizer already
// split: tokens, astrings, status responses with their [response code], and
// which FETCH item a literal belongs to.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tracelab::imap {

/// The next space-separated token of `s` from `pos` (pos moves past it and
/// the spaces after).
std::string_view next_token(std::string_view s, size_t& pos);

/// An IMAP astring at `pos`: a quoted string (escapes undone) or an atom.
/// Literals were already turned into quoted strings by the dissector.
std::string next_astring(std::string_view s, size_t& pos);

/// "OK", "NO", "BAD", "PREAUTH", "BYE" (any case) in upper case, else "".
std::string status_word(std::string_view token);

/// Appends `bytes` as an IMAP quoted string.
void append_quoted(std::string& out, std::string_view bytes);

/// What a literal in an untagged FETCH response carries, judged by the
/// item name in front of it ("BODY[]", "BODY[]<0>", "RFC822",
/// "BODY[HEADER.FIELDS (...)]").
struct FetchItem {
  /// A message or its header block: BODY[], BINARY[], RFC822, and the
  /// header sections BODY[HEADER...] and RFC822.HEADER.
  bool message = false;
  /// "" for the whole message, else what piece it is ("partial: bytes from
  /// 100", "partial: header fields only").
  std::string partial;
};
FetchItem fetch_item_before_literal(std::string_view line_without_literal);

/// The message number of "* 12 FETCH (..." (0 when not a FETCH).
uint64_t fetch_number(std::string_view untagged);

}  // namespace tracelab::imap
