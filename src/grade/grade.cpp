// SPDX-License-Identifier: GPL-2.0-or-later
//
// Evaluating a rubric's criteria on one capture's sessions.
#include <algorithm>
#include <cctype>
#include <set>

#include "rubric.hpp"
#include "tracelab/findings.hpp"

namespace tracelab::grade {
namespace {

// Evidence is a handful of frames, not every DATA block of a transfer.
constexpr size_t kMaxEvidence = 8;

char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// `*` any run, `?` one character, case-insensitive.
bool glob(std::string_view p, std::string_view s) {
  size_t pi = 0, si = 0, star = std::string_view::npos, mark = 0;
  while (si < s.size()) {
    if (pi < p.size() && (p[pi] == '?' || lower(p[pi]) == lower(s[si]))) {
      ++pi, ++si;
    } else if (pi < p.size() && p[pi] == '*') {
      star = pi++;
      mark = si;
    } else if (star != std::string_view::npos) {
      pi = star + 1;
      si = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.size() && p[pi] == '*') ++pi;
  return pi == p.size();
}

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(),
                    [](char x, char y) { return lower(x) == lower(y); });
}

struct Evidence {
  bool ok = false;
  std::vector<uint64_t> frames;
  std::set<uint64_t> sessions;
  void add(uint64_t session, uint64_t frame) {
    sessions.insert(session);
    if (frame && frames.size() < kMaxEvidence &&
        std::find(frames.begin(), frames.end(), frame) == frames.end())
      frames.push_back(frame);
  }
  void merge(const Evidence& o) {
    for (auto f : o.frames)
      if (frames.size() < kMaxEvidence &&
          std::find(frames.begin(), frames.end(), f) == frames.end())
        frames.push_back(f);
    sessions.insert(o.sessions.begin(), o.sessions.end());
  }
};

bool carried_tls(const Session& s) {
  if (s.protocol == "TLS") return true;
  for (const auto& e : s.events)
    if (e.kind == StepKind::Tls ||
        (e.kind == StepKind::Handshake &&
         (e.field("message") == "ClientHello" ||
          std::string_view(e.text).starts_with("ClientHello"))))
      return true;
  return false;
}

// Ports where a lab's protocol runs in TLS or may switch to it.
bool lab_port(const Rubric& r, uint16_t port) {
  struct P {
    const char* protocol;
    uint16_t ports[4];
  };
  static constexpr P kPorts[] = {
      {"SMTP", {25, 465, 587, 0}}, {"POP", {110, 995, 0, 0}},
      {"IMAP", {143, 993, 0, 0}},  {"FTP", {21, 990, 0, 0}},
      {"HTTP", {443, 8443, 0, 0}}, {"HTTP2", {443, 8443, 0, 0}},
      {"TLS", {443, 8443, 0, 0}}};
  for (const auto& p : r.protocols)
    for (const auto& x : kPorts)
      if (p == x.protocol)
        for (uint16_t q : x.ports)
          if (q && q == port) return true;
  return false;
}

bool has_finding(const Session& s, std::string_view id) {
  return std::any_of(s.findings.begin(), s.findings.end(),
                     [&](const Finding& f) { return id == f.id; });
}

bool undecrypted(const Session& s) {
  if (has_finding(s, findings::kTlsNotDecrypted)) return true;
  // TLS whose inner protocol was never seen: nothing inside was read --
  // unless the handshake failed, for then nothing was ever sent inside
  // (no shared cipher: there is no key to miss, the failure is visible).
  return s.protocol == "TLS" && !has_finding(s, findings::kTlsHandshakeFailed);
}

class Evaluator {
 public:
  Evaluator(const Rubric& r, const std::vector<Session>& sessions,
            const GradeOptions& opt)
      : rubric_(r), all_(sessions), opt_(opt) {
    // Asked for every condition of every criterion: scan the steps once.
    tls_.reserve(all_.size());
    for (const auto& s : all_) tls_.push_back(carried_tls(s));
  }

  /// Whether `s` (one of the sessions graded) carried a TLS handshake.
  bool tls(const Session& s) const {
    return tls_[static_cast<size_t>(&s - all_.data())];
  }

