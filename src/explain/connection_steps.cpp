// SPDX-License-Identifier: GPL-2.0-or-later
//
// The steps every session shares, whatever runs inside: TCP's three-way
// handshake, close and gaps, and the TLS handshake the lecture walks
// through (Client Hello; Server Hello, Certificate, Server Key Exchange,
// Server Hello Done; Client Key Exchange, Change Cipher Spec, Encrypted
// Handshake Message; New Session Ticket).  Keyed by the start of the step's
// text; the longest key that matches wins ("Certificate Verify" before
// "Certificate").
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

constexpr WordEntry kSteps[] = {
    // TCP.
    {"SYN",
     {"TCP handshake, step 1: the client asks to open a connection and "
      "sends its initial sequence number",
      "установление TCP-соединения, шаг 1: клиент запрашивает соединение и "
      "сообщает свой начальный номер последовательности"}},
    {"SYN-ACK",
     {"TCP handshake, step 2: the server agrees and sends its own sequence "
      "number",
      "установление TCP-соединения, шаг 2: сервер согласен и сообщает свой "
      "номер последовательности"}},
    {"ACK",
     {"TCP handshake, step 3: the connection is open",
      "установление TCP-соединения, шаг 3: соединение открыто"}},
    {"FIN",
     {"this side has no more data to send (orderly close)",
      "эта сторона закончила передачу (штатное закрытие)"}},
    {"RST",
     {"the connection is reset: aborted at once",
      "соединение сброшено (немедленный разрыв)"}},
    // TLS handshake messages.
    {"ClientHello",
     {"the client proposes TLS versions, cipher suites and extensions (SNI "
      "names the server) and sends its random",
      "клиент предлагает версии TLS, наборы шифров и расширения (SNI — имя "
      "сервера) и передаёт своё случайное число"}},
    {"ServerHello",
     {"the server chooses the version and cipher suite and sends its random",
      "сервер выбирает версию и набор шифров и передаёт своё случайное "
      "число"}},
    {"HelloRetryRequest",
     {"TLS 1.3: the server asks the client to try again with another key "
      "share",
      "TLS 1.3: сервер просит клиента повторить приветствие с другим "
      "ключом"}},
    {"Encrypted Extensions",
     {"TLS 1.3: the server's extensions, already encrypted",
      "TLS 1.3: расширения сервера, уже зашифрованные"}},
    {"Certificate",
     {"the certificate chain that proves the sender's identity",
      "цепочка сертификатов, подтверждающая подлинность отправителя"}},
    {"Certificate Request",
     {"the server asks the client for a certificate",
      "сервер запрашивает сертификат клиента"}},
    {"Certificate Verify",
     {"a signature over the handshake: the sender holds the certificate's "
      "private key",
      "подпись всего рукопожатия: отправитель владеет закрытым ключом "
      "сертификата"}},
    {"Server Key Exchange",
     {"the server's (EC)DHE key share, signed with its certificate's key",
      "параметры обмена ключами (EC)DHE от сервера, подписанные ключом "
      "сертификата"}},
    {"Server Hello Done",
     {"the server has finished its part of the hello",
      "сервер закончил свою часть приветствия"}},
    {"Client Key Exchange",
     {"the client's key share (or RSA-encrypted pre-master secret): both "
      "sides can now compute the session keys",
      "ключевой материал клиента (или зашифрованный RSA pre-master secret): "
      "обе стороны могут вычислить сеансовые ключи"}},
    {"ChangeCipherSpec",
     {"from here on this side encrypts with the negotiated keys",
      "дальше эта сторона шифрует согласованными ключами"}},
    {"encrypted handshake message",
     {"an encrypted handshake message: Finished, the check over the whole "
      "handshake",
      "зашифрованное сообщение рукопожатия: Finished, проверка всего "
      "рукопожатия"}},
    {"Finished",
     {"the check over the whole handshake, the first message under the new "
      "keys",
      "проверка всего рукопожатия, первое сообщение на новых ключах"}},
    {"New Session Ticket",
     {"a ticket to resume this session later without a full handshake",
      "билет для возобновления сеанса без полного рукопожатия"}},
    {"Key Update",
     {"TLS 1.3: the sender switches to new traffic keys",
      "TLS 1.3: отправитель переходит на новые ключи"}},
    // Alerts.
    {"Warning alert: Close Notify",
     {"the sender ends the TLS session cleanly (close_notify)",
      "отправитель штатно завершает сеанс TLS (close_notify)"}},
    {"Fatal alert",
     {"a fatal TLS error: the connection ends (the description says why)",
      "критическая ошибка TLS: соединение завершается (причина указана)"}},
    {"encrypted alert",
     {"an encrypted alert, usually close_notify at the end of the session",
      "зашифрованное уведомление, обычно close_notify в конце сеанса"}},
};

}  // namespace

std::span<const WordEntry> connection_steps() {
  return kSteps;
}

}  // namespace tracelab::catalog
