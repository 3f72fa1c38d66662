// SPDX-License-Identifier: GPL-2.0-or-later
//
// TLS (SSL 2.0 hellos, SSL 3.0, TLS 1.0-1.3) over a reassembled TCP stream.
//
// The record layer reads whole records from each direction (a record cut
// across segments is waited for through Consumed::need, several records in
// one segment are all read), reassembles handshake messages that span
// records, and describes every record in the packet list the way tshark 4.0
// does without keys ("Client Hello", "Change Cipher Spec, Encrypted
// Handshake Message", "Application Data").  Handshake messages become
// session events: the hellos with their extensions and fingerprints (JA3,
// JA3S, JA4), each certificate, alerts, the negotiated version and suite.
#pragma once

#include <memory>

#include "tracelab/dissector.hpp"

namespace tracelab {

/// A TLS dissector; `inner`, when given (STARTTLS), is told what follows.
std::unique_ptr<Dissector> make_tls_dissector(DissectorOutput& out,
                                              std::unique_ptr<Dissector> inner);

/// Whether the first bytes of a stream look like a TLS or SSLv2 hello.
bool looks_like_tls(std::span<const uint8_t> first);

}  // namespace tracelab
