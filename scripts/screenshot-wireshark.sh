#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Opens a sample capture in the real Wireshark GUI (under Xvfb) with the
# tracelab plugin from the build tree, selects a frame with a finding,
# expands the packet details and saves a screenshot:
#   scripts/screenshot-wireshark.sh [CAPTURE [FRAME [OUT.png [LANG]]]]
# Needs: wireshark xvfb xdotool x11-apps imagemagick (apt-get install).
set -euo pipefail
cd "$(dirname "$0")/.."
CAPTURE=${1:-samples/pop3-dele-no-quit.pcap}
FRAME=${2:-29}
OUT=${3:-docs/wireshark-plugin.png}
LANG_PREF=${4:-en}
PLUGIN=$(compgen -G "build/wireshark-plugin/*/epan/tracelab.so" | head -1)
[[ -n $PLUGIN ]] || { echo "build the plugin first (cmake --build build)" >&2; exit 1; }
VERSION=$(basename "$(dirname "$(dirname "$PLUGIN")")")

# Wireshark ignores WIRESHARK_PLUGIN_DIR when run as root: run it as
# nobody, on copies it can read, with a home of its own.
WORK=$(mktemp -d /tmp/tracelab-gui-XXXXXX)
trap 'kill "${WS_PID:-0}" "${X_PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/plugins/$VERSION/epan" "$WORK/home"
cp "$PLUGIN" "$WORK/plugins/$VERSION/epan/"
cp "$CAPTURE" "$WORK/"
chmod -R a+rX "$WORK"
AS_USER=()
if [[ $(id -u) -eq 0 ]]; then
  chown nobody:nogroup "$WORK/home"
  AS_USER=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi

DISPLAY_NUM=:97
Xvfb "$DISPLAY_NUM" -screen 0 1400x900x24 -nolisten tcp &
X_PID=$!
sleep 2
"${AS_USER[@]}" env DISPLAY="$DISPLAY_NUM" HOME="$WORK/home" \
  WIRESHARK_PLUGIN_DIR="$WORK/plugins" \
  wireshark -o "tracelab.lang:$LANG_PREF" -o gui.packet_list_show_minimap:FALSE \
  -o gui.layout_content_3:NONE \
  -o 'gui.column.format:"No.","%m","Time","%t","Source","%s","Destination","%d","Protocol","%p","tracelab step","%Cus:tracelab.step:0:R","tracelab finding","%Cus:tracelab.finding:0:R","Info","%i"' \
  -r "$WORK/$(basename "$CAPTURE")" -g "$FRAME" >/dev/null 2>&1 &
WS_PID=$!
# Bounded wait for the main window.
for _ in $(seq 1 30); do
  DISPLAY=$DISPLAY_NUM xdotool search --name "Wireshark" >/dev/null 2>&1 && break
  sleep 1
done
sleep 4
WIN=$(DISPLAY=$DISPLAY_NUM xdotool search --name "$(basename "$CAPTURE")" | tail -1)
DISPLAY=$DISPLAY_NUM xdotool windowsize "$WIN" 1400 900 windowmove "$WIN" 0 0
sleep 1
# In the packet details: everything collapsed (Ctrl+Left), then the fifth
# row -- the tracelab subtree, after frame, Ethernet, IP and TCP -- clicked
# and opened with what it holds (Shift+Right).  No window manager under
# Xvfb: focus the window directly.
DISPLAY=$DISPLAY_NUM xdotool windowfocus --sync "$WIN" mousemove 300 495 click 1 \
  key ctrl+Left sleep 1 mousemove 150 563 click 1 key shift+Right
sleep 2
DISPLAY=$DISPLAY_NUM import -window root "$OUT"
echo "screenshot: $OUT"
