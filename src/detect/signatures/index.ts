/**
 * The built-in signatures, in the order their event ids are given (from
 * 6000). New ones go at the end so that ids stay as they were.
 */
import type { Signature } from '../signature.js';
import { ptraceCodeInjection } from './ptrace-code-injection.js';
import { antiDebugging } from './anti-debugging.js';
import { fdTheft } from './fd-theft.js';
import { agentTampering } from './agent-tampering.js';
import { processVmWriteInject } from './process-vm-write-inject.js';
import { procMemCodeInjection } from './proc-mem-code-injection.js';
import { filelessExecution } from './fileless-execution.js';
import { perfEventAbuse } from './perf-event-abuse.js';
import { droppedExecutable } from './dropped-executable.js';
import { hiddenFileCreated } from './hidden-file-created.js';

export const BUILTIN_SIGNATURES: readonly Signature[] = [
  ptraceCodeInjection,
  antiDebugging,
  fdTheft,
  agentTampering,
  processVmWriteInject,
  procMemCodeInjection,
  filelessExecution,
  perfEventAbuse,
  droppedExecutable,
  hiddenFileCreated,
];
