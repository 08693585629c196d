/**
 * Containers from cgroup paths. Runtimes name a container's cgroup after its
 * 64-hex id, with a prefix that says which runtime made it:
 *
 * | runtime    | systemd driver                                   | cgroupfs driver                          |
 * |------------|--------------------------------------------------|------------------------------------------|
 * | docker     | `docker-<id>.scope`                              | `/docker/<id>`                           |
 * | containerd | `cri-containerd-<id>.scope`, `nerdctl-<id>.scope` | `/kubepods/<qos>/pod<uid>/<id>`, `/<namespace>/<id>` |
 * | cri-o      | `crio-<id>.scope`                                | `crio-<id>`                              |
 * | podman     | `libpod-<id>.scope`                              | `/libpod_parent/libpod-<id>`             |
 *
 * The same names appear under every cgroup v1 controller and in the v2
 * hierarchy. Not containers: `crio-conmon-<id>.scope` and
 * `libpod-conmon-<id>.scope` hold the runtime's monitor process, which runs on
 * the host. Cgroups below a container's (`init.scope`, podman's v2
 * `container`) are that container's; a container cgroup below another one
 * (docker in docker, kind nodes) is the inner container.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';

export type ContainerRuntime = 'docker' | 'containerd' | 'crio' | 'podman' | 'unknown';

/** The container a cgroup belongs to: `{ id: '', runtime: '' }` on the host. */
export interface CgroupContainer {
  /** 64 lowercase hex digits, '' on the host */
  readonly id: string;
  readonly runtime: ContainerRuntime | '';
}

/** What every host cgroup resolves to (one shared frozen object). */
export const HOST_CGROUP: CgroupContainer = Object.freeze({ id: '', runtime: '' });

// conmon's `crio-conmon-<id>.scope` does not match: `conmon-<id>` is not 64 hex
const PREFIXED = /^(docker|cri-containerd|nerdctl|crio|libpod)-([0-9a-f]{64})(?:\.scope)?$/;
const BARE = /^[0-9a-f]{64}$/;
// a line of /proc/PID/cgroup: "hierarchy-id:controllers:path"
const PROC_CGROUP_LINE = /^\d+:[^:/]*:(?=\/)/;

const RUNTIME_OF_PREFIX: Readonly<Record<string, ContainerRuntime>> = {
  docker: 'docker',
  'cri-containerd': 'containerd',
  nerdctl: 'containerd',
  crio: 'crio',
  libpod: 'podman',
};

/**
 * The runtime a single cgroup directory name says made it, '' when the name
 * is not a container's. A bare 64-hex name is 'unknown' here: only its parent
 * tells (see {@link containerFromCgroupPath}).
 *
 * @example runtimeOfCgroupName(`cri-containerd-${id}.scope`) // 'containerd'
 */
export function runtimeOfCgroupName(name: string): ContainerRuntime | '' {
  const m = PREFIXED.exec(name);
  if (m) return RUNTIME_OF_PREFIX[m[1]];
  return BARE.test(name) ? 'unknown' : '';
}

/**
 * The container a cgroup path belongs to: the last container-looking
 * component, kept for the cgroups below it. Accepts a path relative to a
 * cgroup mount, a path under the mount (`/sys/fs/cgroup/memory/docker/<id>`)
 * or a /proc/PID/cgroup line (`4:memory:/docker/<id>`).
 *
 * @example containerFromCgroupPath(`/system.slice/docker-${id}.scope`) // { id, runtime: 'docker' }
 */
export function containerFromCgroupPath(path: string): CgroupContainer {
  const line = PROC_CGROUP_LINE.exec(path);
  const parts = (line ? path.slice(line[0].length) : path).split('/').filter((p) => p !== '');
  let found = HOST_CGROUP;
  for (let i = 0; i < parts.length; i++) {
    const name = parts[i];
    const m = PREFIXED.exec(name);
    if (m) found = { id: m[2], runtime: RUNTIME_OF_PREFIX[m[1]] };
    else if (BARE.test(name)) found = { id: name, runtime: runtimeOfBareId(parts, i) };
  }
  return found;
}

