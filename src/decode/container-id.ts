/**
 * Container ids from cgroup paths. Runtimes name a container's cgroup after
 * its 64-hex id: `docker-<id>.scope`, `cri-containerd-<id>.scope`,
 * `crio-<id>.scope`, `libpod-<id>.scope` (systemd driver), or `/docker/<id>`,
 * `/kubepods/.../<id>` (cgroupfs driver).
 */
import { readFileSync } from 'node:fs';

const CONTAINER_ID = /(?:^|[/-])([0-9a-f]{64})(?:\.scope)?(?:\/|$)/;

/** The container id in a cgroup path, or '' on the host. */
export function containerIdFromCgroupPath(cgroupPath: string): string {
  const m = CONTAINER_ID.exec(cgroupPath);
  return m ? m[1] : '';
}

/** The cgroup v2 path (or the first v1 path naming a container) of /proc/PID/cgroup text. */
export function cgroupPathFromProcFile(text: string): string {
  let v2 = '';
  for (const line of text.split('\n')) {
    if (!line) continue;
    const path = line.slice(line.indexOf(':', line.indexOf(':') + 1) + 1);
    if (line.startsWith('0::')) v2 = path;
    else if (containerIdFromCgroupPath(path)) return path;
  }
  return v2;
}

/** Resolves and caches cgroup id → container id, reading /proc/PID/cgroup once per cgroup. */
export class ContainerResolver {
  private readonly byCgroup = new Map<bigint, string>();

  containerId(cgroupId: bigint, hostPid: number): string {
    const known = this.byCgroup.get(cgroupId);
    if (known !== undefined) return known;
    let text: string;
    try {
      text = readFileSync(`/proc/${hostPid}/cgroup`, 'latin1');
    } catch {
      return ''; // the process is gone; try again with the next one in this cgroup
    }
    const id = containerIdFromCgroupPath(cgroupPathFromProcFile(text));
    this.byCgroup.set(cgroupId, id);
    return id;
  }
}
