// SPDX-License-Identifier: GPL-2.0-or-later
//
// One artifact being streamed by a dissector: its size and sha256 grow as the
// bytes arrive, and the bytes go on to the extraction file when there is one.
// Nothing is buffered here, so a 1 GB FTP transfer costs no memory.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "tracelab/flow.hpp"
#include "tracelab/session.hpp"

namespace tracelab::flow {

struct OpenArtifact {
  OpenArtifact(Artifact&& meta, uint64_t frame, uint64_t session_id,
               ArtifactWriter* writer);
  ~OpenArtifact();
  OpenArtifact(const OpenArtifact&) = delete;
  OpenArtifact& operator=(const OpenArtifact&) = delete;

  void write(std::span<const uint8_t> bytes, uint64_t frame);
  /// Completes meta (size, sha256, path, note) and returns it.
  Artifact close(std::string_view note);

 private:
  Artifact meta_;
  struct Hash;
  std::unique_ptr<Hash> hash_;
  std::unique_ptr<ArtifactFile> file_;
};

}  // namespace tracelab::flow
