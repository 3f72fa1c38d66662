// SPDX-License-Identifier: GPL-2.0-or-later
//
// The analysis of the file Wireshark has open, and the preferences it is
// made with.  Wireshark runs its dissectors on one thread and tells the
// plugin when a file is opened or dissected again (init routine) and closed
// (cleanup routine); between the two, one FileAnalysis lives here.
#pragma once

#include "file_analysis.hpp"
#include "ws.hpp"

namespace tracelab::wsplugin {

/// The preference values Wireshark writes into (registration.cpp).
struct Preferences {
  int lang = 0;  ///< 0 English, 1 Russian
  const char* keylog_file = "";
  const char* rubric = "";
  gboolean show_secrets = FALSE;
};
Preferences& prefs();

/// The current file's analysis, made with the current preferences when
/// first asked for.
FileAnalysis& current_analysis();
/// The current analysis if one was started, else null.
FileAnalysis* existing_analysis();
/// Drops it: a new file, a dissection from scratch, or a closed file.
void forget_analysis();

}  // namespace tracelab::wsplugin
