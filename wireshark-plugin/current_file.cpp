// SPDX-License-Identifier: GPL-2.0-or-later
#include "current_file.hpp"

#include <memory>

namespace tracelab::wsplugin {
namespace {

std::unique_ptr<FileAnalysis> g_analysis;

// Wireshark's own TLS key log preference, so that a user who decrypts in
// Wireshark sees tracelab decrypt the same sessions without a second
// setting.
std::string wireshark_tls_keylog() {
  module_t* tls = prefs_find_module("tls");
  if (!tls) return {};
  pref_t* pref = prefs_find_preference(tls, "keylog_file");
  if (!pref) return {};
  const char* v = prefs_get_string_value(pref, pref_current);
  return v ? v : "";
}

AnalysisSettings settings_from_prefs() {
  const Preferences& p = prefs();
  AnalysisSettings s;
  s.lang = p.lang == 1 ? Lang::Ru : Lang::En;
  if (p.keylog_file && *p.keylog_file) s.keylog_files.push_back(p.keylog_file);
  const std::string tls = wireshark_tls_keylog();
  if (!tls.empty() && tls != (p.keylog_file ? p.keylog_file : ""))
    s.keylog_files.push_back(tls);
  s.show_secrets = p.show_secrets;
  s.rubric = p.rubric ? p.rubric : "";
  return s;
}

}  // namespace

Preferences& prefs() {
  static Preferences p;
  return p;
}

FileAnalysis& current_analysis() {
  if (!g_analysis)
    g_analysis = std::make_unique<FileAnalysis>(settings_from_prefs());
  return *g_analysis;
}

FileAnalysis* existing_analysis() {
  return g_analysis.get();
}

void forget_analysis() {
  g_analysis.reset();
}

}  // namespace tracelab::wsplugin
