#!/usr/bin/env bash
# Install everything the tests need (venv + test extras + Debian's chromium for the
# browser tests + Debian's PostgreSQL server binaries, which the store tests start as a
# throwaway server; the postgresql and ray extras) and run the whole suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  # only the binaries: no cluster of its own, no service left running
  [ -e /etc/postgresql-common/createcluster.conf ] || {
    $SUDO mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.conf >/dev/null; }
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null; } ||
    echo "warning: could not install PostgreSQL; its store tests will be skipped" >&2
fi
bash scripts/install.sh test,postgresql,ray
.venv/bin/python -m pytest "$@"
