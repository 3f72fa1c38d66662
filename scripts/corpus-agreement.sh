#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Packet-list agreement with tshark over a folder of captures that carry
# their reference lists (CAPTURE.tshark.tsv; CAPTURE.keys is passed as
# --keylog).  Prints one table summed over all captures, per tshark protocol:
#   scripts/corpus-agreement.sh [TRACELAB] [DIR...]
# Defaults: build/src/cli/tracelab, ../shared/captures and samples/.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$HERE/build/src/cli/tracelab}
shift || true
DIRS=("$@")
((${#DIRS[@]})) || DIRS=("$HERE/../shared/captures" "$HERE/samples")
TOOL=$HERE/../shared/tools/packet_list_agreement.py
[[ -x $BIN ]] || { echo "no tracelab binary at $BIN" >&2; exit 2; }
[[ -f $TOOL ]] || { echo "skipped: $TOOL is absent" >&2; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
n=0
while IFS= read -r -d '' tsv; do
  cap=${tsv%.tshark.tsv}
  [[ -f $cap ]] || continue
  # tshark shows passwords; the packet list masks them unless asked.
  args=(packets --json --no-progress --show-secrets)
  [[ -f $cap.keys ]] && args+=(--keylog "$cap.keys")
  "$BIN" "${args[@]}" "$cap" >"$TMP/ours.ndjson" 2>/dev/null || true
  python3 "$TOOL" "$TMP/ours.ndjson" "$tsv" --json >"$TMP/$n.json"
  n=$((n + 1))
done < <(find "${DIRS[@]}" -name '*.tshark.tsv' -print0 | sort -z)
python3 - "$TMP" "$n" <<'PY'
import json, sys, os
tmp, n = sys.argv[1], int(sys.argv[2])
tot = {}
for i in range(n):
    for proto, c in json.load(open(os.path.join(tmp, f"{i}.json"))).items():
        t = tot.setdefault(proto, {})
        for k, v in c.items():
            t[k] = t.get(k, 0) + v
keys = ["protocol", "addr", "length", "info", "info~"]
print(f"{n} captures")
print(f"{'protocol':<12}{'frames':>8}" + "".join(f"{k:>10}" for k in keys))
for proto in sorted(tot, key=lambda p: (p == "ALL", -tot[p]["frames"])):
    t = tot[proto]
    f = t["frames"] or 1
    print(f"{proto:<12}{t['frames']:>8}" + "".join(f"{100.0 * t[k] / f:>9.1f}%" for k in keys))
PY
