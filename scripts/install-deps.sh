#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what tracelab needs to build and test on Debian 12 (bookworm).
# Idempotent; run as root (or through sudo).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
# As root, run apt directly (a fresh machine may have no sudo); otherwise
# through sudo, keeping DEBIAN_FRONTEND.
AS_ROOT=()
[[ $(id -u) -eq 0 ]] || AS_ROOT=(sudo -E)
# tshark asks whether non-root users may capture; answer before installing.
echo "wireshark-common wireshark-common/install-setuid boolean false" | "${AS_ROOT[@]}" debconf-set-selections
PACKAGES=(
  build-essential cmake pkg-config clang libclang-rt-dev
  libpcap-dev zlib1g-dev libbrotli-dev libssl-dev nlohmann-json3-dev doctest-dev libcli11-dev
  libyaml-cpp-dev
  libwireshark-dev libglib2.0-dev
  libbenchmark-dev
  tshark tcpdump iproute2 python3 hyperfine time
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  "${AS_ROOT[@]}" apt-get update
  "${AS_ROOT[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
