#!/usr/bin/env bash
# What the browser tests (tests/test_browser.py) need besides Python packages: Debian's Chromium, and MathJax 3
# and axe-core from npm in the project's own, git-ignored folder .cache/npm (npm itself from Debian if the
# machine has none). Quick once installed. The published book loads MathJax from its CDN; the tests serve
# this copy to the browser instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
npm_packages=(mathjax@3.2.2 axe-core@4.14.1)
stamp=.cache/npm/.installed
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "${npm_packages[*]}" ]; then
  mkdir -p .cache/npm
  npm install --prefix .cache/npm --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
    "${npm_packages[@]}"
  echo "${npm_packages[*]}" > "$stamp"
fi
