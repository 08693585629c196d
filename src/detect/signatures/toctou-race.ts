/**
 * SYSRAY-13 toctou_race: a syscall argument sysray read from user memory is
 * not what the kernel used (src/decode/kernel-truth/ marks it `raced`). The
 * phantom attack (DEF CON 29) on syscall monitors: a thread of the caller
 * changes the memory between the monitor's read and the kernel's copy, or
 * stalls the kernel's copy with userfaultfd and shows the monitor another
 * value. One finding per call, on the first raced argument.
 */
import type { Signature } from '../signature.js';
import { OPEN_SYSCALLS } from '../predicates.js';


export const toctouRace: Signature = {
  metadata: {
    id: 'SYSRAY-13',
    version: '1',
    name: 'Syscall argument raced against the monitor (TOCTOU)',
    eventName: 'toctou_race',
    description: 'A syscall argument read from the caller\'s memory is not what the kernel used: it was changed between sysray\'s read and the kernel\'s copy, or could not be read at entry and reads otherwise afterwards. The kernel\'s value, read from kernel objects at exit, says what really happened. A defense-evasion technique against syscall monitors (the phantom attack).',
    tags: ['linux', 'defense-evasion'],
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Impair Defenses',
      Kubernetes_Technique: '',
      id: 'attack-pattern--3d333250-30e4-4a82-9edc-756c68afc529',
      external_id: 'T1562',
    },
  },
  selects: [
    // opens are many: the kernel sends one only when its path could not be read at entry (what a race on it needs)
    ...OPEN_SYSCALLS.map((event) => ({ event, origin: 'any' as const, where: { pathname: { entryFault: true as const } } })),
    ...['connect', 'bind', 'execve', 'execveat', 'perf_event_open'].map((event) => ({ event, origin: 'any' as const })),
  ],
  doc: {
    data: [
      { name: 'argument', type: 'const char *', doc: 'The raced argument\'s name (`attr`, `pathname`, `addr`, `group_fd`).' },
      { name: 'value', type: 'any', doc: 'What sysray read from user memory (at entry, or at exit after an entry fault); null when it could not be read.' },
      { name: 'kernelValue', type: 'any', doc: 'What the kernel used, read from kernel objects at exit (the opened file, the socket\'s peer, the event\'s attr, the executed file); absent when the fd was replaced.' },
      { name: 'technique', type: 'const char *', doc: '`value changed` (read fine, but not the kernel\'s), `entry read failed` (unreadable at entry: userfaultfd or an unmapped page, and otherwise afterwards), `fd replaced` (a dup2 onto the fd during the call).' },
    ],
    useCase: 'A process that wants a monitor to log a harmless call while the kernel does a harmful one (open a secret file, connect to a command-and-control address, start a hardware counter to spy on another process, execute another program) changes the argument in its own memory while the call is under way, from a second thread or by stalling the kernel\'s copy with userfaultfd. Monitors that read arguments from user memory (Tracee, Falco before it took addresses from the socket, strace) report the harmless value. sysray reports what the kernel used beside what it read, and this signature reports every call where the two disagree.',
    issues: 'Races on an open\'s path are seen only through their entry fault: a path that read fine at entry and was changed before the kernel copied it has the true file in `kernelValue` but is not marked raced, because a symlink differs from the path the same way. Unix socket paths passed to connect are compared only as abstract names, for the same reason. Other syscalls\' arguments have no kernel value and are not checked. A benign program whose page of the argument was not yet faulted in is not reported: what was read afterwards matches the kernel\'s value.',
    related: ['openat', 'connect', 'bind', 'execve', 'perf_event_open', 'userfaultfd_by_non_root'],
  },
  onEvent: (event) => {
    const arg = event.args.find((a) => a.raced);
    if (!arg) return undefined;
    return {
      data: {
        argument: arg.spec.name,
        value: arg.value,
        ...(arg.kernelValue !== undefined ? { kernelValue: arg.kernelValue } : {}),
        technique: arg.raceTechnique ?? 'value changed',
      },
    };
  },
};
