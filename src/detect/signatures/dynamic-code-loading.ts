/**
 * TRC-104 dynamic_code_loading: memory that was writable became executable
 * (mem_prot_alert 4, "Protection changed from W to E!"): code written at run
 * time and then run, as unpackers, shellcode loaders and JITs do. Tracee's
 * logic and metadata; sysray leaves out JITs (params.jits, by comm or
 * executable) when the memory is anonymous, as a JIT's code heap is.
 */
import type { Signature } from '../signature.js';
import { numArg, processNamed, strArg } from '../predicates.js';
import { MemProtAlertKind } from '../../derive/mem-prot-alert.js';

export const dynamicCodeLoading: Signature = {
  metadata: {
    id: 'TRC-104',
    name: 'Dynamic code loading detected',
    eventName: 'dynamic_code_loading',
    version: '1',
    description: "Possible dynamic code loading was detected as the binary's memory is both writable and executable. Writing to an executable allocated memory region could be a technique used by adversaries to run code undetected and without dropping executables.",
    properties: {
      Severity: 2,
      Category: 'defense-evasion',
      Technique: 'Software Packing',
      Kubernetes_Technique: '',
      id: 'attack-pattern--deb98323-e13f-4b0c-8d94-175379069062',
      external_id: 'T1027.002',
    },
  },
  selects: [{ event: 'mem_prot_alert', origin: 'any', where: { alert: { in: [MemProtAlertKind.mprotectWToX] } } }],
  params: {
    jits: {
      default: ['node', 'nodejs', 'java', 'luajit', 'pypy', 'pypy3', 'dotnet', 'mono', 'deno', 'bun', 'chrome', 'chromium', 'firefox'],
      doc: 'Programs (comm or executable base name) whose anonymous memory going from writable to executable is their JIT at work; empty (`dynamic_code_loading.jits=`) reports them too, as Tracee does.',
    },
  },
  doc: {
    data: [],
    useCase: 'A packed or staged payload decrypts code into memory it allocated writable, makes it executable with mprotect and jumps to it: nothing executable is written to disk and no exec happens, so file scanners and exec monitoring see nothing. Shellcode loaders injected into a process (after a memory-corruption exploit, or by ptrace) do the same to run their second stage.',
    issues: 'JITs do exactly this for a living (V8 in node and browsers, the JVM, LuaJIT, PyPy, .NET, QEMU\'s TCG, some regex engines such as PCRE2\'s JIT, and libffi closures): an anonymous region of a program in params.jits makes no finding, while a file-backed one (a library patched in memory) still does. A JIT program under another name, or code loaded by a JIT\'s own process, are the false positives and the blind spot of that list. '
      + 'sysray judges "was writable" from the mmap and mprotect calls it saw (mem_prot_alert\'s prev_prot): memory mapped before sysray started is unknown and reported, at most, as mem_prot_alert 2, not here; memory mapped writable through a second mapping of the same memfd or shm file (write through one view, execute the other: no mprotect) and regions made executable without mprotect (mmap PROT_EXEC of a file just written) are not this signature\'s, see fileless_execution and mem_prot_alert 1. '
      + 'Unlike Tracee, whose security_file_mprotect hook reads the vma\'s flags, a region sysray was not told about (more than 4096 kept in one process) is not judged.',
    related: ['mem_prot_alert', 'mprotect', 'mmap', 'fileless_execution', 'ptrace_code_injection'],
  },
  onEvent: (event, ctx) => {
    if (numArg(event, 'alert') !== MemProtAlertKind.mprotectWToX) return undefined;
    const anonymous = strArg(event, 'pathname') === '';
    if (anonymous && processNamed(ctx.param('jits'), event.processName, event.executablePath)) return undefined;
    return { data: {} };
  },
};
