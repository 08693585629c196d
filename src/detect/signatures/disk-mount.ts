/**
 * TRC-1014 disk_mount: a process in a container that has started mounts a
 * device (a source under /dev/): with the host's disk mounted, the
 * container's root reads and writes the host's files (an escape). Tracee's
 * logic and metadata, on security_sb_mount; here on mount(2) and on the new
 * mount API, which that hook never sees: the `source` fsconfig gives an
 * fsopen'd context is kept per (process, fd), and fsmount of it (the
 * filesystem is mounted, attached or not) is the finding.
 *
 * "Started" (Tracee's ContainerStarted) means the entrypoint has run: a
 * process of the container exec'd a program that is not the runtime's own
 * (runc, runc:[2:INIT], crun, conmon, containerd-shim...), or the mounting
 * process itself is not a runtime process (a container that was running
 * before sysray). runc mounting devices while it sets the container up is
 * not a finding (Tracee #1611, #1085).
 */
import type { Signature } from '../signature.js';
import { isContainerRuntime } from '../predicates.js';

const DEV_DIR = '/dev/';
const FSCONFIG = { SET_STRING: 1, SET_PATH: 3, SET_PATH_EMPTY: 4 } as const;
/** mount(2) flags that do not mount a device's filesystem: remount, bind, move, propagation changes. */
const NOT_A_NEW_MOUNT = 32n | 4096n | 8192n | (1n << 17n) | (1n << 18n) | (1n << 19n) | (1n << 20n);
/** State bounds: containers seen started, fs contexts being configured. */
const MAX_ENTRIES = 4096;

const startedContainers = new Map<string, true>();
/** `${hostPid}:${fd}` of an fsopen'd context → the source fsconfig gave it ('' none yet). */
const contextSources = new Map<string, string>();

function remember<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_ENTRIES) map.delete(map.keys().next().value!);
}

export const diskMount: Signature = {
  metadata: {
    id: 'TRC-1014',
    version: '1',
    name: 'Container device mount detected',
    eventName: 'disk_mount',
    description: 'Container device filesystem mount detected. A mount of a host device filesystem can be exploited by adversaries to perform container escape.',
    properties: {
      Severity: 3,
      Category: 'privilege-escalation',
      Technique: 'Escape to Host',
      Kubernetes_Technique: '',
      id: 'attack-pattern--4a5b7ade-8bb5-4853-84ed-23f262002665',
      external_id: 'T1611',
    },
  },
  selects: [
    { event: 'sched_process_exec', origin: 'container' },
    { event: 'mount', origin: 'container', where: { source: { prefix: [DEV_DIR] } } },
    { event: 'fsopen', origin: 'container' },
    { event: 'fsconfig', origin: 'container', where: { cmd: { in: [FSCONFIG.SET_STRING, FSCONFIG.SET_PATH, FSCONFIG.SET_PATH_EMPTY] } } },
    { event: 'fsmount', origin: 'container' },
  ],
  doc: {
    data: [{ name: 'dev_name', type: 'const char *', doc: 'The device mounted: mount\'s `source`, or the `source` fsconfig gave the fsmount\'d context.' }],
    useCase: 'A container run with --privileged (or CAP_SYS_ADMIN and the host\'s block devices) mounts the host\'s root disk, /dev/sda1 or /dev/nvme0n1p1, and then reads /etc/shadow, writes a cron job or an SSH key on the host: the classic escape from a privileged container. The new mount API (fsopen, fsconfig source, fsmount, move_mount) does the same without mount(2).',
    issues: 'Containers that legitimately mount devices (storage drivers, CSI node plugins, backup agents, loop-mounting images in CI) report every mount: allowlist them. A container that sysray saw being made counts as started at the first exec of a non-runtime program in it; a mount by a process named like a runtime before that is not reported, so a process renaming itself runc (prctl) before the entrypoint ran is missed, and after it is not. '
      + 'Remounts, bind mounts, moves and propagation changes of mount(2) are not reported (no device filesystem is mounted), where Tracee\'s hook sees them too; mount(2) is reported whatever it returned (Tracee\'s hook runs before the kernel\'s permission checks), the new API when fsmount succeeded. fs contexts are followed per process and fd: one passed to another process (SCM_RIGHTS, fork) or configured with FSCONFIG_SET_FD is not. Relative sources and sources not under /dev (a device node made elsewhere with mknod, /proc/self/fd/N of a block device) are missed, as in Tracee.',
    related: ['mount', 'fsopen', 'fsconfig', 'fsmount', 'move_mount', 'open_tree', 'sched_process_exec'],
  },
  init: () => {
    startedContainers.clear();
    contextSources.clear();
  },
  onEvent: (event, ctx) => {
    const id = event.containerId;
    if (id === '') return undefined;
    const ret = Number(event.returnValue);
    const key = (fd: number): string => `${event.hostProcessId}:${fd}`;
    const started = (): boolean =>
      startedContainers.has(id) || !isContainerRuntime(event.processName, ctx.process(event.hostProcessId)?.exePath ?? '');
    switch (event.eventName) {
      case 'sched_process_exec': {
        const pathname = event.args.find((a) => a.spec.name === 'pathname')?.value;
        if (!isContainerRuntime(event.processName, typeof pathname === 'string' ? pathname : '')) remember(startedContainers, id, true);
        return undefined;
      }
      case 'mount': {
        const source = event.args.find((a) => a.spec.name === 'source')?.value;
        const flags = BigInt(event.args.find((a) => a.spec.name === 'mountflags')?.raw ?? 0);
        if (typeof source !== 'string' || !source.startsWith(DEV_DIR) || (flags & NOT_A_NEW_MOUNT) !== 0n) return undefined;
        return started() ? { data: { dev_name: source } } : undefined;
      }
      case 'fsopen':
        if (ret >= 0) remember(contextSources, key(ret), '');
        return undefined;
      case 'fsconfig': {
        const fd = Number(event.args.find((a) => a.spec.name === 'fs_fd')?.value ?? -1);
        const keyArg = event.args.find((a) => a.spec.name === 'key')?.value;
        const value = event.args.find((a) => a.spec.name === 'value')?.value;
        if (ret === 0 && keyArg === 'source' && typeof value === 'string' && contextSources.has(key(fd))) contextSources.set(key(fd), value);
        return undefined;
      }
      case 'fsmount': {
        const fd = Number(event.args.find((a) => a.spec.name === 'fsfd')?.value ?? -1);
        const source = contextSources.get(key(fd));
        if (ret < 0 || source === undefined || !source.startsWith(DEV_DIR)) return undefined;
        return started() ? { data: { dev_name: source } } : undefined;
      }
    }
    return undefined;
  },
};
