/**
 * Where an event's argument comes from, said from the catalog alone (for
 * `sysray list --json` and `sysray man`): the syscall's registers, user
 * memory read at entry or at exit, or kernel objects. Arguments with a
 * kernel value (src/events/kernel-values.ts) also carry what the kernel
 * itself used, read from kernel objects at exit.
 */
import { isExitCapture, type ArgSpec, type SyscallSpec } from './catalog-types.js';
import { kernelValueOf } from './kernel-values.js';

export type ArgSource =
  | 'register'
  | 'user memory at entry'
  | 'user memory at exit'
  | 'kernel object at exit'
  /** tracepoint events: what the kernel passed the tracepoint, read from its objects */
  | 'kernel object'
  /** derived events and findings: computed in user space from other events */
  | 'derived';

export interface ArgOrigin {
  source: ArgSource;
  /** What the kernel value is, when the argument has one. */
  kernelValue?: string;
}

/** @example argOrigin(eventByName('openat')!, 'pathname') // { source: 'user memory at entry', kernelValue: 'the path, ...' } */
export function argOrigin(spec: SyscallSpec, arg: ArgSpec): ArgOrigin {
  const kernelValue = kernelValueOf(spec.name, arg.name);
  return { source: sourceOf(spec, arg), ...(kernelValue ? { kernelValue } : {}) };
}

function sourceOf(spec: SyscallSpec, arg: ArgSpec): ArgSource {
  if (spec.source === 'tracepoint') return 'kernel object';
  if (spec.source) return 'derived';
  if (arg.kind !== 'captured') return 'register';
  return isExitCapture(arg.capture) ? 'user memory at exit' : 'user memory at entry';
}
