#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a downloaded browser) and need CJK fonts so
# Chinese text renders. Installs both when missing and we may (root with apt-get); otherwise
# stops with the exact command to run.
set -euo pipefail
missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -d /usr/share/fonts/opentype/noto ]] && ls /usr/share/fonts/opentype/noto | grep -qi cjk || missing+=(fonts-noto-cjk)
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]} for the browser tests (apt-get)…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi
echo "The browser tests need Debian's ${missing[*]}. Install with:" >&2
echo "  sudo apt-get install -y ${missing[*]}" >&2
exit 1
