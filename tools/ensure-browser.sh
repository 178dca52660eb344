#!/usr/bin/env bash
# Make sure a Chromium is on this machine for the browser test (tests/test_web_browser.py).
#   Found ($MYOKINETICS_CHROMIUM, chromium / chromium-browser / google-chrome on PATH, or Playwright's own
#   under ~/.cache/ms-playwright): nothing to do.
#   Otherwise, as root with apt-get (Debian, Ubuntu, CI): apt-get install -y chromium.
#   Otherwise (no root): print how to get one; the browser test then skips, saying why.
# MYOKINETICS_NO_BROWSER_INSTALL=1 skips the install attempt. Always exits 0: the test decides.
set -u
found() {
  if [ -n "${MYOKINETICS_CHROMIUM:-}" ] && [ -x "$MYOKINETICS_CHROMIUM" ]; then return 0; fi
  for name in chromium chromium-browser google-chrome google-chrome-stable; do
    command -v "$name" >/dev/null 2>&1 && return 0
  done
  ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium*/chrome-linux*/chrome >/dev/null 2>&1
}
found && exit 0
how="install Debian's chromium (sudo apt-get install chromium) or run 'python -m playwright install chromium'"
if [ "${MYOKINETICS_NO_BROWSER_INSTALL:-0}" != 1 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser test (apt-get install chromium) ..." >&2
  log="$(mktemp)"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y -q chromium >"$log" 2>&1; then
    apt-get update -q >>"$log" 2>&1 && apt-get install -y -q chromium >>"$log" 2>&1 || tail -n 5 "$log" >&2
  fi
  rm -f "$log"
fi
found || echo "note: no Chromium on this machine, so the browser test will be skipped: $how" >&2
exit 0
