// SPDX-License-Identifier: GPL-2.0-or-later
//
// Extraction: the ArtifactWriter behind `tracelab extract FILE -o DIR`.
// Every recovered object of every protocol becomes one file in DIR, named
// from what the protocol suggested after sanitising (the name comes from
// the wire: it can never leave DIR, hide itself or carry control bytes),
// and never over an existing file.  DIR/index.json says where each came
// from.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tracelab/flow.hpp"

namespace tracelab {

/// A file name safe to create inside a directory: valid UTF-8 (each bad
/// byte '_'), no '/', '\\', C0 or C1 controls or bidirectional overrides
/// (each '_'), no leading dot (so never "." or ".."), at most
/// kMaxArtifactName bytes (cut on a UTF-8 boundary), never empty.
inline constexpr size_t kMaxArtifactName = 100;
std::string sanitize_artifact_name(std::string_view name);

struct ExtractedFile {
  uint64_t session_id = 0;
  std::string file;  ///< name inside the directory
  Artifact meta;     ///< complete: size, sha256, frames, note, path
};

class ArtifactDirectory final : public ArtifactWriter {
 public:
  /// Uses `dir`, creating it (one level) when missing.  Check ok().
  explicit ArtifactDirectory(std::string dir);
  ~ArtifactDirectory() override;

  /// The directory is usable (it exists, holds no index.json yet).
  bool ok() const { return error_.empty(); }
  /// Why the directory cannot be used ("" when fine).
  const std::string& error() const { return error_; }
  /// Files that could not be written, each its own failure (the first
  /// kMaxFailuresKept said; failure_count() counts all).
  static constexpr size_t kMaxFailuresKept = 20;
  const std::vector<std::string>& failures() const { return failures_; }
  uint64_t failure_count() const { return failure_count_; }

  std::unique_ptr<ArtifactFile> open(uint64_t session_id,
                                     const Artifact& meta) override;

  /// Files finished so far, in the order they were closed.
  const std::vector<ExtractedFile>& files() const { return files_; }
  /// Writes DIR/index.json listing files(); false (and error()) on failure.
  bool write_index(std::string_view capture_name);

  /// Called by the files this writer opened.
  void file_closed(ExtractedFile&& f) { files_.push_back(std::move(f)); }
  void file_failed(const std::string& why);

 private:
  std::string dir_;
  std::string error_;
  std::vector<std::string> failures_;
  uint64_t failure_count_ = 0;
  std::vector<ExtractedFile> files_;
  /// Per sanitized name: the next "-N" variant to try.
  std::unordered_map<std::string, int> next_suffix_;
};

}  // namespace tracelab
