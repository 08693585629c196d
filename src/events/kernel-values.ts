/**
 * The arguments whose truth the kernel still holds at syscall exit: for these
 * sysray reports `kernelValue` beside `value`, read from kernel objects
 * reachable from the task, never from user memory again
 * (src/decode/kernel-truth/ computes them). `sysray man` and `list --json`
 * say so from this table.
 */
export const KERNEL_VALUES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  open: { pathname: 'the path, device and inode of the file the kernel opened (the returned fd\'s struct file)' },
  openat: { pathname: 'the path, device and inode of the file the kernel opened (the returned fd\'s struct file)' },
  openat2: { pathname: 'the path, device and inode of the file the kernel opened (the returned fd\'s struct file)' },
  creat: { pathname: 'the path, device and inode of the file the kernel opened (the returned fd\'s struct file)' },
  connect: { addr: 'the address the socket is connected to (its struct sock\'s peer), on success and on EINPROGRESS' },
  bind: { addr: 'the address the socket is bound to (its struct sock), with the real port when 0 was asked for' },
  execve: { pathname: 'the file the kernel executed, its path, device and inode (sched_process_exec of the same call)' },
  execveat: { pathname: 'the file the kernel executed, its path, device and inode (sched_process_exec of the same call)' },
  perf_event_open: {
    attr: 'the kernel\'s own copy of the attributes (the returned fd\'s struct perf_event .attr), type as given (orig_type); compared after the kernel\'s normalisations (size 0, sample_max_stack 0, branch_sample_type, extended hardware config)',
    group_fd: 'the fd the kernel took the group leader from: group_fd itself, or -1 when it attached none (group_fd -1, PERF_FLAG_FD_NO_GROUP); raced (fd replaced) when that leader is not the perf event group_fd held at entry',
  },
};

/** The kernel value's description for this event's argument, or undefined. */
export function kernelValueOf(eventName: string, argName: string): string | undefined {
  return KERNEL_VALUES[eventName]?.[argName];
}
