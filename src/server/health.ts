/**
 * /healthz's verdict: healthy only while the probes are attached and the
 * native poll thread keeps turning. The poller turns every 5 ms
 * (native/addon.c POLL_TIMEOUT_MS) whatever the load, so 2 s without a turn
 * means it is stuck, not busy.
 */
import type { NativeHealth } from '../tracer/native-addon.js';
import type { SyscallHooks } from '../tracer/syscall-hooks.js';

/** Longest the poll thread may go without a turn and still count as working. */
export const POLLER_STALE_NS = 2e9;

export interface HealthInput {
  phase: 'starting' | 'tracing' | 'stopping';
  native?: NativeHealth;
  /** The hooks the policy set in force wants. */
  hooks?: SyscallHooks;
}

export interface HealthVerdict {
  ok: boolean;
  /** 'OK', or why not: one line. */
  reason: string;
}

export function judgeHealth(input: HealthInput): HealthVerdict {
  const bad = (reason: string): HealthVerdict => ({ ok: false, reason });
  if (input.phase === 'starting' || !input.native) return bad('starting: the BPF programs are not loaded and attached yet');
  if (input.phase === 'stopping') return bad('stopping: the probes are detached, the rings being drained');
  const n = input.native;
  if (!n.pollerRunning) return bad('the ring buffer poll thread is not running');
  if (n.lifecycleAttached < n.lifecyclePrograms) {
    return bad(`${n.lifecyclePrograms - n.lifecycleAttached} of ${n.lifecyclePrograms} process lifecycle programs are not attached`);
  }
  const hooks = input.hooks;
  if (hooks?.kind === 'raw' && !n.rawHooks) return bad('the raw syscall hooks (sys_enter/sys_exit) are not attached');
  if (hooks?.kind === 'tracepoints' && n.syscallTracepointPairs < hooks.names.length) {
    return bad(`${hooks.names.length - n.syscallTracepointPairs} of ${hooks.names.length} syscall tracepoint pairs are not attached`);
  }
  if (n.sinceLastTurnNs > POLLER_STALE_NS) {
    return bad(`the ring buffer poll thread has made no progress for ${(n.sinceLastTurnNs / 1e9).toFixed(1)} s (it turns every 5 ms): events are not being read`);
  }
  return { ok: true, reason: 'OK' };
}
