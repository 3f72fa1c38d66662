// SPDX-License-Identifier: GPL-2.0-or-later
//
// Reading a rubric from YAML.  YAML because a teacher writes it by hand:
// comments, Russian text without escapes, no braces to balance (yaml-cpp,
// Debian's libyaml-cpp-dev, reports where every node starts).  Everything
// is checked as it is read -- an unknown key, a kind or protocol that does
// not exist, a criterion with nothing to check -- and the error names the
// file and line, so that a typo is never a criterion that silently passes.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "rubric.hpp"
#include "tracelab/findings.hpp"

namespace tracelab::grade {
namespace {

// A rubric error at a node.
struct Bad {
  int line;
  std::string message;
};

int line_of(const YAML::Node& n) {
  return n.Mark().line + 1;
}

[[noreturn]] void bad(const YAML::Node& n, std::string message) {
  throw Bad{line_of(n), std::move(message)};
}

const std::set<std::string>& known_protocols() {
  // Session protocols as the dissectors name them (Session::protocol).
  static const std::set<std::string> p = {
      "SMTP",  "POP", "IMAP", "FTP",  "FTP-DATA", "TFTP", "HTTP",
      "HTTP2", "TLS", "DNS",  "MDNS", "LLMNR",    "TCP",  "UDP"};
  return p;
}

const std::set<std::string>& known_fields() {
  // docs/sessions-schema.md, "Fields".
  static const std::set<std::string> f = {"flags",
                                          "method",
                                          "host",
                                          "path",
                                          "location",
                                          "content_type",
                                          "delay",
                                          "version",
                                          "offered_versions",
                                          "cipher_suite",
                                          "sni",
                                          "alpn",
                                          "ja3",
                                          "ja4",
                                          "subject",
                                          "issuer",
                                          "not_after",
                                          "san",
                                          "resumed_from",
                                          "resumed_with",
                                          "alert",
                                          "level",
                                          "message",
                                          "from",
                                          "to",
                                          "size",
                                          "date",
                                          "message_id",
                                          "attachments",
                                          "bytes",
                                          "body",
                                          "mechanism",
                                          "decoded",
                                          "user",
                                          "tag",
                                          "mailbox",
                                          "deleted",
                                          "message_number",
                                          "data_endpoint",
                                          "data_mode",
                                          "file",
                                          "filename",
                                          "mode",
                                          "options",
                                          "block",
                                          "questions",
                                          "records",
                                          "id"};
  return f;
}

std::string scalar(const YAML::Node& n, const char* what) {
  if (!n.IsScalar()) bad(n, std::string(what) + " must be a single value");
  return n.Scalar();
}

std::vector<std::string> scalars(const YAML::Node& n, const char* what) {
  std::vector<std::string> out;
  if (n.IsSequence()) {
    for (const auto& x : n) out.push_back(scalar(x, what));
    if (out.empty()) bad(n, std::string(what) + ": an empty list");
  } else {
    out.push_back(scalar(n, what));
  }
  return out;
}

int integer(const YAML::Node& n, const char* what) {
  const std::string s = scalar(n, what);
  char* end = nullptr;
  const long v = std::strtol(s.c_str(), &end, 10);
  if (s.empty() || *end || v < 0 || v > 1'000'000)
    bad(n, std::string(what) + " must be a whole number from 0 to 1000000");
  return static_cast<int>(v);
}

bool boolean(const YAML::Node& n, const char* what) {
  const std::string s = scalar(n, what);
  if (s == "true" || s == "yes") return true;
  if (s == "false" || s == "no") return false;
  bad(n, std::string(what) + " must be true or false");
}

void only_keys(const YAML::Node& n, const char* what,
               std::initializer_list<const char*> allowed) {
  if (!n.IsMap()) bad(n, std::string(what) + " must be a mapping (key: value)");
  for (const auto& kv : n) {
    const std::string k = kv.first.Scalar();
    if (std::none_of(allowed.begin(), allowed.end(),
                     [&](const char* a) { return k == a; })) {
      std::string list;
      for (const char* a : allowed)
        list += std::string(list.empty() ? "" : ", ") + a;
      bad(kv.first,
          "unknown key '" + k + "' in " + what + " (known: " + list + ")");
    }
  }
}

Text text(const YAML::Node& n, const char* what) {
  Text t;
  if (n.IsScalar()) {
    t.en = n.Scalar();
    return t;
  }
  only_keys(n, what, {"en", "ru"});
  if (n["en"]) t.en = scalar(n["en"], what);
  if (n["ru"]) t.ru = scalar(n["ru"], what);
  if (t.en.empty() && t.ru.empty()) bad(n, std::string(what) + " is empty");
  if (t.en.empty()) t.en = t.ru;
  return t;
}

std::optional<StepKind> kind_named(const std::string& s) {
  for (int k = 0; k <= static_cast<int>(StepKind::Unknown); ++k)
    if (s == step_kind_name(static_cast<StepKind>(k)))
      return static_cast<StepKind>(k);
  return std::nullopt;
}

std::optional<Outcome> outcome_named(const std::string& s) {
  for (Outcome o : {Outcome::Success, Outcome::Intermediate, Outcome::Failure,
                    Outcome::Info})
    if (s == outcome_name(o)) return o;
  return std::nullopt;
}

std::optional<LinkWhy> why_named(const std::string& s) {
  for (int w = 0; w <= static_cast<int>(LinkWhy::AddressFromDns); ++w)
    if (s == link_why_name(static_cast<LinkWhy>(w)))
      return static_cast<LinkWhy>(w);
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(const std::vector<Parameter>& params) : params_(params) {}

  // The session keys a step or artifact may carry (protocol, tls, port).
  void session_keys(const YAML::Node& n, SessionSpec& s) {
    if (n["protocol"])
      for (auto& p : scalars(n["protocol"], "protocol")) {
        std::string up = p;
        for (char& c : up) c = static_cast<char>(std::toupper(c));
        if (up == "POP3") up = "POP";
        if (!known_protocols().count(up))
          bad(n["protocol"], "unknown protocol '" + p + "'");
        s.protocols.push_back(up);
      }
    if (n["tls"]) s.tls = boolean(n["tls"], "tls");
    if (n["port"])
      for (auto& p : scalars(n["port"], "port")) {
        char* end = nullptr;
        const long v = std::strtol(p.c_str(), &end, 10);
        if (p.empty() || *end || v < 1 || v > 65535)
          bad(n["port"], "port must be from 1 to 65535");
        s.ports.push_back(static_cast<int>(v));
      }
  }

  std::string pattern(const YAML::Node& n, const char* what) {
    std::string p = scalar(n, what);
    for (size_t open = p.find('{'); open != std::string::npos;
         open = p.find('{', open + 1)) {
      const size_t close = p.find('}', open);
      if (close == std::string::npos) bad(n, "unclosed '{' in a pattern");
      const std::string name = p.substr(open + 1, close - open - 1);
      if (std::none_of(params_.begin(), params_.end(),
                       [&](const Parameter& x) { return x.name == name; }))
        bad(n, "the pattern names '{" + name +
                   "}', which is not one of the rubric's params");
    }
    return p;
  }

  StepSpec step(const YAML::Node& n) {
    only_keys(n, "a step",
              {"protocol", "tls", "port", "kind", "command", "code", "status",
               "outcome", "dir", "fields", "answers"});
    StepSpec s;
    session_keys(n, s.in);
    if (n["kind"]) {
      const std::string k = scalar(n["kind"], "kind");
      s.kind = kind_named(k);
      if (!s.kind) bad(n["kind"], "unknown step kind '" + k + "'");
    }
    if (n["command"])
      for (auto& c : scalars(n["command"], "command")) {
        for (char& ch : c) ch = static_cast<char>(std::toupper(ch));
        s.commands.push_back(c);
      }
    if (n["code"])
      for (auto& c : scalars(n["code"], "code")) {
        const bool ok = c.size() == 3 &&
                        std::isdigit(static_cast<unsigned char>(c[0])) &&
                        ((std::isdigit(static_cast<unsigned char>(c[1])) &&
                          std::isdigit(static_cast<unsigned char>(c[2]))) ||
                         (c[1] == 'x' && c[2] == 'x'));
        if (!ok)
          bad(n["code"], "a code is three digits or a class such as 2xx");
        s.codes.push_back(c);
      }
    if (n["status"]) s.statuses = scalars(n["status"], "status");
    if (n["outcome"]) {
      const std::string o = scalar(n["outcome"], "outcome");
      s.outcome = outcome_named(o);
      if (!s.outcome)
        bad(n["outcome"],
            "outcome must be success, intermediate, failure or info");
    }
    if (n["dir"]) {
      const std::string d = scalar(n["dir"], "dir");
      if (d != "c2s" && d != "s2c") bad(n["dir"], "dir must be c2s or s2c");
      s.dir =
          d == "c2s" ? Direction::ClientToServer : Direction::ServerToClient;
    }
    if (n["fields"]) {
      if (!n["fields"].IsMap()) bad(n["fields"], "fields must be a mapping");
      for (const auto& kv : n["fields"]) {
        const std::string name = kv.first.Scalar();
        if (!known_fields().count(name))
          bad(kv.first, "unknown field '" + name + "'");
        s.fields.push_back({name, pattern(kv.second, "a field pattern")});
      }
    }
    if (n["answers"])
      s.answers = std::make_shared<StepSpec>(step(n["answers"]));
    return s;
  }

  std::shared_ptr<const Condition> condition(const YAML::Node& n) {
    if (!n.IsMap() || n.size() != 1)
      bad(n,
          "a condition is one of: session, step, sequence, count, finding, "
          "artifact, link");
    auto c = std::make_shared<Condition>();
    c->line = line_of(n);
    const std::string type = n.begin()->first.Scalar();
    const YAML::Node v = n.begin()->second;
    if (type == "session") {
      c->type = Condition::Type::Session;
      only_keys(v, "a session", {"protocol", "tls", "port"});
      session_keys(v, c->session);
    } else if (type == "step") {
      c->type = Condition::Type::Step;
      c->step = step(v);
    } else if (type == "sequence") {
      c->type = Condition::Type::Sequence;
      if (!v.IsSequence() || v.size() < 2)
        bad(v, "a sequence lists at least two steps");
      for (const auto& s : v) c->sequence.push_back(step(s));
    } else if (type == "count") {
      c->type = Condition::Type::Count;
      only_keys(v, "a count", {"step", "min", "max"});
      if (!v["step"]) bad(v, "a count needs a step");
      c->step = step(v["step"]);
      c->min = v["min"] ? integer(v["min"], "min") : 0;
      c->max = v["max"] ? integer(v["max"], "max") : INT64_MAX;
      if (!v["min"] && !v["max"]) bad(v, "a count needs min or max");
    } else if (type == "finding") {
      c->type = Condition::Type::Finding;
      std::string id;
      if (v.IsScalar()) {
        id = v.Scalar();
      } else {
        only_keys(v, "a finding", {"id", "severity"});
        if (!v["id"]) bad(v, "a finding needs its id");
        id = scalar(v["id"], "id");
        if (v["severity"]) {
          const std::string s = scalar(v["severity"], "severity");
          for (Severity x :
               {Severity::Error, Severity::Warning, Severity::Info})
            if (s == severity_name(x)) c->severity = x;
          if (!c->severity)
            bad(v["severity"], "severity must be error, warning or info");
        }
      }
      if (!findings::find(id)) bad(v, "unknown finding id '" + id + "'");
      c->finding_id = id;
    } else if (type == "artifact") {
      c->type = Condition::Type::Artifact;
      only_keys(v, "an artifact",
                {"protocol", "tls", "port", "kind", "media_type", "name",
                 "complete"});
      session_keys(v, c->session);
      if (v["kind"]) c->artifact_kind = scalar(v["kind"], "kind");
      if (v["media_type"])
        c->artifact_media = pattern(v["media_type"], "media_type");
      if (v["name"]) c->artifact_name = pattern(v["name"], "name");
      if (v["complete"])
        c->artifact_complete = boolean(v["complete"], "complete");
    } else if (type == "link") {
      c->type = Condition::Type::Link;
      only_keys(v, "a link", {"why", "then"});
      if (!v["why"]) bad(v, "a link needs its why");
      const std::string w = scalar(v["why"], "why");
      c->why = why_named(w);
      if (!c->why) bad(v["why"], "unknown link reason '" + w + "'");
      if (v["then"]) {
        if (!v["then"].IsSequence())
          bad(v["then"], "then is a list of conditions");
        for (const auto& t : v["then"]) c->then.push_back(condition(t));
      }
    } else {
      bad(n.begin()->first, "unknown condition '" + type + "'");
    }
    return c;
  }

 private:
  const std::vector<Parameter>& params_;
};

Rubric parse(const YAML::Node& root, const std::string& name) {
  only_keys(root, "the rubric",
            {"id", "title", "description", "protocols", "params", "criteria"});
  Rubric r;
  r.file = name;
  if (!root["id"]) bad(root, "the rubric needs an id");
  r.id = scalar(root["id"], "id");
  if (!root["title"]) bad(root, "the rubric needs a title");
  r.title = text(root["title"], "title");
  if (root["description"])
    r.description = text(root["description"], "description");
  if (!root["protocols"]) bad(root, "the rubric needs its protocols");
  for (auto& p : scalars(root["protocols"], "protocols")) {
    if (p == "POP3") p = "POP";
    if (!known_protocols().count(p))
      bad(root["protocols"], "unknown protocol '" + p + "'");
    r.protocols.push_back(p);
  }
  if (const auto ps = root["params"]) {
    if (!ps.IsMap()) bad(ps, "params must be a mapping");
    for (const auto& kv : ps) {
      Parameter p;
      p.name = kv.first.Scalar();
      only_keys(kv.second, "a parameter", {"default", "en", "ru"});
      if (kv.second["default"])
        p.default_value = scalar(kv.second["default"], "default");
      if (kv.second["en"]) p.description.en = scalar(kv.second["en"], "en");
      if (kv.second["ru"]) p.description.ru = scalar(kv.second["ru"], "ru");
      r.params.push_back(std::move(p));
    }
  }
  Parser parser(r.params);
  const YAML::Node cs = root["criteria"];
  if (!cs || !cs.IsSequence() || cs.size() == 0)
    bad(cs ? cs : root, "the rubric needs a list of criteria");
  std::set<std::string> ids;
  for (const auto& n : cs) {
    only_keys(
        n, "a criterion",
        {"id", "title", "points", "when", "all", "any", "none", "feedback"});
    Criterion c;
    c.line = line_of(n);
    if (!n["id"]) bad(n, "a criterion needs an id");
    c.id = scalar(n["id"], "id");
    if (!ids.insert(c.id).second)
      bad(n["id"], "two criteria named '" + c.id + "'");
    if (n["title"]) c.title = text(n["title"], "title");
    if (n["points"]) c.points = integer(n["points"], "points");
    if (n["when"]) c.when = parser.condition(n["when"]);
    auto list = [&](const char* key, auto& out) {
      if (!n[key]) return;
      if (!n[key].IsSequence())
        bad(n[key], std::string(key) + " is a list of conditions");
      for (const auto& x : n[key]) out.push_back(parser.condition(x));
    };
    list("all", c.all);
    list("any", c.any);
    list("none", c.none);
    if (c.all.empty() && c.any.empty() && c.none.empty())
      bad(n, "criterion '" + c.id + "' checks nothing (no all, any or none)");
    if (const auto fb = n["feedback"]) {
      only_keys(fb, "feedback", {"pass", "fail"});
      if (fb["pass"]) c.feedback_pass = text(fb["pass"], "feedback");
      if (fb["fail"]) c.feedback_fail = text(fb["fail"], "feedback");
    }
    r.criteria.push_back(std::move(c));
  }
  return r;
}

}  // namespace

std::string RubricError::to_string() const {
  return file + ":" + std::to_string(line) + ": " + message;
}

std::optional<Rubric> parse_rubric(std::string_view yaml,
                                   const std::string& name, RubricError& err) {
  err = {name, 0, {}};
  try {
    const YAML::Node root = YAML::Load(std::string(yaml));
    if (!root.IsMap()) {
      err.line = 1;
      err.message = "not a rubric: the file must be a YAML mapping";
      return std::nullopt;
    }
    return parse(root, name);
  } catch (const Bad& b) {
    err.line = b.line;
    err.message = b.message;
  } catch (const YAML::Exception& e) {
    err.line = e.mark.line + 1;
    err.message = e.msg;
  }
  return std::nullopt;
}

int Rubric::max_points() const {
  int m = 0;
  for (const auto& c : criteria) m += c.points;
  return m;
}

}  // namespace tracelab::grade
