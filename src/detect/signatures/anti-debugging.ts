/**
 * TRC-102 anti_debugging: a process calls PTRACE_TRACEME, the classic check
 * for a debugger (the call fails when one is attached) and a way to keep one
 * out (a process has one tracer at most). Tracee's logic and metadata; the
 * kernel sends only ptrace calls with that request.
 */
import type { Signature } from '../signature.js';
import { PTRACE } from '../predicates.js';

export const antiDebugging: Signature = {
  metadata: {
    id: 'TRC-102',
    version: '1',
    name: 'Anti-Debugging detected',
    eventName: 'anti_debugging',
    description: 'A process used anti-debugging techniques to block a debugger. Malware use anti-debugging to stay invisible and inhibit analysis of their behavior.',
    properties: {
      Severity: 1,
      Category: 'defense-evasion',
      Technique: 'Debugger Evasion',
      Kubernetes_Technique: '',
      id: 'attack-pattern--e4dc8c01-417f-458d-9ee0-bb0617c1b391',
      external_id: 'T1622',
    },
  },
  selects: [{ event: 'ptrace', origin: 'any', where: { request: { in: [PTRACE.TRACEME] } } }],
  doc: {
    data: [],
    useCase: 'Malware calls ptrace(PTRACE_TRACEME) on itself: the call fails (-1 EPERM) when a debugger or tracer such as strace is already attached, so the program knows it is watched and changes course; when it succeeds, no debugger can attach any more. The finding says that a program cares whether it is debugged.',
    issues: 'Legitimate tools call PTRACE_TRACEME too: gdb and ltrace start their target with fork, PTRACE_TRACEME in the child, then exec, and strace (6.x) probes the kernel at start with a child that calls it (seen here: one finding per strace run, comm strace; strace then attaches with PTRACE_SEIZE). The caller is the tool\'s child, its comm still the tool\'s. '
      + 'The call is reported whether it succeeded or not: returnValue in detectedFrom is 0 or -1 (EPERM, already traced). '
      + 'Evasions: other debugger checks make no ptrace call (reading TracerPid from /proc/self/status, timing checks, a helper process that takes the one tracer slot with PTRACE_ATTACH or PTRACE_SEIZE, prctl(PR_SET_DUMPABLE, 0), which forbids attaching by unprivileged tracers).',
    related: ['ptrace', 'ptrace_code_injection'],
  },
  onEvent: () => ({}),
};
