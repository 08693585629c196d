/**
 * What the tracer needs from the machine, checked before loading anything so
 * that a missing piece is named instead of surfacing as a verifier log.
 */
import { existsSync } from 'node:fs';
import type { NativeAddon } from '../tracer/native-addon.js';
import { EnvironmentError } from './usage-error.js';

export function preflight(native: NativeAddon): void {
  if (typeof process.geteuid === 'function' && process.geteuid() !== 0) {
    throw new EnvironmentError(
      'sysray needs root (or CAP_BPF + CAP_PERFMON + CAP_SYS_RESOURCE) to load eBPF programs; run it with sudo',
    );
  }
  if (!existsSync('/sys/kernel/btf/vmlinux')) {
    throw new EnvironmentError(
      'this kernel has no BTF (/sys/kernel/btf/vmlinux is missing); sysray needs a kernel built with CONFIG_DEBUG_INFO_BTF=y (5.8 or newer)',
    );
  }
  const features = native.probe();
  if (!features.ringbuf) {
    throw new EnvironmentError('this kernel has no BPF ring buffer (BPF_MAP_TYPE_RINGBUF, Linux 5.8+); sysray cannot run on it');
  }
  if (!features.rawTracepoint) {
    throw new EnvironmentError('this kernel cannot load raw tracepoint BPF programs (BPF_PROG_TYPE_RAW_TRACEPOINT); sysray cannot run on it');
  }
}

/** Turns a native load/attach failure into one actionable line. */
export function explainNativeError(err: unknown): Error {
  const e = err as Error & { errno?: string };
  const errno = Number(e.errno);
  if (errno === 1 || errno === 13) {
    return new EnvironmentError(`${e.message}; sysray needs root or CAP_BPF + CAP_PERFMON, and kernel.unprivileged_bpf_disabled does not matter for root`);
  }
  return new EnvironmentError(e.message);
}
