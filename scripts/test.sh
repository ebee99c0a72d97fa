#!/usr/bin/env bash
# Install everything the tests need (venv + test extras + Debian's chromium for the
# browser tests) and run the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
bash scripts/install.sh test
.venv/bin/python -m pytest "$@"
