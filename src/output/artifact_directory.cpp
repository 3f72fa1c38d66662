// SPDX-License-Identifier: GPL-2.0-or-later
//
// Files are created with O_CREAT|O_EXCL|O_NOFOLLOW: an existing name (an
// earlier artifact, a file the user had, a planted symlink) is never
// written through; the next free "-1", "-2"... variant is taken instead.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>

#include "tracelab/extract.hpp"
#include "tracelab/files.hpp"

namespace tracelab {
namespace {

constexpr std::string_view kIndexName = "index.json";
// Clash suffixes tried before giving up on one name.
constexpr int kMaxSuffix = 1000000;

bool utf8_continuation(unsigned char c) {
  return (c & 0xc0) == 0x80;
}

bool has_extension(std::string_view name, std::string_view ext) {
  if (name.size() <= ext.size()) return false;
  for (size_t i = 0; i < ext.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(
            name[name.size() - ext.size() + i])) != ext[i])
      return false;
  return true;
}

// "name-3.ext" from "name.ext" (the suffix goes before the extension).
std::string with_suffix(const std::string& name, int n) {
  if (n == 0) return name;
  size_t dot = name.rfind('.');
  if (dot == 0 || dot == std::string::npos) dot = name.size();
  return name.substr(0, dot) + "-" + std::to_string(n) + name.substr(dot);
}

class DirectoryFile final : public ArtifactFile {
 public:
  DirectoryFile(ArtifactDirectory& owner, int fd, std::string file,
                std::string path, uint64_t session_id)
      : owner_(owner),
        fd_(fd),
        file_(std::move(file)),
        path_(std::move(path)),
        session_id_(session_id) {}
  ~DirectoryFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  void write(std::span<const uint8_t> bytes) override {
    while (fd_ >= 0 && !bytes.empty()) {
      const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failed_ = path_ + ": " + std::strerror(errno);
        return;
      }
      bytes = bytes.subspan(static_cast<size_t>(n));
    }
  }

  std::string close(const Artifact& meta) override {
    if (fd_ >= 0 && ::close(fd_) != 0 && failed_.empty())
      failed_ = path_ + ": " + std::strerror(errno);
    fd_ = -1;
    if (!failed_.empty()) {
      owner_.file_failed(failed_);
      return {};
    }
    ExtractedFile f;
    f.session_id = session_id_;
    f.file = file_;
    f.meta = meta;
    f.meta.path = path_;
    owner_.file_closed(std::move(f));
    return path_;
  }

 private:
  ArtifactDirectory& owner_;
  int fd_;
  std::string file_, path_;
  uint64_t session_id_;
  std::string failed_;
};

}  // namespace

