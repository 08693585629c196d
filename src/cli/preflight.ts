/**
 * What the tracer needs from the machine, checked before loading anything so
 * that a missing piece is named instead of surfacing as a verifier log.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { NativeAddon } from '../tracer/native-addon.js';
import { EnvironmentError } from './usage-error.js';

export function preflight(native: NativeAddon): void {
  if (typeof process.geteuid === 'function' && process.geteuid() !== 0) {
    throw new EnvironmentError(
      'sysray needs root (or CAP_BPF + CAP_PERFMON + CAP_SYS_RESOURCE) to load eBPF programs; run it with sudo',
    );
  }
  const missing = missingCapabilities(readFileSync('/proc/self/status', 'latin1'));
  if (missing.length) {
    // root in a container or a unit with a bounding set: the kernel's EPERM would read as a missing feature
    throw new EnvironmentError(
      `missing capability ${missing.join(' and ')} (not in CapEff of /proc/self/status); grant ${missing.join(' and ')} (or CAP_SYS_ADMIN), e.g. AmbientCapabilities= in its unit or --cap-add in a container`,
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
  const e = err as Error & { errno?: string; verifier?: boolean };
  const errno = Number(e.errno);
  // the verifier's refusals are EACCES too: the message names the program and its reason, not privilege
  if (e.verifier) return new EnvironmentError(e.message);
  if (errno === 1 || errno === 13) {
    return new EnvironmentError(`${e.message}; sysray needs root or CAP_BPF + CAP_PERFMON, and kernel.unprivileged_bpf_disabled does not matter for root`);
  }
  return new EnvironmentError(e.message);
}

const CAP_SYS_ADMIN = 21n;
const CAP_PERFMON = 38n;
const CAP_BPF = 39n;

/** Of CAP_BPF and CAP_PERFMON, those the process lacks (CAP_SYS_ADMIN stands for both, as on kernels before 5.8). */
export function missingCapabilities(status: string): string[] {
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status);
  if (!m) return [];
  const eff = BigInt('0x' + m[1]);
  const has = (bit: bigint): boolean => ((eff >> bit) & 1n) === 1n;
  if (has(CAP_SYS_ADMIN)) return [];
  return [...(has(CAP_BPF) ? [] : ['CAP_BPF']), ...(has(CAP_PERFMON) ? [] : ['CAP_PERFMON'])];
}
