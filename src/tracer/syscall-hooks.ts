/**
 * Which kernel hooks see syscalls. The generic raw tracepoints sys_enter and
 * sys_exit run a program on every syscall of every task (~+120 ns each here,
 * selected or not); the per-syscall tracepoints syscalls:sys_enter_X run one
 * only for X, so syscalls nothing selects cost a bit test (~+15 ns). When few
 * syscalls are selected, sysray attaches those; past
 * SYSCALL_TRACEPOINTS_MAX, or when one selected syscall has no tracepoint
 * here, the generic pair.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { MAX_SYSCALLS, Selection } from '../decode/record-layout.js';
import { SYSCALLS, eventById } from '../events/catalog.js';

/**
 * Past this many selected syscalls the raw pair wins: each per-syscall hook
 * costs its own syscalls more than the raw program does (perf builds a
 * trace record before the program runs), and attaching takes time. See
 * bench/README section "P1" for the figures behind it.
 */
export const SYSCALL_TRACEPOINTS_MAX = 64;

export type SyscallHooks = { kind: 'raw'; why: string } | { kind: 'tracepoints'; names: string[] };

/** Syscalls whose tracepoint is named differently from the syscall (x86_64). */
const TRACEPOINT_ALIASES: Readonly<Record<string, string>> = { sendfile: 'sendfile64', umount2: 'umount' };

/** Syscall numbers some policy of this slot's selection wants (policies, derived, signature or state bits). */
export function selectedSyscalls(selection: Buffer): number[] {
  const out: number[] = [];
  for (let nr = 0; nr < MAX_SYSCALLS; nr++) {
    const at = nr * Selection.bytes;
    if (at + Selection.bytes > selection.length) break;
    if (
      selection.readBigUInt64LE(at + Selection.policies) !== 0n ||
      selection.readBigUInt64LE(at + Selection.derived) !== 0n ||
      selection.readBigUInt64LE(at + Selection.signature) !== 0n ||
      selection.readBigUInt64LE(at + Selection.signatureDerived) !== 0n ||
      selection.readUInt32LE(at + Selection.state) !== 0
    ) {
      out.push(nr);
    }
  }
  return out;
}

/**
 * The selected syscalls the hooks must see: all of them, less those only
 * signatures want (no policy, derived event or process state) that this
 * kernel has no tracepoint for while it has tracepoints (tracefs mounted):
 * with CONFIG_FTRACE_SYSCALLS every implemented syscall has one, so those
 * are not built in (init_module and finit_module without CONFIG_MODULES,
 * kexec_load without CONFIG_KEXEC) and can only fail with ENOSYS. Hooking
 * them would take the generic raw pair, a cost on every syscall of the
 * machine, for attempts that cannot do anything. `unbuilt` lists them.
 */
export function syscallsToHook(selection: Buffer, tracepointOf: (nr: number) => string | undefined): { nrs: number[]; unbuilt: number[] } {
  const nrs = selectedSyscalls(selection);
  const READ = 0;
  if (tracepointOf(READ) === undefined) return { nrs, unbuilt: [] }; // no tracefs: nothing to tell
  const onlySignatures = (nr: number): boolean => {
    const at = nr * Selection.bytes;
    return selection.readBigUInt64LE(at + Selection.policies) === 0n && selection.readBigUInt64LE(at + Selection.derived) === 0n &&
      selection.readUInt32LE(at + Selection.state) === 0;
  };
  const unbuilt = nrs.filter((nr) => tracepointOf(nr) === undefined && onlySignatures(nr));
  return { nrs: nrs.filter((nr) => !unbuilt.includes(nr)), unbuilt };
}

/**
 * The hooks for `nrs`: per-syscall tracepoints when there are few and every
 * one has its tracepoint (`tracepointOf` gives its name, or undefined).
 */
export function planSyscallHooks(
  nrs: readonly number[],
  tracepointOf: (nr: number) => string | undefined,
  max = SYSCALL_TRACEPOINTS_MAX,
): SyscallHooks {
  if (nrs.length > max) return { kind: 'raw', why: `${nrs.length} syscalls selected (more than ${max})` };
  const names: string[] = [];
  for (const nr of nrs) {
    const name = tracepointOf(nr);
    if (name === undefined) {
      const syscall = eventById(nr)?.name ?? `#${nr}`;
      return { kind: 'raw', why: `no tracepoint syscalls:sys_enter_${syscall} in this kernel` };
    }
    names.push(name);
  }
  return { kind: 'tracepoints', names };
}

/** The events/syscalls directory of a mounted tracefs (libbpf looks in the same two places). */
function syscallEventsDir(): string | undefined {
  for (const dir of ['/sys/kernel/debug/tracing/events/syscalls', '/sys/kernel/tracing/events/syscalls']) {
    if (existsSync(dir)) return dir;
  }
  return undefined;
}

/**
 * Maps syscall numbers to the names of their tracepoints in this kernel
 * (`sys_enter_<name>`); mounts tracefs when it is not (it is where the
 * kernel lists them). Empty when there is no tracefs: the raw pair is used.
 */
export function syscallTracepoints(): (nr: number) => string | undefined {
  let dir = syscallEventsDir();
  if (!dir && existsSync('/sys/kernel/tracing')) {
    try {
      execFileSync('mount', ['-t', 'tracefs', 'nodev', '/sys/kernel/tracing'], { stdio: 'ignore' });
    } catch {
      // no tracefs: the generic hooks do the work
    }
    dir = syscallEventsDir();
  }
  const byNr = new Map<number, string>();
  if (!dir) return () => undefined;
  for (const s of SYSCALLS) {
    for (const name of [s.name, TRACEPOINT_ALIASES[s.name], `new${s.name}`]) {
      if (name !== undefined && existsSync(`${dir}/sys_enter_${name}`)) {
        byNr.set(s.id, name);
        break;
      }
    }
  }
  return (nr) => byNr.get(nr);
}
