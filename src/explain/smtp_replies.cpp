// SPDX-License-Identifier: GPL-2.0-or-later
//
// SMTP reply codes (RFC 5321 section 4.2) and enhanced status codes
// (RFC 3463), worded as a mail course explains them.
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

constexpr CodeEntry kFull[] = {
    {211,
     {"system status or help reply", "состояние системы или справочный ответ"}},
    {214,
     {"help message for a human reader", "справочная информация для человека"}},
    {220,
     {"service ready: the server greets the client",
      "сервер готов к работе (приветствие)"}},
    {221, {"service closing the connection", "сервер закрывает соединение"}},
    {235, {"authentication succeeded", "аутентификация прошла успешно"}},
    {250, {"requested action okay, completed", "команда выполнена успешно"}},
    {251,
     {"user not local; the server will forward the mail",
      "получатель не локальный, сервер перешлёт письмо дальше"}},
    {252,
     {"cannot verify the user, but will accept the message and try",
      "пользователя проверить нельзя, но письмо будет принято"}},
    {334,
     {"authentication challenge: the server waits for the next "
      "base64-encoded piece",
      "запрос аутентификации: сервер ждёт следующую строку в base64"}},
    {354,
     {"start mail input; end it with <CRLF>.<CRLF>",
      "ожидается ввод письма; конец — строка из одной точки "
      "(<CRLF>.<CRLF>)"}},
    {421,
     {"service not available, closing the connection (try later)",
      "сервис временно недоступен, соединение закрывается"}},
    {450,
     {"mailbox unavailable (busy or blocked); try again later",
      "почтовый ящик временно недоступен; повторите позже"}},
    {451,
     {"local error in processing; action aborted",
      "локальная ошибка при обработке; действие прервано"}},
    {452,
     {"insufficient system storage; action not taken",
      "недостаточно места в системе; действие не выполнено"}},
    {455,
     {"server unable to accommodate the parameters",
      "сервер не может принять параметры"}},
    {500,
     {"syntax error, command unrecognized (or line too long)",
      "синтаксическая ошибка: команда не распознана"}},
    {501,
     {"syntax error in parameters or arguments",
      "синтаксическая ошибка в параметрах команды"}},
    {502, {"command not implemented", "команда не реализована"}},
    {503, {"bad sequence of commands", "неверная последовательность команд"}},
    {504,
     {"command parameter not implemented",
      "параметр команды не поддерживается"}},
    {530, {"authentication required", "требуется аутентификация"}},
    {534,
     {"authentication mechanism is too weak",
      "механизм аутентификации слишком слабый"}},
    {535,
     {"authentication credentials invalid",
      "неверные учётные данные (имя или пароль)"}},
    {538,
     {"encryption required for the requested authentication mechanism",
      "для этого механизма аутентификации нужно шифрование"}},
    {550,
     {"requested action not taken: mailbox unavailable (not found, no "
      "access, or rejected by policy)",
      "невозможно выполнить команду: почтовый ящик недоступен (не "
      "найден, нет доступа или отклонён политикой)"}},
    {551,
     {"user not local; please try the forward path given",
      "получатель не локальный; попробуйте указанный адрес"}},
    {552,
     {"exceeded storage allocation: message too big or mailbox full",
      "превышен лимит по размеру сообщения или ящика"}},
    {553,
     {"mailbox name not allowed (bad syntax or ambiguous)",
      "недопустимое имя почтового ящика (ошибка синтаксиса или "
      "неоднозначность)"}},
    {554,
     {"transaction failed (or, in a greeting, no SMTP service here)",
      "транзакция не удалась (в приветствии: сервис SMTP недоступен)"}},
    {555,
     {"MAIL FROM/RCPT TO parameters not recognized or not implemented",
      "параметры MAIL FROM/RCPT TO не распознаны или не поддерживаются"}},
};

constexpr CodeEntry kFirst[] = {
    {2, {"positive completion", "успешное выполнение"}},
    {3,
     {"positive intermediate: send more",
      "промежуточный положительный ответ: ожидаются данные"}},
    {4,
     {"transient negative completion: try again later",
      "временная ошибка: можно повторить позже"}},
    {5,
     {"permanent negative completion", "постоянная ошибка: повтор не поможет"}},
};

constexpr CodeEntry kSecond[] = {
    {0, {"syntax", "синтаксис"}},
    {1, {"information", "информация"}},
    {2, {"connections", "соединение"}},
    {3, {"unspecified", "не определено"}},
    {4, {"unspecified", "не определено"}},
    {5, {"mail system", "почтовая система"}},
};

constexpr CodeEntry kEnhClass[] = {
    {2, {"success", "успех"}},
    {4, {"persistent transient failure", "временный сбой"}},
    {5, {"permanent failure", "постоянный сбой"}},
};

constexpr CodeEntry kEnhSubject[] = {
    {0, {"other or undefined status", "прочее"}},
    {1, {"addressing", "адресация"}},
    {2, {"mailbox", "почтовый ящик"}},
    {3, {"mail system", "почтовая система"}},
    {4, {"network and routing", "сеть и маршрутизация"}},
    {5, {"mail delivery protocol", "протокол доставки"}},
    {6, {"message content or media", "содержимое сообщения"}},
    {7, {"security or policy", "безопасность или политика"}},
};

constexpr CodeEntry kEnhFull[] = {
    {20000, {"other success", "успех"}},
    {21000, {"originator address accepted", "адрес отправителя принят"}},
    {21005, {"destination address valid", "адрес получателя принят"}},
    {27000, {"authentication succeeded", "аутентификация успешна"}},
    {41001, {"bad destination mailbox address", "неверный адрес получателя"}},
    {47000, {"temporary security failure", "временная ошибка безопасности"}},
    {51001, {"bad destination mailbox address", "неверный адрес получателя"}},
    {51002, {"bad destination system address", "неверный адрес системы"}},
    {51003,
     {"bad destination mailbox address syntax",
      "синтаксическая ошибка в адресе получателя"}},
    {52001, {"mailbox disabled", "почтовый ящик отключён"}},
    {52002, {"mailbox full", "почтовый ящик переполнен"}},
    {53004, {"message too big for the system", "сообщение слишком большое"}},
    {55001, {"invalid command", "неверная команда"}},
    {55002, {"syntax error", "синтаксическая ошибка"}},
    {57000, {"security or policy status", "ошибка безопасности или политики"}},
    {57001,
     {"delivery not authorized, message refused",
      "доставка не разрешена, письмо отклонено"}},
    {57008, {"authentication credentials invalid", "неверные учётные данные"}},
};

}  // namespace

std::span<const CodeEntry> smtp_full_codes() {
  return kFull;
}
std::span<const CodeEntry> smtp_first_digit() {
  return kFirst;
}
std::span<const CodeEntry> smtp_second_digit() {
  return kSecond;
}
std::span<const CodeEntry> enhanced_class() {
  return kEnhClass;
}
std::span<const CodeEntry> enhanced_subject() {
  return kEnhSubject;
}
std::span<const CodeEntry> enhanced_full() {
  return kEnhFull;
}

}  // namespace tracelab::catalog
