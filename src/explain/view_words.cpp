// SPDX-License-Identifier: GPL-2.0-or-later
//
// The words of the sessions view (labels, kinds, outcomes, severities, end
// reasons, link reasons, protocol states) in English and Russian.  JSON keeps
// the stable English identifiers; these are for people.
#include "catalog.hpp"

namespace tracelab {
namespace {

using catalog::Text;

const char* pick(const Text& t, Lang l) {
  return t.in(l);
}

}  // namespace

const char* kind_label(StepKind k, Lang l) {
  static constexpr Text kKinds[] = {
      {"handshake", "рукопожатие"},
      {"close", "закрытие"},
      {"gap", "пропуск"},
      {"overlap", "перекрытие"},
      {"note", "замечание"},
      {"greeting", "приветствие"},
      {"command", "команда"},
      {"reply", "ответ"},
      {"auth", "аутентификация"},
      {"continuation", "продолжение"},
      {"untagged", "ответ без метки"},
      {"extensions", "расширения"},
      {"state", "состояние"},
      {"update", "обновление"},
      {"message", "письмо"},
      {"listing", "список"},
      {"transfer", "передача"},
      {"data", "данные"},
      {"ack", "подтверждение"},
      {"request", "запрос"},
      {"response", "ответ"},
      {"websocket", "кадр WebSocket"},
      {"query", "запрос"},
      {"answer", "ответ"},
      {"tls", "переход на TLS"},
      {"certificate", "сертификат"},
      {"alert", "оповещение TLS"},
      {"unknown", "неизвестное сообщение"},
  };
  const size_t i = size_t(k);
  return i < std::size(kKinds) ? pick(kKinds[i], l) : step_kind_name(k);
}

const char* outcome_label(Outcome o, Lang l) {
  switch (o) {
    case Outcome::None: return "";
    case Outcome::Success: return pick({"success", "успех"}, l);
    case Outcome::Intermediate:
      return pick({"intermediate", "промежуточный ответ"}, l);
    case Outcome::Failure: return pick({"failure", "отказ"}, l);
    case Outcome::Info: return pick({"information", "сведения"}, l);
  }
  return "";
}

const char* severity_label(Severity s, Lang l) {
  switch (s) {
    case Severity::Error: return pick({"error", "ошибка"}, l);
    case Severity::Warning: return pick({"warning", "предупреждение"}, l);
    case Severity::Info: return pick({"info", "сведения"}, l);
  }
  return "";
}

const char* end_reason_label(EndReason r, Lang l) {
  switch (r) {
    case EndReason::Open: return pick({"open", "не закрыт"}, l);
    case EndReason::Fin:
      return pick({"fin (orderly close)", "FIN (штатное закрытие)"}, l);
    case EndReason::Rst:
      return pick({"rst (reset)", "RST (сброс соединения)"}, l);
    case EndReason::Timeout:
      return pick({"timeout (idle)", "тайм-аут (нет пакетов)"}, l);
    case EndReason::CaptureEnd:
      return pick({"capture-end (still open when the capture ended)",
                   "открыт до конца захвата"},
                  l);
  }
  return "";
}

const char* link_why_label(LinkWhy w, Lang l) {
  switch (w) {
    case LinkWhy::FtpData:
      return pick(
          {"ftp-data: its data connection", "его соединение данных FTP"}, l);
    case LinkWhy::FtpControl:
      return pick({"ftp-control: its control connection",
                   "его управляющее соединение FTP"},
                  l);
    case LinkWhy::TftpTransfer:
      return pick({"tftp-transfer: the transfer it started",
                   "начатая им передача TFTP"},
                  l);
    case LinkWhy::TftpRequest:
      return pick({"tftp-request: the request that started it",
                   "запрос TFTP, начавший передачу"},
                  l);
    case LinkWhy::TlsResumedFrom:
      return pick({"tls-resumed-from: the session it resumed",
                   "сеанс TLS, который он возобновил"},
                  l);
    case LinkWhy::TlsResumedBy:
      return pick({"tls-resumed-by: a later session resumed it",
                   "более поздний сеанс TLS, возобновивший его"},
                  l);
    case LinkWhy::RedirectFollowedBy:
      return pick({"redirect-followed-by: the connection that followed its "
                   "redirect",
                   "соединение по его перенаправлению"},
                  l);
    case LinkWhy::RedirectedFrom:
      return pick({"redirected-from: the redirect it followed",
                   "перенаправление, по которому он пришёл"},
                  l);
    case LinkWhy::DnsAnswerFor:
      return pick({"dns-answer-for: a connection to an address it gave",
                   "соединение с адресом из его ответа DNS"},
                  l);
    case LinkWhy::AddressFromDns:
      return pick({"address-from-dns: the DNS exchange that gave its address",
                   "обмен DNS, давший его адрес"},
                  l);
  }
  return link_why_name(w);
}

std::string artifact_kind_label(std::string_view kind, Lang l) {
  static constexpr catalog::WordEntry kKinds[] = {
      {"http-body", {"HTTP body", "тело HTTP"}},
      {"mail", {"mail message", "письмо"}},
      {"attachment", {"attachment", "вложение"}},
      {"ftp-file", {"FTP file", "файл FTP"}},
      {"ftp-listing", {"FTP listing", "список файлов FTP"}},
      {"tftp-file", {"TFTP file", "файл TFTP"}},
  };
  if (const Text* t = catalog::find_word(kKinds, kind)) return t->in(l);
  return std::string(kind);
}

Phrase state_phrase(std::string_view protocol, std::string_view state, Lang l) {
  struct State {
    const char* name;
    const char *en_before, *en_after, *ru_before, *ru_after;
  };
  static constexpr State kStates[] = {
      // POP3 (RFC 1939 3), as the lecture names them.
      {"AUTHORIZATION", "the ", " state (authorization)", "состояние ",
       " (авторизация)"},
      {"TRANSACTION", "the ", " state: the mailbox is open", "состояние ",
       " (транзакция): почтовый ящик открыт"},
      {"UPDATE", "the ", " state: QUIT commits the deletions", "состояние ",
       " (обновление): после QUIT сервер удаляет помеченные письма"},
      // IMAP (RFC 3501 3).
      {"not authenticated", "the ", " state",
       "неаутентифицированное "
       "состояние (",
       ")"},
      {"authenticated", "the ", " state: a mailbox may be selected",
       "аутентифицированное состояние (", "): можно выбрать ящик"},
      {"selected", "the ", " state: a mailbox is selected",
       "выбранное состояние (", "): почтовый ящик выбран"},
      {"logout", "the ", " state: the session ends", "состояние выхода (",
       "): сеанс завершается"},
      {"tls", "the session switches to ", "", "сеанс переходит на ", ""},
  };
  (void)protocol;
  Phrase p;
  for (const auto& s : kStates)
    if (catalog::iequals(s.name, state)) {
      const bool ru = l == Lang::Ru;
      p.push_back({ru ? s.ru_before : s.en_before, false});
      p.push_back({std::string(state == "tls" ? "TLS" : state), true});
      const char* after = ru ? s.ru_after : s.en_after;
      if (*after) p.push_back({after, false});
      return p;
    }
  p.push_back({l == Lang::Ru ? "состояние " : "state ", false});
  p.push_back({std::string(state), true});
  return p;
}

const char* word(Word w, Lang l) {
  static constexpr Text kWords[] = {
      {"Session", "Сеанс"},
      {"start", "начало"},
      {"duration", "длительность"},
      {"s", "с"},
      {"frames", "кадры"},
      {"client\u2192server", "клиент\u2192сервер"},
      {"server\u2192client", "сервер\u2192клиент"},
      {"in", "в"},
      {"ended", "завершение"},
      {"gaps", "пропуски"},
      {"missing", "не хватает"},
      {"note", "замечание"},
      {"artifact", "артефакт"},
      {"related sessions", "связанные сеансы"},
      {"findings", "находки"},
      {"answers", "отвечает на"},
      {"kind", "вид"},
      {"outcome", "исход"},
      {"text", "текст"},
      {"attachments", "вложения"},
      {"more lines (--show-message prints them all)",
       "строк ещё (--show-message покажет всё письмо)"},
      {"subject", "тема"},
      {"from", "от"},
      {"to", "кому"},
      {"secret", "секрет"},
      {"message", "письмо"},
  };
  const size_t i = size_t(w);
  return i < std::size(kWords) ? kWords[i].in(l) : "";
}

std::string count(uint64_t n, Noun noun, Lang l) {
  // English: one/many; Russian: one (1, 21), few (2-4, 22-24), many.
  struct Forms {
    const char *en1, *en5, *ru1, *ru2, *ru5;
  };
  static constexpr Forms kForms[] = {
      {"byte", "bytes", "байт", "байта", "байт"},
      {"packet", "packets", "пакет", "пакета", "пакетов"},
      {"line", "lines", "строка", "строки", "строк"},
      {"gap", "gaps", "пропуск", "пропуска", "пропусков"},
  };
  const Forms& f = kForms[size_t(noun)];
  const char* form;
  if (l == Lang::En) {
    form = n == 1 ? f.en1 : f.en5;
  } else {
    const uint64_t d = n % 10, h = n % 100;
    form = d == 1 && h != 11                        ? f.ru1
           : d >= 2 && d <= 4 && (h < 12 || h > 14) ? f.ru2
                                                    : f.ru5;
  }
  return std::to_string(n) + " " + form;
}

}  // namespace tracelab

