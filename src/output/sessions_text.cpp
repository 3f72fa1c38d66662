// SPDX-License-Identifier: GPL-2.0-or-later
//
// The sessions view as text for people: a header per session, its findings
// (marked "!!"/"!" so that nobody misses them), then one line per step -- the
// wire text first, then what it means -- wrapped to the terminal, every
// label in the reader's language.  Technical details only with verbose.
#include <sys/ioctl.h>
#include <unistd.h>

#include <ctime>

#include "out_buffer.hpp"
#include "sessions_common.hpp"
#include "text_layout.hpp"
#include "tracelab/explain.hpp"
#include "tracelab/output.hpp"
#include "tracelab/text.hpp"

namespace tracelab {
namespace {

using text_layout::Layout;
using text_layout::Line;

constexpr size_t kBodyLines = 20;
constexpr size_t kFindingIndent = 7;
constexpr size_t kHeaderIndent = 4;

size_t terminal_width(FILE* f) {
  const int fd = fileno(f);
  struct winsize ws {};
  if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 &&
      ws.ws_col >= 20)
    return ws.ws_col;
  return 100;
}

std::string uint_str(uint64_t v) {
  std::string s;
  append_uint(s, v);
  return s;
}

// Kinds whose `text` an older dissector wrote as an English description,
// not as the bytes that crossed the wire: the view renders them from the
// catalog and shows the text only with verbose.
bool described_kind(StepKind k) {
  switch (k) {
    case StepKind::Handshake:
    case StepKind::Close:
    case StepKind::Certificate:
    case StepKind::Alert:
    case StepKind::Note:
    case StepKind::Gap:
    case StepKind::Overlap:
    case StepKind::State:
    case StepKind::Update:
    case StepKind::Transfer:
    case StepKind::Tls: return true;
    default: return false;
  }
}

class TextSessions final : public SessionSink {
 public:
  TextSessions(FILE* f, const OutputOptions& o)
      : out_(f, o.line_buffered),
        opt_(o),
        layout_(o.width ? o.width : terminal_width(f), o.mark_wire) {}

 private:
  void session_done(Session&& s) override { print(s); }
  void finish() override { out_.flush(); }

  Lang lang() const { return opt_.lang; }
  bool ru() const { return opt_.lang == Lang::Ru; }

  void emit(const Line& l, size_t indent) {
    layout_.line(out_.str(), l.spans(), indent);
  }

  void header(const Session& s) {
    Line h;
    h.say(word(Word::Session, lang())).say(" ").wire(uint_str(s.id));
    h.say("  ").wire(s.protocol).say("  ").wire(s.client.to_string());
    h.say(" \u2192 ").wire(s.server.to_string());
    emit(h, kHeaderIndent);

    std::string start, dur;
    append_utc(start, s.start_ns);
    append_seconds_ns(dur, s.end_ns - s.start_ns, 6);
    Line l1;
    l1.say("  ").say(word(Word::Start, lang())).say(" ").wire(start);
    l1.say(", ").say(word(Word::Duration, lang())).say(" ").wire(dur);
    l1.say(" ").say(word(Word::Seconds, lang())).say(", ");
    l1.say(word(Word::Frames, lang())).say(" ").wire(uint_str(s.first_frame));
    l1.say("\u2013").wire(uint_str(s.last_frame));
    emit(l1, kHeaderIndent);

    Line l2;
    auto traffic = [&](Word w, uint64_t bytes, uint64_t packets) {
      l2.say(word(w, lang())).say(" ");
      l2.say(count(bytes, Noun::Byte, lang())).say(" ");
      l2.say(word(Word::In, lang())).say(" ");
      // "в 17 пакетах": the prepositional case.
      if (ru())
        l2.say(uint_str(packets) + (packets % 10 == 1 && packets % 100 != 11
                                        ? " пакете"
                                        : " пакетах"));
      else
        l2.say(count(packets, Noun::Packet, lang()));
    };
    l2.say("  ");
    traffic(Word::ClientToServer, s.bytes_c2s, s.packets_c2s);
    l2.say(", ");
    traffic(Word::ServerToClient, s.bytes_s2c, s.packets_s2c);
    emit(l2, kHeaderIndent);

    Line l3;
    l3.say("  ").say(word(Word::Ended, lang())).say(": ");
    l3.say(end_reason_label(s.end_reason, lang()));
    if (s.gaps) {
      l3.say(", ").say(word(Word::Gaps, lang())).say(": ");
      l3.say(uint_str(s.gaps)).say(", ").say(word(Word::Missing, lang()));
      l3.say(" ").say(count(s.gap_bytes, Noun::Byte, lang()));
    }
    emit(l3, kHeaderIndent);
  }

