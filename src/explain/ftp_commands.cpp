// SPDX-License-Identifier: GPL-2.0-or-later
//
// FTP commands (RFC 959 and extensions).
#include "catalog.hpp"

namespace tracelab::catalog {
namespace {

// USER, PASS, PORT, PASV, EPRT, EPSV, RETR, STOR, LIST... go here, one
// entry each, as in mail_commands.cpp.
constexpr WordEntry kCommands[] = {
    {"", {"", ""}},  // placeholder: an array cannot be empty
};

}  // namespace

std::span<const WordEntry> ftp_commands() {
  return kCommands;
}

}  // namespace tracelab::catalog
