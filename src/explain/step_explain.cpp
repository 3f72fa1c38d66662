// SPDX-License-Identifier: GPL-2.0-or-later
//
// Explaining a step in its session: the typed key (protocol, kind, command
// or code or status, context), TCP steps by `flags`, TLS messages by
// `message`, alerts by `alert`; then the remarks rendered from fields.
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "catalog.hpp"

namespace tracelab {
namespace {

using namespace catalog;

// "{}" in `pattern` replaced by the wire values, in order.
Phrase fill(std::string_view pattern,
            std::initializer_list<std::string_view> values) {
  Phrase p;
  auto it = values.begin();
  while (!pattern.empty()) {
    const size_t at = pattern.find("{}");
    if (at != 0) p.push_back({std::string(pattern.substr(0, at)), false});
    if (at == std::string_view::npos) break;
    if (it != values.end()) p.push_back({std::string(*it++), true});
    pattern.remove_prefix(at + 2);
  }
  return p;
}

Phrase words(std::string_view s) {
  if (s.empty()) return {};
  return {{std::string(s), false}};
}

void append(Phrase& to, const Phrase& p) {
  to.insert(to.end(), p.begin(), p.end());
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool server_line(StepKind k) {
  return k == StepKind::Reply || k == StepKind::Greeting ||
         k == StepKind::Continuation || k == StepKind::Response;
}

bool first_server_line(const Session& s, const Event& e) {
  for (const auto& x : s.events) {
    if (&x == &e) return true;
    if (x.dir == Direction::ServerToClient && server_line(x.kind)) return false;
  }
  return false;
}

// What the step answers: "greeting", the command ("RCPT"), "message" after
// a mail message, "" when unknown.
std::string context_of(const Session& s, const Event& e, Proto p) {
  if (e.kind == StepKind::Greeting) return "greeting";
  if (e.answers >= 0 && size_t(e.answers) < s.events.size() &&
      &s.events[size_t(e.answers)] != &e) {
    const Event& q = s.events[size_t(e.answers)];
    if (q.kind == StepKind::Message) return "message";
    if (q.kind == StepKind::Auth) return "AUTH";
    return upper(q.command);
  }
  // Older dissectors name the answered command in args ("to USER" in FTP;
  // IMAP in command, the tag in args).
  std::string_view a =
      p == Proto::Imap ? std::string_view(e.command) : std::string_view(e.args);
  if (a.starts_with("to ")) a.remove_prefix(3);
  if (a == ".") return "message";
  if (!a.empty() && a != "*") {
    for (char c : a)
      if (!std::isalpha(static_cast<unsigned char>(c)) && c != ' ') return {};
    return upper(a);
  }
  if (e.dir == Direction::ServerToClient && server_line(e.kind) &&
      first_server_line(s, e))
    return "greeting";
  return {};
}

std::string reply_key(const Event& e) {
  if (e.code >= 0) return std::to_string(e.code);
  return e.status;
}

const Text* find_reply(Proto p, std::string_view key, std::string_view ctx) {
  if (key.empty() || ctx.empty()) return nullptr;
  for (const auto& r : contextual_replies())
    if (r.proto == p && key == r.key && iequals(ctx, r.context)) return &r.text;
  return nullptr;
}

Phrase explain_alert(const StepFacts& f, Lang lang) {
  const std::string_view alert = f.field("alert");
  const Text* t = find_word(tls_alerts(), alert_id(alert));
  if (!t) return {};
  if (f.field("level") == "fatal")
    return words(std::string(lang == Lang::Ru ? "критическая ошибка TLS, "
                                                "соединение прерывается: "
                                              : "fatal TLS alert, the "
                                                "connection ends: ") +
                 t->in(lang));
  return words(t->in(lang));
}

// A SASL prompt with its decoded text: what the server asks for.
Phrase explain_prompt(std::string_view decoded, Lang lang) {
  if (iequals(decoded, "Username:"))
    return fill(lang == Lang::Ru
                    ? "сервер запрашивает имя пользователя (в base64 — «{}»)"
                    : "the server asks for the user name (base64 of \"{}\")",
                {decoded});
  if (iequals(decoded, "Password:"))
    return fill(lang == Lang::Ru
                    ? "сервер запрашивает пароль (в base64 — «{}»)"
                    : "the server asks for the password (base64 of \"{}\")",
                {decoded});
  return fill(lang == Lang::Ru
                  ? "запрос аутентификации; в раскодированном виде: {}"
                  : "authentication challenge, decoded: {}",
              {decoded});
}

std::string format_delay(double secs, Lang lang) {
  char buf[48];
  const double ms = secs * 1000;
  if (secs >= 1)
    std::snprintf(buf, sizeof buf, "%.2f %s", secs,
                  lang == Lang::Ru ? "с" : "s");
  else if (ms >= 10)
    std::snprintf(buf, sizeof buf, "%.0f %s", ms,
                  lang == Lang::Ru ? "мс" : "ms");
  else if (ms >= 1)
    std::snprintf(buf, sizeof buf, "%.1f %s", ms,
                  lang == Lang::Ru ? "мс" : "ms");
  else
    std::snprintf(buf, sizeof buf, "%.3f %s", ms,
                  lang == Lang::Ru ? "мс" : "ms");
  return buf;
}

std::string joined(const StepFacts& f, const char* name,
                   std::string_view sep = ", ") {
  std::string out;
  for (const auto& x : f.fields)
    if (std::string_view(x.name) == name) {
      if (!out.empty()) out += sep;
      out += x.value;
    }
  return out;
}

bool is_tls_step(const StepFacts& f) {
  return !f.field("message").empty();
}

}  // namespace

std::string plain(const Phrase& p) {
  std::string out;
  for (const auto& x : p) out += x.text;
  return out;
}

Phrase explain_step(const Session& s, const Event& e, Lang lang) {
  const StepFacts f = step_facts(s, e);
  // TCP by its flags.
  if (std::string_view flags = f.field("flags"); !flags.empty()) {
    if (const Text* t = find_word(tcp_steps(), flags))
      return words(t->in(lang));
  }
  // TLS handshake messages by `message`, else by an older text.
  if (std::string_view m = f.field("message"); !m.empty()) {
    if (const auto* t = tls_by_message(m)) return words(t->text.in(lang));
    return words(explain(s.protocol, e, lang));
  }
  if (!f.field("alert").empty()) {
    Phrase p = explain_alert(f, lang);
    if (!p.empty()) return p;
  }
  if (e.kind == StepKind::Handshake || e.kind == StepKind::Close ||
      e.kind == StepKind::Alert)
    return words(explain(s.protocol, e, lang));
  const Proto p = proto_of(s.protocol);
  // A TFTP transfer's outcome is its remark (complete or not, its size);
  // its command (RRQ, WRQ) was explained at the request.
  if (e.kind == StepKind::Transfer && p == Proto::Tftp) return {};
  // Prompts with their decoded text.
  if (std::string_view d = f.field("decoded");
      !d.empty() && e.dir == Direction::ServerToClient &&
      (e.kind == StepKind::Continuation || e.code == 334 || e.status == "+"))
    return explain_prompt(d, lang);
  if (e.kind == StepKind::Update)
    return words(lang == Lang::Ru
                     ? "состояние UPDATE (обновление): сервер удаляет "
                       "письма, помеченные на удаление"
                     : "the UPDATE state: the server deletes the messages "
                       "marked for deletion");
  if (e.dir == Direction::ServerToClient && server_line(e.kind)) {
    const std::string ctx = context_of(s, e, p);
    if (const Text* t = find_reply(p, reply_key(e), ctx)) {
      Phrase out = words(t->in(lang));
      // A refusal's enhanced code says why (5.7.1 policy, 5.1.1 unknown).
      if (p == Proto::Smtp && e.code >= 400) {
        const std::string enh = explain_enhanced(e.text, lang);
        if (!enh.empty()) append(out, words("; " + enh));
      }
      return out;
    }
  }
  return words(explain(s.protocol, e, lang));
}

std::string explain(const Session& s, const Event& e, Lang lang) {
  return plain(explain_step(s, e, lang));
}

std::vector<Phrase> step_remarks(const Session& s, const Event& e, Lang lang) {
  const StepFacts f = step_facts(s, e);
  const bool ru = lang == Lang::Ru;
  std::vector<Phrase> out;
  auto say = [&](const char* en, const char* rus,
                 std::initializer_list<std::string_view> v = {}) {
    out.push_back(fill(ru ? rus : en, v));
  };
  // TLS: what the hello proposed or chose, the certificate's names.
  if (is_tls_step(f) || e.kind == StepKind::Certificate) {
    const std::string_view msg = f.field("message");
    const bool client_hello = msg == "ClientHello";
    if (auto v = f.field("version"); !v.empty())
      client_hello ? say("offers {}", "предлагает {}", {v})
                   : say("version {}", "версия {}", {v});
    if (auto v = f.field("cipher_suite"); !v.empty())
      say("cipher suite {}", "набор шифров {}", {v});
    if (auto v = f.field("sni"); !v.empty())
      say("server name (SNI) {}", "имя сервера (SNI) {}", {v});
    if (std::string v = joined(f, "alpn"); !v.empty())
      say("application protocol (ALPN) {}", "прикладной протокол (ALPN) {}",
          {v});
  }
  if (e.kind == StepKind::Certificate) {
    if (auto v = f.field("subject"); !v.empty())
      say("subject {}", "субъект {}", {v});
    if (auto v = f.field("issuer"); !v.empty())
      say("issuer {}", "издатель {}", {v});
    if (auto v = f.field("not_after"); !v.empty())
      say("valid until {}", "действителен до {}", {v});
    if (std::string v = joined(f, "san"); !v.empty())
      say("alternative names (SAN) {}", "альтернативные имена (SAN) {}", {v});
  }
  if (auto w = f.field("resumed_with"); !w.empty()) {
    const char* en = w == "session-id" ? "session resumed with its session id"
                     : w == "psk"
                         ? "session resumed with a pre-shared key (ticket)"
                         : "session resumed with a session ticket";
    const char* rus =
        w == "session-id" ? "сеанс возобновлён по идентификатору сеанса"
        : w == "psk"      ? "сеанс возобновлён по общему ключу (PSK) из билета"
                     : "сеанс возобновлён по билету сеанса";
    Phrase p = words(ru ? rus : en);
    if (auto from = f.field("resumed_from"); !from.empty())
      append(p, fill(ru ? ", выданному в сеансе {}" : ", issued in session {}",
                     {from}));
    else
      append(p, words(ru ? ", выданному в сеансе, которого нет среди "
                           "расшифрованных"
                         : ", issued in no session this capture shows "
                           "decrypted"));
    out.push_back(std::move(p));
  }
  // FTP: where the data connection goes; what a data connection carried.
  if (auto ep = f.field("data_endpoint"); !ep.empty())
    say("data connection expected at {}", "ожидается соединение данных на {}",
        {ep});
  if (e.kind == StepKind::Transfer) {
    if (auto c = f.field("command"); !c.empty()) {
      if (auto file = f.field("file"); !file.empty())
        say("data connection of the FTP command {} {}",
            "соединение данных команды FTP {} {}", {c, file});
      else
        say("data connection of the FTP command {}",
            "соединение данных команды FTP {}", {c});
    }
    if (auto t = f.field("type"); !t.empty()) say("TYPE {}", "TYPE {}", {t});
    if (f.field("complete") == "yes")
      say("complete: {} bytes in {} blocks",
          "передача завершена: байт — {}, блоков — {}",
          {f.field("bytes"), f.field("blocks")});
    else if (f.field("complete") == "no")
      say("incomplete: {} bytes in {} blocks",
          "передача не завершена: байт — {}, блоков — {}",
          {f.field("bytes"), f.field("blocks")});
  }
  // HTTP: where a redirect goes.
  if (auto loc = f.field("location");
      !loc.empty() && e.code >= 300 && e.code < 400) {
    if (loc.size() > 8 && iequals(loc.substr(0, 8), "https://"))
      say("redirect to HTTPS: {}", "перенаправление на HTTPS: {}", {loc});
    else
      say("redirect to {}", "перенаправление на {}", {loc});
  }
  // Any answer: how long it took.
  if (auto d = f.field("delay"); !d.empty()) {
    const std::string t =
        format_delay(std::strtod(std::string(d).c_str(), nullptr), lang);
    say("answered after {}", "ответ через {}", {t});
  }
  if (auto ms = f.field("delay_ms"); !ms.empty())
    say("answers the query in frame {} after {} ms",
        "ответ на запрос из кадра {} через {} мс",
        {f.field("query_frame"), ms});
  // POP3's UPDATE: what QUIT committed.
  if (std::string v = joined(f, "deleted"); !v.empty())
    say("deleted: {}", "удалены письма: {}", {v});
  if (f.field("deleted_none") == "yes")
    say("no messages were marked for deletion",
        "ни одно письмо не было помечено на удаление");
  // SASL: the decoded line the client typed.
  if (auto d = f.field("decoded"); !d.empty() && e.kind == StepKind::Auth)
    say("decoded: {}", "в раскодированном виде: {}", {d});
  // TFTP.
  if (auto m = f.field("mode"); !m.empty() && e.kind == StepKind::Command)
    say("mode {}", "режим {}", {m});
  if (std::string v = joined(f, "options");
      !v.empty() && e.kind == StepKind::Command)
    say("options {}", "параметры {}", {v});
  if (auto d = f.field("duplicate"); !d.empty()) {
    if (d == "ack")
      say("duplicate ACK", "повторное подтверждение (ACK)");
    else if (d == "sorcerer")
      say("duplicate (retransmitted) block: answers a duplicate ACK "
          "(Sorcerer's Apprentice Syndrome)",
          "повторный блок в ответ на повторное подтверждение (синдром "
          "ученика чародея)");
    else
      say("duplicate (retransmitted) block", "повторно переданный блок");
  }
  if (f.field("partial") == "yes")
    say("partial: the headers and the first lines only (TOP)",
        "не целиком: только заголовки и первые строки (TOP)");
  if (auto n = f.field("decrypted_records"); !n.empty())
    say("{} application data records decrypted",
        "расшифровано записей с данными приложения: {}", {n});
  if (f.field("malformed") == "yes")
    say("the message is cut short or damaged",
        "сообщение обрезано или повреждено");
  return out;
}

Phrase step_note(const Session& s, const Event& e, Lang lang) {
  Phrase out = explain_step(s, e, lang);
  auto sep = [&] {
    if (!out.empty()) out.push_back({"; ", false});
  };
  for (const auto& r : step_remarks(s, e, lang)) {
    sep();
    append(out, r);
  }
  const StepFacts f = step_facts(s, e);
  if (!f.note.empty()) {
    sep();
    // Dissector prose left in the note: the known phrases translated.
    out.push_back({artifact_note(f.note, lang), false});
  }
  return out;
}

}  // namespace tracelab
