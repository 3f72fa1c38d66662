// SPDX-License-Identifier: GPL-2.0-or-later
//
// The names the session model's enums have in the JSON schema
// (docs/sessions-schema.md), and the findings registry.
#include <cstring>

#include "tracelab/findings.hpp"
#include "tracelab/session.hpp"

namespace tracelab {

const char* step_kind_name(StepKind k) {
  switch (k) {
    case StepKind::Handshake: return "handshake";
    case StepKind::Close: return "close";
    case StepKind::Gap: return "gap";
    case StepKind::Overlap: return "overlap";
    case StepKind::Note: return "note";
    case StepKind::Greeting: return "greeting";
    case StepKind::Command: return "command";
    case StepKind::Reply: return "reply";
    case StepKind::Auth: return "auth";
    case StepKind::Continuation: return "continuation";
    case StepKind::Untagged: return "untagged";
    case StepKind::Extensions: return "extensions";
    case StepKind::State: return "state";
    case StepKind::Update: return "update";
    case StepKind::Message: return "message";
    case StepKind::Listing: return "listing";
    case StepKind::Transfer: return "transfer";
    case StepKind::Data: return "data";
    case StepKind::Ack: return "ack";
    case StepKind::Request: return "request";
    case StepKind::Response: return "response";
    case StepKind::Websocket: return "websocket";
    case StepKind::Query: return "query";
    case StepKind::Answer: return "answer";
    case StepKind::Tls: return "tls";
    case StepKind::Certificate: return "certificate";
    case StepKind::Alert: return "alert";
    case StepKind::Unknown: return "unknown";
  }
  return "unknown";
}

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::None: return "";
    case Outcome::Success: return "success";
    case Outcome::Intermediate: return "intermediate";
    case Outcome::Failure: return "failure";
    case Outcome::Info: return "info";
  }
  return "";
}

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "error";
}

const char* link_why_name(LinkWhy w) {
  switch (w) {
    case LinkWhy::FtpData: return "ftp-data";
    case LinkWhy::FtpControl: return "ftp-control";
    case LinkWhy::TftpTransfer: return "tftp-transfer";
    case LinkWhy::TftpRequest: return "tftp-request";
    case LinkWhy::TlsResumedFrom: return "tls-resumed-from";
    case LinkWhy::TlsResumedBy: return "tls-resumed-by";
    case LinkWhy::RedirectFollowedBy: return "redirect-followed-by";
    case LinkWhy::RedirectedFrom: return "redirected-from";
    case LinkWhy::DnsAnswerFor: return "dns-answer-for";
    case LinkWhy::AddressFromDns: return "address-from-dns";
  }
  return "";
}

bool field_is_list(std::string_view name) {
  static constexpr std::string_view kLists[] = {
      "to",        "san",     "offered_versions", "alpn",   "attachments",
      "questions", "records", "options",          "deleted"};
  for (auto l : kLists)
    if (name == l) return true;
  return false;
}

namespace findings {

std::span<const Info> all() {
  static constexpr Info kAll[] = {
      {kNoQuit, Severity::Error},
      {kAuthFailed, Severity::Error},
      {kCommandRefused, Severity::Warning},
      {kStartTlsNoTls, Severity::Error},
      {kNoReply, Severity::Warning},
      {kSmtpRecipientRefused, Severity::Error},
      {kSmtpMessageRejected, Severity::Error},
      {kSmtpNoData, Severity::Error},
      {kPop3DeleNotCommitted, Severity::Error},
      {kImapUntagged, Severity::Error},
      {kImapMailboxMissing, Severity::Error},
      {kFtpTransferFailed, Severity::Error},
      {kFtpTransferIncomplete, Severity::Error},
      {kTftpError, Severity::Error},
      {kTftpIncomplete, Severity::Error},
      {kHttpClientError, Severity::Warning},
      {kHttpServerError, Severity::Error},
      {kHttpRedirectNotFollowed, Severity::Error},
      {kTlsHandshakeFailed, Severity::Error},
      {kTlsNotDecrypted, Severity::Info},
      {kNotTls, Severity::Warning},
      {kDnsError, Severity::Warning},
      {kBytesMissing, Severity::Warning},
  };
  return kAll;
}

const Info* find(std::string_view id) {
  for (const auto& i : all())
    if (id == i.id) return &i;
  return nullptr;
}

Finding make(const char* id, uint64_t frame, std::string detail) {
  Finding f;
  f.id = id;
  const Info* i = find(id);
  f.severity = i ? i->severity : Severity::Error;
  if (frame) f.frames.push_back(frame);
  f.detail = std::move(detail);
  return f;
}

}  // namespace findings
}  // namespace tracelab
