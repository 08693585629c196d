/**
 * Events derived in user space from other events (src/derive/): the seeds'
 * related events, the container lifecycle and mem_prot_alert. Each names the
 * events it is made from; selecting it makes the kernel send those (for perf
 * fds only, and mmaps with PROT_WRITE, PROT_EXEC or MAP_FIXED only, a test
 * made in the kernel before anything is reserved: bpf/sysray.h
 * SYSRAY_DERIVE_*).
 */
import type { ArgSpec, SyscallSpec } from './catalog-types.js';

/** What each argument is, for `sysray man`. */
const ARG_DOCS: Readonly<Record<string, string>> = {
  fd: "The perf event file descriptor (-1 for prctl, which acts on every counter of the process).",
  syscall: "The syscall that read it: read, readv, pread64, preadv or preadv2.",
  bytes: "Bytes returned, or a negated errno.",
  type: "The counter's type as the kernel holds it (PERF_TYPE_*; a PMU's number for dynamic PMUs), -1 for prctl.",
  config: "The counter's config (which event of that type), -1 for prctl.",
  cpu: "The CPU the counter counts on, -1 for any.",
  pid: "Host thread id the counter follows, -1 for every thread (a CPU-wide counter).",
  request: "The ioctl request (PERF_EVENT_IOC_*), or the prctl option (PR_TASK_PERF_EVENTS_DISABLE/ENABLE).",
  arg: "The ioctl argument (0 for prctl).",
  runtime: "The container runtime the cgroup path names: docker, containerd, crio, podman (or unknown).",
  container_id: "The 64-hex container id from the cgroup path.",
  container_image: "The container's image, from its runtime when reachable ('' otherwise).",
  container_image_digest: "The image's digest, from the runtime ('' otherwise).",
  ctime: "When the cgroup was made, ns since the epoch.",
  cgroup_id: "Id of the container\u2019s cgroup (its directory inode).",
  cgroup_path: "Path of the container\u2019s cgroup.",
  container_name: "The container's name, from its runtime ('' otherwise).",
};

/** mem_prot_alert's arguments (its ctime is not container_create's). */
const MEM_PROT_DOCS: Readonly<Record<string, string>> = {
  alert: "What changed, Tracee's numbers: 1 mmap with PROT_WRITE|PROT_EXEC, 2 mprotect adds PROT_EXEC, 3 mprotect adds PROT_WRITE to an executable region, 4 mprotect from writable to executable (not writable); with parse-arguments Tracee's text (\"Protection changed from W to E!\"...).",
  addr: "Start of the range the syscall was given (for mmap: the address it returned).",
  len: "Length of the range as the call gave it, bytes.",
  prot: "The protection asked for (PROT_READ 1, PROT_WRITE 2, PROT_EXEC 4).",
  prev_prot: "The protection sysray last saw for the region at addr (0 for mmap, and for a region it never saw mapped: mapped read-only without MAP_FIXED, or before sysray started). Only the PROT_* bits; Tracee gives the kernel's vm_flags.",
  pathname: "The mapped file, as the kernel named the mmap's fd ('' for anonymous memory).",
  dev: "Device of the mapped file (kernel dev_t, from a stat when the alert is made; 0 for anonymous memory).",
  inode: "Inode of the mapped file (0 for anonymous memory).",
  ctime: "The mapped file's inode change time, ns since the epoch (0 for anonymous memory).",
};

const documented = (a: ArgSpec): ArgSpec => (ARG_DOCS[a.name] ? { ...a, doc: ARG_DOCS[a.name] } : a);
import { DeriveTest, TracepointEventId } from '../decode/record-layout.js';

export const DerivedEventId = {
  containerCreate: 1100,
  containerRemove: 1101,
  perfEventRead: 1110,
  perfEventIoctl: 1111,
  memProtAlert: 1120,
  /** Tracee's id for magic_write in the numbering of its sched events (1002-1004). */
  magicWrite: 1012,
} as const;

