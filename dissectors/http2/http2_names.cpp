// SPDX-License-Identifier: GPL-2.0-or-later
#include "http2_names.hpp"

#include <array>
#include <utility>

namespace tracelab::http2 {

std::string frame_type_name(uint8_t type) {
  static constexpr std::array<std::string_view, 12> names = {
      "DATA",          "HEADERS",      "PRIORITY", "RST_STREAM",
      "SETTINGS",      "PUSH_PROMISE", "PING",     "GOAWAY",
      "WINDOW_UPDATE", "CONTINUATION", "ALTSVC",   "BLOCKED"};
  if (type < names.size()) return std::string(names[type]);
  return "Unknown type (" + std::to_string(type) + ")";
}

std::string_view status_reason(int status) {
  // The phrases tshark prints next to an HTTP/2 :status (its HTTP status
  // table, which differs from the RFCs' wording in places).
  static constexpr std::pair<int, std::string_view> reasons[] = {
      {100, "Continue"},
      {101, "Switching Protocols"},
      {102, "Processing"},
      {103, "Early Hints"},
      {199, "Informational - Others"},
      {200, "OK"},
      {201, "Created"},
      {202, "Accepted"},
      {203, "Non-authoritative Information"},
      {204, "No Content"},
      {205, "Reset Content"},
      {206, "Partial Content"},
      {207, "Multi-Status"},
      {208, "Already Reported"},
      {226, "IM Used"},
      {299, "Success - Others"},
      {300, "Multiple Choices"},
      {301, "Moved Permanently"},
      {302, "Found"},
      {303, "See Other"},
      {304, "Not Modified"},
      {305, "Use Proxy"},
      {307, "Temporary Redirect"},
      {308, "Permanent Redirect"},
      {399, "Redirection - Others"},
      {400, "Bad Request"},
      {401, "Unauthorized"},
      {402, "Payment Required"},
      {403, "Forbidden"},
      {404, "Not Found"},
      {405, "Method Not Allowed"},
      {406, "Not Acceptable"},
      {407, "Proxy Authentication Required"},
      {408, "Request Time-out"},
      {409, "Conflict"},
      {410, "Gone"},
      {411, "Length Required"},
      {412, "Precondition Failed"},
      {413, "Request Entity Too Large"},
      {414, "Request-URI Too Long"},
      {415, "Unsupported Media Type"},
      {416, "Requested Range Not Satisfiable"},
      {417, "Expectation Failed"},
      {418, "I'm a teapot"},
      {421, "Misdirected Request"},
      {422, "Unprocessable Entity"},
      {423, "Locked"},
      {424, "Failed Dependency"},
      {425, "Too Early"},
      {426, "Upgrade Required"},
      {428, "Precondition Required"},
      {429, "Too Many Requests"},
      {431, "Request Header Fields Too Large"},
      {451, "Unavailable For Legal Reasons"},
      {499, "Client Error - Others"},
      {500, "Internal Server Error"},
      {501, "Not Implemented"},
      {502, "Bad Gateway"},
      {503, "Service Unavailable"},
      {504, "Gateway Time-out"},
      {505, "HTTP Version not supported"},
      {506, "Variant Also Negotiates"},
      {507, "Insufficient Storage"},
      {508, "Loop Detected"},
      {510, "Not Extended"},
      {511, "Network Authentication Required"},
      {599, "Server Error - Others"},
  };
  for (const auto& [code, text] : reasons)
    if (code == status) return text;
  return "Unknown";
}

bool text_lines_type(std::string_view t) {
  static constexpr std::string_view types[] = {
      "text/plain",
      "text/richtext",
      "text/enriched",
      "text/parameters",
      "text/html",
      "text/xml-external-parsed-entity",
      "text/css",
      "application/xml-external-parsed-entity",
      "text/javascript",
      "application/x-javascript",
      "application/x-ns-proxy-autoconfig",
      "text/vnd.sun.j2me.app-descriptor",
      "application/vnd.poc.refer-to",
      "application/vnd.drm.message",
  };
  for (std::string_view x : types)
    if (x == t) return true;
  return false;
}

}  // namespace tracelab::http2