namespace {

// The length of the well-formed UTF-8 sequence at `s[i]` and its code point
// (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or 0
// when the bytes there are not one.
size_t utf8_at(std::string_view s, size_t i, uint32_t& cp) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  size_t n;
  uint32_t min;
  if (c < 0x80) return cp = c, 1;
  if ((c & 0xe0) == 0xc0)
    n = 2, cp = c & 0x1f, min = 0x80;
  else if ((c & 0xf0) == 0xe0)
    n = 3, cp = c & 0x0f, min = 0x800;
  else if ((c & 0xf8) == 0xf0)
    n = 4, cp = c & 0x07, min = 0x10000;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if (!utf8_continuation(b(k))) return 0;
    cp = cp << 6 | (b(k) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

// Characters that change how a name looks without being seen: C0 and C1
// controls, and the bidirectional marks, embeddings, overrides and
// isolates (Unicode UAX #9) by which "gpj.exe" shows as "exe.jpg".
bool disguises(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x061c ||
         cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string sanitize_artifact_name(std::string_view name) {
  std::string out;
  out.reserve(std::min(name.size(), kMaxArtifactName));
  // Each byte of malformed UTF-8 and each disguising character becomes
  // '_': the name is valid UTF-8, the same on disk and in index.json.
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = 0;
    const size_t n = utf8_at(name, i, cp);
    if (n == 0 || disguises(cp) || cp == '/' || cp == '\\')
      out += '_';
    else
      out.append(name.substr(i, n));
    i += n ? n : 1;
  }
  // No hidden files, no "." or "..".
  size_t dots = 0;
  while (dots < out.size() && out[dots] == '.') ++dots;
  if (dots) out.replace(0, dots, std::string(dots, '_'));
  if (out.size() > kMaxArtifactName) {
    size_t cut = kMaxArtifactName;
    while (cut > 0 && utf8_continuation(static_cast<unsigned char>(out[cut])))
      --cut;
    out.resize(cut);
  }
  if (out.empty()) out = "artifact";
  return out;
}

ArtifactDirectory::ArtifactDirectory(std::string dir) : dir_(std::move(dir)) {
  // "" is no folder: writing into the current one would be a surprise.
  if (dir_.empty()) {
    error_ = "no output folder given (-o \"\")";
    return;
  }
  if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) {
    error_ = dir_ + ": " + std::strerror(errno);
    return;
  }
  struct stat st {};
  if (::stat(dir_.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    error_ = dir_ + ": not a directory";
    return;
  }
  // An earlier extraction's index (or the user's file) is never replaced:
  // refused before anything is written.
  const std::string index = dir_ + "/" + std::string(kIndexName);
  if (::lstat(index.c_str(), &st) == 0)
    error_ = index +
             ": exists already (an earlier extraction?); choose "
             "another folder";
}

ArtifactDirectory::~ArtifactDirectory() = default;

void ArtifactDirectory::file_failed(const std::string& why) {
  // One file's failure is that file's: later files are still written.
  if (failures_.size() < kMaxFailuresKept) failures_.push_back(why);
  ++failure_count_;
}

std::unique_ptr<ArtifactFile> ArtifactDirectory::open(uint64_t session_id,
                                                      const Artifact& meta) {
  if (!ok()) return nullptr;
  std::string base = sanitize_artifact_name(meta.name);
  // A mail message opens in a mail client by its extension.
  if (meta.media_type == "message/rfc822" && !has_extension(base, ".eml"))
    base += ".eml";
  // The search for a free variant goes on from where the last one for this
  // name ended, so N files suggesting one name cost N tries, not N^2/2.
  int& next = next_suffix_[base];
  for (int tries = 0; next < kMaxSuffix && tries < kMaxSuffix; ++tries) {
    const std::string file = with_suffix(base, next++);
    if (file == kIndexName) continue;  // the index has that name
    const std::string path = dir_ + "/" + file;
    const int fd =
        ::open(path.c_str(),
               O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd >= 0)
      return std::make_unique<DirectoryFile>(*this, fd, file, path, session_id);
    if (errno != EEXIST) {
      file_failed(path + ": " + std::strerror(errno));
      return nullptr;
    }
  }
  file_failed(dir_ + "/" + base + ": too many files of that name");
  return nullptr;
}

bool ArtifactDirectory::write_index(std::string_view capture_name) {
  using nlohmann::json;
  json files = json::array();
  for (const ExtractedFile& f : files_) {
    files.push_back({{"file", f.file},
                     {"session", f.session_id},
                     {"kind", f.meta.kind},
                     {"name", f.meta.name},
                     {"media_type", f.meta.media_type},
                     {"size", f.meta.size},
                     {"sha256", f.meta.sha256},
                     {"first_frame", f.meta.first_frame},
                     {"last_frame", f.meta.last_frame},
                     {"note", f.meta.note}});
  }
  const json index = {{"capture", std::string(capture_name)}, {"files", files}};
  // Names come from the wire and need not be UTF-8: replace, never throw.
  const std::string text =
      index.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  // Never over an existing file (the constructor refused one; this closes
  // the race with anything that appeared since).
  const std::string path = dir_ + "/" + std::string(kIndexName);
  if (const std::string err = write_whole_file(path, text, O_EXCL);
      !err.empty()) {
    file_failed(err);
    return false;
  }
  return true;
}

}  // namespace tracelab