  void findings(const Session& s) {
    for (const auto& f : s.findings) {
      Line l;
      // Marked so that a reader cannot miss it.
      l.say(f.severity == Severity::Error     ? "  !!  "
            : f.severity == Severity::Warning ? "  !   "
                                              : "  i   ");
      l.say(severity_label(f.severity, lang())).say(" ").wire(f.id);
      if (!f.frames.empty()) {
        l.say(" (");
        for (size_t i = 0; i < f.frames.size(); ++i) {
          if (i) l.say(", ");
          l.wire("#" + uint_str(f.frames[i]));
        }
        l.say(")");
      }
      l.say(": ").say(explain_finding(f.id, lang()));
      if (!f.detail.empty()) l.say(": ").wire(f.detail);
      emit(l, kFindingIndent);
    }
    for (const auto& n : s.notes) {
      Line l;
      l.say("  ").say(word(Word::Note, lang())).say(": ").say(n);
      emit(l, kFindingIndent);
    }
  }

  // The step's first words (tracelab/explain.hpp: step_headline).
  void headline(Line& l, const Session& s, const Event& e, const StepFacts& f) {
    l.phrase(step_headline(s, e, f, lang(), opt_.show_secrets));
  }

  void verbose(const Session& s, const Event& e, const StepFacts& f,
               size_t indent) {
    auto kv = [&](const char* key, bool key_is_word, std::string_view v,
                  bool wire_value) {
      Line l;
      l.say(std::string(indent, ' '));
      if (key_is_word)
        l.say(key);
      else
        l.wire(key);
      l.say(": ");
      if (wire_value)
        l.wire(v);
      else
        l.say(v);
      emit(l, indent + 2);
    };
    kv(word(Word::Kind, lang()), true, kind_label(e.kind, lang()), false);
    if (e.outcome != Outcome::None)
      kv(word(Word::Outcome, lang()), true, outcome_label(e.outcome, lang()),
         false);
    if (e.answers >= 0 && size_t(e.answers) < s.events.size())
      kv(word(Word::Answers, lang()), true,
         "#" + uint_str(s.events[size_t(e.answers)].frame), true);
    if (described_kind(e.kind) && !e.text.empty())
      kv(word(Word::Text, lang()), true, e.text, true);
    if (described_kind(e.kind) && !e.args.empty())
      kv("args", false, e.args, true);
    for (const auto& x : f.fields) {
      if (std::string_view(x.name) == "body") continue;
      kv(x.name, false, x.value, true);
    }
  }

