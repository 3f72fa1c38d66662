// SPDX-License-Identifier: GPL-2.0-or-later
//
// The UDP protocols of the course: TFTP requests and error codes (RFC 1350,
// 2347) and DNS operations and response codes (RFC 1035, 1996, 2136, 6895).
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

constexpr WordEntry kTftpCommands[] = {
    {"RRQ",
     {"read request: the client asks for a file; the server answers from a "
      "new port with DATA block 1",
      "запрос на чтение (RRQ): клиент просит файл; сервер отвечает с нового "
      "порта блоком данных 1"}},
    {"WRQ",
     {"write request: the client offers a file; the server answers from a "
      "new port with ACK 0",
      "запрос на запись (WRQ): клиент передаёт файл; сервер отвечает с "
      "нового порта подтверждением ACK 0"}},
};

constexpr CodeEntry kTftpErrors[] = {
    {0,
     {"error not defined (see the message)",
      "ошибка не определена (см. текст)"}},
    {1, {"file not found", "файл не найден"}},
    {2, {"access violation", "нарушение прав доступа"}},
    {3, {"disk full or allocation exceeded", "диск заполнен"}},
    {4, {"illegal TFTP operation", "недопустимая операция TFTP"}},
    {5,
     {"unknown transfer ID (port)",
      "неизвестный идентификатор передачи (порт)"}},
    {6, {"file already exists", "файл уже существует"}},
    {7, {"no such user", "нет такого пользователя"}},
    {8, {"option negotiation refused", "согласование параметров отклонено"}},
};

constexpr WordEntry kTftpStatuses[] = {
    {"OACK",
     {"option acknowledgement: the server accepts these options (RFC 2347)",
      "подтверждение параметров: сервер принимает эти параметры (RFC 2347)"}},
};

constexpr WordEntry kDnsOpcodes[] = {
    {"QUERY",
     {"a standard query: asks for records of the given type and name (A: "
      "IPv4 address, AAAA: IPv6, MX: mail servers, PTR: name of an address)",
      "стандартный запрос: записи данного типа для имени (A — адрес IPv4, "
      "AAAA — IPv6, MX — почтовые серверы, PTR — имя по адресу)"}},
    {"IQUERY", {"an inverse query (obsolete)", "инверсный запрос (устарел)"}},
    {"STATUS", {"a server status request", "запрос состояния сервера"}},
    {"NOTIFY",
     {"a zone change notification to secondary servers",
      "уведомление вторичных серверов об изменении зоны"}},
    {"UPDATE",
     {"a dynamic update of zone records",
      "динамическое обновление записей зоны"}},
};

constexpr CodeEntry kDnsRcodes[] = {
    {0, {"no error: the answer follows", "без ошибок: ответ получен"}},
    {1,
     {"format error: the server could not read the query",
      "ошибка формата: сервер не понял запрос"}},
    {2,
     {"server failure: the server could not answer (try another)",
      "сбой сервера: ответить не удалось"}},
    {3,
     {"no such name (NXDOMAIN): the name does not exist",
      "нет такого имени (NXDOMAIN)"}},
    {4, {"not implemented", "не реализовано"}},
    {5, {"refused by policy", "отказано политикой сервера"}},
    {6,
     {"name exists when it should not (UPDATE)",
      "имя уже существует (UPDATE)"}},
    {7,
     {"RRset exists when it should not (UPDATE)",
      "набор записей уже существует (UPDATE)"}},
    {8,
     {"RRset does not exist (UPDATE)", "набор записей не существует (UPDATE)"}},
    {9,
     {"server not authoritative for the zone",
      "сервер не авторитетен для зоны"}},
    {10, {"name not in the zone", "имя вне зоны"}},
};

}  // namespace

std::span<const WordEntry> tftp_commands() {
  return kTftpCommands;
}
std::span<const CodeEntry> tftp_errors() {
  return kTftpErrors;
}
std::span<const WordEntry> tftp_statuses() {
  return kTftpStatuses;
}
std::span<const WordEntry> dns_opcodes() {
  return kDnsOpcodes;
}
std::span<const CodeEntry> dns_rcodes() {
  return kDnsRcodes;
}

}  // namespace tracelab::catalog
