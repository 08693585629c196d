/**
 * What a file descriptor refers to. Filled from three places: the kernel's
 * own view of a `struct file` (sent with fd-returning syscalls and with perf
 * and pidfd arguments, see bpf/sysray.h "fd descriptions"), the syscalls that
 * make fds (pipe, socketpair...), and /proc/PID/fd when sysray starts.
 */

export type FdDescription =
  /** A path on a file system: regular file, directory, device, fifo opened by name. */
  | { readonly kind: 'file'; readonly path: string }
  | {
      readonly kind: 'socket';
      /** 'AF_INET', 'AF_UNIX'... ('' when unknown, e.g. seeded from /proc) */
      readonly family: string;
      /** 'SOCK_STREAM'... ('' when unknown) */
      readonly type: string;
      /** socket inode number (0 when unknown) */
      readonly inode: number;
    }
  | { readonly kind: 'pipe'; readonly inode: number }
  /**
   * A pidfd: the process it refers to (host pid; 0 when unknown or gone).
   * From the kernel also its comm and start (boot ns), for its entity id.
   */
  | { readonly kind: 'pidfd'; readonly hostPid: number; readonly comm?: string; readonly startTime?: bigint }
  /** A perf event fd: its counter, as the kernel holds it. */
  | {
      readonly kind: 'perf_event';
      readonly type: number;
      readonly config: number | bigint;
      /** -1: any cpu */
      readonly cpu: number;
      /** thread the counter follows, host tid; -1: all threads (cpu-wide) */
      readonly targetTid: number;
      /** the kernel PMU serving it ('software', 'task_clock'...; '' when unknown) */
      readonly pmu?: string;
    }
  /** memfd_create: the name it was given (without the `memfd:` prefix). */
  | { readonly kind: 'memfd'; readonly name: string }
  /** Other anonymous-inode fds: eventfd, signalfd, timerfd, inotify, eventpoll, bpf-map... (`name` as in /proc: '[eventfd]'). */
  | { readonly kind: 'anon'; readonly name: string }
  | { readonly kind: 'unknown' };