namespace tracelab {

namespace {

// "N bytes: compression ratio over 1000:1" (or "decoded size over M
// bytes"), the rest of an HTTP body's decompression-bound note.
std::string decoding_stopped_ru(std::string_view rest) {
  const size_t colon = rest.find(" bytes: ");
  if (colon == std::string_view::npos) return std::string(rest);
  std::string out = "обрезано: распаковка остановлена на " +
                    std::string(rest.substr(0, colon)) + " байт: ";
  std::string_view why = rest.substr(colon + 8);
  if (why.starts_with("compression ratio over "))
    out += "степень сжатия больше " + std::string(why.substr(23)) +
           " (похоже на «бомбу» сжатия)";
  else if (why.starts_with("decoded size over "))
    out += "распакованный размер больше " + std::string(why.substr(18));
  else
    out += why;
  return out;
}

// TFTP's artifact notes (dissectors/tftp): "truncated: the last block
// (shorter than 512 bytes) was not seen after block 2", "incomplete: 3
// blocks missing", "1000 bytes, but tsize announced 2000".
bool tftp_note_ru(std::string_view part, std::string& out) {
  constexpr std::string_view kShorter =
      "truncated: the last block (shorter than ";
  constexpr std::string_view kAfter = " bytes) was not seen after block ";
  if (part.starts_with(kShorter)) {
    const std::string_view rest = part.substr(kShorter.size());
    const size_t at = rest.find(kAfter);
    if (at == std::string_view::npos) return false;
    out += "обрезано: последний блок (короче ";
    out += rest.substr(0, at);
    out += " байт) не получен после блока ";
    out += rest.substr(at + kAfter.size());
    return true;
  }
  if (part.starts_with("incomplete: ") && part.ends_with(" blocks missing")) {
    out += "неполно: не хватает блоков — ";
    out += part.substr(12, part.size() - 12 - 15);
    return true;
  }
  const size_t but = part.find(" bytes, but tsize announced ");
  if (but != std::string_view::npos) {
    out += part.substr(0, but);
    out += " байт, а в tsize объявлено ";
    out += part.substr(but + 28);
    return true;
  }
  return false;
}

}  // namespace

std::string artifact_note(std::string_view note, Lang l) {
  if (l == Lang::En) return std::string(note);
  static constexpr catalog::WordEntry kExact[] = {
      {"partial", {"", "не целиком (TOP: заголовки и первые строки)"}},
      {"partial: header only", {"", "не целиком: только заголовок"}},
      {"partial: header fields only",
       {"", "не целиком: только отдельные поля заголовка"}},
      {"truncated: the connection ended first",
       {"", "обрезано: соединение закончилось раньше"}},
      {"refused: no data sent", {"", "отвергнуто: данные не переданы"}},
      {"attachments not extracted (message too large)",
       {"", "вложения не извлечены (письмо слишком большое)"}},
      {"attachments not extracted (memory budget spent: --total-buffer)",
       {"", "вложения не извлечены (исчерпан бюджет памяти: --total-buffer)"}},
      {"the data connection was reset: the transfer may be incomplete",
       {"", "соединение данных сброшено: передача может быть неполной"}},
  };
  std::string out;
  std::string_view rest = note;
  while (!rest.empty()) {
    const size_t end = rest.find("; ");
    const std::string_view part = rest.substr(0, end);
    if (!out.empty()) out += "; ";
    if (const auto* t = catalog::find_word(kExact, part))
      out += t->ru;
    else if (part.starts_with("partial: bytes from "))
      out += "не целиком: байты начиная с " + std::string(part.substr(20));
    else if (part.starts_with("truncated: decoding stopped at "))
      out += decoding_stopped_ru(part.substr(31));
    else if (!tftp_note_ru(part, out))
      out += part;
    if (end == std::string_view::npos) break;
    rest.remove_prefix(end + 2);
  }
  return out;
}

}  // namespace tracelab
