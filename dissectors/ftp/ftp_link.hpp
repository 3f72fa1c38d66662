// SPDX-License-Identifier: GPL-2.0-or-later
//
// What an FTP control connection shares with the data connections it
// announces: the transfer command in force and the sizes announced for it.
// The control dissector owns it; each data dissector keeps a shared_ptr,
// so either may outlive the other.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "tracelab/dissector.hpp"

namespace tracelab::ftp {

struct ControlLink {
  /// Counts transfer commands (LIST, NLST, MLSD, RETR, STOR, STOU, APPE):
  /// a data connection takes the first one issued after it was announced.
  uint64_t transfer_seq = 0;
  std::string verb;     ///< "RETR"
  std::string arg;      ///< "README" (raw, untrusted)
  std::string line;     ///< "RETR README", as tshark shows it
  char type = 'A';      ///< TYPE in force when the command was sent
  uint64_t rest = 0;    ///< REST offset the command starts at
  int64_t size = -1;    ///< announced by SIZE, 150 or 226 for this transfer
  std::string size_by;  ///< which reply announced it
  /// The final reply to the transfer command numbered `transfer_seq` (226,
  /// 250, 426, 550...), 0 while none came.
  int final_code = 0;
  /// The control session's output while its dissector lives (cleared by
  /// its destructor): a data connection reports what it lost there too.
  DissectorOutput* control = nullptr;
};

/// How the data connection was set up, as tshark names it in the Info of
/// FTP-DATA frames ("" for EPRT: tshark adds nothing then).
struct DataSetup {
  std::string mode;            ///< "PASV", "EPASV", "PORT", "" (tshark's names)
  const char* data_mode = "";  ///< "PASV", "EPSV", "PORT", "EPRT"
  bool active = false;
  uint64_t seq_at_announce = 0;
};

/// The dissector of one data connection.
std::unique_ptr<Dissector> make_data_dissector(
    DissectorOutput& out, std::shared_ptr<ControlLink> link, DataSetup setup);

}  // namespace tracelab::ftp
