// SPDX-License-Identifier: GPL-2.0-or-later
#include "mail/mime_artifacts.hpp"

namespace tracelab::mime {

void write_attachments(DissectorOutput& out, const Message& m,
                       uint64_t first_frame, uint64_t frame) {
  for (const Part& p : m.parts) {
    if (!p.is_attachment()) continue;
    Artifact a;
    a.kind = "attachment";
    a.name = p.filename;
    a.media_type = p.media_type;
    const uint32_t h = out.artifact_open(std::move(a), first_frame);
    out.artifact_write(
        h, {reinterpret_cast<const uint8_t*>(p.body.data()), p.body.size()},
        frame);
    out.artifact_close(h, "");
  }
}

}  // namespace tracelab::mime