  void message_block(const Event& e, const StepFacts& f, size_t indent) {
    (void)e;
    auto labelled = [&](Word w, std::string_view v) {
      if (v.empty()) return;
      Line l;
      l.say(std::string(indent, ' ')).say(word(w, lang())).say(": ").wire(v);
      emit(l, indent + 2);
    };
    labelled(Word::From, f.field("from"));
    std::string to;
    for (const auto& x : f.fields)
      if (std::string_view(x.name) == "to") {
        if (!to.empty()) to += ", ";
        to += x.value;
      }
    labelled(Word::To, to);
    const std::string_view body = f.field("body");
    if (!body.empty()) {
      size_t shown = 0, total = 0;
      std::string_view rest = body;
      while (!rest.empty()) {
        size_t end = rest.find('\n');
        std::string_view ln = rest.substr(0, end);
        if (!ln.empty() && ln.back() == '\r') ln.remove_suffix(1);
        ++total;
        if (opt_.show_message || shown < kBodyLines) {
          Line l;
          l.say(std::string(indent, ' ')).say("| ").wire(ln);
          emit(l, indent + 2);
          ++shown;
        }
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
      if (total > shown) {
        Line l;
        l.say(std::string(indent, ' ')).say("| \u2026 ");
        l.wire(uint_str(total - shown)).say(" ");
        l.say(word(Word::MoreLines, lang()));
        emit(l, indent + 2);
      }
    }
    std::string att;
    for (const auto& x : f.fields)
      if (std::string_view(x.name) == "attachments") {
        if (!att.empty()) att += ", ";
        att += x.value;
      }
    labelled(Word::Attachments, att);
  }

  void step(const Session& s, const Event& e) {
    const StepFacts f = step_facts(s, e);
    std::string prefix = "  #" + uint_str(e.frame);
    while (prefix.size() < 10) prefix.push_back(' ');
    prefix += " +";
    append_seconds_ns(prefix, e.ts_ns - s.start_ns, 6);
    while (prefix.size() < 21) prefix.push_back(' ');
    // C→S / S→C; in Russian К→С / С→К (клиент, сервер).
    const bool c2s = e.dir == Direction::ClientToServer;
    if (ru())
      prefix += c2s ? " \u041a\u2192\u0421  " : " \u0421\u2192\u041a  ";
    else
      prefix += c2s ? " C\u2192S  " : " S\u2192C  ";
    const size_t indent = text_layout::display_width(prefix);
    Line l;
    l.say(prefix);
    headline(l, s, e, f);
    if (e.kind != StepKind::State) {
      const Phrase note = step_note(s, e, lang());
      if (!note.empty()) l.say(" \u2014 ").phrase(note);
    }
    emit(l, indent);
    if (e.kind == StepKind::Message) message_block(e, f, indent);
    if (opt_.verbose) verbose(s, e, f, indent);
  }

  void artifacts(const Session& s) {
    for (const auto& a : s.artifacts) {
      Line l;
      l.say("  ").say(word(Word::Artifact, lang())).say(": ");
      l.say(artifact_kind_label(a.kind, lang()));
      l.say(" \u00ab").wire(a.name).say("\u00bb, ");
      l.say(count(a.size, Noun::Byte, lang()));
      if (!a.media_type.empty()) l.say(" (").wire(a.media_type).say(")");
      l.say(", sha256 ").wire(a.sha256).say(", ");
      l.say(word(Word::Frames, lang())).say(" ");
      l.wire(uint_str(a.first_frame))
          .say("\u2013")
          .wire(uint_str(a.last_frame));
      if (!a.note.empty()) l.say(" \u2014 ").say(artifact_note(a.note, lang()));
      if (!a.path.empty()) l.say(" \u2192 ").wire(a.path);
      emit(l, kFindingIndent);
    }
    if (!s.related.empty()) {
      Line l;
      l.say("  ").say(word(Word::Related, lang())).say(": ");
      for (size_t i = 0; i < s.related.size(); ++i) {
        if (i) l.say("; ");
        l.wire(uint_str(s.related[i].id));
        l.say(" (").say(link_why_label(s.related[i].why, lang())).say(")");
      }
      emit(l, kFindingIndent);
    }
  }

  void print(const Session& s) {
    header(s);
    findings(s);
    for (const auto& e : s.events) step(s, e);
    artifacts(s);
    out_.str() += '\n';
    out_.line_done();
  }

  OutBuffer out_;
  OutputOptions opt_;
  Layout layout_;
};

}  // namespace

std::unique_ptr<SessionSink> make_sessions_text(FILE* out,
                                                const OutputOptions& o) {
  return std::make_unique<TextSessions>(out, o);
}

}  // namespace tracelab
