#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Times `tracelab packets --json` and `tracelab sessions --json` beside tshark
# and a bare libpcap read loop on one capture, with the shared comparison
# script (../shared/bench/compare.sh).  Make a large capture of real traffic
# first with scripts/make-bench-capture.sh.
# Usage: bench-compare.sh CAPTURE [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
CAPTURE=${1:?usage: bench-compare.sh CAPTURE [RUNS]}
RUNS=${2:-3}
COMPARE=${TRACELAB_SHARED:-$(cd .. && pwd)/shared}/bench/compare.sh
[[ -x $COMPARE || -f $COMPARE ]] || { echo "missing $COMPARE" >&2; exit 1; }
BIN=$(pwd)/build/src/cli/tracelab
[[ -x $BIN ]] || { echo "build first: cmake -S . -B build && cmake --build build" >&2; exit 1; }
for verb in packets sessions; do
  echo "=== tracelab $verb --json"
  bash "$COMPARE" --no-json -r "$RUNS" "$BIN $verb --json --no-progress {}" "$CAPTURE"
done
