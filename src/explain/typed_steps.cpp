// SPDX-License-Identifier: GPL-2.0-or-later
//
// TCP and TLS steps keyed on their fields: TCP's `flags`, the TLS handshake
// message's `message`, an alert's `alert` (RFC 8446 6, RFC 5246 7.2).  The
// legacy column is the start of the text dissectors wrote before these
// fields existed (connection_steps.cpp keeps the text lookup).
#include <cctype>

#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

constexpr WordEntry kTcp[] = {
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
};

constexpr TlsMessageEntry kTls[] = {
    {"ClientHello",
     "ClientHello",
     {"the client proposes TLS versions, cipher suites and extensions (SNI "
      "names the server) and sends its random",
      "клиент предлагает версии TLS, наборы шифров и расширения (SNI — имя "
      "сервера) и передаёт своё случайное число"}},
    {"ServerHello",
     "ServerHello",
     {"the server chooses the version and cipher suite and sends its random",
      "сервер выбирает версию и набор шифров и передаёт своё случайное "
      "число"}},
    {"HelloRetryRequest",
     "HelloRetryRequest",
     {"TLS 1.3: the server asks the client to try again with another key "
      "share",
      "TLS 1.3: сервер просит клиента повторить приветствие с другим "
      "ключом"}},
    {"EncryptedExtensions",
     "Encrypted Extensions",
     {"TLS 1.3: the server's extensions, already encrypted",
      "TLS 1.3: расширения сервера, уже зашифрованные"}},
    {"Certificate",
     "Certificate",
     {"the certificate chain that proves the sender's identity",
      "цепочка сертификатов, подтверждающая подлинность отправителя"}},
    {"CertificateRequest",
     "Certificate Request",
     {"the server asks the client for a certificate",
      "сервер запрашивает сертификат клиента"}},
    {"CertificateVerify",
     "Certificate Verify",
     {"a signature over the handshake: the sender holds the certificate's "
      "private key",
      "подпись всего рукопожатия: отправитель владеет закрытым ключом "
      "сертификата"}},
    {"ServerKeyExchange",
     "Server Key Exchange",
     {"the server's (EC)DHE key share, signed with its certificate's key",
      "параметры обмена ключами (EC)DHE от сервера, подписанные ключом "
      "сертификата"}},
    {"ServerHelloDone",
     "Server Hello Done",
     {"the server has finished its part of the hello",
      "сервер закончил свою часть приветствия"}},
    {"ClientKeyExchange",
     "Client Key Exchange",
     {"the client's key share (or RSA-encrypted pre-master secret): both "
      "sides can now compute the session keys",
      "ключевой материал клиента (или предварительный секрет, "
      "зашифрованный ключом RSA): обе стороны могут вычислить сеансовые "
      "ключи"}},
    {"ChangeCipherSpec",
     "ChangeCipherSpec",
     {"from here on this side encrypts with the negotiated keys",
      "дальше эта сторона шифрует согласованными ключами"}},
    {"Finished",
     "Finished",
     {"the check over the whole handshake, the first message under the new "
      "keys",
      "проверка всего рукопожатия, первое сообщение на новых ключах"}},
    {"EncryptedHandshakeMessage",
     "encrypted handshake message",
     {"an encrypted handshake message: Finished, the check over the whole "
      "handshake",
      "зашифрованное сообщение рукопожатия: Finished, проверка всего "
      "рукопожатия"}},
    {"NewSessionTicket",
     "New Session Ticket",
     {"a ticket to resume this session later without a full handshake",
      "билет для возобновления сеанса без полного рукопожатия"}},
    {"EndOfEarlyData",
     "End of Early Data",
     {"TLS 1.3: the client's early (0-RTT) data ends here",
      "TLS 1.3: ранние данные клиента (0-RTT) закончились"}},
    {"KeyUpdate",
     "Key Update",
     {"TLS 1.3: the sender switches to new traffic keys",
      "TLS 1.3: отправитель переходит на новые ключи"}},
};

