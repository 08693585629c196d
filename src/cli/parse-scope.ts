/**
 * `-s/--scope`, as Tracee spells it. This release evaluates `comm=` and
 * `pid=` (comma lists; several values of one field match any of them) in the
 * kernel; the rest of Tracee's scope language is refused with a clear message.
 */
import { UsageError } from './usage-error.js';

export interface Scope {
  comms: string[];
  pids: number[];
}

const COMM_MAX = 15; // TASK_COMM_LEN - 1: the kernel keeps no more
const SUPPORTED = ['comm=NAME[,NAME...]', 'pid=N[,N...]'];
/** Entries of the kernel's scope_comms / scope_pids maps (bpf/sysray.bpf.c). */
const SCOPE_MAP_ENTRIES = 256;

export function parseScope(values: readonly string[]): Scope {
  const scope: Scope = { comms: [], pids: [] };
  for (const value of values) {
    const m = /^([a-zA-Z_.-]+)(=|!=|<=|>=|<|>)(.*)$/.exec(value);
    if (!m) {
      throw new UsageError(`malformed scope "${value}" in -s; expected FIELD=VALUE, e.g. -s comm=bash or -s pid=1234`);
    }
    const [, field, op, rest] = m;
    if (field !== 'comm' && field !== 'pid') {
      throw new UsageError(`scope field "${field}" in -s ${value} is not supported yet; supported: ${SUPPORTED.join(', ')}`);
    }
    if (op !== '=') {
      throw new UsageError(`operator "${op}" in -s ${value} is not supported yet; use ${field}=VALUE`);
    }
    const items = rest.split(',');
    for (const item of items) {
      if (item === '') throw new UsageError(`empty value in -s ${value}; expected ${field}=VALUE[,VALUE...]`);
      if (field === 'comm') {
        if (Buffer.byteLength(item) > COMM_MAX) {
          throw new UsageError(
            `comm "${item}" in -s ${value} is longer than the kernel keeps (${COMM_MAX} bytes); use its first ${COMM_MAX}: ${Buffer.from(item).subarray(0, COMM_MAX).toString()}`,
          );
        }
        scope.comms.push(item);
      } else {
        if (!/^\d+$/.test(item) || Number(item) < 1 || Number(item) > 4194304) {
          throw new UsageError(`pid "${item}" in -s ${value} is not a process id (1..4194304)`);
        }
        scope.pids.push(Number(item));
      }
    }
  }
  const counts: [string, number][] = [['comm', new Set(scope.comms).size], ['pid', new Set(scope.pids).size]];
  for (const [field, n] of counts) {
    if (n > SCOPE_MAP_ENTRIES) throw new UsageError(`too many ${field} values in -s (${n}); at most ${SCOPE_MAP_ENTRIES}`);
  }
  return scope;
}
