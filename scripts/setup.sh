#!/usr/bin/env bash
# Sets up sysray on a Debian machine (as root): Debian packages when missing,
# npm packages, then builds the kernel programs, the native addon and the CLI.
# Safe to run again: it only does what is missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" != 0 ]; then
  echo "setup: run as root (it installs Debian packages and the tracer loads eBPF programs)" >&2
  exit 1
fi

# build: clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev make gcc pkg-config
# tests: linux-perf (perf), procps (pidwait), strace
# tests: nats-server (JetStream)
packages=(clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev make gcc libc6-dev pkg-config linux-perf procps nats-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -e /sys/kernel/btf/vmlinux ]; then
  echo "setup: this kernel has no BTF (/sys/kernel/btf/vmlinux); sysray needs CONFIG_DEBUG_INFO_BTF=y" >&2
  exit 1
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

make -s all
npm run -s build:cli
