/**
 * SYSRAY-2 agent_tampering: another process signals, stops, traces, reads or
 * writes the memory of, or takes an fd from sysray itself or another
 * security agent (params.agents). sysray's own signature (Tracee has none).
 * Targets named by a pidfd are the kernel's resolution (event.target); pid
 * arguments are compared only from the host's pid namespace, where they are
 * host pids.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { TraceEvent } from '../../decode/trace-event.js';
import type { Finding, Severity, Signature, SignatureContext } from '../signature.js';
import { signalName } from '../../decode/symbols/signals.js';
import { KNOWN_AGENTS, PTRACE, hostThreadGroup, inHostPidNamespace, isFileWrite, numArg, procMemPid, processNamed, strArg } from '../predicates.js';

const SIG = { HUP: 1, INT: 2, KILL: 9, TERM: 15, CHLD: 17, CONT: 18, STOP: 19, TSTP: 20, TTIN: 21, TTOU: 22, URG: 23, WINCH: 28 } as const;
/** They stop or end the process whatever it does (TSTP/TTIN/TTOU stop it unless it handles them; sysray does not). */
const DISABLING = new Set<number>([SIG.KILL, SIG.STOP, SIG.TSTP, SIG.TTIN, SIG.TTOU]);
/** What a service manager or the one who started it sends to stop it. */
const STOPPING = new Set<number>([SIG.TERM, SIG.INT, SIG.HUP]);
/** Ignored unless handled: nothing happens to the agent. */
const HARMLESS = new Set<number>([SIG.CONT, SIG.CHLD, SIG.URG, SIG.WINCH]);

const SIGNAL_METHODS = ['kill', 'tkill', 'tgkill', 'rt_sigqueueinfo', 'rt_tgsigqueueinfo', 'pidfd_send_signal'];

