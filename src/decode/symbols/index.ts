/**
 * Symbolic rendering of syscall arguments (`-o option:parse-arguments`).
 *
 * Rules, as Tracee's parse-arguments:
 * - flag sets: names joined with `|` (`O_WRONLY|O_CREAT|O_CLOEXEC`); bits no
 *   name accounts for are appended as one hex number (`O_CREAT|0x40000000`);
 *   0 renders as the zero name where one exists (`O_RDONLY`, `PROT_NONE`,
 *   `F_OK`), else `0`;
 * - enumerations: the name, or the decimal number when unknown;
 * - `dirfd`: `AT_FDCWD` for -100, else the number;
 * - `fileMode`: `S_IFREG|0644`, or `0755` with no type bits;
 * - `signal`: `SIGKILL`, realtime `SIGRTMIN+n`, 0 as `0`.
 *
 * Every name in the output is the C identifier from the kernel's uapi headers
 * (or glibc's, where the kernel has none: O_ASYNC, SIGRTMIN).
 */
import type { ArgFormat } from '../../events/catalog-types.js';
import { renderAccessMode } from './access-mode.js';
import { renderAtFlags, renderDirfd } from './at-flags.js';
import { renderBpfCmd } from './bpf-cmd.js';
import { renderCapability } from './capability.js';
import { renderClockId } from './clock.js';
import { renderCloneFlags } from './clone.js';
import { renderFcntlCmd } from './fcntl.js';
import { renderFileMode } from './file-mode.js';
import { renderMmapFlags, renderMmapProt } from './mmap.js';
import { renderMemProtAlert } from './mem-prot-alert.js';
import { renderOpenFlags } from './open-flags.js';
import { renderPerfEventOpenFlags, renderPerfIoctl, renderPerfType } from './perf.js';
import { renderPidfdGetfdFlags, renderPidfdOpenFlags, renderPidfdSendSignalFlags } from './pidfd.js';
import { renderPrctlOption } from './prctl.js';
import { renderPtraceRequest } from './ptrace.js';
import { renderSignal } from './signals.js';
import { renderSocketDomain, renderSocketType } from './socket.js';
import { renderWhence } from './whence.js';

export { errnoName } from './errno.js';
export { signalName } from './signals.js';
export { addressFamilyName } from './socket.js';
export {
  perfBpTypeName,
  perfBranchSampleTypeNames,
  perfConfigName,
  perfReadFormatNames,
  perfSampleTypeNames,
  perfTypeName,
} from './perf.js';

/** One renderer per format; the Record type makes a missing format a compile error. */
const RENDERERS: Readonly<Record<ArgFormat, (value: bigint) => string>> = {
  dirfd: renderDirfd,
  openFlags: renderOpenFlags,
  fileMode: renderFileMode,
  accessMode: renderAccessMode,
  atFlags: renderAtFlags,
  signal: renderSignal,
  perfEventOpenFlags: renderPerfEventOpenFlags,
  pidfdOpenFlags: renderPidfdOpenFlags,
  pidfdGetfdFlags: renderPidfdGetfdFlags,
  pidfdSendSignalFlags: renderPidfdSendSignalFlags,
  mmapProt: renderMmapProt,
  mmapFlags: renderMmapFlags,
  socketDomain: renderSocketDomain,
  socketType: renderSocketType,
  cloneFlags: renderCloneFlags,
  clockId: renderClockId,
  prctlOption: renderPrctlOption,
  ptraceRequest: renderPtraceRequest,
  bpfCmd: renderBpfCmd,
  fcntlCmd: renderFcntlCmd,
  capability: renderCapability,
  whence: renderWhence,
  perfType: renderPerfType,
  perfIoctl: renderPerfIoctl,
  memProtAlert: renderMemProtAlert,
};

/**
 * The symbolic text of an argument value. `value` is the register value
 * already truncated and sign-extended to the argument's C type.
 * @example renderArgSymbolic('openFlags', 0o2000101n) // 'O_WRONLY|O_CREAT|O_CLOEXEC'
 * @example renderArgSymbolic('dirfd', -100n) // 'AT_FDCWD'
 */
export function renderArgSymbolic(format: ArgFormat, value: bigint): string {
  return RENDERERS[format](value);
}
