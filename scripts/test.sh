#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds tracelab and runs every test: the normal build, the same suite under
# AddressSanitizer + UBSan, and each libFuzzer target for a bounded time
# (FUZZ_SECONDS, default 30: a short run each, which first replays its seeds
# -- fuzz/corpus and the shared captures when present).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-30}

echo "== build and test (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$JOBS"
# The Wireshark plugin is built and tested here (install-deps.sh installs
# libwireshark-dev): a configure that quietly left it out must not pass.
compgen -G "build/wireshark-plugin/*/epan/tracelab.so" >/dev/null ||
  { echo "the Wireshark plugin was not built" >&2; exit 1; }
ctest --test-dir build --output-on-failure -j"$JOBS"

echo "== build and test under ASan+UBSan"
# -O1: sanitizer checks stay, and the suite runs several times faster than
# at -O0 (it replays the whole shared corpus).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-g -O1" -DTRACELAB_SANITIZE=ON \
  -DTRACELAB_BENCH=OFF >/dev/null
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS"

if [[ $FUZZ_SECONDS -gt 0 ]]; then
  echo "== fuzz targets, ${FUZZ_SECONDS}s each"
  scripts/run-fuzzers.sh "$FUZZ_SECONDS"
fi
echo "== all tests passed"
