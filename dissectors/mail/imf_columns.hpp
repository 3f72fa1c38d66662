// SPDX-License-Identifier: GPL-2.0-or-later
//
// The Info tshark 4.0's IMF dissector gives a mail message it is handed
// whole (by IMAP after a FETCH literal, by POP3 after RETR): "from: ...,
// subject: ...," then what its media dissectors add.  Reproduced quirks
// included, for the packet lists of IMAP and POP3; the message itself is
// parsed elsewhere (mail/message.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tracelab::mail {

/// IMF's contribution to the Info column for one message (`info` is the
/// column so far, `fence` how much of it IMF may not clear; both updated).
void append_imf_info(std::string_view message, std::string& info,
                     size_t& fence);

}  // namespace tracelab::mail
