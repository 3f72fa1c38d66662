// SPDX-License-Identifier: GPL-2.0-or-later
//
// HTTP request methods (RFC 9110 section 9, RFC 5789) and status codes
// (RFC 9110 section 15), worded as a networking course explains them.  A
// code the full table lacks is explained by its class (first digit).
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

constexpr WordEntry kMethods[] = {
    {"GET", {"asks for a resource", "запрос ресурса"}},
    {"HEAD",
     {"asks for a resource's headers only, without the body",
      "запрос только заголовков ресурса, без тела"}},
    {"POST",
     {"sends data (a form, a file) for the resource to process",
      "отправка данных (формы, файла) на обработку"}},
    {"PUT",
     {"stores the body as the resource", "сохранить тело запроса как ресурс"}},
    {"DELETE", {"deletes the resource", "удалить ресурс"}},
    {"OPTIONS",
     {"asks which methods and options the server allows",
      "запрос допустимых методов и параметров"}},
    {"CONNECT",
     {"asks a proxy for a tunnel to host:port (HTTPS through a proxy)",
      "запрос туннеля к host:port через прокси (HTTPS через прокси)"}},
    {"TRACE",
     {"asks the server to echo the request back", "эхо запроса (трассировка)"}},
    {"PATCH", {"changes part of the resource", "частичное изменение ресурса"}},
};

constexpr CodeEntry kFull[] = {
    {100,
     {"continue: send the request body", "продолжайте: можно отправлять тело"}},
    {101,
     {"switching protocols (Upgrade: WebSocket, h2c)",
      "смена протокола (Upgrade: WebSocket, h2c)"}},
    {200, {"OK: the request succeeded", "OK: запрос выполнен успешно"}},
    {201, {"created: a new resource exists", "создан новый ресурс"}},
    {202,
     {"accepted for processing, not yet done",
      "принято к обработке, ещё не выполнено"}},
    {204, {"success, no body", "успешно, без тела ответа"}},
    {206,
     {"partial content: the byte range asked for (Range)",
      "частичное содержимое: запрошенный диапазон байтов (Range)"}},
    {301,
     {"moved permanently: the resource is at the Location given (HTTP to "
      "HTTPS is done this way)",
      "перемещён навсегда: ресурс по адресу из Location (так делается "
      "переход с HTTP на HTTPS)"}},
    {302,
     {"found: temporarily at the Location given",
      "найден: временно по адресу из Location"}},
    {303,
     {"see other: fetch the Location with GET",
      "смотрите другой ресурс: запросить Location методом GET"}},
    {304,
     {"not modified: the cached copy is still good (no body)",
      "не изменён: копия в кэше актуальна (без тела)"}},
    {307,
     {"temporary redirect, same method",
      "временное перенаправление тем же методом"}},
    {308,
     {"permanent redirect, same method",
      "постоянное перенаправление тем же методом"}},
    {400, {"bad request: malformed", "неверный запрос"}},
    {401,
     {"unauthorized: credentials needed (WWW-Authenticate)",
      "нужна аутентификация (WWW-Authenticate)"}},
    {403, {"forbidden", "доступ запрещён"}},
    {404, {"not found", "ресурс не найден"}},
    {405, {"method not allowed", "метод не разрешён"}},
    {408, {"request timeout", "истекло время ожидания запроса"}},
    {413, {"content too large", "слишком большое тело запроса"}},
    {414, {"URI too long", "слишком длинный URI"}},
    {415, {"unsupported media type", "неподдерживаемый тип данных"}},
    {429, {"too many requests", "слишком много запросов"}},
    {500, {"internal server error", "внутренняя ошибка сервера"}},
    {501, {"not implemented", "не реализовано"}},
    {502,
     {"bad gateway: the upstream server answered badly",
      "ошибка шлюза: вышестоящий сервер ответил неверно"}},
    {503, {"service unavailable", "сервис недоступен"}},
    {504,
     {"gateway timeout: the upstream server did not answer",
      "шлюз не дождался ответа вышестоящего сервера"}},
};

constexpr CodeEntry kClass[] = {
    {1, {"informational", "информационный ответ"}},
    {2, {"success", "успешно"}},
    {3, {"redirection", "перенаправление"}},
    {4, {"client error", "ошибка клиента"}},
    {5, {"server error", "ошибка сервера"}},
};

}  // namespace

std::span<const WordEntry> http_methods() {
  return kMethods;
}
std::span<const CodeEntry> http_full_codes() {
  return kFull;
}
std::span<const CodeEntry> http_classes() {
  return kClass;
}

}  // namespace tracelab::catalog
