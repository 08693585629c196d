/**
 * SYSRAY-11 userfaultfd_by_non_root: Falco's sandbox rule "Unprivileged
 * Delegation of Page Faults Handling to a Userspace Process" (CRITICAL →
 * Severity 3; defense_evasion, TA0005 only): a user other than root makes a
 * userfaultfd, by userfaultfd(2) or by ioctl(USERFAULTFD_IOC_NEW) on
 * /dev/userfaultfd. A userfaultfd lets a process stall the kernel in the
 * middle of copying its memory: the race primitive of many kernel exploits
 * and of the Phantom attack on syscall monitors (arguments changed after
 * the monitor read them). Refused attempts are reported too, lower.
 */
import type { Signature } from '../signature.js';
import { numArg, processNamed } from '../predicates.js';

/** _IO(0xAA, 0x00): /dev/userfaultfd's only request (ioctl type 0xAA is userfaultfd's, Documentation/userspace-api/ioctl/ioctl-number.rst). */
const USERFAULTFD_IOC_NEW = 0xaa00;
/** Only faults from user mode are handled: the kernel's own copies cannot be stalled (allowed to anyone since 5.11). */
const UFFD_USER_MODE_ONLY = 1;

export const userfaultfdByNonRoot: Signature = {
  metadata: {
    id: 'SYSRAY-11',
    version: '1',
    name: 'Unprivileged Delegation of Page Faults Handling to a Userspace Process',
    eventName: 'userfaultfd_by_non_root',
    description: 'A user other than root created (or tried to create) a userfaultfd, which hands the handling of its page faults to user space: a primitive to stall the kernel in the middle of a copy, used to win races in kernel exploits and to change syscall arguments after a monitor has read them. Falco\'s rule "Unprivileged Delegation of Page Faults Handling to a Userspace Process".',
    tags: ['linux', 'falco'],
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Exploitation for Defense Evasion',
      Kubernetes_Technique: '',
      id: 'attack-pattern--fe926152-f431-4baf-956c-4ad3cb0bf23b',
      external_id: 'T1211',
      falco_rule: 'Unprivileged Delegation of Page Faults Handling to a Userspace Process',
    },
  },
  selects: [
    { event: 'userfaultfd', origin: 'any' },
    { event: 'ioctl', origin: 'any', where: { request: { in: [USERFAULTFD_IOC_NEW] } } },
  ],
  params: {
    programs: { default: [], doc: 'Programs (comm or executable base name) that use userfaultfd as non-root for a living (Falco\'s user_known_userfaultfd_processes, empty): CRIU, QEMU post-copy migration, some garbage collectors.' },
  },
  doc: {
    data: [
      { name: 'via', type: 'const char *', doc: '`userfaultfd` (the syscall) or `ioctl` (USERFAULTFD_IOC_NEW on a /dev/userfaultfd node).' },
      { name: 'flags', type: 'int', doc: 'The flags asked for (O_CLOEXEC 0x80000, O_NONBLOCK 0x800, UFFD_USER_MODE_ONLY 1).' },
      { name: 'userModeOnly', type: 'bool', doc: 'UFFD_USER_MODE_ONLY was asked for: faults taken in the kernel are not delivered, so the kernel cannot be stalled with it.' },
      { name: 'allowed', type: 'bool', doc: 'The kernel made the userfaultfd (the return value is its fd); false: refused (EPERM under vm.unprivileged_userfaultfd=0 without CAP_SYS_PTRACE).' },
    ],
    useCase: 'Kernel exploits (use-after-free and double-fetch races, msg_msg and setxattr heap sprays) register a userfaultfd on a page the kernel will copy from, so that the copy stops in the middle while another thread frees or changes the object; the Phantom attack (DEF CON 29) does the same to a syscall\'s arguments, so that a tracer such as this one reads one path and the kernel acts on another. Both need a userfaultfd that handles kernel-mode faults, which distributions reserve for root (vm.unprivileged_userfaultfd=0) but which an unprivileged user gets through a /dev/userfaultfd its permissions let it open, with CAP_SYS_PTRACE, or where the sysctl is 1.',
    issues: 'Falco\'s rule reports successful calls by a non-zero uid, CRITICAL. Here: severity 3 for a userfaultfd that can handle kernel faults; 2 for a UFFD_USER_MODE_ONLY one (allowed to everyone since Linux 5.11, harmless to the kernel\'s copies, yet Falco reports it too); 1 for an attempt the kernel refused (Falco reports none: a refusal here means vm.unprivileged_userfaultfd=0 did its job, but tells of an exploit probing for it). '
      + 'The user is the caller\'s real uid (cred->uid): a setuid-root program run by a user is reported although it is privileged, and a root process that switched only its effective uid is not. /dev/userfaultfd is recognized by its ioctl request (0xAA00, userfaultfd\'s own ioctl type), not by the node\'s path: a copy of the node elsewhere is seen too; another driver answering 0xAA00 would be a false positive. '
      + 'Expected findings: CRIU and QEMU post-copy live migration run as non-root, some JVM and language-runtime garbage collectors (user-mode-only, severity 2). Not covered: userfaultfds inherited from or passed by (SCM_RIGHTS) a privileged process, and io_uring (no syscall to see).',
    related: ['userfaultfd', 'ioctl', 'mmap', 'ptrace_code_injection'],
  },
  onEvent: (event, ctx) => {
    if (event.userId === 0 || event.processName === '') return undefined;
    if (processNamed(ctx.param('programs'), event.processName, event.executablePath)) return undefined;
    const viaIoctl = event.eventName === 'ioctl';
    if (viaIoctl && numArg(event, 'request') !== USERFAULTFD_IOC_NEW) return undefined;
    const flags = numArg(event, viaIoctl ? 'arg' : 'flags');
    const userModeOnly = (flags & UFFD_USER_MODE_ONLY) !== 0;
    const allowed = Number(event.returnValue) >= 0;
    return {
      severity: !allowed ? 1 : userModeOnly ? 2 : 3,
      data: { via: viaIoctl ? 'ioctl' : 'userfaultfd', flags, userModeOnly, allowed },
    };
  },
};