/** How a source event becomes the derived one; the kernel test for syscall sources. */
export interface DerivedSource {
  readonly id: number;
  /**
   * 'perfFd': args[0] is a perf event fd; 'perfPrctl': prctl(PR_TASK_PERF_EVENTS_*);
   * 'magic*': the fd written to is an empty regular file written at 0 (bpf/sysray.h "magic_write"); 'always': every one.
   */
  readonly test: DeriveTestName;
}

const derived = (name: string, type: string, format?: ArgSpec['format']): ArgSpec => ({
  name, type, kind: 'derived', capture: 'none', tags: ['K'], ...(format ? { format } : {}),
});

const COUNTER_ARGS: readonly ArgSpec[] = [
  derived('type', 'u32', 'perfType'),
  derived('config', 'u64'),
  derived('cpu', 'int'),
  derived('pid', 'pid_t'),
];

/** The kernel's derive tests (record-layout.ts DeriveTest), or none. */
export type DeriveTestName = Exclude<keyof typeof DeriveTest, 'none'> | 'always';

/** x86_64 syscall numbers of the sources. */
const READ = 0, MMAP = 9, MPROTECT = 10, MUNMAP = 11, MREMAP = 25, PKEY_MPROTECT = 329, IOCTL = 16, PREAD64 = 17, READV = 19, PRCTL = 157, PREADV = 295, PREADV2 = 327;
const WRITE = 1, PWRITE64 = 18, WRITEV = 20, SENDFILE = 40, PWRITEV = 296, COPY_FILE_RANGE = 326, PWRITEV2 = 328;

/** magic_write's sources and the kernel test of each (which fd, where it writes, where the bytes are). */
export const MAGIC_WRITE_SOURCES: readonly DerivedSource[] = [
  { id: WRITE, test: 'magicWrite' },
  { id: PWRITE64, test: 'magicPwrite' },
  { id: WRITEV, test: 'magicWritev' },
  { id: PWRITEV, test: 'magicPwritev' },
  { id: PWRITEV2, test: 'magicPwritev' },
  { id: SENDFILE, test: 'magicSendfile' },
  { id: COPY_FILE_RANGE, test: 'magicCopy' },
];

export const DERIVED_SOURCES: ReadonlyMap<number, readonly DerivedSource[]> = new Map([
  [DerivedEventId.perfEventRead, [READ, READV, PREAD64, PREADV, PREADV2].map((id) => ({ id, test: 'perfFd' as const }))],
  [DerivedEventId.perfEventIoctl, [{ id: IOCTL, test: 'perfFd' }, { id: PRCTL, test: 'perfPrctl' }]],
  [DerivedEventId.containerCreate, [{ id: TracepointEventId.cgroupMkdir, test: 'always' }]],
  [DerivedEventId.containerRemove, [{ id: TracepointEventId.cgroupRmdir, test: 'always' }]],
  // every mprotect, munmap and mremap: each may change a kept mapping (src/derive/memory-regions.ts)
  [DerivedEventId.memProtAlert, [
    { id: MMAP, test: 'memProt' },
    ...[MPROTECT, PKEY_MPROTECT, MUNMAP, MREMAP].map((id) => ({ id, test: 'always' as const })),
  ]],
  [DerivedEventId.magicWrite, MAGIC_WRITE_SOURCES],
]);