  // `scope`: the sessions a condition may look at.
  Evidence eval(const Condition& c, const std::vector<const Session*>& scope) {
    Evidence ev;
    switch (c.type) {
      case Condition::Type::Session:
        for (const Session* s : scope)
          if (session_matches(*s, c.session)) {
            ev.ok = true;
            ev.add(s->id, s->first_frame);
          }
        break;
      case Condition::Type::Step:
      case Condition::Type::Count: {
        int64_t n = 0;
        for (const Session* s : scope) {
          if (!session_matches(*s, c.step.in)) continue;
          for (size_t i = 0; i < s->events.size(); ++i)
            if (step_matches(*s, i, c.step)) {
              ++n;
              ev.add(s->id, s->events[i].frame);
              const auto a = s->events[i].answers;
              if (a >= 0 && static_cast<size_t>(a) < i)
                ev.add(s->id, s->events[a].frame);
            }
        }
        ev.ok =
            c.type == Condition::Type::Step ? n > 0 : n >= c.min && n <= c.max;
        break;
      }
      case Condition::Type::Sequence:
        for (const Session* s : scope) {
          Evidence one;
          size_t want = 0;
          for (size_t i = 0; i < s->events.size() && want < c.sequence.size();
               ++i) {
            if (!session_matches(*s, c.sequence[want].in)) break;
            if (step_matches(*s, i, c.sequence[want])) {
              one.add(s->id, s->events[i].frame);
              ++want;
            }
          }
          if (want == c.sequence.size()) {
            ev.ok = true;
            ev.merge(one);
          }
        }
        break;
      case Condition::Type::Finding:
        for (const Session* s : scope)
          for (const auto& f : s->findings)
            if (c.finding_id == f.id &&
                (!c.severity || *c.severity == f.severity)) {
              ev.ok = true;
              if (f.frames.empty()) ev.add(s->id, s->last_frame);
              for (auto fr : f.frames) ev.add(s->id, fr);
            }
        break;
      case Condition::Type::Artifact:
        for (const Session* s : scope) {
          if (!session_matches(*s, c.session)) continue;
          for (const auto& a : s->artifacts) {
            if (!c.artifact_kind.empty() && a.kind != c.artifact_kind) continue;
            if (!c.artifact_media.empty() &&
                !glob(expand(c.artifact_media), a.media_type))
              continue;
            if (!c.artifact_name.empty() &&
                !glob(expand(c.artifact_name), a.name))
              continue;
            if (c.artifact_complete && !a.note.empty()) continue;
            ev.ok = true;
            ev.add(s->id, a.first_frame);
            ev.add(s->id, a.last_frame);
          }
        }
        break;
      case Condition::Type::Link:
        for (const Session* s : scope)
          for (const Link& l : s->related) {
            if (c.why && l.why != *c.why) continue;
            const Session* other = by_id(l.id);
            if (!other) continue;
            Evidence sub;
            sub.ok = true;
            for (const auto& t : c.then) {
              const Evidence e = eval(*t, {other});
              sub.ok = sub.ok && e.ok;
              sub.merge(e);
            }
            if (!sub.ok) continue;
            ev.ok = true;
            ev.add(s->id, s->first_frame);
            ev.add(other->id, other->first_frame);
            ev.merge(sub);
          }
        break;
    }
    std::sort(ev.frames.begin(), ev.frames.end());
    return ev;
  }

  // What came closest to a failed condition, for the evidence of a fail:
  // the steps it asks for that the server refused (a 535 where a 235 was
  // wanted, the NO to a SELECT), or else the steps of its kind that lack
  // the fields it asks for (a message without an attachment).  Empty when
  // the step was never attempted.
  Evidence near_miss(const Condition& c,
                     const std::vector<const Session*>& scope) {
    if (c.type != Condition::Type::Step && c.type != Condition::Type::Count)
      return {};
    Condition refused = c;
    refused.type = Condition::Type::Step;
    refused.step.codes.clear();
    refused.step.statuses.clear();
    refused.step.outcome = Outcome::Failure;
    Evidence ev = eval(refused, scope);
    // Only a step of a named protocol: without one, a handshake step
    // lacking `message: ServerHello` would be any TCP SYN.
    if (ev.ok || c.step.fields.empty() || c.step.in.protocols.empty())
      return ev;
    Condition bare = c;
    bare.type = Condition::Type::Step;
    bare.step.fields.clear();
    return eval(bare, scope);
  }

  std::vector<const Session*> everything() const {
    std::vector<const Session*> v;
    for (const auto& s : all_) v.push_back(&s);
    return v;
  }

 private:
  const Session* by_id(uint64_t id) const {
    for (const auto& s : all_)
      if (s.id == id) return &s;
    return nullptr;
  }

