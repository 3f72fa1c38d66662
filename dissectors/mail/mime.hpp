// SPDX-License-Identifier: GPL-2.0-or-later
//
// MIME: a helper library for the mail dissectors (SMTP, POP3, IMAP), not a
// dissector itself.  It reads one complete Internet message (RFC 5322) of
// bounded size and says who sent it to whom, about what, and what it
// carries, decoded:
//
//   - header fields unfolded (RFC 5322 2.2.3), kept in order as sent;
//   - encoded words (RFC 2047, "=?charset?B|Q?...?=") decoded to UTF-8 in
//     any charset iconv knows (KOI8-R, windows-1251, ISO-8859-x, UTF-8...);
//   - multipart bodies (RFC 2046) walked to any depth up to Limits::depth,
//     message/rfc822 parts parsed as messages of their own;
//   - Content-Transfer-Encoding base64 and quoted-printable undone; 7bit,
//     8bit and binary taken as they are;
//   - attachment names from Content-Disposition "filename" or Content-Type
//     "name", with RFC 2231 continuations and charsets ("filename*0*=...",
//     "filename*=utf-8''%D0%9E...") and encoded words.
//
// Every input is untrusted: nothing here throws or reads out of bounds, and
// the limits below cap what a hostile message can make us allocate; when a
// limit cuts something short, Message::notes says so.
//
// Usage:
//   mime::Message m = mime::parse_message(raw);
//   m.subject;                        // UTF-8
//   for (const mime::Part& p : m.parts)
//     if (p.is_attachment()) save(p.filename, p.body);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tracelab::mime {

struct Limits {
  size_t max_message = 32u << 20;  ///< bytes read; the rest is ignored
  size_t max_headers = 1000;       ///< header fields kept per entity
  size_t max_parts = 1000;         ///< leaf and message parts in all
  int max_depth = 16;              ///< multipart / message nesting
};

struct Header {
  std::string name;   ///< as sent ("Content-Type")
  std::string value;  ///< unfolded, raw (encoded words not decoded)
};

/// One body part: a leaf of the multipart tree or an enclosed message.
struct Part {
  std::string media_type;         ///< lower case, "text/plain" when absent
  std::string charset;            ///< the charset parameter, lower case
  std::string disposition;        ///< "attachment", "inline" or ""
  std::string filename;           ///< decoded UTF-8 name, "" when none given
  std::string transfer_encoding;  ///< lower case, "7bit" when absent
  std::string content_id;
  int depth = 0;     ///< 0: the message's own body
  std::string body;  ///< transfer encoding undone (charset untouched)
  /// A part the sender meant as a file: disposition attachment, a name, or
  /// an enclosed message.
  bool is_attachment() const;
};

struct Message {
  std::vector<Header> headers;  ///< top-level fields in order
  // The usual fields, encoded words decoded to UTF-8, "" when absent.
  std::string from, to, cc, subject, date, message_id;
  /// Every part in document order (an enclosed message/rfc822 part first,
  /// then its own parts, one level deeper).  A single-part message has one.
  std::vector<Part> parts;
  std::vector<std::string> notes;  ///< limits hit, malformed structure
};

/// Parses a complete message (headers, blank line, body).  Line ends may
/// be CRLF or bare LF.
Message parse_message(std::string_view raw, const Limits& limits = {});

/// The first header called `name` (case-insensitive) in `headers`, or
/// nullptr.
const Header* find_header(const std::vector<Header>& headers,
                          std::string_view name);

/// RFC 2047: decodes the encoded words of an unstructured header value to
/// UTF-8 (blanks between adjacent encoded words dropped); other text is
/// kept as it is.
std::string decode_encoded_words(std::string_view value);

/// `bytes` in `charset` converted to UTF-8 (iconv); invalid sequences
/// become U+FFFD.  Unknown charsets are taken as UTF-8 when valid, else as
/// Latin-1.
std::string to_utf8(std::string_view bytes, std::string_view charset);

/// Content-Transfer-Encodings.  Both tolerate junk: base64 skips bytes
/// outside its alphabet, quoted-printable keeps a malformed "=" as is.
std::string decode_base64(std::string_view text);
std::string decode_quoted_printable(std::string_view text);

/// A header parameter ("boundary", "filename"...) of a structured value
/// such as `multipart/mixed; boundary="b1"`, with RFC 2231 continuations
/// joined and a charset'language' prefix converted to UTF-8; "" when absent.
std::string header_parameter(std::string_view value, std::string_view name);

}  // namespace tracelab::mime
