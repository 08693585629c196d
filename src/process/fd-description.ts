/**
 * What a file descriptor refers to. Filled from three places: the kernel's
 * own view of a `struct file` (sent with fd-returning syscalls and with perf
 * and pidfd arguments, see bpf/sysray.h "fd descriptions"), the syscalls that
 * make fds (pipe, socketpair...), and /proc/PID/fd when sysray starts.
 */

/**
 * One end of a socket: an IP address (`127.0.0.1`, `::1`, RFC 5952 text) and
 * port, or a unix socket's name (a path, or `@name` when abstract).
 */
export type SocketAddress = { readonly address: string; readonly port: number } | { readonly path: string };

export type FdDescription =
  /** A path on a file system: regular file, directory, device, fifo opened by name. */
  | { readonly kind: 'file'; readonly path: string }
  /**
   * A socket. The addresses, protocol and state come only from the kernel's
   * view, and are as they were when it was described (a socket described at
   * socket(2) is not yet bound or connected); absent when not known.
   */
  | {
      readonly kind: 'socket';
      /** 'AF_INET', 'AF_UNIX'... ('' when unknown, e.g. seeded from /proc) */
      readonly family: string;
      /** 'SOCK_STREAM'... ('' when unknown) */
      readonly type: string;
      /** socket inode number (0 when unknown) */
      readonly inode: number;
      /** where it is bound; absent when not bound (inet `0.0.0.0:0`, an unnamed unix socket) */
      readonly local?: SocketAddress;
      /** what it is connected to (unix: the peer's bound name); absent when not connected, or the unix peer is unnamed */
      readonly remote?: SocketAddress;
      /** AF_INET, AF_INET6: 'IPPROTO_TCP', 'IPPROTO_UDP'... */
      readonly protocol?: string;
      /** AF_INET, AF_INET6, AF_UNIX: 'TCP_ESTABLISHED', 'TCP_LISTEN', 'TCP_CLOSE'... (UDP and unix sockets use these too) */
      readonly state?: string;
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
      /** perf_event.id, from the kernel (a group_fd is matched on it against the leader the kernel attached) */
      readonly id?: number | bigint;
    }
  /** memfd_create: the name it was given (without the `memfd:` prefix). */
  | { readonly kind: 'memfd'; readonly name: string }
  /** Other anonymous-inode fds: eventfd, signalfd, timerfd, inotify, eventpoll, bpf-map... (`name` as in /proc: '[eventfd]'). */
  | { readonly kind: 'anon'; readonly name: string }
  | { readonly kind: 'unknown' };
