// SPDX-License-Identifier: GPL-2.0-or-later
//
// FTP commands: RFC 959, security (RFC 2228, 4217), IPv6 and NAT (RFC 2428,
// 1639), extensions (RFC 2389, 3659, 7151), and the X* forms of RFC 775
// some clients still send.
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

constexpr WordEntry kCommands[] = {
    // Access control.
    {"USER", {"names the user to log in as", "имя пользователя на сервере"}},
    {"PASS",
     {"the user's password (sent in clear text)",
      "пароль пользователя (передаётся открытым текстом)"}},
    {"ACCT", {"names an account", "учётная запись (account)"}},
    {"CWD", {"change the working directory", "сменить рабочий каталог"}},
    {"CDUP",
     {"change to the parent directory", "перейти в родительский каталог"}},
    {"SMNT",
     {"mount another file system", "смонтировать другую файловую систему"}},
    {"REIN",
     {"reinitialize: log out, keep the connection",
      "сброс сеанса: выход без закрытия соединения"}},
    {"QUIT",
     {"log out and close the control connection",
      "завершить сеанс и закрыть управляющее соединение"}},
    // Transfer parameters.
    {"PORT",
     {"active mode: the client's address and port for the data connection "
      "(h1,h2,h3,h4,p1,p2; port = p1*256+p2); the server connects to it",
      "активный режим: адрес и порт клиента для соединения данных "
      "(h1,h2,h3,h4,p1,p2; порт = p1*256+p2); сервер подключается к нему"}},
    {"PASV",
     {"passive mode: asks the server for an address and port to which the "
      "client will open the data connection",
      "пассивный режим: сервер сообщает адрес и порт, к которому клиент "
      "откроет соединение данных"}},
    {"EPRT",
     {"extended active mode (IPv4 or IPv6): |protocol|address|port|",
      "расширенный активный режим (IPv4 или IPv6): |протокол|адрес|порт|"}},
    {"EPSV",
     {"extended passive mode: asks the server for a port only (IPv6, NAT)",
      "расширенный пассивный режим: сервер сообщает только порт (IPv6, NAT)"}},
    {"LPRT",
     {"long active mode (RFC 1639)", "длинный активный режим (RFC 1639)"}},
    {"LPSV",
     {"long passive mode (RFC 1639)", "длинный пассивный режим (RFC 1639)"}},
    {"TYPE",
     {"representation type: A for ASCII text (CRLF line ends), I for binary "
      "(image)",
      "тип данных: A — текст ASCII (концы строк CRLF), I — двоичный"}},
    {"STRU",
     {"file structure: F file, R record, P page",
      "структура файла: F — файл, R — записи, P — страницы"}},
    {"MODE",
     {"transfer mode: S stream, B block, C compressed",
      "режим передачи: S — поток, B — блоки, C — сжатие"}},
    // Service commands.
    {"RETR",
     {"retrieve (get) a file over the data connection",
      "получить файл с сервера по соединению данных"}},
    {"STOR",
     {"store (put) a file over the data connection",
      "передать файл на сервер по соединению данных"}},
    {"STOU",
     {"store a file under a name the server makes unique",
      "положить файл под уникальным именем, выбранным сервером"}},
    {"APPE",
     {"append to a file (create it if absent)",
      "дописать в конец файла (создать, если его нет)"}},
    {"ALLO",
     {"reserve storage for a file to come", "зарезервировать место под файл"}},
    {"REST",
     {"restart: the next transfer starts at this byte offset",
      "рестарт: следующая передача начнётся с этого смещения"}},
    {"RNFR",
     {"rename from: names the file to rename", "переименовать: исходное имя"}},
    {"RNTO", {"rename to: the new name", "переименовать: новое имя"}},
    {"ABOR",
     {"abort the previous command and any data transfer",
      "прервать предыдущую команду и передачу данных"}},
    {"DELE", {"delete a file", "удалить файл"}},
    {"RMD", {"remove a directory", "удалить каталог"}},
    {"MKD", {"make a directory", "создать каталог"}},
    {"PWD",
     {"print the working directory", "показать текущий рабочий каталог"}},
    {"LIST",
     {"list files or a directory (in a human-readable format) over the data "
      "connection",
      "список файлов или каталога (для человека) по соединению данных"}},
    {"NLST",
     {"list file names only, over the data connection",
      "список только имён файлов по соединению данных"}},
    {"MLSD",
     {"list a directory in a machine-readable format, over the data "
      "connection",
      "список каталога в машиночитаемом виде по соединению данных"}},
    {"MLST",
     {"facts about one file, in the reply itself",
      "сведения об одном файле прямо в ответе"}},
    {"SITE", {"a server-specific command", "команда, специфичная для сервера"}},
    {"SYST",
     {"asks for the server's system type", "запрос типа системы сервера"}},
    {"STAT", {"asks for status", "запрос состояния"}},
    {"HELP", {"asks for help", "запрос справки"}},
    {"NOOP", {"no operation: keeps the connection alive", "пустая команда"}},
    // Extensions.
    {"FEAT",
     {"asks for the server's extensions", "запрос списка расширений сервера"}},
    {"OPTS",
     {"sets options of a command (OPTS UTF8 ON)",
      "параметры команды (OPTS UTF8 ON)"}},
    {"SIZE", {"asks for a file's size", "запрос размера файла"}},
    {"MDTM",
     {"asks for a file's modification time", "запрос времени изменения файла"}},
    {"LANG", {"chooses the language of replies", "выбор языка ответов"}},
    {"HOST",
     {"names the virtual host to log in to", "имя виртуального сервера"}},
    // Security.
    {"AUTH",
     {"asks for a security mechanism (AUTH TLS: the control connection "
      "switches to TLS)",
      "запрос механизма безопасности (AUTH TLS: управляющее соединение "
      "переходит на TLS)"}},
    {"ADAT", {"security data", "данные безопасности"}},
    {"PBSZ",
     {"protection buffer size (0 with TLS)",
      "размер буфера защиты (0 при TLS)"}},
    {"PROT",
     {"data connection protection: C clear, P private (TLS)",
      "защита соединения данных: C — без защиты, P — TLS"}},
    {"CCC",
     {"clear command channel: the control connection leaves TLS",
      "управляющее соединение выходит из TLS"}},
    {"MIC",
     {"an integrity-protected command", "команда с защитой целостности"}},
    {"CONF",
     {"a confidentiality-protected command",
      "команда с защитой конфиденциальности"}},
    {"ENC",
     {"a private (confidential and integrity-protected) command",
      "защищённая команда (конфиденциальность и целостность)"}},
    // RFC 775 forms.
    {"XCWD",
     {"change the working directory (old form of CWD)",
      "сменить рабочий каталог (старая форма CWD)"}},
    {"XCUP",
     {"change to the parent directory (old form of CDUP)",
      "перейти в родительский каталог (старая форма CDUP)"}},
    {"XMKD",
     {"make a directory (old form of MKD)",
      "создать каталог (старая форма MKD)"}},
    {"XRMD",
     {"remove a directory (old form of RMD)",
      "удалить каталог (старая форма RMD)"}},
    {"XPWD",
     {"print the working directory (old form of PWD)",
      "показать рабочий каталог (старая форма PWD)"}},
};

}  // namespace

std::span<const WordEntry> ftp_commands() {
  return kCommands;
}

}  // namespace tracelab::catalog
