/**
 * Which cgroup hierarchy tells containers apart. On a cgroup v2 system it is
 * the v2 one. On a v1 or hybrid system runtimes make a container's cgroups in
 * the v1 controllers, so the memory controller's hierarchy is used (as every
 * runtime creates a memory cgroup per container).
 */
import { readFileSync } from 'node:fs';

export interface ContainerHierarchy {
  /** Index of the controller in /proc/cgroups (the kernel's cgroup_subsys_id), or 0xff for v2. */
  ssid: number;
  /** The hierarchy id (/proc/cgroups), 0 for v2. */
  hierarchy: number;
  /** Where it is mounted, to find the containers that exist at start; '' when not mounted. */
  mount: string;
}

export const CGROUP_V2_SSID = 0xff;

export function containerHierarchy(procCgroups = readText('/proc/cgroups'), procMounts = readText('/proc/mounts')): ContainerHierarchy {
  const controllers = procCgroups.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  const memory = controllers.findIndex(([name]) => name === 'memory');
  const mounts = procMounts.split('\n').map((l) => l.split(' '));
  if (memory >= 0 && Number(controllers[memory][1]) > 0) {
    const mount = mounts.find(([, , type, opts]) => type === 'cgroup' && (opts ?? '').split(',').includes('memory'));
    return { ssid: memory, hierarchy: Number(controllers[memory][1]), mount: mount?.[1] ?? '' };
  }
  const v2 = mounts.find(([, , type]) => type === 'cgroup2');
  return { ssid: CGROUP_V2_SSID, hierarchy: 0, mount: v2?.[1] ?? '' };
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}
