// SPDX-License-Identifier: GPL-2.0-or-later
//
// POP3 status indicators (RFC 1939), IMAP status responses, response codes
// in brackets and untagged data (RFC 3501 section 7).
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

constexpr WordEntry kPop3[] = {
    {"+OK", {"positive reply: command succeeded", "команда выполнена успешно"}},
    {"-ERR",
     {"negative reply: command failed", "ошибка при выполнении команды"}},
    {"+",
     {"continuation: the server waits for the next base64-encoded piece of "
      "the authentication",
      "продолжение: сервер ждёт следующую строку аутентификации в base64"}},
};

constexpr WordEntry kImap[] = {
    {"OK", {"command completed successfully", "команда выполнена успешно"}},
    {"NO",
     {"command failed (operational error)", "ошибка при выполнении команды"}},
    {"BAD",
     {"protocol error: command unknown or syntax wrong",
      "синтаксическая ошибка или неверная команда"}},
    {"PREAUTH",
     {"greeting: the connection is already authenticated",
      "приветствие: соединение уже аутентифицировано, вход не нужен"}},
    {"BYE",
     {"the server is closing the connection", "сервер закрывает соединение"}},
    {"+",
     {"continuation request: the server waits for the rest of the command "
      "(a literal or authentication data)",
      "запрос продолжения: сервер ждёт остаток команды (литерал или данные "
      "аутентификации)"}},
};

constexpr WordEntry kImapCodes[] = {
    {"ALERT",
     {"a message the user must see", "предупреждение для пользователя"}},
    {"BADCHARSET",
     {"the search charset is not supported",
      "кодировка поиска не поддерживается"}},
    {"CAPABILITY",
     {"the server's capabilities are listed", "список возможностей сервера"}},
    {"PARSE",
     {"a message header could not be parsed",
      "заголовок сообщения не удалось разобрать"}},
    {"PERMANENTFLAGS",
     {"the flags the client may change permanently",
      "флаги, которые клиент может изменять навсегда"}},
    {"READ-ONLY",
     {"the mailbox is open read-only", "ящик открыт только для чтения"}},
    {"READ-WRITE",
     {"the mailbox is open read-write", "ящик открыт для чтения и записи"}},
    {"TRYCREATE",
     {"the target mailbox does not exist; create it first",
      "целевой ящик не существует; сначала создайте его"}},
    {"UIDNEXT",
     {"the UID the next message will get",
      "UID, который получит следующее сообщение"}},
    {"UIDVALIDITY",
     {"the mailbox's UID validity value: UIDs stay valid while it is "
      "unchanged",
      "UIDVALIDITY ящика: пока оно не изменилось, UID сообщений прежние"}},
    {"UNSEEN",
     {"the number of the first unseen message",
      "номер первого непрочитанного сообщения"}},
    {"APPENDUID",
     {"the UID the appended message got", "UID добавленного сообщения"}},
    {"COPYUID",
     {"the UIDs the copied messages got", "UID скопированных сообщений"}},
    {"UIDNOTSTICKY",
     {"UIDs in this mailbox are not persistent",
      "UID в этом ящике не постоянны"}},
    {"AUTHENTICATIONFAILED",
     {"authentication failed: wrong name or password",
      "аутентификация не удалась: неверное имя или пароль"}},
    {"AUTHORIZATIONFAILED",
     {"authenticated, but not allowed to use this identity",
      "аутентификация прошла, но доступ запрещён"}},
    {"UNAVAILABLE",
     {"temporary failure on the server", "временный сбой на сервере"}},
    {"PRIVACYREQUIRED",
     {"the command needs an encrypted connection",
      "команда требует зашифрованного соединения"}},
    {"NONEXISTENT", {"the mailbox does not exist", "ящик не существует"}},
    {"ALREADYEXISTS", {"the mailbox already exists", "ящик уже существует"}},
    {"CLOSED",
     {"the previous mailbox is now closed", "предыдущий ящик закрыт"}},
    {"OVERQUOTA", {"quota exceeded", "превышена квота"}},
};

constexpr WordEntry kImapUntagged[] = {
    {"CAPABILITY",
     {"the server's capabilities", "список возможностей сервера"}},
    {"LIST", {"a mailbox of the list", "почтовый ящик из списка"}},
    {"LSUB", {"a subscribed mailbox", "подписанный почтовый ящик"}},
    {"STATUS", {"the mailbox's status", "состояние почтового ящика"}},
    {"SEARCH",
     {"the numbers of the messages found", "номера найденных сообщений"}},
    {"FLAGS",
     {"the flags defined in the mailbox", "флаги, определённые в ящике"}},
    {"EXISTS",
     {"the number of messages in the mailbox", "число сообщений в ящике"}},
    {"RECENT",
     {"the number of recent (new) messages", "число новых сообщений"}},
    {"EXPUNGE",
     {"a message was removed for good", "сообщение окончательно удалено"}},
    {"FETCH", {"data of a message", "данные сообщения"}},
    {"NAMESPACE",
     {"the server's mailbox namespaces", "пространства имён ящиков"}},
    {"ENABLED", {"extensions enabled", "включённые расширения"}},
    {"ID", {"the server's identification", "идентификация сервера"}},
};

}  // namespace

std::span<const WordEntry> pop3_statuses() {
  return kPop3;
}
std::span<const WordEntry> imap_statuses() {
  return kImap;
}
std::span<const WordEntry> imap_response_codes() {
  return kImapCodes;
}
std::span<const WordEntry> imap_untagged_data() {
  return kImapUntagged;
}

}  // namespace tracelab::catalog