/** The container id in a cgroup path, or '' on the host. */
export function containerIdFromCgroupPath(cgroupPath: string): string {
  return containerFromCgroupPath(cgroupPath).id;
}

/** cgroupfs drivers name the container's cgroup by its bare id: the parents tell the runtime. */
function runtimeOfBareId(parts: readonly string[], at: number): ContainerRuntime {
  if (at === 0) return 'unknown';
  if (parts[at - 1] === 'docker') return 'docker';
  // kubelet's cgroupfs layout; CRI-O would have named it crio-<id>. (cri-dockerd
  // uses this layout too; containerd still knows those containers, in namespace moby.)
  for (let i = 0; i < at; i++) if (parts[i].startsWith('kubepods')) return 'containerd';
  // containerd without CRI (ctr, nerdctl): /<namespace>/<id>
  if (at === 1) return 'containerd';
  return 'unknown';
}

/**
 * cgroup id → container. The kernel reports the cgroup of the containers'
 * hierarchy (src/tracer/container-hierarchy.ts), whose directories' inode
 * numbers are those ids: one walk of that hierarchy names them all, and
 * another walk when an id is new. No /proc lookup: by the time an event is
 * decoded its process may be gone or elsewhere.
 */
export class ContainerResolver {
  private readonly byCgroup = new Map<bigint, CgroupContainer>();
  private lastWalk = 0;

  /** `mount`: where the containers' hierarchy is mounted ('' when it is not: no ids). */
  constructor(private readonly mount: string) {}

  /** The container's id, '' on the host. */
  containerId(cgroupId: bigint): string {
    return this.container(cgroupId).id;
  }

  /** The container and its runtime; {@link HOST_CGROUP} on the host. */
  container(cgroupId: bigint): CgroupContainer {
    const known = this.byCgroup.get(cgroupId);
    if (known !== undefined) return known;
    // a cgroup made since the last walk; walk at most every 10 ms in a storm of unknown ids
    if (Date.now() - this.lastWalk < 10) return HOST_CGROUP; // not known yet: ask again later, not for ever
    this.walk();
    const found = this.byCgroup.get(cgroupId);
    if (found !== undefined) return found;
    this.byCgroup.set(cgroupId, HOST_CGROUP); // gone already, or not a cgroup of this hierarchy
    return HOST_CGROUP;
  }

  /**
   * A cgroup the kernel reported made (cgroup_mkdir, with its path): known
   * from then on, even if it is removed before its events are decoded.
   */
  register(cgroupId: bigint, cgroupPath: string): void {
    this.byCgroup.set(cgroupId, containerFromCgroupPath(cgroupPath));
  }

  /**
   * What it knows: every cgroup id it has named, host ones included (as
   * {@link HOST_CGROUP}), to carry to another resolver with {@link seed}.
   */
  entries(): [cgroupId: bigint, container: CgroupContainer][] {
    return [...this.byCgroup];
  }

  /**
   * Adds what another resolver knew (a recording's picture of the
   * hierarchy, src/process/proc-picture.ts). A resolver without a mount
   * answers from these and, for any other id, the host.
   */
  seed(entries: Iterable<readonly [cgroupId: bigint, container: CgroupContainer]>): void {
    for (const [cgroupId, c] of entries) this.byCgroup.set(cgroupId, c.id === '' ? HOST_CGROUP : c);
  }

  /** Names every cgroup of the hierarchy now (a lookup of an unknown id does it anyway). */
  walk(): void {
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
          this.byCgroup.set(statSync(full, { bigint: true }).ino, containerFromCgroupPath(relPath));
        } catch {
          continue;
        }
        if (depth < 12) visit(full, relPath, depth + 1);
      }
    };
    try {
      this.byCgroup.set(statSync(this.mount, { bigint: true }).ino, HOST_CGROUP);
    } catch {
      return;
    }
    visit(this.mount, '', 0);
  }
}