const UNDOCUMENTED: readonly SyscallSpec[] = [
  {
    id: DerivedEventId.memProtAlert,
    name: 'mem_prot_alert',
    source: 'derived',
    sets: ['proc_mem'],
    summary: 'memory became writable and executable, or executable after being writable (mmap, mprotect, pkey_mprotect)',
    args: [
      derived('alert', 'u32', 'memProtAlert'),
      derived('addr', 'void*'),
      derived('len', 'size_t'),
      derived('prot', 'int', 'mmapProt'),
      derived('prev_prot', 'int', 'mmapProt'),
      derived('pathname', 'const char*'),
      derived('dev', 'dev_t'),
      derived('inode', 'unsigned long'),
      derived('ctime', 'unsigned long'),
    ],
    hooks: [
      {
        name: 'sys_enter',
        type: 'Raw tracepoint (`raw_syscalls:sys_enter`)',
        purpose: 'When mem_prot_alert is selected, the entry of mmap goes on only when prot has PROT_WRITE or PROT_EXEC or flags has MAP_FIXED (a mapping that may replace one kept), and then describes a file mapping\'s fd; every mprotect, pkey_mprotect, munmap and mremap goes on (each may change a kept region).',
      },
      {
        name: 'sys_exit',
        type: 'Raw tracepoint (`raw_syscalls:sys_exit`)',
        purpose: 'Adds the return value (the mapped address). User space keeps, per process, the regions mapped writable or executable (at most 4096 a process, 4096 processes; more are dropped and counted) and their protection, cleared at exec and exit, and makes the alert when a successful call gives a region W+X, adds X, or turns W into X. Unlike Tracee (security_mmap_addr, security_file_mprotect, which read the vma), the previous protection is what sysray saw, so regions mapped before it started are unknown.',
      },
    ],
  },
  {
    id: DerivedEventId.perfEventRead,
    name: 'perf_event_read',
    source: 'derived',
    sets: ['system', 'perf'],
    summary: 'a perf event counter was read (read, readv, pread64, preadv, preadv2 on a perf event fd)',
    args: [
      derived('fd', 'int'),
      derived('syscall', 'const char*'),
      derived('bytes', 'ssize_t'),
      ...COUNTER_ARGS,
    ],
    hooks: [
      {
        name: 'sys_enter',
        type: 'Raw tracepoint (`raw_syscalls:sys_enter`)',
        purpose: 'When perf_event_read is selected, the entry of read, readv, pread64, preadv and preadv2 looks up the fd in the caller\'s file table and goes on only when it is a perf event. It then reads the counter the kernel holds behind the fd: its type and config, its cpu (-1: any) and the thread it follows (host tid, -1: every thread of a cpu). That is the counter as the kernel has it, also for fds inherited or received from another process.',
      },
      {
        name: 'sys_exit',
        type: 'Raw tracepoint (`raw_syscalls:sys_exit`)',
        purpose: 'Adds the number of bytes returned (negative: an error) and submits the record; user space names it perf_event_read.',
      },
    ],
  },
  {
    id: DerivedEventId.perfEventIoctl,
    name: 'perf_event_ioctl',
    source: 'derived',
    sets: ['system', 'perf'],
    summary: 'a perf event counter was started, stopped, reset or changed (ioctl on a perf fd, or prctl PR_TASK_PERF_EVENTS_*)',
    args: [
      derived('fd', 'int'),
      derived('request', 'unsigned long', 'perfIoctl'),
      derived('arg', 'unsigned long'),
      ...COUNTER_ARGS,
    ],
    hooks: [
      {
        name: 'sys_enter',
        type: 'Raw tracepoint (`raw_syscalls:sys_enter`)',
        purpose: 'When perf_event_ioctl is selected, the entry of ioctl goes on only when its fd is a perf event (then the counter behind it is read, as for perf_event_read), and the entry of prctl only for PR_TASK_PERF_EVENTS_DISABLE and PR_TASK_PERF_EVENTS_ENABLE, which stop and start every counter of the calling process (fd -1, request the prctl option, no counter).',
      },
      {
        name: 'sys_exit',
        type: 'Raw tracepoint (`raw_syscalls:sys_exit`)',
        purpose: 'Adds the return value and submits the record; user space names it perf_event_ioctl.',
      },
    ],
  },
  {
    id: DerivedEventId.containerCreate,
    name: 'container_create',
    source: 'derived',
    sets: ['containers'],
    summary: "a container's cgroup was created (docker, containerd, cri-o, podman)",
    args: [
      derived('runtime', 'const char*'),
      derived('container_id', 'const char*'),
      derived('ctime', 'unsigned long'),
      derived('container_image', 'const char*'),
      derived('container_image_digest', 'const char*'),
      derived('container_name', 'const char*'),
      derived('cgroup_id', 'u64'),
      derived('cgroup_path', 'const char*'),
    ],
    hooks: [
      {
        name: 'cgroup_mkdir',
        type: 'Raw tracepoint (`cgroup:cgroup_mkdir`)',
        purpose: 'A cgroup made in the containers\' hierarchy whose path names a container (its runtime\'s layout: `docker-<id>.scope`, `cri-containerd-<id>.scope`, `crio-<id>.scope`, `libpod-<id>.scope`, `/docker/<id>`...) and that is not below another container\'s. Name and image come from the runtime\'s socket when it answers (docker, podman, containerd); otherwise they are empty.',
      },
    ],
  },
  {
    id: DerivedEventId.containerRemove,
    name: 'container_remove',
    source: 'derived',
    sets: ['containers'],
    summary: "a container's cgroup was removed",
    args: [derived('runtime', 'const char*'), derived('container_id', 'const char*')],
    hooks: [{ name: 'cgroup_rmdir', type: 'Raw tracepoint (`cgroup:cgroup_rmdir`)', purpose: "The container's own cgroup was removed." }],
  },
  {
    id: DerivedEventId.magicWrite,
    name: 'magic_write',
    source: 'derived',
    sets: ['fs'],
    summary: 'the first bytes (file header) were written into an empty regular file (write, pwrite64, writev, pwritev, pwritev2, sendfile, copy_file_range)',
    args: [
      derived('pathname', 'const char*'),
      { name: 'bytes', type: '[]byte', kind: 'derived', capture: 'none', tags: ['U', 'TOCTOU'] },
      derived('dev', 'dev_t'),
      derived('inode', 'unsigned long'),
      derived('content_unknown', 'bool'),
    ],
    hooks: [
      {
        name: 'sys_enter',
        type: 'Raw tracepoint (`raw_syscalls:sys_enter`) or `syscalls:sys_enter_X`',
        purpose: 'When magic_write is selected, the entry of write, pwrite64, writev, pwritev, pwritev2, sendfile and copy_file_range looks up the fd written to (copy_file_range: fd_out) in the caller\'s file table and goes on only when it is a regular file whose inode has no bytes (i_size 0: just created, or truncated) and the write starts at 0: the file position (write, writev, sendfile), the offset argument (pwrite64, pwritev; -1 for pwritev2: the position), *off_out or the position (copy_file_range), or anywhere for a file opened O_APPEND. That is the kernel\'s own state of the file, so no open has to be tracked, and a write into a file that already has bytes costs a few loads and no record: a write storm sends nothing.',
      },
      {
        name: 'sys_exit',
        type: 'Raw tracepoint (`raw_syscalls:sys_exit`) or `syscalls:sys_exit_X`',
        purpose: 'When the syscall wrote (return value > 0), reads the first min(32, written) bytes from the caller\'s buffer (writev, pwritev, pwritev2: from the first four iovecs) and the file\'s path, device and inode as the kernel holds them, and submits the record; user space names it magic_write. A syscall that wrote nothing sends nothing. The bytes are user memory read after the kernel copied it: another thread of the writer could have changed the buffer in between (TOCTOU), so they are what the buffer held at exit, not necessarily what reached the file. sendfile and copy_file_range copy inside the kernel: `bytes` is empty and `content_unknown` true. Unlike Tracee (a kprobe on vfs_write at offset 0, any file size), only the first write into an empty file counts: rewriting the header of an existing file (lseek 0, write) is not reported; writes by the kernel itself (__kernel_write, coredumps), through mmap, io_uring or splice are not seen.',
      },
    ],
  },
];

export const DERIVED_EVENTS: readonly SyscallSpec[] = UNDOCUMENTED.map((e) => ({
  ...e,
  // magic_write's arguments are described in docs/events/magic_write.md (its `bytes` is not perf_event_read's)
  args: e.id === DerivedEventId.memProtAlert ? e.args.map((a) => ({ ...a, doc: MEM_PROT_DOCS[a.name] })) : e.id === DerivedEventId.magicWrite ? e.args : e.args.map(documented),
}));
