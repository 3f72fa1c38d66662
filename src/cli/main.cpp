// SPDX-License-Identifier: GPL-2.0-or-later
//
// The tracelab command line.  Every verb takes the same common options; each
// verb only chooses the source and the outputs, the pipeline does the rest.
//
// Exit status: 0 success; 1 usage or setup error (nothing read); 2 the input
// is damaged (everything before the damage was still printed).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "commands.hpp"

int main(int argc, char** argv) {
  using namespace tracelab::cli;
  CLI::App app{
      "tracelab: packet-capture protocol analyzer — packet lists and session "
      "dialogs, as Wireshark shows them"};
  app.set_version_flag("--version",
                       std::string("tracelab ") + TRACELAB_VERSION);
  app.require_subcommand(1);

  CommonOptions common;
  std::string file;

  auto add_common = [&](CLI::App* sub) {
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
                  "show passwords the sessions carried instead of a mask");
    sub->add_option("--lang", common.lang,
                    "language of the explanations in sessions: en or ru")
        ->check(CLI::IsMember({"en", "ru"}, CLI::ignore_case))
        ->capture_default_str();
    sub->add_option("-c,--count", common.max_frames,
                    "stop after this many frames");
    sub->add_option("--flow-buffer", common.per_flow_bytes,
                    "out-of-order bytes one TCP direction may hold")
        ->capture_default_str();
    sub->add_option("--total-buffer", common.total_bytes,
                    "bytes all flows together may hold")
        ->capture_default_str();
  };

  auto* packets = app.add_subcommand(
      "packets",
      "packet list: No. Time Source Destination Protocol Length Info");
  add_common(packets);
  packets->add_option("FILE", file, "pcap or pcapng file (gzip allowed)")
      ->required();

  auto* sessions =
      app.add_subcommand("sessions", "per-session summaries and dialogs");
  add_common(sessions);
  sessions->add_flag("-v,--verbose", common.verbose,
                     "technical details of each step (JA3/JA4, extension "
                     "lists, every field), one key: value per line");
  sessions->add_flag("--show-message", common.show_message,
                     "print the whole decoded text of mail messages (the "
                     "first 20 lines otherwise)");
  sessions->add_option("--width", common.width,
                       "wrap lines to this many columns (default: the "
                       "terminal's, 100 when not a terminal)");
  // For tests: marks wire text and identifiers (U+001E ... U+001F).
  sessions->add_flag("--mark-wire", common.mark_wire)->group("");
  sessions->add_option("FILE", file, "pcap or pcapng file (gzip allowed)")
      ->required();

  std::string out_dir;
  auto* extract = app.add_subcommand(
      "extract",
      "write every recovered file (HTTP bodies, mail, FTP and TFTP "
      "transfers) into a directory, with index.json");
  add_common(extract);
  extract->add_option("FILE", file, "pcap or pcapng file (gzip allowed)")
      ->required();
  extract->add_option("-o,--output", out_dir, "directory to write into")
      ->required();

  LiveCommandOptions live;
  auto* live_cmd = app.add_subcommand(
      "live", "capture from an interface and print the packet list as it goes");
  add_common(live_cmd);
  live_cmd
      ->add_option("-i,--interface", live.interface, "interface to capture on")
      ->required();
  live_cmd->add_option("-w,--write", live.write_path,
                       "also save the packets to this pcapng file");
  live_cmd->add_option("-s,--snaplen", live.snaplen, "bytes kept per packet")
      ->capture_default_str();
  live_cmd
      ->add_option("-B,--buffer-size", live.buffer_mib,
                   "kernel capture buffer in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  live_cmd->add_flag("--sessions", live.sessions,
                     "print sessions as they end instead of the packet list");
  live_cmd->add_flag("--no-promisc", live.no_promisc,
                     "do not put the interface in promiscuous mode");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }

  if (*packets) return run_packets(file, common);
  if (*sessions) return run_sessions(file, common);
  if (*extract) return run_extract(file, out_dir, common);
  if (*live_cmd) return run_live(live, common);
  return 1;
}