/** A line of /proc/PID/status or a field of /proc/PID/stat; undefined when the process is gone. */
function _procNumber(pid: number, file: 'status' | 'stat', field: RegExp | number): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/${file}`, 'utf8');
    if (typeof field === 'number') return Number(text.slice(text.lastIndexOf(')') + 2).split(' ')[field - 3]);
    const m = field.exec(text);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** The process (thread group) of host thread id `tid`. */
function _threadGroup(tid: number, event: TraceEvent, ctx: SignatureContext): number {
  if (tid === event.hostThreadId) return event.hostProcessId;
  return hostThreadGroup(ctx, tid) ?? tid;
}

interface Aim {
  pid: number;
  delivery?: string;
  access?: string;
}

/** What the event is aimed at: a host pid, or undefined when it is not known or not another process. */
function _aim(event: TraceEvent, ctx: SignatureContext): Aim | undefined {
  switch (event.eventName) {
    case 'pidfd_send_signal': {
      const flags = numArg(event, 'flags'); // PIDFD_SIGNAL_THREAD 1, _THREAD_GROUP 2, _PROCESS_GROUP 4
      return event.target ? { pid: event.target.hostProcessId, delivery: flags === 1 ? 'thread' : flags === 4 ? 'process group' : 'process' } : undefined;
    }
    case 'pidfd_getfd':
      return event.target ? { pid: event.target.hostProcessId } : undefined;
  }
  if (!inHostPidNamespace(event)) return undefined; // pid arguments in another namespace: see doc.issues
  switch (event.eventName) {
    case 'kill': {
      const pid = numArg(event, 'pid');
      if (pid > 0) return { pid: _threadGroup(pid, event, ctx), delivery: 'process' }; // a thread's id names its process
      if (pid === -1) { // every process the caller may signal: sysray among them when it is root or sysray's user
        const mayReach = event.userId === 0 || event.userId === process.geteuid?.();
        return mayReach ? { pid: ctx.self.pid, delivery: 'every process' } : undefined;
      }
      const group = pid === 0 ? _procNumber(event.hostProcessId, 'stat', 5) : -pid;
      return group !== undefined && group === _procNumber(ctx.self.pid, 'stat', 5) ? { pid: ctx.self.pid, delivery: 'process group' } : undefined;
    }
    case 'tkill':
      return { pid: _threadGroup(numArg(event, 'tid'), event, ctx), delivery: 'thread' };
    case 'tgkill':
    case 'rt_tgsigqueueinfo':
      return { pid: numArg(event, 'tgid'), delivery: 'thread' };
    case 'rt_sigqueueinfo':
      return { pid: _threadGroup(numArg(event, 'tgid'), event, ctx), delivery: 'process' };
    case 'ptrace':
      return { pid: _threadGroup(numArg(event, 'pid'), event, ctx) };
    case 'process_vm_readv':
    case 'process_vm_writev':
      return { pid: _threadGroup(numArg(event, 'pid'), event, ctx), access: event.eventName === 'process_vm_readv' ? 'read' : 'write' };
    default: { // open, openat, openat2 of /proc/PID/mem
      let path = strArg(event, 'pathname');
      if (!path.startsWith('/') && event.returnedFd?.kind === 'file') path = event.returnedFd.path;
      const pid = path.startsWith('/proc/') ? procMemPid(posix.normalize(path)) : undefined;
      if (pid === undefined) return undefined;
      const access = event.eventName === 'openat2' ? 'unknown' : isFileWrite(numArg(event, 'flags')) ? 'write' : 'read';
      return { pid: _threadGroup(pid, event, ctx), access };
    }
  }
}

function _severity(event: TraceEvent, aim: Aim, sig: number, parentOfTarget: number): Severity {
  if (SIGNAL_METHODS.includes(event.eventName)) {
    if (DISABLING.has(sig)) return 3;
    if (HARMLESS.has(sig)) return 0;
    if (STOPPING.has(sig) && (event.hostProcessId === parentOfTarget || event.hostProcessId === 1)) return 0;
    return 2;
  }
  return aim.access === 'read' ? 2 : 3; // ptrace, fd theft, memory writes (and openat2, whose flags are not read)
}

export const agentTampering: Signature = {
  metadata: {
    id: 'SYSRAY-2',
    version: '1',
    name: 'Security agent tampered with',
    eventName: 'agent_tampering',
    description: 'Another process signalled, stopped, traced, read or wrote the memory of, or took a file descriptor from sysray or another security agent. Stopping or blinding the agent comes before what it would have seen.',
    tags: ['linux'],
    properties: {
      Severity: 2,
      Category: 'defense-evasion',
      Technique: 'Impair Defenses: Disable or Modify Tools',
      external_id: 'T1562.001',
    },
  },
  selects: [
    ...SIGNAL_METHODS.map((event) => ({ event, origin: 'any' as const, where: { sig: { anyBits: 0x7f } } })), // not signal 0
    // taking control (every other request needs it first) and writing; not each PEEK of an attached tracer
    { event: 'ptrace', origin: 'any', where: { request: { in: [PTRACE.ATTACH, PTRACE.SEIZE, PTRACE.POKETEXT, PTRACE.POKEDATA] } } },
    { event: 'process_vm_readv', origin: 'any' },
    { event: 'process_vm_writev', origin: 'any' },
    { event: 'pidfd_getfd', origin: 'any' },
    ...['open', 'openat', 'openat2'].map((event) => ({ event, origin: 'any' as const, where: { pathname: { prefix: ['/proc/'] } } })),
  ],
  params: {
    agents: { default: KNOWN_AGENTS, doc: 'Processes protected besides sysray itself, by comm or by the base name of their executable.' },
  },
  doc: {
    data: [
      { name: 'target', type: 'unknown', doc: 'The agent: {hostProcessId, processName, executable: {path}, processEntityId, self}, `self` true when it is this sysray.' },
      { name: 'method', type: 'const char *', doc: 'The syscall: kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo, pidfd_send_signal, ptrace, process_vm_readv, process_vm_writev, pidfd_getfd, open, openat or openat2.' },
      { name: 'signal', type: 'int', doc: 'Signal methods: the signal number.' },
      { name: 'signalName', type: 'const char *', doc: 'Signal methods: its name (SIGKILL, SIGRTMIN+2), or the number when it has none.' },
      { name: 'delivery', type: 'const char *', doc: 'Signal methods: what the signal was sent to: process, thread, process group (kill of 0 or -PGID, sysray\'s group) or every process (kill of -1).' },
      { name: 'request', type: 'const char *', doc: 'ptrace: the request (PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_POKETEXT, PTRACE_POKEDATA).' },
      { name: 'access', type: 'const char *', doc: 'process_vm_readv/writev and opens of /proc/PID/mem: read or write (unknown for openat2, whose flags sysray does not read).' },
    ],
    useCase: 'An intruder makes the agent stop watching before acting: kills or stops it (SIGKILL, SIGSTOP: severity 3; SIGTSTP, SIGTTIN and SIGTTOU stop it too: 3), attaches to it or writes into it with ptrace (PTRACE_ATTACH, PTRACE_SEIZE, PTRACE_POKETEXT, PTRACE_POKEDATA: 3; the other requests need an attach first), writes its memory with process_vm_writev or through /proc/PID/mem (3), takes one of its fds, such as its BPF maps, output or sockets (3), or reads its memory (2). SIGTERM, SIGINT and SIGHUP from the agent\'s parent (for sysray: the process that started it) or from pid 1 are how it is normally stopped and are still reported, at severity 0; SIGCONT, SIGCHLD, SIGURG and SIGWINCH, which do nothing to it, are 0 too; other signals are 2. Signal 0, the existence probe, is not reported: supervisors and pidof-style checks send it all the time. Other agents are protected with `--signature-param agent_tampering.agents=falco,myagent` (the names replace the default list; this sysray is always protected). A refused attempt (EPERM) is reported like a successful one: returnValue in detectedFrom tells them apart.',
    issues: 'Pid arguments are compared only when the caller is in the host\'s pid namespace, and sysray is assumed to run there: a caller in a container names pids of its own namespace, where sysray on the host is not visible, but an agent in the same container is, and is covered only through a pidfd (pidfd_send_signal, pidfd_getfd, whose target the kernel resolves). Process groups: kill(0) and kill(-PGID) are reported when the group is sysray\'s own, the caller\'s group for kill(0) being read from /proc when sysray handles the event (missed when the caller has exited by then); kill(-1) from root or sysray\'s user is reported as aimed at sysray; other agents reached through a group or kill(-1), and pidfd_send_signal with PIDFD_SIGNAL_PROCESS_GROUP to another member of sysray\'s group, are not. Threads named by tkill, kill, ptrace, process_vm_* or /proc/TID/mem are mapped to their process through /proc; a thread gone by then is not. Not seen: /proc mounted elsewhere than /proc, opens relative to a /proc directory fd when the kernel did not describe the new fd. Agents are matched by name: a renamed agent evades, a process named like one causes findings; another sysray is `node` to the kernel and is not matched by name. One finding per call: a memory dump through process_vm_readv gives one per read. Legitimate: systemd killing a service that did not stop in time (SIGKILL from pid 1: 3), debuggers and profilers attaching (3), signals from the agent\'s own children (reported).',
    related: ['kill', 'tkill', 'tgkill', 'pidfd_send_signal', 'ptrace', 'process_vm_writev', 'fd_theft', 'ptrace_code_injection'],
  },
  onEvent: (event, ctx) => {
    const aim = _aim(event, ctx);
    if (!aim || aim.pid <= 0 || aim.pid === event.hostProcessId) return undefined;
    const self = aim.pid === ctx.self.pid;
    const rec = ctx.process(aim.pid);
    const ref = event.target?.hostProcessId === aim.pid ? event.target : undefined;
    const comm = ref?.processName ?? rec?.comm ?? '';
    const exe = ref?.executablePath ?? rec?.exePath ?? '';
    if (!self && !processNamed(ctx.param('agents'), comm, exe)) return undefined;
    const signal = SIGNAL_METHODS.includes(event.eventName) ? numArg(event, 'sig') : undefined;
    const finding: Finding = {
      data: {
        target: { hostProcessId: aim.pid, processName: comm, executable: { path: exe }, processEntityId: ref?.processEntityId ?? rec?.entityId ?? 0, self },
        method: event.eventName,
        signal,
        signalName: signal === undefined ? undefined : signalName(signal) ?? String(signal),
        delivery: aim.delivery,
        request: event.eventName === 'ptrace' ? ctx.symbol(event, 'request') ?? String(numArg(event, 'request')) : undefined,
        access: aim.access,
      },
      severity: _severity(event, aim, signal ?? 0, self ? ctx.self.parentPid : rec?.hostPpid ?? -1),
    };
    return finding;
  },
};
