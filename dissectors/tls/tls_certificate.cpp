// SPDX-License-Identifier: GPL-2.0-or-later
#include "tls_certificate.hpp"

#include <arpa/inet.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

namespace tracelab::tls {
namespace {

struct Free {
  void operator()(X509* p) const { X509_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};

std::string bio_text(BIO* b) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(b, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

std::string name_text(const X509_NAME* name) {
  std::unique_ptr<BIO, Free> b(BIO_new(BIO_s_mem()));
  if (!b || !name) return {};
  X509_NAME_print_ex(b.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  return bio_text(b.get());
}

std::string time_text(const ASN1_TIME* t, const char* format) {
  struct tm tm {};
  if (!t || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  char buf[32];
  std::strftime(buf, sizeof buf, format, &tm);
  return buf;
}

constexpr const char* kReadable = "%Y-%m-%d %H:%M:%S UTC";
constexpr const char* kIso8601 = "%Y-%m-%dT%H:%M:%SZ";

}  // namespace

bool describe_certificate(std::span<const uint8_t> der, CertificateFacts& c) {
  const unsigned char* p = der.data();
  std::unique_ptr<X509, Free> x(
      d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (!x) return false;
  c.subject = name_text(X509_get_subject_name(x.get()));
  c.issuer = name_text(X509_get_issuer_name(x.get()));
  c.not_before = time_text(X509_get0_notBefore(x.get()), kReadable);
  c.not_after = time_text(X509_get0_notAfter(x.get()), kReadable);
  c.not_after_iso = time_text(X509_get0_notAfter(x.get()), kIso8601);
  if (const ASN1_INTEGER* serial = X509_get0_serialNumber(x.get())) {
    if (BIGNUM* bn = ASN1_INTEGER_to_BN(serial, nullptr)) {
      if (char* hex = BN_bn2hex(bn)) {
        c.serial = hex;
        OPENSSL_free(hex);
      }
      BN_free(bn);
    }
  }
  std::unique_ptr<GENERAL_NAMES, Free> names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(x.get(), NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()) && i < 1024;
       ++i) {
    const GENERAL_NAME* g = sk_GENERAL_NAME_value(names.get(), i);
    if (g->type == GEN_DNS) {
      const ASN1_IA5STRING* s = g->d.dNSName;
      c.san.emplace_back(
          reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
          static_cast<size_t>(ASN1_STRING_length(s)));
    } else if (g->type == GEN_IPADD) {
      const ASN1_OCTET_STRING* s = g->d.iPAddress;
      const unsigned char* a = ASN1_STRING_get0_data(s);
      const int n = ASN1_STRING_length(s);
      std::string ip;
      if (n == 4) {
        for (int k = 0; k < 4; ++k) ip += (k ? "." : "") + std::to_string(a[k]);
      } else if (n == 16) {
        char text[INET6_ADDRSTRLEN];
        if (inet_ntop(AF_INET6, a, text, sizeof text)) ip = text;
      }
      if (ip.empty()) ip = "(unreadable)";
      c.san.push_back("IP:" + ip);
    }
  }
  if (EVP_PKEY* key = X509_get0_pubkey(x.get())) {
    c.key_bits = EVP_PKEY_get_bits(key);
    switch (EVP_PKEY_get_base_id(key)) {
      case EVP_PKEY_RSA: c.key_type = "RSA"; break;
      case EVP_PKEY_EC: c.key_type = "EC"; break;
      case EVP_PKEY_DSA: c.key_type = "DSA"; break;
      case EVP_PKEY_ED25519: c.key_type = "ED25519"; break;
      case EVP_PKEY_ED448: c.key_type = "ED448"; break;
      default: c.key_type = "other"; break;
    }
  }
  return true;
}

std::string certificate_text(const CertificateFacts& c) {
  std::string s = "subject " + c.subject + "; issuer " + c.issuer + "; valid " +
                  c.not_before + " to " + c.not_after;
  if (!c.san.empty()) {
    s += "; SAN ";
    for (size_t i = 0; i < c.san.size(); ++i) s += (i ? "," : "") + c.san[i];
  }
  if (!c.key_type.empty())
    s += "; key " + c.key_type + " " + std::to_string(c.key_bits);
  return s;
}

}  // namespace tracelab::tls
