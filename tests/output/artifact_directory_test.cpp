// SPDX-License-Identifier: GPL-2.0-or-later
// `extract`'s directory: names from the wire never leave it, never overwrite
// a file (ours or the user's), never follow a planted symlink.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

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

// Issue 13 item 8: names that disguise themselves.  The expected names are
// written out by hand from RFC 3629 (what is well-formed UTF-8) and
// Unicode's bidirectional controls (UAX #9): each offending byte or
// character becomes one '_'.
TEST_CASE("artifact names: C1 controls, bidi overrides, bad UTF-8") {
  CHECK(sanitize_artifact_name("a\xc2\x85z") == "a_z");  // U+0085 NEL
  CHECK(sanitize_artifact_name("a\xc2\x9bz") == "a_z");  // U+009B CSI
  // "invoice\u202Egpj.exe" shows as "invoiceexe.jpg".
  CHECK(sanitize_artifact_name("invoice\xe2\x80\xaegpj.exe") ==
        "invoice_gpj.exe");
  CHECK(sanitize_artifact_name("x\xe2\x81\xa6y\xe2\x80\x8fz") == "x_y_z");
  CHECK(sanitize_artifact_name("bad\xff\xfe.txt") == "bad__.txt");
  CHECK(sanitize_artifact_name("over\xc0\xaflong") == "over__long");
  CHECK(sanitize_artifact_name("sur\xed\xa0\x80") == "sur___");
  CHECK(sanitize_artifact_name("cut\xe2\x82") == "cut__");
  // Printable non-ASCII stays: "отчёт.pdf".
  CHECK(
      sanitize_artifact_name("\xd0\xbe\xd1\x82\xd1\x87\xd1\x91\xd1\x82.pdf") ==
      "\xd0\xbe\xd1\x82\xd1\x87\xd1\x91\xd1\x82.pdf");
}

TEST_CASE("index.json names each file exactly as on disk") {
  const fs::path dir = temp_dir("artifacts-index");
  ArtifactDirectory d(dir.string());
  REQUIRE(d.ok());
  write_one(d, "bad\xff.bin", "1");
  write_one(d, "r\xe2\x80\xaetxt.exe", "2");
  REQUIRE(d.write_index("cap.pcap"));
  const auto index = nlohmann::json::parse(read_file(dir / "index.json"));
  std::set<std::string> on_disk, listed;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().filename() != "index.json")
      on_disk.insert(e.path().filename().string());
  for (const auto& f : index["files"]) listed.insert(f["file"]);
  CHECK(on_disk == std::set<std::string>{"bad_.bin", "r_txt.exe"});
  CHECK(listed == on_disk);
}

TEST_CASE("an existing index.json and -o \"\" are refused") {
  const fs::path dir = temp_dir("artifacts-again");
  {
    ArtifactDirectory first(dir.string());
    REQUIRE(first.ok());
    write_one(first, "a.txt", "a");
    REQUIRE(first.write_index("one.pcap"));
  }
  const std::string before = read_file(dir / "index.json");
  ArtifactDirectory second(dir.string());
  CHECK_FALSE(second.ok());
  CHECK(second.error().find("index.json") != std::string::npos);
  CHECK_FALSE(second.write_index("two.pcap"));
  CHECK(read_file(dir / "index.json") == before);
  ArtifactDirectory none("");
  CHECK_FALSE(none.ok());
  CHECK_FALSE(none.error().empty());
}

TEST_CASE("many files of one name: linear, and a failure stays its own") {
  const fs::path dir = temp_dir("artifacts-many");
  ArtifactDirectory d(dir.string());
  REQUIRE(d.ok());
  // 8,000 took 67 s when each search restarted at "-0" (32 million
  // open() calls); linear it is well under a second.
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 8000; ++i) {
    Artifact a;
    a.name = "same.txt";
    auto f = d.open(1, a);
    REQUIRE(f);
    f->close(a);
  }
  const auto took = std::chrono::steady_clock::now() - start;
  CHECK(took < std::chrono::seconds(20));
  CHECK(fs::exists(dir / "same-7999.txt"));
  // One file that could not be written does not stop the others.
  d.file_failed("x: No space left on device");
  CHECK(d.ok());
  CHECK(d.failure_count() == 1);
  CHECK(fs::path(write_one(d, "after.txt", "z")).filename() == "after.txt");
}
