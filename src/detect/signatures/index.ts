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
import { readSensitiveFileUntrusted } from './read-sensitive-file-untrusted.js';
import { symlinkHardlinkOverSensitiveFiles } from './symlink-hardlink-over-sensitive-files.js';
import { packetSocketInContainer } from './packet-socket-in-container.js';
import { clearLogActivities } from './clear-log-activities.js';
import { netcatRemoteCodeExecution } from './netcat-remote-code-execution.js';
import { userfaultfdByNonRoot } from './userfaultfd-by-non-root.js';
import { toctouRace } from './toctou-race.js';
import { dynamicCodeLoading } from './dynamic-code-loading.js';
import { sudoersModification } from './sudoers-modification.js';
import { scheduledTaskMod } from './scheduled-task-mod.js';
import { rcdModification } from './rcd-modification.js';
import { procKcoreRead } from './proc-kcore-read.js';
import { procMemAccess } from './proc-mem-access.js';
import { schedDebugRecon } from './sched-debug-recon.js';
import { systemRequestKeyMod } from './system-request-key-mod.js';
import { aslrInspection } from './aslr-inspection.js';
import { cgroupNotifyOnRelease } from './cgroup-notify-on-release.js';
import { cgroupReleaseAgent } from './cgroup-release-agent.js';
import { corePatternModification } from './core-pattern-modification.js';
import { defaultLoaderMod } from './default-loader-mod.js';
import { k8sServiceAccountToken } from './k8s-service-account-token.js';
import { k8sCertTheft } from './k8s-cert-theft.js';
import { ldPreload } from './ld-preload.js';
import { k8sApiConnection } from './k8s-api-connection.js';
import { diskMount } from './disk-mount.js';
import { terminalShellInContainer } from './terminal-shell-in-container.js';
import { droppedExecutable } from './dropped-executable.js';
import { hiddenFileCreated } from './hidden-file-created.js';
import { illegitimateShell } from './illegitimate-shell.js';
import { runShellUntrusted } from './run-shell-untrusted.js';
import { kernelModuleLoading } from './kernel-module-loading.js';
import { stdioOverSocket } from './stdio-over-socket.js';
import { dockerAbuse } from './docker-abuse.js';
import { syscallHooking } from './syscall-hooking.js';
import { procFopsHooking } from './proc-fops-hooking.js';
import { kernelHookingPrecondition } from './kernel-hooking-precondition.js';

export const BUILTIN_SIGNATURES: readonly Signature[] = [
  ptraceCodeInjection,
  antiDebugging,
  fdTheft,
  agentTampering,
  processVmWriteInject,
  procMemCodeInjection,
  filelessExecution,
  perfEventAbuse,
  readSensitiveFileUntrusted,
  symlinkHardlinkOverSensitiveFiles,
  packetSocketInContainer,
  clearLogActivities,
  netcatRemoteCodeExecution,
  userfaultfdByNonRoot,
  dynamicCodeLoading,
  sudoersModification,
  scheduledTaskMod,
  rcdModification,
  procKcoreRead,
  procMemAccess,
  schedDebugRecon,
  systemRequestKeyMod,
  aslrInspection,
  cgroupNotifyOnRelease,
  cgroupReleaseAgent,
  corePatternModification,
  defaultLoaderMod,
  k8sServiceAccountToken,
  k8sCertTheft,
  ldPreload,
  k8sApiConnection,
  diskMount,
  terminalShellInContainer,
  droppedExecutable,
  hiddenFileCreated,
  illegitimateShell,
  runShellUntrusted,
  kernelModuleLoading,
  stdioOverSocket,
  dockerAbuse,
  syscallHooking,
  procFopsHooking,
  kernelHookingPrecondition,
  toctouRace,
];
