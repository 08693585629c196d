#!/usr/bin/env bash
# Benchmarks (after scripts/setup.sh). Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
npx --no-install tsx bench/storm.ts "$@"
node --expose-gc --import tsx bench/fork-storm.ts