// Alert steps without a readable description: their kind only.
constexpr WordEntry kAlertSteps[] = {
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

constexpr WordEntry kAlerts[] = {
    {"close_notify",
     {"the sender ends the TLS session cleanly (close_notify)",
      "отправитель штатно завершает сеанс TLS (уведомление о закрытии)"}},
    {"unexpected_message",
     {"a message came that was not expected at this point",
      "получено сообщение, которого в этот момент не ожидали"}},
    {"bad_record_mac",
     {"a record failed its integrity check (wrong keys or damage)",
      "запись не прошла проверку целостности (неверные ключи или "
      "повреждение)"}},
    {"record_overflow",
     {"a record was longer than allowed", "запись длиннее допустимого"}},
    {"handshake_failure",
     {"no set of security parameters both sides accept (no shared cipher "
      "suite, version or group)",
      "стороны не смогли согласовать параметры безопасности (нет общего "
      "набора шифров, версии или группы)"}},
    {"bad_certificate",
     {"the certificate is damaged or its signature is wrong",
      "сертификат повреждён или его подпись неверна"}},
    {"unsupported_certificate",
     {"the certificate is of an unsupported type",
      "сертификат неподдерживаемого типа"}},
    {"certificate_revoked",
     {"the certificate was revoked by its issuer",
      "сертификат отозван издателем"}},
    {"certificate_expired",
     {"the certificate has expired or is not yet valid",
      "срок действия сертификата истёк или ещё не наступил"}},
    {"certificate_unknown",
     {"the certificate was not accepted", "сертификат не принят"}},
    {"illegal_parameter",
     {"a field of the handshake was out of range or inconsistent",
      "поле рукопожатия вне допустимых значений или противоречиво"}},
    {"unknown_ca",
     {"the certificate's issuer (CA) is not trusted",
      "издатель сертификата (удостоверяющий центр) не является доверенным"}},
    {"access_denied", {"the peer refuses access", "доступ запрещён"}},
    {"decode_error",
     {"a message could not be decoded", "сообщение не удалось разобрать"}},
    {"decrypt_error",
     {"a signature or the Finished check failed",
      "не прошла проверка подписи или сообщения Finished"}},
    {"protocol_version",
     {"the TLS version the client offers is not supported",
      "предложенная клиентом версия TLS не поддерживается"}},
    {"insufficient_security",
     {"the cipher suites offered are too weak for the server",
      "предложенные наборы шифров слишком слабы для сервера"}},
    {"internal_error",
     {"an error inside the peer, not related to the protocol",
      "внутренняя ошибка на стороне собеседника"}},
    {"inappropriate_fallback",
     {"a downgraded retry was refused (the client could do better)",
      "отказ в повторе с пониженной версией"}},
    {"user_canceled",
     {"the user cancelled the handshake", "пользователь прервал рукопожатие"}},
    {"no_renegotiation",
     {"renegotiation refused", "повторное согласование отклонено"}},
    {"missing_extension",
     {"a required extension is missing", "нет обязательного расширения"}},
    {"unsupported_extension",
     {"an extension was sent that is not allowed here",
      "отправлено недопустимое здесь расширение"}},
    {"unrecognized_name",
     {"the server does not know the name given in SNI",
      "сервер не знает имени, указанного в SNI"}},
    {"unknown_psk_identity",
     {"the pre-shared key offered is unknown",
      "предложенный общий ключ (PSK) неизвестен"}},
    {"certificate_required",
     {"the server requires a client certificate",
      "сервер требует сертификат клиента"}},
    {"no_application_protocol",
     {"no application protocol (ALPN) both sides support",
      "нет общего прикладного протокола (ALPN)"}},
};

}  // namespace

std::span<const WordEntry> tcp_steps() {
  return kTcp;
}
std::span<const TlsMessageEntry> tls_messages() {
  return kTls;
}
std::span<const WordEntry> tls_alerts() {
  return kAlerts;
}

const TlsMessageEntry* tls_by_message(std::string_view m) {
  for (const auto& t : kTls)
    if (m == t.message) return &t;
  return nullptr;
}

const TlsMessageEntry* tls_by_text(std::string_view text) {
  return by_text_prefix(std::span<const TlsMessageEntry>(kTls), text,
                        [](const TlsMessageEntry& t) { return t.legacy_text; });
}

std::span<const WordEntry> alert_steps() {
  return kAlertSteps;
}

std::string alert_id(std::string_view name) {
  const size_t paren = name.find(" (");
  if (paren != std::string_view::npos) name = name.substr(0, paren);
  std::string out;
  for (char c : name)
    out.push_back(c == ' ' ? '_'
                           : char(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

}  // namespace tracelab::catalog
