#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The batch-speed benchmark of `tracelab grade` (issue: 300 lab-sized
# submissions in under a minute on the 2-core machines).  Builds a class
# of N students (default 300), each a folder holding one capture of a few
# hundred kB: one of the SMTP lab sessions of samples/ (correct and
# flawed, in turn) merged with background traffic a student's capture
# also holds (samples/http-lossy.pcap, ftp-passive.pcap, tcp-edges.pcap:
# about 380 kB).  Every student's capture is shifted in time by a
# different number of seconds (editcap -t), so no two are copies of each
# other and copy detection has real work to do.  Then times `tracelab
# grade --rubric smtp-send` over the class, with and without --html.
#
#   bench/grade-300.sh [BUILD_DIR] [N]
# Needs editcap and mergecap (Debian: tshark or wireshark-common).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
n=${2:-300}
bin=$build/src/cli/tracelab
[ -x "$bin" ] || { echo "no tracelab at $bin: build first" >&2; exit 1; }
for t in editcap mergecap; do
  command -v $t >/dev/null || { echo "$t not found" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
s=$root/samples
mergecap -F pcap -w "$tmp/background.pcap" \
  "$s/http-lossy.pcap" "$s/ftp-passive.pcap" "$s/tcp-edges.pcap"
set -- smtp-helo smtp-auth-login-mime smtp-no-quit smtp-rcpt-refused \
  smtp-auth-failed smtp-auth-refused smtp-mime-no-attachment
labs=$#
i=1
while [ "$i" -le "$n" ]; do
  k=$(( (i - 1) % labs + 1 ))
  eval lab=\${$k}
  d=$tmp/class/student$(printf %03d "$i")
  mkdir -p "$d"
  editcap -F pcap -t "$i" "$s/$lab.pcap" "$tmp/lab.pcap"
  editcap -F pcap -t "$i" "$tmp/background.pcap" "$tmp/bg.pcap"
  mergecap -F pcap -w "$d/lab2.pcap" "$tmp/lab.pcap" "$tmp/bg.pcap"
  i=$((i + 1))
done
bytes=$(du -sb "$tmp/class" | cut -f1)
echo "class: $n submissions, $((bytes / 1024)) KiB in all" \
  "($((bytes / n / 1024)) KiB each), $(nproc) cores"

run() {
  start=$(date +%s.%N)
  "$bin" grade --rubric smtp-send "$@" "$tmp/class" >"$tmp/out.txt"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
echo "grade:            $(run) s"
echo "grade --html:     $(run --html "$tmp/report") s"
echo "verdicts: $(awk 'NR > 2 {print $2}' "$tmp/out.txt" | sort | uniq -c |
  tr -s ' \n' ' ')"
echo "copies flagged: $(grep -c 'COPY' "$tmp/out.txt" || true)"
