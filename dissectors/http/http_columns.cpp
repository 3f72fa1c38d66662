// SPDX-License-Identifier: GPL-2.0-or-later
#include "http/http_columns.hpp"

#include <cstdint>

#include "http/http_syntax.hpp"

namespace tracelab::http {
namespace {

bool is_json_type(std::string_view t) {
  return t == "application/json" || t == "application/json-rpc" ||
         t == "application/jsonrequest" || t == "application/vnd.api+json" ||
         t == "application/problem+json";
}

bool is_xml_type(std::string_view t) {
  return t == "application/xml" || t == "text/xml" ||
         t == "application/soap+xml" || t == "application/xhtml+xml" ||
         t == "application/rss+xml" || t == "application/atom+xml" ||
         t == "image/svg+xml";
}

// The multipart dissector hands each part to the dissector of its own
// Content-Type: the parts' media types are appended in order.
void append_part_types(std::string_view body, std::string& info) {
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view line = body.substr(pos, end - pos);
    constexpr std::string_view kField = "Content-Type:";
    if (line.size() > kField.size() &&
        iequals(line.substr(0, kField.size()), kField) &&
        media_type_of(line.substr(kField.size())) !=
            "application/octet-stream") {
      info += " (";
      info += media_type_of(line.substr(kField.size()));
      info += ')';
    }
    pos = end + 1;
  }
}

}  // namespace

Columns message_columns(std::string_view line, std::string_view media_type,
                        std::string_view body, uint64_t body_size) {
  Columns c;
  c.info.assign(line);
  c.info += ' ';
  if (body_size == 0) return c;
  if (is_json_type(media_type)) {
    c.protocol = "HTTP/JSON";
    c.info += ", JavaScript Object Notation (";
    c.info += media_type;
    c.info += ')';
    return c;
  }
  // text/html has no dissector of its own, so tshark's heuristics see it
  // (XML claims a body that starts with a declaration); other unknown
  // types go straight to the media dissector.
  if (is_xml_type(media_type) ||
      (media_type == "text/html" && body.starts_with("<?xml"))) {
    c.protocol = "HTTP/XML";
    return c;
  }
  // An image/* body goes to the dissector its signature names when the one
  // of its declared type rejects it (a GIF sent as image/png).
  const bool image = media_type.starts_with("image/");
  if (image && (body.starts_with("GIF87a") || body.starts_with("GIF89a"))) {
    c.info += " (";
    c.info += body.substr(0, 6);
    c.info += ')';
    return c;
  }
  if (image && body.starts_with("\x89PNG")) {
    c.info += " (PNG)";
    return c;
  }
  if ((media_type == "image/jpeg" || media_type == "image/jpg") &&
      body.starts_with("\xff\xd8")) {
    c.info += " (JPEG JFIF image)";
    return c;
  }
  // Registered to no dissector: "data" adds nothing.
  // RTMPT's tunnelled messages (application/x-fcs) show nothing either.
  if (media_type == "application/octet-stream" ||
      media_type == "application/x-fcs")
    return c;
  if (media_type.starts_with("multipart/")) {
    append_part_types(body, c.info);
    return c;
  }
  if (!media_type.empty()) {
    c.info += " (";
    c.info += media_type;
    c.info += ')';
  }
  return c;
}

std::string start_segment_info(std::string_view line) {
  std::string info(line);
  info += "  [TCP segment of a reassembled PDU]";
  return info;
}

}  // namespace tracelab::http
