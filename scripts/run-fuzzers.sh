#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the libFuzzer targets with clang and runs each for SECONDS (default
# 60), seeded from ../shared/captures when it is there.  Fails on a finding.
# FUZZ_SEED (default 1) fixes libFuzzer's random seed so that a CI run can be
# replayed; FUZZ_SEED=0 draws a fresh one, for longer hunts by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
SEED=${FUZZ_SEED:-1}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACELAB_FUZZ=ON -DTRACELAB_TESTS=OFF \
  -DTRACELAB_BENCH=OFF >/dev/null
cmake --build build-fuzz -j"$JOBS"
SHARED=${TRACELAB_SHARED:-$(cd .. && pwd)/shared}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tracelab-fuzz.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
for bin in build-fuzz/fuzz/fuzz_*; do
  [[ -x $bin ]] || continue
  name=$(basename "$bin")
  corpus=$WORK/$name
  mkdir -p "$corpus"
  if [[ -d $SHARED/captures ]]; then
    # Whole captures seed the file readers; the others get them too and
    # learn their own structure from there.
    find "$SHARED/captures" -type f \( -name '*.pcap' -o -name '*.pcapng' \) \
      -size -256k -exec cp -t "$corpus" {} +
  else
    echo "note: $SHARED/captures absent; $name starts from an empty corpus"
  fi
  if [[ -d fuzz/corpus/$name ]]; then cp -r fuzz/corpus/"$name"/. "$corpus"/; fi
  echo "-- $name (${SECONDS_EACH}s)"
  "$bin" -seed="$SEED" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$WORK/$name-" -print_final_stats=1 "$corpus" \
    >"$WORK/$name.log" 2>&1 || {
      tail -60 "$WORK/$name.log"
      mkdir -p fuzz-findings && cp "$WORK/$name"-* fuzz-findings/ 2>/dev/null || true
      echo "fuzz target $name failed; inputs kept in fuzz-findings/"
      exit 1
    }
  grep -E "^stat::number_of_executed_units|Done [0-9]+ runs" "$WORK/$name.log" | tail -1 || true
done
