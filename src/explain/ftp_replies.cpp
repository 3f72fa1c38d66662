// SPDX-License-Identifier: GPL-2.0-or-later
//
// FTP reply codes (RFC 959 section 4.2; 6yz from RFC 2228).  A code the
// full-code table lacks is explained by its first two digits.
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

// The full FTP codes (125, 150, 220, 226, 227, 230, 331, 425, 530, 550...)
// go here, one entry each, as in smtp_replies.cpp.  Until then every FTP
// reply is explained by its digits.
constexpr CodeEntry kFull[] = {
    {-1, {"", ""}},  // placeholder: an array cannot be empty
};

constexpr CodeEntry kFirst[] = {
    {1,
     {"positive preliminary: action started, expect another reply",
      "предварительный положительный ответ: действие начато, будет ещё "
      "ответ"}},
    {2, {"positive completion", "успешное выполнение"}},
    {3,
     {"positive intermediate: send the next command",
      "промежуточный положительный ответ: нужна следующая команда"}},
    {4,
     {"transient negative completion: try again later",
      "временная ошибка: можно повторить позже"}},
    {5,
     {"permanent negative completion", "постоянная ошибка: повтор не поможет"}},
    {6, {"protected reply", "защищённый ответ"}},
};

constexpr CodeEntry kSecond[] = {
    {0, {"syntax", "синтаксис"}},
    {1, {"information", "информация"}},
    {2, {"connections", "соединения"}},
    {3, {"authentication and accounting", "аутентификация и учёт"}},
    {4, {"unspecified", "не определено"}},
    {5, {"file system", "файловая система"}},
};

}  // namespace

std::span<const CodeEntry> ftp_full_codes() {
  return kFull;
}
std::span<const CodeEntry> ftp_first_digit() {
  return kFirst;
}
std::span<const CodeEntry> ftp_second_digit() {
  return kSecond;
}

}  // namespace tracelab::catalog
