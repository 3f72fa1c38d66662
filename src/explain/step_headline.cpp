// SPDX-License-Identifier: GPL-2.0-or-later
//
// A step's first words as the views show them: what crossed the wire
// (command, code, status, text), or for the steps the analyzer describes
// (TCP flags, TLS messages, alerts, states) their name in the reader's
// language.  One place, so the sessions text view and the grade reports
// quote a dialog alike.
#include <cstdlib>

#include "tracelab/explain.hpp"

namespace tracelab {
namespace {

constexpr const char* kSecretMask = "********";

// Lines the server sends (as opposed to commands and descriptions).
bool server_line(StepKind k) {
  return k == StepKind::Reply || k == StepKind::Greeting ||
         k == StepKind::Continuation || k == StepKind::Response ||
         k == StepKind::Untagged || k == StepKind::Answer;
}

// Builds a Phrase as the text view's Line does: empty pieces dropped.
class Words {
 public:
  Words& say(std::string_view w) {
    if (!w.empty()) p_.push_back({std::string(w), false});
    return *this;
  }
  Words& wire(std::string_view w) {
    if (!w.empty()) p_.push_back({std::string(w), true});
    return *this;
  }
  Words& phrase(const Phrase& x) {
    for (const auto& piece : x) p_.push_back(piece);
    return *this;
  }
  Phrase take() { return std::move(p_); }

 private:
  Phrase p_;
};

void headline(Words& l, const Session& s, const Event& e, const StepFacts& f,
              Lang lang, bool show_secrets) {
  const bool ru = lang == Lang::Ru;
  auto secret = [&] {
    if (e.secret.empty()) return;
    l.say(" ");
    if (show_secrets)
      l.wire(e.secret);
    else
      l.say(kSecretMask);
  };
  switch (e.kind) {
    case StepKind::Handshake:
    case StepKind::Close: {
      std::string_view name = f.field("flags");
      if (name.empty()) name = f.field("message");
      if (name.empty()) name = e.text;
      l.wire(name);
      return;
    }
    case StepKind::Alert: {
      l.say(kind_label(e.kind, lang));
      std::string_view a = f.field("alert");
      if (!a.empty()) l.say(" ").wire(a);
      if (f.field("level") == "fatal")
        l.say(ru ? " (критическое)" : " (fatal)");
      return;
    }
    case StepKind::State:
      l.phrase(state_phrase(s.protocol, e.text, lang));
      if (!e.args.empty()) l.say(" (").wire(e.args).say(")");
      return;
    case StepKind::Certificate:
    case StepKind::Update:
    case StepKind::Tls:
    case StepKind::Note:
    case StepKind::Overlap: l.say(kind_label(e.kind, lang)); return;
    case StepKind::Gap:
      l.say(kind_label(e.kind, lang));
      if (!e.text.empty()) l.say(": ").wire(e.text);
      return;
    case StepKind::Transfer:
      l.say(kind_label(e.kind, lang));
      if (auto m = f.field("data_mode"); !m.empty()) l.say(" ").wire(m);
      if (!e.args.empty()) l.say(" ").wire(e.args);
      return;
    case StepKind::Extensions:
      l.say(kind_label(e.kind, lang)).say(": ");
      l.wire(e.args.empty() ? e.text : e.args);
      return;
    case StepKind::Listing:
      l.say(kind_label(e.kind, lang));
      if (auto n = f.field("lines"); !n.empty())
        l.say(", ").say(
            count(std::strtoull(std::string(n).c_str(), nullptr, 10),
                  Noun::Line, lang));
      l.say(": ").wire(e.text);
      return;
    case StepKind::Message: {
      l.say(word(Word::Message, lang));
      if (auto n = f.field("bytes"); !n.empty())
        l.say(", ").say(
            count(std::strtoull(std::string(n).c_str(), nullptr, 10),
                  Noun::Byte, lang));
      std::string_view subject = f.field("subject");
      if (subject.empty()) subject = e.text;
      if (!subject.empty()) l.say(": \u00ab").wire(subject).say("\u00bb");
      return;
    }
    case StepKind::Auth:
      l.say(kind_label(e.kind, lang));
      if (!e.text.empty()) l.say(" ").wire(e.text);
      secret();
      return;
    default: break;
  }
  // Commands, requests, replies: as they crossed the wire.
  const bool imap = s.protocol == "IMAP";
  std::string_view tag = f.field("tag");
  if (tag.empty() && imap)
    tag = e.kind == StepKind::Command ? std::string_view(e.text)
                                      : std::string_view(e.args);
  bool first = true;
  auto part = [&](std::string_view w) {
    if (w.empty()) return;
    if (!first) l.say(" ");
    l.wire(w);
    first = false;
  };
  if (e.dir == Direction::ClientToServer || !server_line(e.kind)) {
    if (imap) part(tag);
    part(e.command);
    part(e.args);
    secret();
    if (!imap && !e.text.empty() && e.text != e.args) {
      l.say("  ");
      l.wire(e.text);
    }
    return;
  }
  if (imap) part(tag);
  const std::string code = e.code >= 0 ? std::to_string(e.code) : "";
  // FTP's text starts with its code already.
  if (!code.empty() && !std::string_view(e.text).starts_with(code)) part(code);
  part(e.status);
  part(e.text);
  secret();
}

}  // namespace

Phrase step_headline(const Session& s, const Event& e, const StepFacts& f,
                     Lang lang, bool show_secrets) {
  Words w;
  headline(w, s, e, f, lang, show_secrets);
  return w.take();
}

}  // namespace tracelab
