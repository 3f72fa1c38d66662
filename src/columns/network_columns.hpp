// SPDX-License-Identifier: GPL-2.0-or-later
//
// Pieces of format_network_columns() (info_network.cpp), one protocol family
// per file.  Each appends to `info` and sets `protocol` as tshark 4.0 -n does.
#pragma once

#include <string>
#include <string_view>

#include "tracelab/decode.hpp"

namespace tracelab::columns {

void format_arp(const DecodedPacket& p, std::string& protocol,
                std::string& info);
/// These return true when the message is too short for what tshark reads
/// (it then shows "[Malformed Packet]").
bool format_icmp(const DecodedPacket& p, std::string& info);
bool format_icmpv6(const DecodedPacket& p, std::string& info);

/// The name tshark gives IP protocol `proto` in fragment Info.
std::string_view ip_proto_name(uint8_t proto);

/// Appends `v` as exactly `digits` lowercase hex digits.
void append_hex(std::string& out, uint32_t v, int digits);

}  // namespace tracelab::columns
