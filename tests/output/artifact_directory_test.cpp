// SPDX-License-Identifier: GPL-2.0-or-later
// `extract`'s directory: names from the wire never leave it, never overwrite
// a file (ours or the user's), never follow a planted symlink.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "test_support.hpp"
#include "tracelab/extract.hpp"

using namespace tracelab;
using namespace tracelab::test;
namespace fs = std::filesystem;

namespace {

std::string write_one(ArtifactDirectory& d, const std::string& name,
                      const std::string& bytes,
                      const std::string& media_type = "") {
  Artifact a;
  a.name = name;
  a.media_type = media_type;
  auto f = d.open(1, a);
  REQUIRE(f);
  f->write({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  a.size = bytes.size();
  return f->close(a);
}

}  // namespace

TEST_CASE("artifact names are sanitised: no separators, no dot files") {
  CHECK(sanitize_artifact_name("../../etc/passwd") == "___.._etc_passwd");
  CHECK(sanitize_artifact_name("..") == "__");
  CHECK(sanitize_artifact_name(".hidden") == "_hidden");
  CHECK(sanitize_artifact_name("a\\b\r\nc\x7f") == "a_b__c_");
  CHECK(sanitize_artifact_name("") == "artifact");
  // Cut on a UTF-8 boundary: "ж" is two bytes.
  std::string longname(kMaxArtifactName - 1, 'x');
  longname += "жж";
  const std::string cut = sanitize_artifact_name(longname);
  CHECK(cut.size() <= kMaxArtifactName);
  CHECK(cut == std::string(kMaxArtifactName - 1, 'x'));
}

TEST_CASE("extract never escapes, overwrites or follows a symlink") {
  const fs::path dir = temp_dir("artifacts");
  const fs::path outside =
      dir.parent_path() / (dir.filename().string() + "-outside");
  fs::create_directories(outside);
  {
    // A user's file and a planted symlink under names the wire will ask for.
    std::ofstream(dir / "report.txt") << "the user's";
    fs::create_symlink(outside / "target", dir / "trap");
  }
  ArtifactDirectory d(dir.string());
  REQUIRE(d.ok());
  const std::string p1 = write_one(d, "../escape", "e");
  CHECK(fs::path(p1).parent_path() == dir);
  CHECK(read_file(dir / "___escape") == "e");
  const std::string p2 = write_one(d, "report.txt", "ours");
  CHECK(fs::path(p2).filename() == "report-1.txt");
  CHECK(read_file(dir / "report.txt") == "the user's");
  const std::string p3 = write_one(d, "trap", "x");
  CHECK(fs::path(p3).filename() == "trap-1");
  CHECK_FALSE(fs::exists(outside / "target"));
  // The index keeps its name: an artifact called index.json steps aside.
  const std::string p4 = write_one(d, "index.json", "{}");
  CHECK(fs::path(p4).filename() == "index-1.json");
  // Mail gets the extension a mail client opens, once.
  CHECK(fs::path(write_one(d, "Re: hi", "m", "message/rfc822")).filename() ==
        "Re: hi.eml");
  CHECK(fs::path(write_one(d, "x.EML", "m", "message/rfc822")).filename() ==
        "x.EML");
  REQUIRE(d.write_index("cap.pcap"));
  CHECK(d.files().size() == 6);
  CHECK(read_file(dir / "index.json").find("\"Re: hi.eml\"") !=
        std::string::npos);
  fs::remove_all(outside);
}
