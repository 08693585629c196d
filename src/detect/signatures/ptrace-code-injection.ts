/**
 * TRC-103 ptrace_code_injection: PTRACE_POKETEXT or PTRACE_POKEDATA writes
 * into another process's memory. Tracee's logic and metadata; the kernel
 * sends only ptrace calls with those requests.
 */
import type { Signature } from '../signature.js';
import { PTRACE } from '../predicates.js';

export const ptraceCodeInjection: Signature = {
  metadata: {
    id: 'TRC-103',
    version: '1',
    name: 'Code injection detected using ptrace',
    eventName: 'ptrace_code_injection',
    description: 'Possible code injection into another process was detected. Code injection is an exploitation technique used to run malicious code, adversaries may use it in order to execute their malware.',
    properties: {
      Severity: 3,
      Category: 'defense-evasion',
      Technique: 'Ptrace System Calls',
      Kubernetes_Technique: '',
      id: 'attack-pattern--ea016b56-ae0e-47fe-967a-cc0ad51af67f',
      external_id: 'T1055.008',
    },
  },
  selects: [{ event: 'ptrace', origin: 'any', where: { request: { in: [PTRACE.POKETEXT, PTRACE.POKEDATA] } } }],
  doc: {
    useCase: 'A process writes code into another one with ptrace (gdb-style injection, as done by linux-inject or a shellcode loader) to run it under the victim\'s identity.',
    issues: 'Debuggers setting breakpoints (gdb, lldb) use POKETEXT too: expect findings while someone debugs. The call is reported whether it succeeded or not (see returnValue in detectedFrom).',
    related: ['ptrace', 'process_vm_write_inject', 'proc_mem_code_injection'],
  },
  onEvent: () => ({}),
};
