/**
 * Puts a compiled policy set (src/policy/kernel-config.ts) into the kernel:
 * fills the inactive config slot completely, then flips `active_slot`, so a
 * syscall sees either the old set or the new one, never half of one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_SLOTS, Container, EntryHook, PolicyConfig, ProcScope, SELECTION_PER_SLOT, Selection } from '../decode/record-layout.js';
import type { SyscallHooks } from './syscall-hooks.js';
import type { KernelConfig, MapEntry } from '../policy/kernel-config.js';
import { containerIdFromCgroupPath } from '../process/container-id.js';
import type { NativeAddon, NativeHandle } from './native-addon.js';

export class KernelPolicyWriter {
  private activeSlot = -1;
  /** Entries written into each slot, to delete before the slot is reused. */
  private readonly written: MapEntry[][] = Array.from({ length: CONFIG_SLOTS }, () => []);

  constructor(private readonly native: NativeAddon, private readonly handle: NativeHandle) {}

  /** The slot the next set goes into. */
  nextSlot(): number {
    return this.activeSlot === 0 ? 1 : 0;
  }

  /**
   * Writes `kc` into its slot (which must not be the active one) and makes it
   * active, with `hooks` taking syscalls: they are attached before the switch
   * (the set in force says which kind takes entries) and the others detached after.
   */
  apply(kc: KernelConfig, hooks: SyscallHooks): void {
    const { slot } = kc;
    if (slot === this.activeSlot) throw new Error('cannot rewrite the active config slot');
    for (const e of this.written[slot]) this.native.mapDelete(this.handle, e.map, e.key);
    this.written[slot] = [];
    for (const e of kc.entries) {
      this.native.mapUpdate(this.handle, e.map, e.key, e.value);
      this.written[slot].push(e);
    }
    const index = Buffer.alloc(4);
    for (let i = 0; i < SELECTION_PER_SLOT; i++) {
      index.writeUInt32LE(slot * SELECTION_PER_SLOT + i);
      this.native.mapUpdate(this.handle, 'selection', index, kc.selection.subarray(i * Selection.bytes, (i + 1) * Selection.bytes));
    }
    // only the entries whose selection names a prefilter: the kernel reads no other
    for (const p of kc.prefilters) {
      index.writeUInt32LE(slot * SELECTION_PER_SLOT + p.index);
      this.native.mapUpdate(this.handle, 'prefilters', index, p.value);
    }
    this.seedTrees(kc);
    const wanted = hooks.kind === 'raw' ? 'raw' : hooks.names;
    this.native.setSyscallHooks(this.handle, wanted, false);
    kc.config.writeUInt32LE(hooks.kind === 'raw' ? EntryHook.raw : EntryHook.syscallTracepoints, PolicyConfig.entryHook);
    index.writeUInt32LE(slot);
    this.native.mapUpdate(this.handle, 'policy_config', index, kc.config);
    this.native.setActiveSlot(this.handle, slot);
    this.activeSlot = slot;
    this.native.setSyscallHooks(this.handle, wanted, true);
  }

  /**
   * Marks tree roots and their descendants for this slot. A process forked
   * while we walk /proc inherits from its parent if the parent is marked
   * already; a second walk catches those forked before it was.
   */
  private seedTrees(kc: KernelConfig): void {
    const s = kc.slot;
    for (const key of this.native.mapKeys(this.handle, 'proc_scopes')) {
      const v = this.native.mapLookup(this.handle, 'proc_scopes', key);
      if (!v) continue;
      for (const off of [ProcScope.treeIn, ProcScope.treeOut, ProcScope.follow]) v.writeBigUInt64LE(0n, off + s * 8);
      this.native.mapUpdate(this.handle, 'proc_scopes', key, v);
    }
    if (kc.treeRoots.length === 0) return;
    for (let pass = 0; pass < 2; pass++) {
      const children = childrenByParent();
      for (const root of kc.treeRoots) {
        const bit = 1n << BigInt(root.policy);
        for (const pid of descendants(root.pid, children)) {
          const key = Buffer.alloc(4);
          key.writeUInt32LE(pid);
          const v = this.native.mapLookup(this.handle, 'proc_scopes', key) ?? Buffer.alloc(ProcScope.bytes);
          const off = (root.exclude ? ProcScope.treeOut : ProcScope.treeIn) + s * 8;
          v.writeBigUInt64LE(v.readBigUInt64LE(off) | bit, off);
          this.native.mapUpdate(this.handle, 'proc_scopes', key, v);
        }
      }
    }
  }

  /** Registers the containers that exist now under `cgroupMount` (the kernel sees new ones being made). */
  seedContainers(cgroupMount: string): number {
    let found = 0;
    // a cgroup below a container's belongs to that container too
    const walk = (dir: string, depth: number, inContainer: boolean): void => {
      if (depth > 8) return;
      let names: string[];
      try {
        names = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
      } catch {
        return;
      }
      for (const name of names) {
        const full = path.join(dir, name);
        const isContainer = inContainer || containerIdFromCgroupPath('/' + name) !== '';
        if (isContainer) {
          try {
            // a cgroup directory's inode number is its kernfs id, what the kernel side reads
            const key = Buffer.alloc(8);
            key.writeBigUInt64LE(statSync(full, { bigint: true }).ino);
            this.native.mapUpdate(this.handle, 'container_cgroups', key, Buffer.alloc(Container.bytes));
            found++;
          } catch {
            // gone meanwhile
          }
        }
        walk(full, depth + 1, isContainer);
      }
    };
    if (cgroupMount) walk(cgroupMount, 0, false);
    return found;
  }
}

/** ppid → child pids, from /proc (processes only, not threads). */
function childrenByParent(): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue; // exited
    }
    // comm may hold spaces and parentheses: the fields after it start at the last ')'
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    let list = out.get(ppid);
    if (!list) out.set(ppid, (list = []));
    list.push(Number(name));
  }
  return out;
}

function descendants(root: number, children: Map<number, number[]>): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}
