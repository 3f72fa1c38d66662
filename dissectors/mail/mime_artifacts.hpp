// SPDX-License-Identifier: GPL-2.0-or-later
//
// What every mail protocol does with a message it recovered whole: hand
// each MIME attachment out as an artifact of its own (kind "attachment",
// named by its RFC 2231/2047-decoded file name, bytes with the transfer
// encoding undone).  Messages above kMaxParsedMessage are not taken apart.
#pragma once

#include <cstdint>
#include <string_view>

#include "mail/mime.hpp"
#include "tracelab/dissector.hpp"

namespace tracelab::mime {

/// Largest message held whole so that its attachments can be extracted.
inline constexpr size_t kMaxParsedMessage = 8u << 20;

/// The artifact note of a message that was not taken apart: too large
/// (kMaxParsedMessage), or the run's memory budget was spent first.
inline std::string_view not_taken_apart_note(bool budget_spent) {
  return budget_spent ? "attachments not extracted (memory budget spent: "
                        "--total-buffer)"
                      : "attachments not extracted (message too large)";
}

/// Writes the attachments of `m` (first seen in `first_frame`, complete in
/// `frame`).
void write_attachments(DissectorOutput& out, const Message& m,
                       uint64_t first_frame, uint64_t frame);

}  // namespace tracelab::mime
