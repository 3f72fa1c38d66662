// SPDX-License-Identifier: GPL-2.0-or-later
//
// SMTP, POP3 and IMAP against tshark 4.0: the packet list of a protocol's
// frames (the .tshark.tsv beside each capture) and the dialog tshark decodes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace tracelab::test {

struct InfoScore {
  size_t frames = 0, protocol = 0, info = 0;
  std::string misses;  // the first few differences, for the failure message
  double info_pct() const {
    return frames ? 100.0 * double(info) / double(frames) : 0.0;
  }
  /// "N frames, protocol exact P, Info exact I (x%)".
  std::string summary() const;
};

/// Adds the frames of `cap` whose tshark protocol starts with one of
/// `protocols` ("SMTP" also counts "SMTP/IMF") to `s`.
void score_info(const std::filesystem::path& cap,
                const std::vector<std::string>& protocols, InfoScore& s);

/// score_info over every capture of `caps`.
InfoScore score_all(const std::vector<std::filesystem::path>& caps,
                    const std::vector<std::string>& protocols);

/// Captures in ../shared/captures/<dir> and the samples named `samples`.
std::vector<std::filesystem::path> mail_captures(
    const std::string& dir, const std::vector<std::string>& samples);

/// One step of a dialog: "C:MAIL", "S:250", "S:+OK" in capture order.
/// From tshark (`fields` are the -e fields printing the command verb and the
/// reply line) and from our sessions (commands and reply events).
std::vector<std::string> tshark_steps(const std::filesystem::path& cap,
                                      const std::string& filter,
                                      const std::string& command_field,
                                      const std::string& reply_field,
                                      bool smtp_codes);
/// Sessions whose protocol is one of `protocols` ("TLS" too: a session
/// upgraded with STARTTLS).  `known` keeps only tshark's commands that
/// are commands (tshark also takes AUTH responses for commands).
std::vector<std::string> our_steps(const std::filesystem::path& cap,
                                   const std::vector<std::string>& protocols);

/// "" when tshark's steps appear in ours in the same order (ours may have
/// more); else the first one missing and where it stands ("S:250 (#3 of 9)").
std::string first_missing_step(const std::vector<std::string>& ours,
                               const std::vector<std::string>& theirs);

}  // namespace tracelab::test
