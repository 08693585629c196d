#!/usr/bin/env bash
# All tests: unit tests beside the code (src/**/*.test.ts), then the real
# tracer on the real kernel (test/**/*.test.ts). Run after scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
shopt -s globstar nullglob

unit=(src/**/*.test.ts native/*.test.ts bench/*.test.ts)
integration=(test/**/*.test.ts)
# one at a time: tracers share the machine's two CPUs and the kernel's syscall hooks
exec node --import tsx --test --test-concurrency=1 "${unit[@]}" "${integration[@]}"
