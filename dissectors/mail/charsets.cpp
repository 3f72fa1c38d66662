// SPDX-License-Identifier: GPL-2.0-or-later
// Text in any charset to UTF-8 (iconv), and the header encodings that carry
// a charset: RFC 2047 encoded words and RFC 2231 parameter values.
#include <errno.h>
#include <iconv.h>

#include <cctype>
#include <map>
#include <vector>

#include "common/ascii.hpp"
#include "mail/mime.hpp"

namespace tracelab::mime {
namespace {

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = uint8_t(s[i]);
    size_t n = b < 0x80                ? 1
               : b >= 0xC2 && b < 0xE0 ? 2
               : b >= 0xE0 && b < 0xF0 ? 3
               : b >= 0xF0 && b < 0xF5 ? 4
                                       : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k)
      if ((uint8_t(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto c = uint8_t(ch);
    if (c < 0x80) {
      out.push_back(char(c));
    } else {
      out.push_back(char(0xC0 | (c >> 6)));
      out.push_back(char(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Parses "=?charset?enc?text?=" at s[pos]; on success sets the decoded
// UTF-8 and the position after it.
bool encoded_word(std::string_view s, size_t pos, std::string& out,
                  size_t& end) {
  if (s.compare(pos, 2, "=?") != 0) return false;
  const size_t q1 = s.find('?', pos + 2);
  if (q1 == std::string_view::npos || q1 + 2 >= s.size() || s[q1 + 2] != '?')
    return false;
  const char enc = char(std::toupper(uint8_t(s[q1 + 1])));
  if (enc != 'B' && enc != 'Q') return false;
  const size_t text_at = q1 + 3;
  const size_t close = s.find("?=", text_at);
  if (close == std::string_view::npos) return false;
  std::string_view charset = s.substr(pos + 2, q1 - pos - 2);
  charset = charset.substr(0, charset.find('*'));  // RFC 2231 language
  const std::string_view text = s.substr(text_at, close - text_at);
  if (text.find(' ') != std::string_view::npos) return false;
  std::string raw;
  if (enc == 'B') {
    raw = decode_base64(text);
  } else {
    std::string t(text);
    for (char& c : t)
      if (c == '_') c = ' ';
    raw = decode_quoted_printable(t);
  }
  out = to_utf8(raw, charset);
  end = close + 2;
  return true;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
        hex_digit(s[i + 2]) >= 0) {
      out.push_back(char(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

struct RawParam {
  std::string name;       // lower case, without any "*n" / "*"
  int section = -1;       // -1: not a continuation
  bool extended = false;  // "*": charset'lang'percent-encoded
  std::string value;
};

// Splits "type/sub; a=1; b*0*=utf-8''x; b*1=y" into its parameters.
std::vector<RawParam> split_params(std::string_view v) {
  std::vector<RawParam> out;
  size_t pos = v.find(';');
  while (pos != std::string_view::npos && pos < v.size() && out.size() < 256) {
    ++pos;
    while (pos < v.size() && std::isspace(uint8_t(v[pos]))) ++pos;
    const size_t eq = v.find('=', pos);
    if (eq == std::string_view::npos) break;
    std::string key = ascii_lower(v.substr(pos, eq - pos));
    while (!key.empty() && std::isspace(uint8_t(key.back()))) key.pop_back();
    pos = eq + 1;
    while (pos < v.size() && std::isspace(uint8_t(v[pos]))) ++pos;
    RawParam p;
    if (pos < v.size() && v[pos] == '"') {
      for (++pos; pos < v.size() && v[pos] != '"'; ++pos) {
        if (v[pos] == '\\' && pos + 1 < v.size()) ++pos;
        p.value.push_back(v[pos]);
      }
      pos = v.find(';', pos);
    } else {
      const size_t semi = v.find(';', pos);
      std::string_view val =
          v.substr(pos, semi == std::string_view::npos ? std::string_view::npos
                                                       : semi - pos);
      while (!val.empty() && std::isspace(uint8_t(val.back())))
        val.remove_suffix(1);
      p.value = std::string(val);
      pos = semi;
    }
    if (!key.empty() && key.back() == '*') {
      p.extended = true;
      key.pop_back();
    }
    const size_t star = key.find('*');
    if (star != std::string::npos) {
      const std::string num = key.substr(star + 1);
      if (!num.empty() && num.size() < 4 &&
          num.find_first_not_of("0123456789") == std::string::npos)
        p.section = std::stoi(num);
      key.resize(star);
    }
    p.name = std::move(key);
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

std::string to_utf8(std::string_view bytes, std::string_view charset) {
  const std::string cs = ascii_lower(charset);
  if (cs.empty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii" ||
      cs == "ascii") {
    if (valid_utf8(bytes)) return std::string(bytes);
    if (!cs.empty() && cs != "utf-8" && cs != "utf8")
      return latin1_to_utf8(bytes);
  }
  iconv_t cd = iconv_open("UTF-8", cs.empty() ? "UTF-8" : cs.c_str());
  if (cd == iconv_t(-1))
    return valid_utf8(bytes) ? std::string(bytes) : latin1_to_utf8(bytes);
  std::string out;
  out.resize(bytes.size() * 4 + 16);
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char* o = out.data();
  size_t o_left = out.size();
  while (in_left > 0) {
    if (iconv(cd, &in, &in_left, &o, &o_left) != size_t(-1)) break;
    if (errno == E2BIG) {
      const size_t used = size_t(o - out.data());
      out.resize(out.size() * 2);
      o = out.data() + used;
      o_left = out.size() - used;
      continue;
    }
    // EILSEQ or EINVAL: one replacement character for the bad byte.
    ++in;
    --in_left;
    if (o_left < kReplacement.size()) {
      const size_t used = size_t(o - out.data());
      out.resize(out.size() + 16);
      o = out.data() + used;
      o_left = out.size() - used;
    }
    for (char c : kReplacement) *o++ = c;
    o_left -= kReplacement.size();
  }
  out.resize(size_t(o - out.data()));
  iconv_close(cd);
  // glibc's converters pass some malformed input through as it came (its
  // UTF-8 "conversion" of invalid bytes, for one): the promise is UTF-8.
  if (!valid_utf8(out)) return latin1_to_utf8(bytes);
  return out;
}

std::string decode_encoded_words(std::string_view s) {
  std::string out;
  size_t pos = 0;
  bool last_was_word = false;
  size_t blanks_from = std::string::npos;  // blanks after an encoded word
  while (pos < s.size()) {
    std::string word;
    size_t end;
    if (s[pos] == '=' && encoded_word(s, pos, word, end)) {
      // Blanks between two encoded words are not part of the text.
      if (last_was_word && blanks_from != std::string::npos)
        out.resize(blanks_from);
      out += word;
      pos = end;
      last_was_word = true;
      blanks_from = out.size();
      continue;
    }
    const char c = s[pos++];
    out.push_back(c);
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      last_was_word = false;
      blanks_from = std::string::npos;
    }
  }
  return out;
}

std::string header_parameter(std::string_view value, std::string_view name) {
  const std::string want = ascii_lower(name);
  std::map<int, const RawParam*> sections;
  const std::vector<RawParam> params = split_params(value);
  const RawParam* plain = nullptr;
  for (const RawParam& p : params) {
    if (p.name != want) continue;
    if (p.section >= 0)
      sections.emplace(p.section, &p);
    else if (!plain || p.extended)
      plain = &p;
  }
  if (sections.empty()) {
    if (!plain) return {};
    if (!plain->extended) return decode_encoded_words(plain->value);
    sections.emplace(0, plain);
  }
  // RFC 2231: the first extended section names the charset; extended
  // sections are percent-encoded, the others are taken as they are.
  std::string charset, raw;
  bool first = true;
  int expect = 0;
  for (const auto& [n, p] : sections) {
    if (n != expect++) break;  // a missing section ends the value
    std::string_view v = p->value;
    if (first && p->extended) {
      const size_t q1 = v.find('\'');
      const size_t q2 =
          q1 == std::string_view::npos ? q1 : v.find('\'', q1 + 1);
      if (q2 != std::string_view::npos) {
        charset = std::string(v.substr(0, q1));
        v = v.substr(q2 + 1);
      }
    }
    first = false;
    raw += p->extended ? percent_decode(v) : std::string(v);
  }
  if (charset.empty()) return decode_encoded_words(raw);
  return to_utf8(raw, charset);
}

}  // namespace tracelab::mime
