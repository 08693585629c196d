// GENERATED FILE, DO NOT EDIT: written by scripts/gen-catalog.ts.
// Regenerate with `npx tsx scripts/gen-catalog.ts` (needs tracefs mounted at /sys/kernel/tracing).
// Inputs: /usr/include/x86_64-linux-gnu/asm/unistd_64.h, the sys_enter_* tracepoint formats of Linux 6.18.44-fc-v669,
// scripts/catalog/*.json (Tracee arg names, kernel facts, sysray curation, summaries).
import type { SyscallSpec } from './catalog-types.js';

export const SYSCALLS: readonly SyscallSpec[] = [
  {
    id: 0, name: 'read', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'read bytes from a file descriptor into a buffer',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'count', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 1, name: 'write', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'write bytes from a buffer to a file descriptor',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'count', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 2, name: 'open', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'open a file by path, optionally creating it',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'openFlags' },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 3, name: 'close', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'release a file descriptor',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 4, name: 'stat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get the status of a file by path, following symlinks',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'statbuf', type: 'struct stat*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 5, name: 'fstat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get the status of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'statbuf', type: 'struct stat*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 6, name: 'lstat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get the status of a file by path, without following a final symlink',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'statbuf', type: 'struct stat*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 7, name: 'poll', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'wait until one of a set of file descriptors is ready',
    args: [
      { name: 'fds', type: 'struct pollfd*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nfds', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 8, name: 'lseek', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'move the read/write offset of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'whence', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'], format: 'whence' },
    ],
  },
  {
    id: 9, name: 'mmap', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'map a file or anonymous memory into the address space',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'length', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'prot', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'mmapProt' },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'mmapFlags' },
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'off', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 10, name: 'mprotect', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'change the access protection of a memory range',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'prot', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'mmapProt' },
    ],
  },
  {
    id: 11, name: 'munmap', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'remove a memory mapping',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'length', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 12, name: 'brk', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'move the end of the process data segment (heap)',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 13, name: 'rt_sigaction', sets: ['syscalls', 'signals'],
    summary: 'examine or install the handler of a signal',
    args: [
      { name: 'signum', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
      { name: 'act', type: 'const struct sigaction*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'oldact', type: 'struct sigaction*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 14, name: 'rt_sigprocmask', sets: ['syscalls', 'signals'],
    summary: 'examine or change the set of blocked signals',
    args: [
      { name: 'how', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'set', type: 'sigset_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'oldset', type: 'sigset_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 15, name: 'rt_sigreturn', sets: ['syscalls', 'signals'],
    summary: 'return from a signal handler and restore the interrupted context',
    args: [],
  },
  {
    id: 16, name: 'ioctl', sets: ['syscalls', 'fs', 'fs_fd_ops'],
    summary: 'issue a device- or file-specific control request',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'request', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 17, name: 'pread64', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'read from a file at an explicit offset, leaving the file offset alone',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'count', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 18, name: 'pwrite64', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'write to a file at an explicit offset, leaving the file offset alone',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'count', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 19, name: 'readv', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'read from a file descriptor into several buffers',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'iovcnt', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 20, name: 'writev', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'write to a file descriptor from several buffers',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'iovcnt', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 21, name: 'access', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'check whether the caller may access a file by path',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'accessMode' },
    ],
  },
  {
    id: 22, name: 'pipe', sets: ['syscalls', 'ipc', 'ipc_pipe'],
    summary: 'create a unidirectional pipe, returning its read and write ends',
    args: [
      { name: 'pipefd', type: 'int[2]', kind: 'captured', capture: 'intPairOut', tags: ['U'] },
    ],
  },
  {
    id: 23, name: 'select', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'wait for file descriptors in fd sets to become ready',
    args: [
      { name: 'nfds', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'readfds', type: 'fd_set*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'writefds', type: 'fd_set*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'exceptfds', type: 'fd_set*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'timeout', type: 'struct timeval*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 24, name: 'sched_yield', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'give up the CPU to other runnable threads',
    args: [],
  },
  {
    id: 25, name: 'mremap', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'grow, shrink or move a memory mapping',
    args: [
      { name: 'old_address', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'old_size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'new_size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'new_address', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 26, name: 'msync', sets: ['syscalls', 'fs', 'fs_sync'],
    summary: 'flush a file-backed memory mapping to storage',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'length', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 27, name: 'mincore', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'report which pages of a range are resident in memory',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'length', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'vec', type: 'unsigned char*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 28, name: 'madvise', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'advise the kernel on the expected use of a memory range',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'length', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'advice', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 29, name: 'shmget', sets: ['syscalls', 'ipc', 'ipc_shm'],
    summary: 'create or look up a System V shared memory segment',
    args: [
      { name: 'key', type: 'key_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'shmflg', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 30, name: 'shmat', sets: ['syscalls', 'ipc', 'ipc_shm'],
    summary: 'attach a System V shared memory segment to the address space',
    args: [
      { name: 'shmid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'shmaddr', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'shmflg', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 31, name: 'shmctl', sets: ['syscalls', 'ipc', 'ipc_shm'],
    summary: 'query or control a System V shared memory segment',
    args: [
      { name: 'shmid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'struct shmid_ds*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 32, name: 'dup', sets: ['syscalls', 'fs', 'fs_fd_ops'],
    summary: 'duplicate a file descriptor to the lowest free number',
    args: [
      { name: 'oldfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 33, name: 'dup2', sets: ['syscalls', 'fs', 'fs_fd_ops'],
    summary: 'duplicate a file descriptor to a chosen number',
    args: [
      { name: 'oldfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'newfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 34, name: 'pause', sets: ['syscalls', 'signals'],
    summary: 'sleep until a signal arrives',
    args: [],
  },
  {
    id: 35, name: 'nanosleep', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'sleep for a relative time with nanosecond resolution',
    args: [
      { name: 'req', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU'] },
      { name: 'rem', type: 'struct timespec*', kind: 'captured', capture: 'timespecOut', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 36, name: 'getitimer', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'read the current value of an interval timer',
    args: [
      { name: 'which', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'curr_value', type: 'struct itimerval*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 37, name: 'alarm', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'schedule a SIGALRM after a number of seconds',
    args: [
      { name: 'seconds', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 38, name: 'setitimer', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'arm or disarm an interval timer',
    args: [
      { name: 'which', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'new_value', type: 'struct itimerval*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'old_value', type: 'struct itimerval*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 39, name: 'getpid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the process (thread group) ID',
    args: [],
  },
  {
    id: 40, name: 'sendfile', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'copy data between two file descriptors inside the kernel',
    args: [
      { name: 'out_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'in_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'count', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 41, name: 'socket', sets: ['syscalls', 'net', 'net_sock'],
    summary: 'create a communication endpoint',
    args: [
      { name: 'domain', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'socketDomain' },
      { name: 'type', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'socketType' },
      { name: 'protocol', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 42, name: 'connect', sets: ['syscalls', 'net', 'net_sock', 'default'],
    summary: 'connect a socket to a remote address',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrIn', lenArg: 2, tags: ['U', 'TOCTOU'] },
      { name: 'addrlen', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 43, name: 'accept', sets: ['syscalls', 'net', 'net_sock', 'default'],
    summary: 'take a pending connection from a listening socket',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrOut', lenArg: 2, tags: ['U', 'OPT'] },
      { name: 'addrlen', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 44, name: 'sendto', sets: ['syscalls', 'net', 'net_snd_rcv'],
    summary: 'send a message on a socket, optionally to a given address',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'dest_addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrIn', lenArg: 5, tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'addrlen', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 45, name: 'recvfrom', sets: ['syscalls', 'net', 'net_snd_rcv'],
    summary: 'receive a message from a socket, with the sender\'s address',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'src_addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrOut', lenArg: 5, tags: ['U', 'OPT'] },
      { name: 'addrlen', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 46, name: 'sendmsg', sets: ['syscalls', 'net', 'net_snd_rcv'],
    summary: 'send a message with ancillary data on a socket',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msg', type: 'struct msghdr*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 47, name: 'recvmsg', sets: ['syscalls', 'net', 'net_snd_rcv'],
    summary: 'receive a message with ancillary data from a socket',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msg', type: 'struct msghdr*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 48, name: 'shutdown', sets: ['syscalls', 'net', 'net_sock'],
    summary: 'shut down one or both directions of a socket connection',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'how', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 49, name: 'bind', sets: ['syscalls', 'net', 'net_sock', 'default'],
    summary: 'assign a local address to a socket',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrIn', lenArg: 2, tags: ['U', 'TOCTOU'] },
      { name: 'addrlen', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 50, name: 'listen', sets: ['syscalls', 'net', 'net_sock', 'default'],
    summary: 'mark a socket as accepting incoming connections',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'backlog', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 51, name: 'getsockname', sets: ['syscalls', 'net', 'net_sock'],
    summary: 'get the local address a socket is bound to',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrOut', lenArg: 2, tags: ['U'] },
      { name: 'addrlen', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 52, name: 'getpeername', sets: ['syscalls', 'net', 'net_sock'],
    summary: 'get the address of the peer a socket is connected to',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrOut', lenArg: 2, tags: ['U'] },
      { name: 'addrlen', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 53, name: 'socketpair', sets: ['syscalls', 'net', 'net_sock'],
    summary: 'create a pair of connected sockets',
    args: [
      { name: 'domain', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'socketDomain' },
      { name: 'type', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'socketType' },
      { name: 'protocol', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sv', type: 'int[2]', kind: 'captured', capture: 'intPairOut', tags: ['U'] },
    ],
  },
  {
    id: 54, name: 'setsockopt', sets: ['syscalls', 'net', 'net_sock'],
    summary: 'set an option on a socket',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'level', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'optname', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'optval', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'optlen', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 55, name: 'getsockopt', sets: ['syscalls', 'net', 'net_sock'],
    summary: 'read an option of a socket',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'level', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'optname', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'optval', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'optlen', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 56, name: 'clone', sets: ['syscalls', 'proc', 'proc_life'],
    summary: 'create a child process or thread, choosing what it shares',
    args: [
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'], format: 'cloneFlags' },
      { name: 'stack', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'parent_tid', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'child_tid', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'tls', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 57, name: 'fork', sets: ['syscalls', 'proc', 'proc_life'],
    summary: 'create a child process as a copy of the caller',
    args: [],
  },
  {
    id: 58, name: 'vfork', sets: ['syscalls', 'proc', 'proc_life'],
    summary: 'create a child that borrows the caller\'s memory until it execs or exits',
    args: [],
  },
  {
    id: 59, name: 'execve', sets: ['syscalls', 'proc', 'proc_life', 'default'],
    summary: 'replace the process image with a new program',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'argv', type: 'const char*const*', kind: 'captured', capture: 'stringArray', tags: ['U', 'TOCTOU'] },
      { name: 'envp', type: 'const char*const*', kind: 'captured', capture: 'envArray', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 60, name: 'exit', sets: ['syscalls', 'proc', 'proc_life'], noReturn: true,
    summary: 'terminate the calling thread',
    args: [
      { name: 'status', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 61, name: 'wait4', sets: ['syscalls', 'proc', 'proc_life'],
    summary: 'wait for a child to change state and collect its resource usage',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'wstatus', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'options', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'rusage', type: 'struct rusage*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 62, name: 'kill', sets: ['syscalls', 'signals', 'default'],
    summary: 'send a signal to a process or process group',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sig', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
    ],
  },
  {
    id: 63, name: 'uname', sets: ['syscalls', 'system'],
    summary: 'get the kernel name, release, version and machine',
    args: [
      { name: 'buf', type: 'struct utsname*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 64, name: 'semget', sets: ['syscalls', 'ipc', 'ipc_sem'],
    summary: 'create or look up a System V semaphore set',
    args: [
      { name: 'key', type: 'key_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'nsems', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'semflg', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 65, name: 'semop', sets: ['syscalls', 'ipc', 'ipc_sem'],
    summary: 'perform operations on System V semaphores',
    args: [
      { name: 'semid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sops', type: 'struct sembuf*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nsops', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 66, name: 'semctl', sets: ['syscalls', 'ipc', 'ipc_sem'],
    summary: 'query or control a System V semaphore set',
    args: [
      { name: 'semid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'semnum', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'arg', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 67, name: 'shmdt', sets: ['syscalls', 'ipc', 'ipc_shm'],
    summary: 'detach a System V shared memory segment',
    args: [
      { name: 'shmaddr', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 68, name: 'msgget', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'create or look up a System V message queue',
    args: [
      { name: 'key', type: 'key_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msgflg', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 69, name: 'msgsnd', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'append a message to a System V message queue',
    args: [
      { name: 'msqid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msgp', type: 'struct msgbuf*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'msgsz', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'msgflg', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 70, name: 'msgrcv', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'take a message from a System V message queue',
    args: [
      { name: 'msqid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msgp', type: 'struct msgbuf*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'msgsz', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'msgtyp', type: 'long', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'msgflg', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 71, name: 'msgctl', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'query or control a System V message queue',
    args: [
      { name: 'msqid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'struct msqid_ds*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 72, name: 'fcntl', sets: ['syscalls', 'fs', 'fs_fd_ops'],
    summary: 'perform a control operation on a file descriptor',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'fcntlCmd' },
      { name: 'arg', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 73, name: 'flock', sets: ['syscalls', 'fs', 'fs_fd_ops'],
    summary: 'apply or remove an advisory lock on an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'operation', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 74, name: 'fsync', sets: ['syscalls', 'fs', 'fs_sync'],
    summary: 'flush a file\'s data and metadata to storage',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 75, name: 'fdatasync', sets: ['syscalls', 'fs', 'fs_sync'],
    summary: 'flush a file\'s data (and only needed metadata) to storage',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 76, name: 'truncate', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'set the length of a file by path',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'length', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 77, name: 'ftruncate', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'set the length of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'length', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 78, name: 'getdents', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'read directory entries (old struct layout)',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'dirp', type: 'struct linux_dirent*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'count', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 79, name: 'getcwd', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'get the current working directory',
    args: [
      { name: 'buf', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 80, name: 'chdir', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'change the current working directory by path',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 81, name: 'fchdir', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'change the current working directory to an open directory',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 82, name: 'rename', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'rename or move a file',
    args: [
      { name: 'oldpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'newpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 83, name: 'mkdir', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'create a directory',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 84, name: 'rmdir', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'remove an empty directory',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 85, name: 'creat', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'create a file, or truncate an existing one, and open it for writing',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 86, name: 'link', sets: ['syscalls', 'fs', 'fs_link_ops', 'default'],
    summary: 'create a hard link to a file',
    args: [
      { name: 'oldpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'newpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 87, name: 'unlink', sets: ['syscalls', 'fs', 'fs_link_ops'],
    summary: 'remove a name from the filesystem',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 88, name: 'symlink', sets: ['syscalls', 'fs', 'fs_link_ops', 'default'],
    summary: 'create a symbolic link',
    args: [
      { name: 'target', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'linkpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 89, name: 'readlink', sets: ['syscalls', 'fs', 'fs_link_ops'],
    summary: 'read the target of a symbolic link',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'buf', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'bufsiz', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 90, name: 'chmod', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'change the permission bits of a file by path',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 91, name: 'fchmod', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'change the permission bits of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 92, name: 'chown', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'change the owner and group of a file by path, following symlinks',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'owner', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'group', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 93, name: 'fchown', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'change the owner and group of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'owner', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'group', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 94, name: 'lchown', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'change the owner and group of a file by path, without following symlinks',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'owner', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'group', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 95, name: 'umask', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set the file mode creation mask',
    args: [
      { name: 'mask', type: 'mode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 96, name: 'gettimeofday', sets: ['syscalls', 'time', 'time_tod'],
    summary: 'get the wall-clock time in microseconds',
    args: [
      { name: 'tv', type: 'struct timeval*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'tz', type: 'struct timezone*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 97, name: 'getrlimit', sets: ['syscalls', 'proc'],
    summary: 'get a resource limit',
    args: [
      { name: 'resource', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'rlim', type: 'struct rlimit*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 98, name: 'getrusage', sets: ['syscalls', 'proc'],
    summary: 'get resource usage of the caller, its children or its thread',
    args: [
      { name: 'who', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'usage', type: 'struct rusage*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 99, name: 'sysinfo', sets: ['syscalls', 'system'],
    summary: 'get overall system statistics (uptime, memory, load)',
    args: [
      { name: 'info', type: 'struct sysinfo*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 100, name: 'times', sets: ['syscalls', 'proc'],
    summary: 'get process and children CPU times',
    args: [
      { name: 'buf', type: 'struct tms*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 101, name: 'ptrace', sets: ['syscalls', 'proc', 'default'],
    summary: 'observe and control another process (debugging, tracing)',
    args: [
      { name: 'request', type: 'long', kind: 's64', capture: 'none', tags: ['K'], format: 'ptraceRequest' },
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'data', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 102, name: 'getuid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the real user ID',
    args: [],
  },
  {
    id: 103, name: 'syslog', sets: ['syscalls', 'system'],
    summary: 'read or control the kernel message ring buffer',
    args: [
      { name: 'type', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'bufp', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 104, name: 'getgid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the real group ID',
    args: [],
  },
  {
    id: 105, name: 'setuid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the user ID of the caller',
    args: [
      { name: 'uid', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 106, name: 'setgid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the group ID of the caller',
    args: [
      { name: 'gid', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 107, name: 'geteuid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the effective user ID',
    args: [],
  },
  {
    id: 108, name: 'getegid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the effective group ID',
    args: [],
  },
  {
    id: 109, name: 'setpgid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'move a process into a process group',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'pgid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 110, name: 'getppid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the parent process ID',
    args: [],
  },
  {
    id: 111, name: 'getpgrp', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the process group of the caller',
    args: [],
  },
  {
    id: 112, name: 'setsid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'start a new session with the caller as leader',
    args: [],
  },
  {
    id: 113, name: 'setreuid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the real and effective user IDs',
    args: [
      { name: 'ruid', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'euid', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 114, name: 'setregid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the real and effective group IDs',
    args: [
      { name: 'rgid', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'egid', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 115, name: 'getgroups', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the supplementary group IDs',
    args: [
      { name: 'size', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'list', type: 'gid_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 116, name: 'setgroups', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'set the supplementary group IDs',
    args: [
      { name: 'size', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'list', type: 'gid_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 117, name: 'setresuid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the real, effective and saved user IDs',
    args: [
      { name: 'ruid', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'euid', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'suid', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 118, name: 'getresuid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the real, effective and saved user IDs',
    args: [
      { name: 'ruid', type: 'uid_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'euid', type: 'uid_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'suid', type: 'uid_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 119, name: 'setresgid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the real, effective and saved group IDs',
    args: [
      { name: 'rgid', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'egid', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'sgid', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 120, name: 'getresgid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the real, effective and saved group IDs',
    args: [
      { name: 'rgid', type: 'gid_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'egid', type: 'gid_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'sgid', type: 'gid_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 121, name: 'getpgid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the process group of a process',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 122, name: 'setfsuid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the user ID used for filesystem access checks',
    args: [
      { name: 'fsuid', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 123, name: 'setfsgid', sets: ['syscalls', 'proc', 'proc_ids', 'default'],
    summary: 'set the group ID used for filesystem access checks',
    args: [
      { name: 'fsgid', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 124, name: 'getsid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the session ID of a process',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 125, name: 'capget', sets: ['syscalls', 'proc'],
    summary: 'get the capability sets of a thread',
    args: [
      { name: 'hdrp', type: 'cap_user_header_t', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'datap', type: 'cap_user_data_t', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 126, name: 'capset', sets: ['syscalls', 'proc', 'default'],
    summary: 'set the capability sets of the calling thread',
    args: [
      { name: 'hdrp', type: 'cap_user_header_t', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'datap', type: 'const cap_user_data_t', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 127, name: 'rt_sigpending', sets: ['syscalls', 'signals'],
    summary: 'get the set of signals pending delivery',
    args: [
      { name: 'set', type: 'sigset_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 128, name: 'rt_sigtimedwait', sets: ['syscalls', 'signals'],
    summary: 'wait for one of a set of signals, with a timeout',
    args: [
      { name: 'set', type: 'const sigset_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'info', type: 'siginfo_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'timeout', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 129, name: 'rt_sigqueueinfo', sets: ['syscalls', 'signals'],
    summary: 'queue a signal with data to a process',
    args: [
      { name: 'tgid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sig', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
      { name: 'info', type: 'siginfo_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 130, name: 'rt_sigsuspend', sets: ['syscalls', 'signals'],
    summary: 'replace the signal mask and sleep until a signal arrives',
    args: [
      { name: 'mask', type: 'sigset_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 131, name: 'sigaltstack', sets: ['syscalls', 'signals'],
    summary: 'set or get the alternate stack used by signal handlers',
    args: [
      { name: 'ss', type: 'const stack_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'old_ss', type: 'stack_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 132, name: 'utime', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set the access and modification times of a file (seconds)',
    args: [
      { name: 'filename', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'times', type: 'const struct utimbuf*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 133, name: 'mknod', sets: ['syscalls', 'fs', 'fs_file_ops', 'default'],
    summary: 'create a filesystem node: device, FIFO, socket or regular file',
    args: [
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
      { name: 'dev', type: 'dev_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  // uselib: no sys_enter tracepoint; CONFIG_USELIB is off on the generating kernel (the syscall is gone from recent kernels)
  {
    id: 134, name: 'uselib', sets: ['syscalls', 'proc'],
    summary: 'load a shared library (obsolete a.out interface)',
    args: [
      { name: 'library', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 135, name: 'personality', sets: ['syscalls', 'system'],
    summary: 'set the process execution domain',
    args: [
      { name: 'persona', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 136, name: 'ustat', sets: ['syscalls', 'fs', 'fs_info'],
    summary: 'get statistics of a mounted filesystem by device (obsolete)',
    args: [
      { name: 'dev', type: 'dev_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'ubuf', type: 'struct ustat*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 137, name: 'statfs', sets: ['syscalls', 'fs', 'fs_info'],
    summary: 'get statistics of the filesystem holding a path',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'buf', type: 'struct statfs*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 138, name: 'fstatfs', sets: ['syscalls', 'fs', 'fs_info'],
    summary: 'get statistics of the filesystem holding an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'buf', type: 'struct statfs*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 139, name: 'sysfs', sets: ['syscalls', 'fs', 'fs_info'],
    summary: 'get information on the filesystem types the kernel knows (obsolete)',
    args: [
      { name: 'option', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'arg1', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg2', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 140, name: 'getpriority', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the nice value of a process, group or user',
    args: [
      { name: 'which', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'who', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 141, name: 'setpriority', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'set the nice value of a process, group or user',
    args: [
      { name: 'which', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'who', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'prio', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 142, name: 'sched_setparam', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'set the scheduling parameters of a thread',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'param', type: 'struct sched_param*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 143, name: 'sched_getparam', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the scheduling parameters of a thread',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'param', type: 'struct sched_param*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 144, name: 'sched_setscheduler', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'set the scheduling policy and parameters of a thread',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'policy', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'param', type: 'struct sched_param*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 145, name: 'sched_getscheduler', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the scheduling policy of a thread',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 146, name: 'sched_get_priority_max', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the highest priority of a scheduling policy',
    args: [
      { name: 'policy', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 147, name: 'sched_get_priority_min', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the lowest priority of a scheduling policy',
    args: [
      { name: 'policy', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 148, name: 'sched_rr_get_interval', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the round-robin time slice of a thread',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'tp', type: 'struct timespec*', kind: 'captured', capture: 'timespecOut', tags: ['U'] },
    ],
  },
  {
    id: 149, name: 'mlock', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'lock a memory range into RAM',
    args: [
      { name: 'addr', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 150, name: 'munlock', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'unlock a memory range so it may be swapped',
    args: [
      { name: 'addr', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 151, name: 'mlockall', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'lock all current and/or future mappings into RAM',
    args: [
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 152, name: 'munlockall', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'unlock all mappings of the process',
    args: [],
  },
  {
    id: 153, name: 'vhangup', sets: ['syscalls', 'system'],
    summary: 'simulate a hangup on the current terminal',
    args: [],
  },
  {
    id: 154, name: 'modify_ldt', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'read or write the local descriptor table',
    args: [
      { name: 'func', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'ptr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'bytecount', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 155, name: 'pivot_root', sets: ['syscalls', 'fs', 'default'],
    summary: 'change the root mount of the mount namespace',
    args: [
      { name: 'new_root', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'put_old', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  // sysctl: no sys_enter tracepoint; removed in Linux 5.5; the number now runs sys_ni_syscall
  {
    id: 156, name: 'sysctl', sets: ['syscalls', 'system'],
    summary: 'read or write kernel parameters through the binary interface (removed)',
    args: [
      { name: 'args', type: 'struct __sysctl_args*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 157, name: 'prctl', sets: ['syscalls', 'proc'],
    summary: 'perform an operation on the calling process or thread',
    args: [
      { name: 'option', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'prctlOption' },
      { name: 'arg2', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg3', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg4', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg5', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 158, name: 'arch_prctl', sets: ['syscalls', 'proc'],
    summary: 'set or get architecture-specific thread state (FS/GS base)',
    args: [
      { name: 'option', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 159, name: 'adjtimex', sets: ['syscalls', 'time', 'time_clock'],
    summary: 'tune the kernel clock',
    args: [
      { name: 'buf', type: 'struct timex*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 160, name: 'setrlimit', sets: ['syscalls', 'proc'],
    summary: 'set a resource limit',
    args: [
      { name: 'resource', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'rlim', type: 'const struct rlimit*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 161, name: 'chroot', sets: ['syscalls', 'fs', 'fs_dir_ops', 'default'],
    summary: 'change the root directory of the process',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 162, name: 'sync', sets: ['syscalls', 'fs', 'fs_sync'],
    summary: 'flush all filesystem buffers to storage',
    args: [],
  },
  {
    id: 163, name: 'acct', sets: ['syscalls', 'system'],
    summary: 'switch process accounting on or off',
    args: [
      { name: 'filename', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 164, name: 'settimeofday', sets: ['syscalls', 'time', 'time_tod'],
    summary: 'set the wall-clock time',
    args: [
      { name: 'tv', type: 'const struct timeval*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'tz', type: 'const struct timezone*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 165, name: 'mount', sets: ['syscalls', 'fs', 'default'],
    summary: 'mount a filesystem, or change an existing mount',
    args: [
      { name: 'source', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'target', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'filesystemtype', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'mountflags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'data', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 166, name: 'umount2', sets: ['syscalls', 'fs', 'default'],
    summary: 'unmount a filesystem, with flags',
    args: [
      { name: 'target', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 167, name: 'swapon', sets: ['syscalls', 'fs'],
    summary: 'start swapping to a file or device',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'swapflags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 168, name: 'swapoff', sets: ['syscalls', 'fs'],
    summary: 'stop swapping to a file or device',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 169, name: 'reboot', sets: ['syscalls', 'system'],
    summary: 'reboot, halt or power off the machine, or control Ctrl-Alt-Del',
    args: [
      { name: 'magic', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'magic2', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'arg', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 170, name: 'sethostname', sets: ['syscalls', 'net'],
    summary: 'set the host name of the UTS namespace',
    args: [
      { name: 'name', type: 'const char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 171, name: 'setdomainname', sets: ['syscalls', 'net'],
    summary: 'set the NIS domain name of the UTS namespace',
    args: [
      { name: 'name', type: 'const char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 172, name: 'iopl', sets: ['syscalls', 'system'],
    summary: 'change the I/O privilege level',
    args: [
      { name: 'level', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 173, name: 'ioperm', sets: ['syscalls', 'system'],
    summary: 'allow or deny access to I/O ports',
    args: [
      { name: 'from', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'num', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'turn_on', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  // create_module: no sys_enter tracepoint; not implemented since Linux 2.6 (sys_ni_syscall)
  {
    id: 174, name: 'create_module', sets: ['syscalls', 'system', 'system_module'],
    summary: 'create a loadable module entry (obsolete, unimplemented)',
    args: [],
  },
  // init_module: no sys_enter tracepoint; CONFIG_MODULES is off on the generating kernel
  {
    id: 175, name: 'init_module', sets: ['syscalls', 'system', 'system_module', 'default'],
    summary: 'load a kernel module from a memory image',
    args: [
      { name: 'module_image', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'param_values', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  // delete_module: no sys_enter tracepoint; CONFIG_MODULES is off on the generating kernel
  {
    id: 176, name: 'delete_module', sets: ['syscalls', 'system', 'system_module', 'default'],
    summary: 'unload a kernel module',
    args: [
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  // get_kernel_syms: no sys_enter tracepoint; not implemented since Linux 2.6 (sys_ni_syscall)
  {
    id: 177, name: 'get_kernel_syms', sets: ['syscalls', 'system', 'system_module'],
    summary: 'get exported kernel symbols (obsolete, unimplemented)',
    args: [],
  },
  // query_module: no sys_enter tracepoint; not implemented since Linux 2.6 (sys_ni_syscall)
  {
    id: 178, name: 'query_module', sets: ['syscalls', 'system', 'system_module'],
    summary: 'query the kernel about modules (obsolete, unimplemented)',
    args: [],
  },
  {
    id: 179, name: 'quotactl', sets: ['syscalls', 'system'],
    summary: 'manage disk quotas of a filesystem given by device',
    args: [
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'special', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'id', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  // nfsservctl: no sys_enter tracepoint; removed in Linux 3.1 (sys_ni_syscall)
  {
    id: 180, name: 'nfsservctl', sets: ['syscalls', 'fs'],
    summary: 'control the kernel NFS server (removed)',
    args: [],
  },
  // getpmsg: no sys_enter tracepoint; reserved for STREAMS, never implemented (sys_ni_syscall)
  {
    id: 181, name: 'getpmsg', sets: ['syscalls'],
    summary: 'receive a STREAMS message (reserved, unimplemented)',
    args: [],
  },
  // putpmsg: no sys_enter tracepoint; reserved for STREAMS, never implemented (sys_ni_syscall)
  {
    id: 182, name: 'putpmsg', sets: ['syscalls'],
    summary: 'send a STREAMS message (reserved, unimplemented)',
    args: [],
  },
  // afs_syscall: no sys_enter tracepoint; reserved for AFS, never implemented (sys_ni_syscall)
  {
    id: 183, name: 'afs_syscall', sets: ['syscalls'],
    summary: 'AFS entry point (reserved, unimplemented)',
    args: [],
  },
  // tuxcall: no sys_enter tracepoint; reserved for the TUX web server, never implemented (sys_ni_syscall)
  {
    id: 184, name: 'tuxcall', sets: ['syscalls'],
    summary: 'TUX web server entry point (reserved, unimplemented)',
    args: [],
  },
  // security: no sys_enter tracepoint; reserved, never implemented (sys_ni_syscall)
  {
    id: 185, name: 'security', sets: ['syscalls'],
    summary: 'security module entry point (reserved, unimplemented)',
    args: [],
  },
  {
    id: 186, name: 'gettid', sets: ['syscalls', 'proc', 'proc_ids'],
    summary: 'get the thread ID',
    args: [],
  },
  {
    id: 187, name: 'readahead', sets: ['syscalls', 'fs'],
    summary: 'prefetch part of a file into the page cache',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'count', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 188, name: 'setxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set an extended attribute of a file by path',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'value', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 189, name: 'lsetxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set an extended attribute of a path, without following symlinks',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'value', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 190, name: 'fsetxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set an extended attribute of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'value', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 191, name: 'getxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get an extended attribute of a file by path',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'value', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 192, name: 'lgetxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get an extended attribute of a path, without following symlinks',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'value', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 193, name: 'fgetxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get an extended attribute of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'value', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 194, name: 'listxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'list the extended attribute names of a file by path',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'list', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 195, name: 'llistxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'list the extended attribute names of a path, without following symlinks',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'list', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 196, name: 'flistxattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'list the extended attribute names of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'list', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 197, name: 'removexattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'remove an extended attribute of a file by path',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 198, name: 'lremovexattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'remove an extended attribute of a path, without following symlinks',
    args: [
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 199, name: 'fremovexattr', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'remove an extended attribute of an open file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 200, name: 'tkill', sets: ['syscalls', 'signals', 'default'],
    summary: 'send a signal to a thread (superseded by tgkill)',
    args: [
      { name: 'tid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sig', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
    ],
  },
  {
    id: 201, name: 'time', sets: ['syscalls', 'time', 'time_tod'],
    summary: 'get the time in seconds since the Epoch',
    args: [
      { name: 'tloc', type: 'time_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 202, name: 'futex', sets: ['syscalls', 'ipc', 'ipc_futex'],
    summary: 'wait on or wake waiters of a user-space futex word',
    args: [
      { name: 'uaddr', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'futex_op', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'val', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'const struct timespec*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'uaddr2', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'val3', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 203, name: 'sched_setaffinity', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'set the CPUs a thread may run on',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cpusetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'mask', type: 'unsigned long*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 204, name: 'sched_getaffinity', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the CPUs a thread may run on',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cpusetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'mask', type: 'unsigned long*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  // set_thread_area: no sys_enter tracepoint; 32-bit only: the x86_64 table entry has no entry point (64-bit code uses arch_prctl)
  {
    id: 205, name: 'set_thread_area', sets: ['syscalls', 'proc'],
    summary: 'set a TLS descriptor (32-bit only, unimplemented on x86_64)',
    args: [
      { name: 'u_info', type: 'struct user_desc*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 206, name: 'io_setup', sets: ['syscalls', 'fs', 'fs_async_io'],
    summary: 'create a Linux native asynchronous I/O context',
    args: [
      { name: 'nr_events', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'ctx_idp', type: 'aio_context_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 207, name: 'io_destroy', sets: ['syscalls', 'fs', 'fs_async_io'],
    summary: 'destroy an asynchronous I/O context',
    args: [
      { name: 'ctx_id', type: 'aio_context_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 208, name: 'io_getevents', sets: ['syscalls', 'fs', 'fs_async_io'],
    summary: 'collect completed asynchronous I/O events',
    args: [
      { name: 'ctx_id', type: 'aio_context_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'min_nr', type: 'long', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'nr', type: 'long', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'events', type: 'struct io_event*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'timeout', type: 'struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 209, name: 'io_submit', sets: ['syscalls', 'fs', 'fs_async_io'],
    summary: 'queue asynchronous I/O requests',
    args: [
      { name: 'ctx_id', type: 'aio_context_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'nr', type: 'long', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'iocbpp', type: 'struct iocb**', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 210, name: 'io_cancel', sets: ['syscalls', 'fs', 'fs_async_io'],
    summary: 'cancel a queued asynchronous I/O request',
    args: [
      { name: 'ctx_id', type: 'aio_context_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'iocb', type: 'struct iocb*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'result', type: 'struct io_event*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  // get_thread_area: no sys_enter tracepoint; 32-bit only: the x86_64 table entry has no entry point (64-bit code uses arch_prctl)
  {
    id: 211, name: 'get_thread_area', sets: ['syscalls', 'proc'],
    summary: 'get a TLS descriptor (32-bit only, unimplemented on x86_64)',
    args: [
      { name: 'u_info', type: 'struct user_desc*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  // lookup_dcookie: no sys_enter tracepoint; removed from the kernel together with the dcookie code oprofile used (sys_ni_syscall)
  {
    id: 212, name: 'lookup_dcookie', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'turn a directory entry cookie into a path (removed)',
    args: [
      { name: 'cookie', type: 'u64', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'buffer', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 213, name: 'epoll_create', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'create an epoll instance (size hint ignored)',
    args: [
      { name: 'size', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  // epoll_ctl_old: no sys_enter tracepoint; never implemented on x86_64 (sys_ni_syscall)
  {
    id: 214, name: 'epoll_ctl_old', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'old epoll control entry point (unimplemented)',
    args: [],
  },
  // epoll_wait_old: no sys_enter tracepoint; never implemented on x86_64 (sys_ni_syscall)
  {
    id: 215, name: 'epoll_wait_old', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'old epoll wait entry point (unimplemented)',
    args: [],
  },
  {
    id: 216, name: 'remap_file_pages', sets: ['syscalls'],
    summary: 'rearrange the pages of a shared file mapping (emulated, deprecated)',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'prot', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'pgoff', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 217, name: 'getdents64', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'read directory entries (64-bit struct layout)',
    args: [
      { name: 'fd', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'dirp', type: 'struct linux_dirent64*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'count', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 218, name: 'set_tid_address', sets: ['syscalls', 'proc'],
    summary: 'set the address the kernel clears and wakes when the thread exits',
    args: [
      { name: 'tidptr', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 219, name: 'restart_syscall', sets: ['syscalls', 'signals'],
    summary: 'resume a system call interrupted by a stop signal',
    args: [],
  },
  {
    id: 220, name: 'semtimedop', sets: ['syscalls', 'ipc', 'ipc_sem'],
    summary: 'perform operations on System V semaphores, with a timeout',
    args: [
      { name: 'semid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sops', type: 'struct sembuf*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nsops', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 221, name: 'fadvise64', sets: ['syscalls', 'fs'],
    summary: 'declare the access pattern expected for a file range',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'advice', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 222, name: 'timer_create', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'create a POSIX per-process timer',
    args: [
      { name: 'clockid', type: 'const clockid_t', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
      { name: 'sevp', type: 'struct sigevent*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'timer_id', type: 'timer_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 223, name: 'timer_settime', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'arm or disarm a POSIX timer',
    args: [
      { name: 'timer_id', type: 'timer_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'new_value', type: 'const struct itimerspec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'old_value', type: 'struct itimerspec*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 224, name: 'timer_gettime', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'get the time remaining on a POSIX timer',
    args: [
      { name: 'timer_id', type: 'timer_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'curr_value', type: 'struct itimerspec*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 225, name: 'timer_getoverrun', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'get the overrun count of a POSIX timer',
    args: [
      { name: 'timer_id', type: 'timer_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 226, name: 'timer_delete', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'delete a POSIX timer',
    args: [
      { name: 'timer_id', type: 'timer_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 227, name: 'clock_settime', sets: ['syscalls', 'time', 'time_clock'],
    summary: 'set the time of a clock',
    args: [
      { name: 'clockid', type: 'const clockid_t', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
      { name: 'tp', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 228, name: 'clock_gettime', sets: ['syscalls', 'time', 'time_clock'],
    summary: 'read the time of a clock',
    args: [
      { name: 'clockid', type: 'const clockid_t', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
      { name: 'tp', type: 'struct timespec*', kind: 'captured', capture: 'timespecOut', tags: ['U'] },
    ],
  },
  {
    id: 229, name: 'clock_getres', sets: ['syscalls', 'time', 'time_clock'],
    summary: 'get the resolution of a clock',
    args: [
      { name: 'clockid', type: 'const clockid_t', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
      { name: 'res', type: 'struct timespec*', kind: 'captured', capture: 'timespecOut', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 230, name: 'clock_nanosleep', sets: ['syscalls', 'time', 'time_clock'],
    summary: 'sleep on a chosen clock, for a relative or until an absolute time',
    args: [
      { name: 'clockid', type: 'const clockid_t', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'request', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU'] },
      { name: 'remain', type: 'struct timespec*', kind: 'captured', capture: 'timespecOut', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 231, name: 'exit_group', sets: ['syscalls', 'proc', 'proc_life'], noReturn: true,
    summary: 'terminate every thread of the process',
    args: [
      { name: 'status', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 232, name: 'epoll_wait', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'wait for events on an epoll instance',
    args: [
      { name: 'epfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'events', type: 'struct epoll_event*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'maxevents', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 233, name: 'epoll_ctl', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'add, change or remove a file descriptor watched by an epoll instance',
    args: [
      { name: 'epfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'op', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'event', type: 'struct epoll_event*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 234, name: 'tgkill', sets: ['syscalls', 'signals', 'default'],
    summary: 'send a signal to a thread of a given thread group',
    args: [
      { name: 'tgid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'tid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sig', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
    ],
  },
  {
    id: 235, name: 'utimes', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set the access and modification times of a file (microseconds)',
    args: [
      { name: 'filename', type: 'char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'times', type: 'struct timeval*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  // vserver: no sys_enter tracepoint; reserved for Linux-VServer, never implemented (sys_ni_syscall)
  {
    id: 236, name: 'vserver', sets: ['syscalls'],
    summary: 'Linux-VServer entry point (reserved, unimplemented)',
    args: [],
  },
  {
    id: 237, name: 'mbind', sets: ['syscalls', 'system', 'system_numa'],
    summary: 'set the NUMA memory policy of a memory range',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'mode', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'nodemask', type: 'const unsigned long*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'maxnode', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 238, name: 'set_mempolicy', sets: ['syscalls', 'system', 'system_numa'],
    summary: 'set the default NUMA memory policy of the thread',
    args: [
      { name: 'mode', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'nodemask', type: 'const unsigned long*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'maxnode', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 239, name: 'get_mempolicy', sets: ['syscalls', 'system', 'system_numa'],
    summary: 'get the NUMA memory policy of the thread or an address',
    args: [
      { name: 'mode', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'nodemask', type: 'unsigned long*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'maxnode', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 240, name: 'mq_open', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'open or create a POSIX message queue',
    args: [
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'oflag', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'attr', type: 'struct mq_attr*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 241, name: 'mq_unlink', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'remove a POSIX message queue',
    args: [
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 242, name: 'mq_timedsend', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'send a message to a POSIX message queue, with a deadline',
    args: [
      { name: 'mqdes', type: 'mqd_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msg_ptr', type: 'const char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'msg_len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'msg_prio', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'abs_timeout', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 243, name: 'mq_timedreceive', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'receive a message from a POSIX message queue, with a deadline',
    args: [
      { name: 'mqdes', type: 'mqd_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msg_ptr', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'msg_len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'msg_prio', type: 'unsigned int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'abs_timeout', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 244, name: 'mq_notify', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'ask to be notified when a message arrives on a POSIX message queue',
    args: [
      { name: 'mqdes', type: 'mqd_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sevp', type: 'const struct sigevent*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 245, name: 'mq_getsetattr', sets: ['syscalls', 'ipc', 'ipc_msgq'],
    summary: 'get or set the attributes of a POSIX message queue',
    args: [
      { name: 'mqdes', type: 'mqd_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'newattr', type: 'const struct mq_attr*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'oldattr', type: 'struct mq_attr*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  // kexec_load: no sys_enter tracepoint; CONFIG_KEXEC is off on the generating kernel
  {
    id: 246, name: 'kexec_load', sets: ['syscalls', 'system', 'default'],
    summary: 'load a new kernel from memory segments to boot later',
    args: [
      { name: 'entry', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'nr_segments', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'segments', type: 'struct kexec_segment*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 247, name: 'waitid', sets: ['syscalls', 'proc', 'proc_life'],
    summary: 'wait for a child to change state, with detailed selection and result',
    args: [
      { name: 'idtype', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'id', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'infop', type: 'struct siginfo*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'options', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'rusage', type: 'struct rusage*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 248, name: 'add_key', sets: ['syscalls', 'system', 'system_keys'],
    summary: 'add a key to a kernel keyring',
    args: [
      { name: 'type', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'description', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'payload', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'plen', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'keyring', type: 'key_serial_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 249, name: 'request_key', sets: ['syscalls', 'system', 'system_keys'],
    summary: 'look up a key in the keyrings, possibly asking user space to create it',
    args: [
      { name: 'type', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'description', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'callout_info', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'dest_keyring', type: 'key_serial_t', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 250, name: 'keyctl', sets: ['syscalls', 'system', 'system_keys'],
    summary: 'manipulate the kernel key management facility',
    args: [
      { name: 'operation', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'arg2', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg3', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg4', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'arg5', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 251, name: 'ioprio_set', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'set the I/O scheduling class and priority',
    args: [
      { name: 'which', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'who', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'ioprio', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 252, name: 'ioprio_get', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the I/O scheduling class and priority',
    args: [
      { name: 'which', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'who', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 253, name: 'inotify_init', sets: ['syscalls', 'fs', 'fs_monitor'],
    summary: 'create an inotify instance',
    args: [],
  },
  {
    id: 254, name: 'inotify_add_watch', sets: ['syscalls', 'fs', 'fs_monitor'],
    summary: 'add or change a watch on a path in an inotify instance',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mask', type: 'u32', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 255, name: 'inotify_rm_watch', sets: ['syscalls', 'fs', 'fs_monitor'],
    summary: 'remove a watch from an inotify instance',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'wd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 256, name: 'migrate_pages', sets: ['syscalls', 'system', 'system_numa'],
    summary: 'move all pages of a process to other NUMA nodes',
    args: [
      { name: 'pid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'maxnode', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'old_nodes', type: 'const unsigned long*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'new_nodes', type: 'const unsigned long*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 257, name: 'openat', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'open a file relative to a directory descriptor, optionally creating it',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'openFlags' },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 258, name: 'mkdirat', sets: ['syscalls', 'fs', 'fs_dir_ops'],
    summary: 'create a directory relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 259, name: 'mknodat', sets: ['syscalls', 'fs', 'fs_file_ops', 'default'],
    summary: 'create a filesystem node relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
      { name: 'dev', type: 'dev_t', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 260, name: 'fchownat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'change the owner and group of a file relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'owner', type: 'uid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'group', type: 'gid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 261, name: 'futimesat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set file times relative to a directory descriptor (obsolete)',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'times', type: 'struct timeval*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 262, name: 'newfstatat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get the status of a file relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'statbuf', type: 'struct stat*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 263, name: 'unlinkat', sets: ['syscalls', 'fs', 'fs_link_ops'],
    summary: 'remove a file or directory relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 264, name: 'renameat', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'rename a file, both paths relative to directory descriptors',
    args: [
      { name: 'olddirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'oldpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'newdirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'newpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 265, name: 'linkat', sets: ['syscalls', 'fs', 'fs_link_ops', 'default'],
    summary: 'create a hard link, both paths relative to directory descriptors',
    args: [
      { name: 'olddirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'oldpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'newdirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'newpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 266, name: 'symlinkat', sets: ['syscalls', 'fs', 'fs_link_ops', 'default'],
    summary: 'create a symbolic link relative to a directory descriptor',
    args: [
      { name: 'target', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'newdirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'linkpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
    ],
  },
  {
    id: 267, name: 'readlinkat', sets: ['syscalls', 'fs', 'fs_link_ops'],
    summary: 'read a symbolic link relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'buf', type: 'char*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'bufsiz', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 268, name: 'fchmodat', sets: ['syscalls', 'fs', 'fs_file_attr', 'default'],
    summary: 'change the permission bits of a file relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'umode_t', kind: 'u32', capture: 'none', tags: ['K'], format: 'fileMode' },
    ],
  },
  {
    id: 269, name: 'faccessat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'check access to a file relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'accessMode' },
    ],
  },
  {
    id: 270, name: 'pselect6', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'wait for file descriptors to become ready, with a signal mask and timespec timeout',
    args: [
      { name: 'nfds', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'readfds', type: 'fd_set*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'writefds', type: 'fd_set*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'exceptfds', type: 'fd_set*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'timeout', type: 'struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'sigmask', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 271, name: 'ppoll', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'wait on a set of file descriptors, with a signal mask and timespec timeout',
    args: [
      { name: 'fds', type: 'struct pollfd*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nfds', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'tmo_p', type: 'struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'sigmask', type: 'const sigset_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 272, name: 'unshare', sets: ['syscalls', 'proc', 'default'],
    summary: 'move the caller into new namespaces or stop sharing parts of its context',
    args: [
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'cloneFlags' },
    ],
  },
  {
    id: 273, name: 'set_robust_list', sets: ['syscalls', 'ipc', 'ipc_futex'],
    summary: 'register the list of robust futexes the thread holds',
    args: [
      { name: 'head', type: 'struct robust_list_head*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 274, name: 'get_robust_list', sets: ['syscalls', 'ipc', 'ipc_futex'],
    summary: 'get the robust futex list of a thread',
    args: [
      { name: 'pid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'head_ptr', type: 'struct robust_list_head**', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len_ptr', type: 'size_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 275, name: 'splice', sets: ['syscalls', 'ipc', 'ipc_pipe'],
    summary: 'move data between a pipe and another file descriptor without copying to user space',
    args: [
      { name: 'fd_in', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'off_in', type: 'off_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'fd_out', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'off_out', type: 'off_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 276, name: 'tee', sets: ['syscalls', 'ipc', 'ipc_pipe'],
    summary: 'duplicate data from one pipe into another without consuming it',
    args: [
      { name: 'fd_in', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'fd_out', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 277, name: 'sync_file_range', sets: ['syscalls', 'fs', 'fs_sync'],
    summary: 'flush a range of a file to storage, with fine control',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'nbytes', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 278, name: 'vmsplice', sets: ['syscalls', 'ipc', 'ipc_pipe'],
    summary: 'map or copy user memory into a pipe',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nr_segs', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 279, name: 'move_pages', sets: ['syscalls', 'system', 'system_numa'],
    summary: 'move individual pages of a process to other NUMA nodes, or query where they are',
    args: [
      { name: 'pid', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'count', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pages', type: 'const void**', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nodes', type: 'const int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'status', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 280, name: 'utimensat', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'set file timestamps with nanosecond precision, relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'times', type: 'struct timespec*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 281, name: 'epoll_pwait', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'wait for epoll events with a temporary signal mask',
    args: [
      { name: 'epfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'events', type: 'struct epoll_event*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'maxevents', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sigmask', type: 'const sigset_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 282, name: 'signalfd', sets: ['syscalls', 'signals'],
    summary: 'create a file descriptor that receives signals',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'mask', type: 'sigset_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 283, name: 'timerfd_create', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'create a timer that notifies through a file descriptor',
    args: [
      { name: 'clockid', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 284, name: 'eventfd', sets: ['syscalls', 'signals'],
    summary: 'create a file descriptor for event counting and notification',
    args: [
      { name: 'initval', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 285, name: 'fallocate', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'allocate, punch or collapse space in a file',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'mode', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'offset', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'len', type: 'off_t', kind: 's64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 286, name: 'timerfd_settime', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'arm or disarm a timerfd',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'new_value', type: 'const struct itimerspec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'old_value', type: 'struct itimerspec*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 287, name: 'timerfd_gettime', sets: ['syscalls', 'time', 'time_timer'],
    summary: 'get the time remaining on a timerfd',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'curr_value', type: 'struct itimerspec*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 288, name: 'accept4', sets: ['syscalls', 'net', 'net_sock', 'default'],
    summary: 'take a pending connection from a listening socket, with flags for the new descriptor',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'struct sockaddr*', kind: 'captured', capture: 'sockaddrOut', lenArg: 2, tags: ['U', 'OPT'] },
      { name: 'addrlen', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 289, name: 'signalfd4', sets: ['syscalls', 'signals'],
    summary: 'create or update a signal file descriptor, with flags',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'mask', type: 'const sigset_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'sizemask', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 290, name: 'eventfd2', sets: ['syscalls', 'signals'],
    summary: 'create an event notification file descriptor, with flags',
    args: [
      { name: 'initval', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 291, name: 'epoll_create1', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'create an epoll instance, with flags',
    args: [
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 292, name: 'dup3', sets: ['syscalls', 'fs', 'fs_fd_ops'],
    summary: 'duplicate a file descriptor to a chosen number, with flags',
    args: [
      { name: 'oldfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'newfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 293, name: 'pipe2', sets: ['syscalls', 'ipc', 'ipc_pipe'],
    summary: 'create a pipe, with flags',
    args: [
      { name: 'pipefd', type: 'int[2]', kind: 'captured', capture: 'intPairOut', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 294, name: 'inotify_init1', sets: ['syscalls', 'fs', 'fs_monitor'],
    summary: 'create an inotify instance, with flags',
    args: [
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 295, name: 'preadv', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'read into several buffers at an explicit file offset',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'iovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_l', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_h', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 296, name: 'pwritev', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'write from several buffers at an explicit file offset',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'iovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_l', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_h', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 297, name: 'rt_tgsigqueueinfo', sets: ['syscalls', 'signals'],
    summary: 'queue a signal with data to a thread of a thread group',
    args: [
      { name: 'tgid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'tid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sig', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
      { name: 'info', type: 'siginfo_t*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 298, name: 'perf_event_open', sets: ['syscalls', 'system', 'default'],
    summary: 'open a performance monitoring event (counter, sampler or tracepoint)',
    args: [
      { name: 'attr', type: 'struct perf_event_attr*', kind: 'captured', capture: 'perfEventAttr', tags: ['U', 'TOCTOU'], documentedTags: ['U'] },
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cpu', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'group_fd', type: 'int', kind: 's32', capture: 'none', tags: ['U', 'K'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'], format: 'perfEventOpenFlags' },
    ],
  },
  {
    id: 299, name: 'recvmmsg', sets: ['syscalls', 'net', 'net_snd_rcv'],
    summary: 'receive several messages from a socket in one call',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msgvec', type: 'struct mmsghdr*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'vlen', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 300, name: 'fanotify_init', sets: ['syscalls', 'fs', 'fs_monitor'],
    summary: 'create a fanotify group for filesystem-wide event monitoring',
    args: [
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'event_f_flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 301, name: 'fanotify_mark', sets: ['syscalls', 'fs', 'fs_monitor'],
    summary: 'add, remove or change the objects a fanotify group watches',
    args: [
      { name: 'fanotify_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'mask', type: 'u64', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
    ],
  },
  {
    id: 302, name: 'prlimit64', sets: ['syscalls', 'proc'],
    summary: 'get and/or set a resource limit of any process',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'resource', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'new_limit', type: 'const struct rlimit64*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'old_limit', type: 'struct rlimit64*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 303, name: 'name_to_handle_at', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'turn a path into a persistent file handle',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'handle', type: 'struct file_handle*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'mount_id', type: 'int*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 304, name: 'open_by_handle_at', sets: ['syscalls', 'fs', 'fs_file_ops', 'default'],
    summary: 'open a file from a persistent file handle',
    args: [
      { name: 'mount_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'handle', type: 'struct file_handle*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 305, name: 'clock_adjtime', sets: ['syscalls', 'time', 'time_clock'],
    summary: 'tune a chosen clock',
    args: [
      { name: 'clk_id', type: 'const clockid_t', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
      { name: 'buf', type: 'struct timex*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 306, name: 'syncfs', sets: ['syscalls', 'fs', 'fs_sync'],
    summary: 'flush the filesystem holding an open file to storage',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 307, name: 'sendmmsg', sets: ['syscalls', 'net', 'net_snd_rcv'],
    summary: 'send several messages on a socket in one call',
    args: [
      { name: 'sockfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'msgvec', type: 'struct mmsghdr*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'vlen', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 308, name: 'setns', sets: ['syscalls', 'proc', 'default'],
    summary: 'move the calling thread into an existing namespace',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'nstype', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'cloneFlags' },
    ],
  },
  {
    id: 309, name: 'getcpu', sets: ['syscalls', 'system', 'system_numa'],
    summary: 'get the CPU and NUMA node the thread is running on',
    args: [
      { name: 'cpu', type: 'unsigned int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'node', type: 'unsigned int*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'tcache', type: 'struct getcpu_cache*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 310, name: 'process_vm_readv', sets: ['syscalls', 'proc', 'default'],
    summary: 'read memory of another process',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'local_iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'liovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'remote_iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'riovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 311, name: 'process_vm_writev', sets: ['syscalls', 'proc', 'default'],
    summary: 'write memory of another process',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'local_iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'liovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'remote_iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'riovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 312, name: 'kcmp', sets: ['syscalls', 'proc'],
    summary: 'compare kernel resources (files, memory, ...) of two processes',
    args: [
      { name: 'pid1', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'pid2', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'type', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'idx1', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'idx2', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  // finit_module: no sys_enter tracepoint; CONFIG_MODULES is off on the generating kernel
  {
    id: 313, name: 'finit_module', sets: ['syscalls', 'system', 'system_module', 'default'],
    summary: 'load a kernel module from a file descriptor',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'param_values', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 314, name: 'sched_setattr', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'set the scheduling policy and attributes of a thread',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'attr', type: 'struct sched_attr*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 315, name: 'sched_getattr', sets: ['syscalls', 'proc', 'proc_sched'],
    summary: 'get the scheduling policy and attributes of a thread',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'attr', type: 'struct sched_attr*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 316, name: 'renameat2', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'rename a file relative to directory descriptors, with flags (exchange, no-replace)',
    args: [
      { name: 'olddirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'oldpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'newdirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'newpath', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 317, name: 'seccomp', sets: ['syscalls', 'proc'],
    summary: 'install a seccomp filter or change the seccomp state of the thread',
    args: [
      { name: 'operation', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'args', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 318, name: 'getrandom', sets: ['syscalls', 'fs'],
    summary: 'fill a buffer with random bytes from the kernel',
    args: [
      { name: 'buf', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'buflen', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 319, name: 'memfd_create', sets: ['syscalls', 'fs', 'fs_file_ops', 'default'],
    summary: 'create an anonymous file that lives in memory',
    args: [
      { name: 'name', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  // kexec_file_load: no sys_enter tracepoint; CONFIG_KEXEC_FILE is off on the generating kernel
  {
    id: 320, name: 'kexec_file_load', sets: ['syscalls', 'system', 'default'],
    summary: 'load a new kernel from file descriptors to boot later',
    args: [
      { name: 'kernel_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'initrd_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cmdline_len', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'cmdline', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 321, name: 'bpf', sets: ['syscalls', 'system', 'default'],
    summary: 'load, attach or manage eBPF programs and maps',
    args: [
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'bpfCmd' },
      { name: 'attr', type: 'union bpf_attr*', kind: 'captured', capture: 'bpfAttr', lenArg: 2, tags: ['U', 'TOCTOU'] },
      { name: 'size', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 322, name: 'execveat', sets: ['syscalls', 'proc', 'proc_life', 'default'],
    summary: 'run a new program given by a directory descriptor and path, or by an open file',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'argv', type: 'const char*const*', kind: 'captured', capture: 'stringArray', tags: ['U', 'TOCTOU'] },
      { name: 'envp', type: 'const char*const*', kind: 'captured', capture: 'envArray', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 323, name: 'userfaultfd', sets: ['syscalls', 'system'],
    summary: 'create a file descriptor for handling page faults in user space',
    args: [
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 324, name: 'membarrier', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'issue memory barriers on a set of threads',
    args: [
      { name: 'cmd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'cpu_id', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 325, name: 'mlock2', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'lock a memory range into RAM, with flags',
    args: [
      { name: 'addr', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 326, name: 'copy_file_range', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'copy a range of data between two files inside the kernel',
    args: [
      { name: 'fd_in', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'off_in', type: 'off_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'fd_out', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'off_out', type: 'off_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 327, name: 'preadv2', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'read into several buffers at an offset, with per-call flags',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'iovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_l', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_h', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 328, name: 'pwritev2', sets: ['syscalls', 'fs', 'fs_read_write'],
    summary: 'write from several buffers at an offset, with per-call flags',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'iov', type: 'const struct iovec*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'iovcnt', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_l', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'pos_h', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 329, name: 'pkey_mprotect', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'change the protection of a memory range and tag it with a protection key',
    args: [
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'len', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'prot', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'mmapProt' },
      { name: 'pkey', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 330, name: 'pkey_alloc', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'allocate a memory protection key',
    args: [
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'access_rights', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 331, name: 'pkey_free', sets: ['syscalls', 'proc', 'proc_mem'],
    summary: 'free a memory protection key',
    args: [
      { name: 'pkey', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 332, name: 'statx', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'get extended status of a file relative to a directory descriptor',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
      { name: 'mask', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'statxbuf', type: 'struct statx*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 333, name: 'io_pgetevents', sets: ['syscalls', 'fs', 'fs_async_io'],
    summary: 'collect completed asynchronous I/O events, with a signal mask',
    args: [
      { name: 'ctx_id', type: 'aio_context_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'min_nr', type: 'long', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'nr', type: 'long', kind: 's64', capture: 'none', tags: ['K'] },
      { name: 'events', type: 'struct io_event*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'timeout', type: 'struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'usig', type: 'const struct __aio_sigset*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
    ],
  },
  {
    id: 334, name: 'rseq', sets: ['syscalls'],
    summary: 'register or unregister the thread\'s restartable sequences area',
    args: [
      { name: 'rseq', type: 'struct rseq*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'rseq_len', type: 'u32', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sig', type: 'u32', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 424, name: 'pidfd_send_signal', sets: ['syscalls', 'signals', 'default'],
    summary: 'send a signal to a process referred to by a pidfd',
    args: [
      { name: 'pidfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'sig', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'signal' },
      { name: 'info', type: 'siginfo_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'], format: 'pidfdSendSignalFlags' },
    ],
  },
  {
    id: 425, name: 'io_uring_setup', sets: ['syscalls'],
    summary: 'create an io_uring instance and its submission and completion queues',
    args: [
      { name: 'entries', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'p', type: 'struct io_uring_params*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 426, name: 'io_uring_enter', sets: ['syscalls'],
    summary: 'submit io_uring requests and/or wait for their completions',
    args: [
      { name: 'fd', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'to_submit', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'min_complete', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'argp', type: 'const void*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'argsz', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 427, name: 'io_uring_register', sets: ['syscalls'],
    summary: 'register buffers, files or other resources with an io_uring instance',
    args: [
      { name: 'fd', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'opcode', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'arg', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nr_args', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 428, name: 'open_tree', sets: ['syscalls'],
    summary: 'get a file descriptor for a mount, or a detached copy of a mount tree',
    args: [
      { name: 'dfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'filename', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 429, name: 'move_mount', sets: ['syscalls', 'fs', 'default'],
    summary: 'attach or move a mount to a place in the filesystem tree',
    args: [
      { name: 'from_dfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'from_path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'to_dfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'to_path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 430, name: 'fsopen', sets: ['syscalls', 'fs'],
    summary: 'start creating a new filesystem context',
    args: [
      { name: 'fsname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 431, name: 'fsconfig', sets: ['syscalls', 'fs'],
    summary: 'configure a filesystem context',
    args: [
      { name: 'fs_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'cmd', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'key', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'value', type: 'const void*', kind: 'captured', capture: 'fsconfigValue', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'aux', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 432, name: 'fsmount', sets: ['syscalls', 'fs'],
    summary: 'create a mount from a configured filesystem context',
    args: [
      { name: 'fsfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'ms_flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 433, name: 'fspick', sets: ['syscalls', 'fs'],
    summary: 'open the filesystem context of an existing mount to reconfigure it',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 434, name: 'pidfd_open', sets: ['syscalls', 'default'],
    summary: 'get a file descriptor that refers to a process',
    args: [
      { name: 'pid', type: 'pid_t', kind: 's32', capture: 'none', tags: [] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: [], format: 'pidfdOpenFlags' },
    ],
  },
  {
    id: 435, name: 'clone3', sets: ['syscalls', 'proc', 'proc_life'],
    summary: 'create a child process or thread, with arguments in a structure',
    args: [
      { name: 'cl_args', type: 'struct clone_args*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 436, name: 'close_range', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'close or mark close-on-exec a range of file descriptors',
    args: [
      { name: 'first', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'last', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 437, name: 'openat2', sets: ['syscalls', 'fs', 'fs_file_ops'],
    summary: 'open a file relative to a directory descriptor, with path resolution controls',
    args: [
      { name: 'dirfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'pathname', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'how', type: 'struct open_how*', kind: 'captured', capture: 'openHow', lenArg: 3, tags: ['U', 'TOCTOU'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 438, name: 'pidfd_getfd', sets: ['syscalls', 'default'],
    summary: 'duplicate a file descriptor of another process through its pidfd',
    args: [
      { name: 'pidfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'targetfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'], format: 'pidfdGetfdFlags' },
    ],
  },
  {
    id: 439, name: 'faccessat2', sets: ['syscalls', 'fs', 'fs_file_attr'],
    summary: 'check access to a file relative to a directory descriptor, with flags',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'path', type: 'const char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'mode', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'accessMode' },
      { name: 'flag', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'atFlags' },
    ],
  },
  {
    id: 440, name: 'process_madvise', sets: ['syscalls'],
    summary: 'advise the kernel on memory ranges of another process',
    args: [
      { name: 'pidfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'length', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'advice', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 441, name: 'epoll_pwait2', sets: ['syscalls', 'fs', 'fs_mux_io'],
    summary: 'wait for epoll events with a signal mask and timespec timeout',
    args: [
      { name: 'fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'events', type: 'struct epoll_event*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'maxevents', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'const struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'sigset', type: 'const sigset_t*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'sigsetsize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 442, name: 'mount_setattr', sets: ['syscalls', 'fs'],
    summary: 'change the properties of a mount or mount tree',
    args: [
      { name: 'dfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'], format: 'dirfd' },
      { name: 'path', type: 'char*', kind: 'captured', capture: 'string', tags: ['U', 'TOCTOU'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'uattr', type: 'struct mount_attr*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'usize', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 443, name: 'quotactl_fd', sets: ['syscalls', 'fs'],
    summary: 'manage disk quotas of the filesystem holding an open file',
    args: [
      { name: 'fd', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'cmd', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'id', type: 'qid_t', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'addr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
    ],
  },
  {
    id: 444, name: 'landlock_create_ruleset', sets: ['syscalls', 'proc', 'fs'],
    summary: 'create a Landlock ruleset',
    args: [
      { name: 'attr', type: 'struct landlock_ruleset_attr*', kind: 'pointer', capture: 'none', tags: ['U', 'OPT'] },
      { name: 'size', type: 'size_t', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'u32', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 445, name: 'landlock_add_rule', sets: ['syscalls', 'proc', 'fs'],
    summary: 'add an access rule to a Landlock ruleset',
    args: [
      { name: 'ruleset_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'rule_type', type: 'landlock_rule_type', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'rule_attr', type: 'void*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'flags', type: 'u32', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 446, name: 'landlock_restrict_self', sets: ['syscalls', 'proc', 'fs'],
    summary: 'enforce a Landlock ruleset on the calling thread',
    args: [
      { name: 'ruleset_fd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'u32', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 447, name: 'memfd_secret', sets: ['syscalls'],
    summary: 'create a memory area hidden from the kernel\'s direct map',
    args: [
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 448, name: 'process_mrelease', sets: ['syscalls'],
    summary: 'release the memory of a dying process early',
    args: [
      { name: 'pidfd', type: 'int', kind: 's32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
    ],
  },
  {
    id: 449, name: 'futex_waitv', sets: ['syscalls', 'ipc', 'ipc_futex'],
    summary: 'wait on several futexes at once',
    args: [
      { name: 'waiters', type: 'struct futex_waitv*', kind: 'pointer', capture: 'none', tags: ['U'] },
      { name: 'nr_futexes', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned int', kind: 'u32', capture: 'none', tags: ['K'] },
      { name: 'timeout', type: 'struct timespec*', kind: 'captured', capture: 'timespecIn', tags: ['U', 'TOCTOU', 'OPT'] },
      { name: 'clockid', type: 'clockid_t', kind: 's32', capture: 'none', tags: ['K'], format: 'clockId' },
    ],
  },
  {
    id: 450, name: 'set_mempolicy_home_node', sets: ['syscalls', 'system', 'system_numa'],
    summary: 'set the preferred home NUMA node of a memory range',
    args: [
      { name: 'start', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'len', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'home_node', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
      { name: 'flags', type: 'unsigned long', kind: 'u64', capture: 'none', tags: ['K'] },
    ],
  },
];
