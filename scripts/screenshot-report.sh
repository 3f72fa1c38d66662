#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Regenerates docs/grade-report.png: the HTML report of `tracelab grade`
# (--html) for a small class made of the SMTP samples, one student's page
# as headless Chromium renders it.  Needs a built tracelab and chromium
# (Debian: apt-get install chromium).
#
#   scripts/screenshot-report.sh [BUILD_DIR] [OUT.png] [--lang ru]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
out=${2:-$root/docs/grade-report.png}
lang=${3:-en}
bin=$build/src/cli/tracelab
browser=$(command -v chromium || command -v chromium-browser || true)
[ -x "$bin" ] || { echo "no tracelab at $bin: build first" >&2; exit 1; }
[ -n "$browser" ] || { echo "chromium not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir "$tmp/lab2"
# Students named after what their capture shows (samples/README.md).
cp "$root/samples/smtp-helo.pcap" "$tmp/lab2/ivanova.pcap"
cp "$root/samples/smtp-rcpt-refused.pcap" "$tmp/lab2/petrov.pcap"
cp "$root/samples/smtp-no-quit.pcap" "$tmp/lab2/sidorov.pcap"
cp "$root/samples/smtp-auth-failed.pcap" "$tmp/lab2/smirnova.pcap"
# Relative paths, so the page shows "lab2/petrov.pcap" as a teacher's would.
(cd "$tmp" && "$bin" grade --rubric smtp-send --lang "$lang" --html report \
  lab2 >/dev/null)
# petrov: both recipients refused, so DATA is refused too.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --window-size=1000,1250 --screenshot="$tmp/shot.png" \
  "file://$tmp/report/002-petrov.html" 2>/dev/null
mv "$tmp/shot.png" "$out"
echo "$out"