  // A pattern with its {params} filled in; an empty value accepts anything.
  std::string expand(const std::string& p) const {
    std::string out;
    for (size_t i = 0; i < p.size(); ++i) {
      if (p[i] != '{') {
        out += p[i];
        continue;
      }
      const size_t close = p.find('}', i);
      const std::string name = p.substr(i + 1, close - i - 1);
      std::string value;
      if (auto it = opt_.params.find(name); it != opt_.params.end())
        value = it->second;
      else
        for (const auto& x : rubric_.params)
          if (x.name == name) value = x.default_value;
      out += value.empty() ? "*" : value;
      i = close;
    }
    return out;
  }

  bool session_matches(const Session& s, const SessionSpec& spec) const {
    if (!spec.protocols.empty() &&
        std::none_of(spec.protocols.begin(), spec.protocols.end(),
                     [&](const std::string& p) {
                       return iequal(p, s.protocol) || (p == "TLS" && tls(s));
                     }))
      return false;
    if (spec.tls && *spec.tls != tls(s)) return false;
    if (!spec.ports.empty() && std::find(spec.ports.begin(), spec.ports.end(),
                                         s.server.port) == spec.ports.end())
      return false;
    return true;
  }

  static bool code_matches(int code, const std::string& c) {
    if (code < 0) return false;
    const std::string digits = std::to_string(code);
    if (digits.size() != 3) return false;
    return c[0] == digits[0] && (c[1] == 'x' || c[1] == digits[1]) &&
           (c[2] == 'x' || c[2] == digits[2]);
  }

  bool step_matches(const Session& s, size_t i, const StepSpec& spec) const {
    const Event& e = s.events[i];
    if (spec.kind && e.kind != *spec.kind) return false;
    if (!spec.commands.empty() &&
        std::none_of(
            spec.commands.begin(), spec.commands.end(),
            [&](const std::string& c) { return iequal(c, e.command); }))
      return false;
    if (!spec.codes.empty() &&
        std::none_of(
            spec.codes.begin(), spec.codes.end(),
            [&](const std::string& c) { return code_matches(e.code, c); }))
      return false;
    if (!spec.statuses.empty() &&
        std::none_of(
            spec.statuses.begin(), spec.statuses.end(),
            [&](const std::string& st) { return iequal(st, e.status); }))
      return false;
    if (spec.outcome && e.outcome != *spec.outcome) return false;
    if (spec.dir && e.dir != *spec.dir) return false;
    for (const auto& f : spec.fields) {
      const std::string p = expand(f.pattern);
      bool any = false;
      for (const auto& x : e.fields)
        if (f.name == x.name && glob(p, x.value)) any = true;
      if (!any) return false;
    }
    if (spec.answers) {
      const auto a = e.answers;
      if (a < 0 || static_cast<size_t>(a) >= i) return false;
      if (!step_matches(s, static_cast<size_t>(a), *spec.answers)) return false;
    }
    return true;
  }

  const Rubric& rubric_;
  const std::vector<Session>& all_;
  const GradeOptions& opt_;
  std::vector<bool> tls_;  // carried_tls() of each of all_
};

const char* const kNoSessionEn = "the capture has no session of ";
const char* const kNoSessionRu = "в захвате нет сеанса ";

}  // namespace

const char* result_name(Result r) {
  switch (r) {
    case Result::Pass: return "pass";
    case Result::Fail: return "fail";
    case Result::Unverifiable: return "unverifiable";
  }
  return "fail";
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Pass: return "pass";
    case Verdict::Fail: return "fail";
    case Verdict::Incomplete: return "incomplete";
  }
  return "fail";
}

