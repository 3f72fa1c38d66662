# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Shared by make-samples.sh and make-bench-capture.sh (sourced, not run):
# builds the two- or three-namespace test network, starts and stops captures,
# and tears everything down again. Every address used lives only inside the
# namespaces made here.

NS_C=tl-client
NS_S=tl-server
NS_M=tl-mid
IP_C=10.99.0.2
IP_S=10.99.0.1
IP6_C=fd99::2
IP6_S=fd99::1
# Interface names inside the namespaces; the capture always runs on IF_C.
IF_C=tl-c0
IF_S=tl-s0
# Fixed MACs so rebuilt captures keep the same link-layer addresses.
MAC_C=02:00:0a:63:00:02
MAC_S=02:00:0a:63:00:01

# PIDs of background processes we started; stopped by net_teardown.
TL_PIDS=()

# One run at a time: setup deletes any tl-* namespaces it finds, which would
# pull the network from under a concurrent run. Holds fd 9 until exit.
take_lock() {
  exec 9>/run/lock/tracelab-netns.lock
  flock -n 9 || {
    echo "another sample or benchmark run is using the tl-* namespaces" >&2
    return 1
  }
}

in_c() { ip netns exec "$NS_C" "$@"; }
in_s() { ip netns exec "$NS_S" "$@"; }
in_m() { ip netns exec "$NS_M" "$@"; }

# Wire-like frames: without this, veth hands over 64 KB GSO super-frames and
# packets with unfinished checksums, which no real link would carry.
_no_offload() {
  local ns=$1 dev=$2
  ip netns exec "$ns" ethtool -K "$dev" tso off gso off gro off tx off rx off >/dev/null 2>&1 || true
}

_addr_up() {
  local ns=$1 dev=$2 mac=$3 v4=$4 v6=$5
  ip -n "$ns" link set "$dev" address "$mac"
  ip -n "$ns" addr add "$v4/24" dev "$dev"
  ip -n "$ns" addr add "$v6/64" dev "$dev" nodad
  ip -n "$ns" link set "$dev" up
  ip -n "$ns" link set lo up
  _no_offload "$ns" "$dev"
}

# net_setup direct : client <-> server over one veth pair.
# net_setup lossy  : client <-> mid <-> server; the caller runs a forwarder in mid.
net_setup() {
  local mode=${1:-direct}
  net_teardown
  ip netns add "$NS_C"
  ip netns add "$NS_S"
  for ns in "$NS_C" "$NS_S"; do
    # No router solicitations or temporary addresses: keep captures to the
    # traffic the sample is about.
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0 \
      net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.all.router_solicitations=0 || true
  done
  if [[ $mode == direct ]]; then
    # No tail loss probes: on a loaded 2-core machine they fire spuriously
    # after a few ms and sprinkle retransmissions over loss-free captures.
    for ns in "$NS_C" "$NS_S"; do ip netns exec "$ns" sysctl -qw net.ipv4.tcp_early_retrans=0 || true; done
  fi
  if [[ $mode == lossy ]]; then
    ip netns add "$NS_M"
    ip link add "$IF_C" netns "$NS_C" type veth peer name m0 netns "$NS_M"
    ip link add "$IF_S" netns "$NS_S" type veth peer name m1 netns "$NS_M"
    for d in m0 m1; do
      ip -n "$NS_M" link set "$d" up
      ip netns exec "$NS_M" sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1" || true
      _no_offload "$NS_M" "$d"
    done
    ip -n "$NS_M" link set lo up
  else
    ip link add "$IF_C" netns "$NS_C" type veth peer name "$IF_S" netns "$NS_S"
  fi
  _addr_up "$NS_C" "$IF_C" "$MAC_C" "$IP_C" "$IP6_C"
  _addr_up "$NS_S" "$IF_S" "$MAC_S" "$IP_S" "$IP6_S"
  sleep 1
}

# Start a background process and remember its PID for teardown. The in_*
# helpers are expanded here so that $! is the program itself, not a subshell.
bg() {
  local ns=""
  case $1 in
  in_c) ns=$NS_C ;;
  in_s) ns=$NS_S ;;
  in_m) ns=$NS_M ;;
  esac
  if [[ -n $ns ]]; then
    shift
    ip netns exec "$ns" "$@" &
  else
    "$@" &
  fi
  TL_PIDS+=($!)
}

# Stop one PID we started (and wait for it), gently first.
stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# capture_start FILE [FILTER] : tcpdump on the client interface; sets CAP_PID.
# Immediate mode matters: without it packets wait in the ring buffer for a
# block timeout and the ones still there at SIGINT are lost. MLD reports
# (the kernel joining multicast groups at random times) are left out.
capture_start() {
  local out=$1 filter="not dst host ff02::16${2:+ and ($2)}"
  rm -f "$out"
  ip netns exec "$NS_C" tcpdump -i "$IF_C" -s 0 -U --immediate-mode -n -Z root -w "$out" "$filter" 2>>"${CAP_LOG:-/dev/null}" &
  CAP_PID=$!
  TL_PIDS+=("$CAP_PID")
  # Wait until tcpdump has opened the file, bounded.
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -s $out ]] && break
    sleep 0.1
  done
  sleep 0.3
}

# capture_stop : let the last ACKs and FINs pass, then stop tcpdump cleanly.
capture_stop() {
  sleep 0.5
  kill -INT "$CAP_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 50; i++)); do
    kill -0 "$CAP_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$CAP_PID" 2>/dev/null || true
  wait "$CAP_PID" 2>/dev/null || true
}

# Kill every process still running inside our namespaces, then delete them.
net_teardown() {
  local pid ns
  for pid in "${TL_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for ns in "$NS_C" "$NS_M" "$NS_S"; do
    if ip netns list | grep -qw "$ns"; then
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
    fi
  done
  # Give daemons up to 3 s to exit on their own before killing what is left.
  local i left
  for ((i = 0; i < 30; i++)); do
    left=0
    for ns in "$NS_C" "$NS_M" "$NS_S"; do
      ip netns list | grep -qw "$ns" && [[ -n $(ip netns pids "$ns" 2>/dev/null) ]] && left=1
    done
    ((left)) || break
    sleep 0.1
  done
  for ns in "$NS_C" "$NS_M" "$NS_S"; do
    if ip netns list | grep -qw "$ns"; then
      for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
      ip netns del "$ns" 2>/dev/null || true
    fi
  done
  for pid in "${TL_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  TL_PIDS=()
}

# wait_port PORT [-4|-6] : until a TCP port listens in the server namespace (bounded).
wait_port() {
  local port=$1 fam=${2:--4} i
  for ((i = 0; i < 100; i++)); do
    in_s ss -Hltn "$fam" "sport = :$port" | grep -q LISTEN && return 0
    sleep 0.1
  done
  echo "port $port never opened" >&2
  return 1
}

wait_udp_port() {
  local port=$1 i
  for ((i = 0; i < 100; i++)); do
    in_s ss -Hlun "sport = :$port" | grep -q . && return 0
    sleep 0.1
  done
  echo "udp port $port never opened" >&2
  return 1
}
