/**
 * Container ids from cgroup paths. Runtimes name a container's cgroup after
 * its 64-hex id: `docker-<id>.scope`, `cri-containerd-<id>.scope`,
 * `crio-<id>.scope`, `libpod-<id>.scope` (systemd driver), or `/docker/<id>`,
 * `/kubepods/.../<id>` (cgroupfs driver).
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';

const CONTAINER_ID = /(?:^|[/-])([0-9a-f]{64})(?:\.scope)?(?:\/|$)/;

/** The container id in a cgroup path, or '' on the host. */
export function containerIdFromCgroupPath(cgroupPath: string): string {
  const m = CONTAINER_ID.exec(cgroupPath);
  return m ? m[1] : '';
}

/**
 * cgroup id → container id. The kernel reports the cgroup of the containers'
 * hierarchy (src/tracer/container-hierarchy.ts), whose directories' inode
 * numbers are those ids: one walk of that hierarchy names them all, and
 * another walk when an id is new. No /proc lookup: by the time an event is
 * decoded its process may be gone or elsewhere.
 */
export class ContainerResolver {
  private readonly byCgroup = new Map<bigint, string>();
  private lastWalk = 0;

  /** `mount`: where the containers' hierarchy is mounted ('' when it is not: no ids). */
  constructor(private readonly mount: string) {}

  containerId(cgroupId: bigint): string {
    const known = this.byCgroup.get(cgroupId);
    if (known !== undefined) return known;
    // a cgroup made since the last walk; walk at most every 10 ms in a storm of unknown ids
    if (Date.now() - this.lastWalk >= 10) {
      this.walk();
      const found = this.byCgroup.get(cgroupId);
      if (found !== undefined) return found;
    }
    this.byCgroup.set(cgroupId, ''); // gone already, or not a cgroup of this hierarchy
    return '';
  }

  private walk(): void {
    this.lastWalk = Date.now();
    if (!this.mount) return;
    const visit = (dir: string, rel: string, depth: number): void => {
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return; // removed while we walked
      }
      for (const d of entries) {
        if (!d.isDirectory()) continue;
        const full = `${dir}/${d.name}`;
        const relPath = `${rel}/${d.name}`;
        try {
          this.byCgroup.set(statSync(full, { bigint: true }).ino, containerIdFromCgroupPath(relPath));
        } catch {
          continue;
        }
        if (depth < 12) visit(full, relPath, depth + 1);
      }
    };
    try {
      this.byCgroup.set(statSync(this.mount, { bigint: true }).ino, '');
    } catch {
      return;
    }
    visit(this.mount, '', 0);
  }
}
