// SPDX-License-Identifier: GPL-2.0-or-later
//
// What each finding (tracelab/findings.hpp) means, as a teacher would say
// it to a student, in English and Russian.
#include "catalog.hpp"
#include "tracelab/findings.hpp"

namespace tracelab {
namespace catalog {

std::span<const WordEntry> finding_texts() {
  using namespace findings;
  static constexpr WordEntry kTexts[] = {
      {kNoQuit,
       {"the session was closed without QUIT (IMAP: LOGOUT): the client "
        "never ended the dialog properly",
        "сеанс закрыт без команды QUIT (в IMAP — LOGOUT): клиент не "
        "завершил диалог как положено"}},
      {kAuthFailed,
       {"authentication failed: the server refused the user name or "
        "password",
        "аутентификация не пройдена: сервер отверг имя пользователя или "
        "пароль"}},
      {kCommandRefused,
       {"the server refused a command and it was not retried successfully",
        "сервер отклонил команду, и успешного повтора не было"}},
      {kStartTlsNoTls,
       {"the server agreed to start TLS, but no TLS handshake followed: "
        "the dialog went on in plain text (a client that never started "
        "TLS, or STARTTLS stripping)",
        "сервер согласился перейти на TLS, но рукопожатие TLS не "
        "последовало: диалог продолжился открытым текстом (клиент не начал "
        "TLS или STARTTLS был вырезан по пути)"}},
      {kNoReply,
       {"a command got no reply before the session ended",
        "команда осталась без ответа до конца сеанса"}},
      {kSmtpRecipientRefused,
       {"the server refused a recipient (RCPT TO) and no later recipient "
        "was accepted in its place",
        "сервер отверг получателя (RCPT TO), и принятого получателя взамен "
        "не было"}},
      {kSmtpMessageRejected,
       {"the message was not accepted: the reply after the final \".\" "
        "(or to DATA) was not 250",
        "письмо не принято: ответ после завершающей точки (или на DATA) — "
        "не 250"}},
      {kSmtpNoData,
       {"the envelope was accepted (MAIL FROM, RCPT TO) but DATA was never "
        "sent: no message was transferred",
        "конверт принят (MAIL FROM, RCPT TO), но команда DATA так и не "
        "была отправлена: письмо не передано"}},
      {kPop3DeleNotCommitted,
       {"messages were marked for deletion (DELE), but the session ended "
        "without QUIT: POP3 deletes them only in the UPDATE state after "
        "QUIT, so nothing was deleted",
        "письма помечены на удаление (DELE), но сеанс закончился без QUIT: "
        "POP3 удаляет их только в состоянии UPDATE после QUIT, поэтому "
        "ничего не удалено"}},
      {kImapUntagged,
       {"a command was typed without a tag: the server read the command "
        "name as the tag and the next word as the command",
        "команда набрана без метки (тега): сервер принял имя команды за "
        "метку, а следующее слово — за команду"}},
      {kImapMailboxMissing,
       {"SELECT or EXAMINE of a mailbox that does not exist",
        "SELECT или EXAMINE несуществующего почтового ящика"}},
      {kFtpTransferFailed,
       {"a file transfer or listing failed: the server answered with an "
        "error or never confirmed it with 226",
        "передача файла или списка не удалась: сервер ответил ошибкой или "
        "не подтвердил её кодом 226"}},
      {kFtpTransferIncomplete,
       {"a transferred file is incomplete: bytes are missing from its data "
        "connection",
        "переданный файл неполон: в соединении данных не хватает байтов"}},
      {kTftpError,
       {"the TFTP transfer ended with an ERROR packet",
        "передача TFTP завершилась пакетом ERROR"}},
      {kTftpIncomplete,
       {"the TFTP transfer did not finish: the last, short block was never "
        "sent or acknowledged",
        "передача TFTP не завершена: последний, короткий блок не был "
        "отправлен или подтверждён"}},
      {kHttpClientError,
       {"the server answered a request with a 4xx client error",
        "сервер ответил на запрос ошибкой клиента (код 400–499)"}},
      {kHttpServerError,
       {"the server answered a request with a 5xx server error",
        "сервер ответил на запрос ошибкой сервера (код 500–599)"}},
      {kHttpRedirectNotFollowed,
       {"the server redirected to HTTPS, but no connection to that address "
        "followed: the client did not follow the redirect",
        "сервер перенаправил на HTTPS, но соединения по этому адресу не "
        "последовало: клиент не выполнил перенаправление"}},
      {kTlsHandshakeFailed,
       {"the TLS handshake failed: a fatal alert, or the connection ended "
        "before the handshake finished",
        "рукопожатие TLS не удалось: фатальное оповещение или "
        "соединение закрыто до конца рукопожатия"}},
      {kTlsNotDecrypted,
       {"the encrypted data was not decrypted",
        "зашифрованные данные не расшифрованы"}},
      {kNotTls,
       {"the bytes on this TLS port are not TLS records; they were read "
        "by their content instead",
        "байты на этом порту TLS — не записи TLS; они разобраны по "
        "содержимому"}},
      {kDnsError,
       {"the DNS server answered with an error (the name does not exist, "
        "or the server failed)",
        "DNS-сервер ответил ошибкой (имя не существует или сбой сервера)"}},
      {kBytesMissing,
       {"bytes are missing from the connection (lost before the capture "
        "point): what they carried cannot be shown",
        "в соединении не хватает байтов (потеряны до точки захвата): их "
        "содержимое показать нельзя"}},
  };
  return kTexts;
}

}  // namespace catalog

std::string explain_finding(std::string_view id, Lang lang) {
  if (const catalog::Text* t = catalog::find_word(catalog::finding_texts(), id))
    return t->in(lang);
  return {};
}

}  // namespace tracelab
