// SPDX-License-Identifier: GPL-2.0-or-later
#include "artifact_stream.hpp"

#include <openssl/evp.h>

#include <string>

#include "tracelab/text.hpp"

namespace tracelab::flow {

struct OpenArtifact::Hash {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Hash() {
    if (ctx) EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  }
  ~Hash() { EVP_MD_CTX_free(ctx); }
  void update(std::span<const uint8_t> b) {
    if (ctx && !b.empty()) EVP_DigestUpdate(ctx, b.data(), b.size());
  }
  std::string hex() {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (!ctx || EVP_DigestFinal_ex(ctx, md, &n) != 1) return {};
    std::string out;
    append_hex_bytes(out, {md, n});
    return out;
  }
};

OpenArtifact::OpenArtifact(Artifact&& meta, uint64_t frame, uint64_t session_id,
                           ArtifactWriter* writer)
    : meta_(std::move(meta)), hash_(std::make_unique<Hash>()) {
  meta_.size = 0;
  meta_.first_frame = meta_.last_frame = frame;
  if (writer) file_ = writer->open(session_id, meta_);
}

OpenArtifact::~OpenArtifact() = default;

void OpenArtifact::write(std::span<const uint8_t> bytes, uint64_t frame) {
  if (bytes.empty()) return;
  meta_.size += bytes.size();
  if (frame > meta_.last_frame) meta_.last_frame = frame;
  hash_->update(bytes);
  if (file_) file_->write(bytes);
}

Artifact OpenArtifact::close(std::string_view note) {
  meta_.sha256 = hash_->hex();
  if (!note.empty()) meta_.note.assign(note);
  if (file_) {
    meta_.path = file_->close(meta_);
    file_.reset();
  }
  return std::move(meta_);
}

}  // namespace tracelab::flow
