// SPDX-License-Identifier: GPL-2.0-or-later
//
// The tracelab command line.  Every verb takes the same common options; each
// verb only chooses the source and the outputs, the pipeline does the rest.
//
// Exit status: 0 success; 1 usage or setup error (nothing read); 2 the input
// is damaged (everything before the damage was still printed).
#include <openssl/crypto.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "grade_command.hpp"
#include "report.hpp"

int main(int argc, char** argv) {
  using namespace tracelab::cli;
  // The machine's openssl.cnf is not read: tracelab only hashes and decrypts
  // recorded traffic, and a system policy (a FIPS-only one refuses MD5, which
  // JA3 needs) must not change what a capture shows.  Reading it was also a
  // tenth of a small capture's run.  Nothing else is initialised before use.
  OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG |
                          OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
                          OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
                      nullptr);
  // Named here, not from argv[0]: --help shows no build path.
  CLI::App app{
      "tracelab: packet-capture protocol analyzer — packet lists and session "
      "dialogs, as Wireshark shows them",
      "tracelab"};
  app.set_version_flag("--version",
                       std::string("tracelab ") + TRACELAB_VERSION);
  app.require_subcommand(1);

  CommonOptions common;
  // Captures: positional or -r (as tshark users type it), several files or
  // folders of captures.
  std::vector<std::string> inputs;
  auto add_inputs = [&](CLI::App* sub) {
    sub->add_option("-r,--read,FILE", inputs,
                    "capture files (pcap, pcapng, gzip) or folders of them")
        ->required();
  };

  // A verb is given only the options it uses: one it would ignore (--json
  // on extract, --lang on packets) is refused as unknown.
  enum Uses : unsigned { kBasic = 0, kJson = 1, kLang = 2, kThreads = 4 };
  auto add_common = [&](CLI::App* sub, unsigned uses) {
    if (uses & kJson)
      sub->add_flag("--json", common.json, "NDJSON output (schema in docs/)");
    sub->add_option("-f,--filter", common.bpf,
                    "capture filter (BPF syntax), applied to files too");
    // One file per --keylog, so "--keylog K CAPTURE" leaves CAPTURE alone.
    sub->add_option("--keylog", common.keylogs,
                    "TLS key log file (SSLKEYLOGFILE format); repeatable")
        ->check(CLI::ExistingFile)
        ->allow_extra_args(false);
    sub->add_flag("--no-progress", common.no_progress,
                  "no progress line on stderr");
    sub->add_flag("--no-header", common.no_header,
                  "omit the column header / JSON schema line");
    sub->add_flag("--show-secrets", common.show_secrets,
                  "show passwords (sessions, packet list) instead of a mask");
    if (uses & kLang)
      sub->add_option("--lang", common.lang,
                      "language of the explanations in sessions: en or ru")
          ->check(CLI::IsMember({"en", "ru"}, CLI::ignore_case))
          ->capture_default_str();
    // Unsigned options would take "-1" as 2^64-1 and lift the bound.
    sub->add_option("-c,--count", common.max_frames,
                    "stop after this many frames")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--flow-buffer", common.per_flow_bytes,
                    "out-of-order bytes one TCP direction may hold")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--total-buffer", common.total_bytes,
                    "bytes all flows, dissectors and open sessions' steps "
                    "together may hold")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    if (uses & kThreads)
      sub->add_option("--threads", common.threads,
                      "1: one thread; 2 or more: the file read ahead and the "
                      "outputs run beside the analysis, output unchanged "
                      "(default: the cores available; 1 for a capture under "
                      "16 MiB)")
          ->check(CLI::Range(1u, 1024u));
  };

  auto* packets = app.add_subcommand(
      "packets",
      "packet list: No. Time Source Destination Protocol Length Info");
  add_common(packets, kJson | kThreads);
  add_inputs(packets);
  packets
      ->add_option("-t", common.time_format,
                   "Time column: r relative to the first frame, a absolute "
                   "time of day, d delta from the frame before, e epoch")
      ->check(CLI::IsMember({'r', 'a', 'd', 'e'}))
      ->capture_default_str();

  auto* sessions =
      app.add_subcommand("sessions", "per-session summaries and dialogs");
  add_common(sessions, kJson | kLang | kThreads);
  sessions->add_flag("-v,--verbose", common.verbose,
                     "technical details of each step (JA3/JA4, extension "
                     "lists, every field), one key: value per line");
  sessions->add_flag("--show-message", common.show_message,
                     "print the whole decoded text of mail messages (the "
                     "first 20 lines otherwise)");
  sessions
      ->add_option("--width", common.width,
                   "wrap lines to this many columns (default: the "
                   "terminal's, 100 when not a terminal)")
      ->check(CLI::NonNegativeNumber);
  // For tests: marks wire text and identifiers (U+001E ... U+001F).
  sessions->add_flag("--mark-wire", common.mark_wire)->group("");
  add_inputs(sessions);

  std::string out_dir;
  auto* extract = app.add_subcommand(
      "extract",
      "write every recovered file (HTTP bodies, mail, FTP and TFTP "
      "transfers) into a directory, with index.json");
  add_common(extract, kThreads);
  add_inputs(extract);
  extract->add_option("-o,--output", out_dir, "directory to write into")
      ->required();

  LiveCommandOptions live;
  auto* live_cmd = app.add_subcommand(
      "live", "capture from an interface and print the packet list as it goes");
  add_common(live_cmd, kJson | kLang);
  live_cmd
      ->add_option("-i,--interface", live.interface, "interface to capture on")
      ->required();
  live_cmd->add_option("-w,--write", live.write_path,
                       "also save the packets to this pcapng file");
  live_cmd->add_option("-s,--snaplen", live.snaplen, "bytes kept per packet")
      ->capture_default_str()
      ->check(CLI::Range(1, 262144));
  live_cmd
      ->add_option("-B,--buffer-size", live.buffer_mib,
                   "kernel capture buffer in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  live_cmd
      ->add_option("-t", common.time_format,
                   "Time column: r relative, a absolute, d delta, e epoch")
      ->check(CLI::IsMember({'r', 'a', 'd', 'e'}))
      ->capture_default_str();
  live_cmd->add_flag("--sessions", live.sessions,
                     "print sessions as they end instead of the packet list");
  live_cmd->add_flag("--no-promisc", live.no_promisc,
                     "do not put the interface in promiscuous mode");

  GradeCommandOptions grade_opt;
  std::vector<std::string> grade_params;
  auto* grade_cmd = app.add_subcommand(
      "grade",
      "grade students' lab captures against a rubric (built-in: --list)");
  add_common(grade_cmd, kJson | kLang);
  grade_cmd->add_option("INPUT", grade_opt.inputs,
                        "captures, or folders of captures or of students' "
                        "folders");
  grade_cmd->add_option("--rubric", grade_opt.rubric,
                        "a built-in rubric's name or a rubric file (YAML)");
  grade_cmd->add_flag("--list", grade_opt.list, "list the built-in rubrics");
  grade_cmd->add_option("--param", grade_params,
                        "NAME=VALUE: a rubric parameter (repeatable)");
  grade_cmd->add_option("--csv", grade_opt.csv,
                        "also write a gradebook for Moodle's CSV import");
  grade_cmd->add_option("--student-pattern", grade_opt.student_pattern,
                        "REGEX searched in each capture's path; its first "
                        "group is the student id (default: the file stem, "
                        "or the student's folder name)");
  grade_cmd->add_option("--html", grade_opt.html,
                        "also write an HTML report into this folder: "
                        "index.html and one page per student (never "
                        "overwrites a file)");
  grade_cmd
      ->add_option("--threads", grade_opt.threads,
                   "submissions graded at once (default: every core)")
      ->check(CLI::Range(0u, 1024u));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }

  // A bad filter is refused before any file is read (live: by libpcap, on
  // the interface's own link type).
  if (!*live_cmd && !filter_compiles(common.bpf)) return 1;
  if (*packets) return run_packets(inputs, common);
  if (*sessions) return run_sessions(inputs, common);
  if (*extract) return run_extract(inputs, out_dir, common);
  if (*live_cmd) return run_live(live, common);
  if (*grade_cmd) {
    grade_opt.lang =
        tracelab::parse_lang(common.lang).value_or(tracelab::Lang::En);
    // The HTML report quotes each student's dialog.
    grade_opt.keep_sessions = !grade_opt.html.empty();
    for (const auto& p : grade_params) {
      const size_t eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "tracelab: --param takes NAME=VALUE\n");
        return 1;
      }
      grade_opt.params[p.substr(0, eq)] = p.substr(eq + 1);
    }
    if (!grade_opt.list &&
        (grade_opt.rubric.empty() || grade_opt.inputs.empty())) {
      std::fprintf(stderr,
                   "tracelab: grade needs --rubric NAME|FILE and at least one "
                   "INPUT (or --list)\n");
      return 1;
    }
    return run_grade(grade_opt, common);
  }
  return 1;
}
