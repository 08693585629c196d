#!/usr/bin/env bash
# The performance harness, one command (after scripts/setup.sh, as root):
# builds the floor consumer, installs the peers it compares with when they
# are missing (bpftrace, perf, strace), then runs every scenario.
# Results: bench/results/bench.json, docs/bench.svg, and the table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for p in bpftrace linux-perf strace; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ]; then
  echo "bench: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || echo "bench: could not install ${missing[*]}: those rows are skipped" >&2
fi
make -s -C bench/floor
npx --no-install tsx bench/run.ts "$@"