SubmissionGrade grade(const Rubric& rubric,
                      const std::vector<Session>& sessions,
                      const CaptureFacts& facts, const GradeOptions& opt) {
  SubmissionGrade g;
  g.max = rubric.max_points();
  Evaluator ev(rubric, sessions, opt);
  const auto scope = ev.everything();
  const bool ru = opt.lang == Lang::Ru;

  bool lab_present = false, hidden = false;
  for (const auto& s : sessions) {
    for (const auto& p : rubric.protocols)
      if (iequal(p, s.protocol) || (p == "TLS" && ev.tls(s)))
        lab_present = true;
    // A TLS session nobody could read hides the lab's steps only when it
    // may be the lab's: its protocol, or TLS on one of the lab's ports.
    if (undecrypted(s) &&
        (std::find(rubric.protocols.begin(), rubric.protocols.end(),
                   s.protocol) != rubric.protocols.end() ||
         (s.protocol == "TLS" && lab_port(rubric, s.server.port))))
      hidden = true;
  }
  std::string protocols;
  for (const auto& p : rubric.protocols)
    protocols += (protocols.empty() ? "" : "/") + p;

  for (const Criterion& c : rubric.criteria) {
    CriterionResult r;
    r.id = c.id;
    r.max = c.points;
    bool applies = true;
    Evidence proof;
    if (c.when) {
      const Evidence w = ev.eval(*c.when, scope);
      applies = w.ok;
      proof.merge(w);
    }
    // Nothing of the lab in the capture: nothing passes, not even a
    // criterion that does not apply.
    bool ok = lab_present || hidden;
    // Whether it applies cannot be known when the step it depends on may
    // be inside TLS nobody could read (AUTH after STARTTLS, no key log).
    if (!applies && hidden) ok = false;
    std::vector<uint64_t> against;  // frames of what went wrong
    Evidence missed;  // the closest the capture came to what failed
    if (applies && ok) {
      for (const auto& cond : c.all) {
        const Evidence e = ev.eval(*cond, scope);
        ok = ok && e.ok;
        if (e.ok)
          proof.merge(e);
        else
          missed.merge(ev.near_miss(*cond, scope));
      }
      if (!c.any.empty()) {
        bool one = false;
        Evidence near;
        for (const auto& cond : c.any) {
          const Evidence e = ev.eval(*cond, scope);
          if (e.ok && !one) proof.merge(e);
          one = one || e.ok;
          if (!e.ok) near.merge(ev.near_miss(*cond, scope));
        }
        ok = ok && one;
        if (!one) missed.merge(near);
      }
      for (const auto& cond : c.none) {
        const Evidence e = ev.eval(*cond, scope);
        if (!e.ok) continue;
        ok = false;
        for (auto f : e.frames)
          if (std::find(against.begin(), against.end(), f) == against.end())
            against.push_back(f);
        proof.sessions.insert(e.sessions.begin(), e.sessions.end());
      }
    }
    if (ok) {
      r.result = Result::Pass;
      r.points = c.points;
      r.frames = proof.frames;
      // Not "authentication succeeded" when it was never attempted.
      r.feedback = applies ? c.feedback_pass.in(opt.lang)
                   : ru ? "Не применялось: критерий не учитывается."
                        : "Not attempted: the criterion does not apply.";
    } else if (hidden) {
      r.result = Result::Unverifiable;
      r.reason = ru ? "сеанс TLS не расшифрован (нет подходящего журнала "
                      "ключей SSLKEYLOGFILE): шаги внутри него не видны"
                    : "a TLS session could not be decrypted (no matching "
                      "SSLKEYLOGFILE key log): the steps inside it are unseen";
    } else if (facts.damaged) {
      r.result = Result::Unverifiable;
      r.reason = (ru ? "захват повреждён: " : "the capture is damaged: ") +
                 facts.damage;
    } else {
      r.result = Result::Fail;
      r.feedback = c.feedback_fail.in(opt.lang);
      // What broke it: a forbidden finding or step, else the refused
      // attempt; a step never attempted has no frame to show.
      if (against.empty()) {
        against = missed.frames;
        proof.sessions.insert(missed.sessions.begin(), missed.sessions.end());
      }
      std::sort(against.begin(), against.end());
      r.frames = against;
      if (!lab_present)
        r.reason = (ru ? kNoSessionRu : kNoSessionEn) + protocols;
    }
    r.sessions.assign(proof.sessions.begin(), proof.sessions.end());
    g.score += r.points;
    g.criteria.push_back(std::move(r));
  }
  const bool any_fail =
      std::any_of(g.criteria.begin(), g.criteria.end(),
                  [](const auto& r) { return r.result == Result::Fail; });
  const bool any_unverifiable = std::any_of(
      g.criteria.begin(), g.criteria.end(),
      [](const auto& r) { return r.result == Result::Unverifiable; });
  g.verdict = any_fail           ? Verdict::Fail
              : any_unverifiable ? Verdict::Incomplete
                                 : Verdict::Pass;
  if (!lab_present && !hidden)
    g.note = (ru ? kNoSessionRu : kNoSessionEn) + protocols;
  return g;
}

}  // namespace tracelab::grade
