// SPDX-License-Identifier: GPL-2.0-or-later
//
// Writing the HTML report's pages into the folder the teacher named: a
// page never replaces a file that is there (a previous report, or anything
// else), and never lands outside the folder -- names with a '/' or a
// leading '.' are refused, and O_EXCL|O_NOFOLLOW refuses a symlink planted
// under a page's name.
#include <fcntl.h>

#include <filesystem>

#include "tracelab/files.hpp"
#include "tracelab/grade.hpp"

namespace tracelab::grade {
namespace {

bool safe_name(const std::string& n) {
  return !n.empty() && n.front() != '.' && n.find('/') == std::string::npos &&
         n.find('\0') == std::string::npos;
}

}  // namespace

bool write_html_report(const std::string& dir,
                       const std::vector<HtmlPage>& pages, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    error = dir + ": cannot create the report folder" +
            (ec ? ": " + ec.message() : "");
    return false;
  }
  // All or nothing: look for every name before writing the first page.
  for (const auto& p : pages) {
    if (!safe_name(p.name)) {
      error = "unsafe page name '" + p.name + "'";
      return false;
    }
    const fs::path path = fs::path(dir) / p.name;
    if (fs::symlink_status(path, ec).type() != fs::file_type::not_found) {
      error = path.string() +
              ": already exists; refusing to overwrite (choose an empty "
              "--html folder)";
      return false;
    }
  }
  for (const auto& p : pages)
    if (error =
            write_whole_file((fs::path(dir) / p.name).string(), p.html, O_EXCL);
        !error.empty())
      return false;
  return true;
}

}  // namespace tracelab::grade
