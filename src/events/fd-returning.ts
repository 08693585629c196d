/**
 * Syscalls whose return value, on success, is a new file descriptor. The
 * kernel describes that fd at exit (bpf/sysray.h SYSRAY_DESC_RETURNS_FD), the
 * fd table records it, and `sysray man` says so.
 */
export const RETURNS_FD: ReadonlySet<string> = new Set([
  'open', 'openat', 'openat2', 'creat', 'open_by_handle_at', 'open_tree', 'socket', 'accept', 'accept4',
  'dup', 'dup2', 'dup3', 'pidfd_open', 'pidfd_getfd', 'perf_event_open', 'epoll_create', 'epoll_create1',
  'eventfd', 'eventfd2', 'signalfd', 'signalfd4', 'timerfd_create', 'inotify_init', 'inotify_init1',
  'fanotify_init', 'memfd_create', 'memfd_secret', 'userfaultfd', 'io_uring_setup', 'fsopen', 'fsmount',
  'fspick', 'landlock_create_ruleset', 'mq_open',
]);

/** Syscalls after which their socket (args[0]) has other ends: the kernel describes it again at exit, for the fd table. */
export const DESCRIBE_SOCKET_AT_EXIT: ReadonlySet<string> = new Set(['connect', 'bind', 'listen']);

/** Syscalls the fd table follows (with `-o option:parse-arguments-fds`): every fd made, copied or closed. */
export const CHANGES_FDS: ReadonlySet<string> = new Set([
  ...RETURNS_FD, 'close', 'close_range', 'fcntl', 'pipe', 'pipe2', 'socketpair',
  ...DESCRIBE_SOCKET_AT_EXIT,
]);
