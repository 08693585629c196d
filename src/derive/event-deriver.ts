/**
 * Events derived from other events (catalog: src/events/derived-events.ts),
 * and what pidfd events learn from the kernel's view of their pidfd.
 * mem_prot_alert needs state: every process's writable or executable
 * mappings (memory-regions.ts), which observe() keeps across exec, exit and
 * fork from the lifecycle events every run receives.
 *
 * The kernel sends a source event with the bits of the policies selecting it
 * and of those selecting an event derived from it (bpf/sysray.h
 * SYSRAY_DERIVE_*); each event made here keeps those bits, and the policy
 * matcher keeps, for each, the policies whose rules name it.
 */
import type { ArgSpec } from '../events/catalog-types.js';
import { eventById, eventByName } from '../events/catalog.js';
import { DERIVED_SOURCES, DerivedEventId } from '../events/derived-events.js';
import { TracepointEventId } from '../decode/record-layout.js';
import type { DecodedArg, ProcessRef, TraceEvent } from '../decode/trace-event.js';
import type { FdDescription } from '../process/fd-description.js';
import type { ProcessTree } from '../process/process-tree.js';
import { taskEntityId } from '../process/entity-id.js';
import { containerFromCgroupPath } from '../process/container-id.js';
import type { ContainerRuntimes } from '../process/container-runtime.js';
import { MemoryRegions } from './memory-regions.js';
import { memProtAlert } from './mem-prot-alert.js';

/** What an event is to the deriver, by event id: most are nothing, and are looked at once. */
const enum SourceRole {
  none = 0,
  /** the syscalls perf_event_read is made from, as the catalog says (the kernel selects the same) */
  readLike,
  ioctl,
  prctl,
  pidfd,
  cgroup,
  /** mmap, mprotect, pkey_mprotect, munmap, mremap: mem_prot_alert */
  memory,
  /** magic_write's sources: the kernel sent a WRITTEN blob when the test passed and bytes were written */
  write,
}

const SOURCE_ROLE: readonly SourceRole[] = (() => {
  const roles: SourceRole[] = [];
  const set = (id: number | undefined, role: SourceRole): void => {
    if (id !== undefined) roles[id] = role;
  };
  for (const s of DERIVED_SOURCES.get(DerivedEventId.perfEventRead) ?? []) set(s.id, SourceRole.readLike);
  set(eventByName('ioctl')?.id, SourceRole.ioctl);
  set(eventByName('prctl')?.id, SourceRole.prctl);
  for (const n of ['pidfd_open', 'pidfd_getfd', 'pidfd_send_signal']) set(eventByName(n)?.id, SourceRole.pidfd);
  set(TracepointEventId.cgroupMkdir, SourceRole.cgroup);
  set(TracepointEventId.cgroupRmdir, SourceRole.cgroup);
  for (const s of DERIVED_SOURCES.get(DerivedEventId.memProtAlert) ?? []) set(s.id, SourceRole.memory);
  for (const s of DERIVED_SOURCES.get(DerivedEventId.magicWrite) ?? []) set(s.id, SourceRole.write);
  for (let i = 0; i < roles.length; i++) roles[i] ??= SourceRole.none;
  return roles;
})();
const PR_TASK_PERF_EVENTS_DISABLE = 31;
const PR_TASK_PERF_EVENTS_ENABLE = 32;

function specOf(id: number): readonly ArgSpec[] {
  const spec = eventById(id);
  if (!spec) throw new Error(`derived event ${id} is not in the catalog`);
  return spec.args;
}

function arg(spec: ArgSpec, value: number | bigint | string | boolean): DecodedArg {
  return { spec, value, raw: typeof value === 'string' ? 0 : typeof value === 'boolean' ? Number(value) : value };
}

/** A new event with the context of `from`. */
function derivedFrom(from: TraceEvent, id: number, values: readonly (number | bigint | string | boolean)[]): TraceEvent {
  const specs = specOf(id);
  return {
    ...from,
    eventId: id,
    eventName: eventById(id)!.name,
    syscall: from.syscall,
    args: specs.map((s, i) => arg(s, values[i])),
    matchedPolicies: [],
    returnedFd: undefined,
  };
}

function counter(d: FdDescription | undefined): (number | bigint)[] {
  if (d?.kind !== 'perf_event') return [-1, -1, -1, -1];
  return [d.type, d.config, d.cpu, d.targetTid];
}

export interface EventDeriverOptions {
  tree: ProcessTree;
  /** realtime − boottime, ns */
  clockOffset: bigint;
  /** Name and image of containers; absent: left empty. */
  runtimes?: ContainerRuntimes;
}

export class EventDeriver {
  /** Container lookups under way: stop waits for them. */
  private readonly pending = new Set<Promise<void>>();
  /** cgroup id → the container whose own cgroup it is (for container_remove). */
  private readonly containerCgroups = new Map<bigint, { id: string; runtime: string }>();
  /** Writable or executable regions per process, for mem_prot_alert. */
  readonly memory = new MemoryRegions();

  constructor(private readonly options: EventDeriverOptions) {}

  /**
   * Calls `emit` with the events `e` stands for: itself (completed), and any
   * event derived from it. `emitLater` gets those that wait for an answer
   * (container names).
   */
  derive(e: TraceEvent, emit: (event: TraceEvent) => void, emitLater: (event: TraceEvent) => void): void {
    const name = e.eventName;
    switch (SOURCE_ROLE[e.eventId]) {
      case SourceRole.readLike: {
        const fd = e.args[0];
        if (fd?.fd?.kind === 'perf_event') {
          emit(derivedFrom(e, DerivedEventId.perfEventRead, [fd.value as number, name, e.returnValue, ...counter(fd.fd)]));
        }
        break;
      }
      case SourceRole.ioctl: {
        const fd = e.args[0];
        if (fd?.fd?.kind === 'perf_event') {
          emit(derivedFrom(e, DerivedEventId.perfEventIoctl, [fd.value as number, e.args[1].raw, e.args[2].raw, ...counter(fd.fd)]));
        }
        break;
      }
      case SourceRole.prctl: {
        const option = Number(e.args[0]?.raw);
        if (option === PR_TASK_PERF_EVENTS_DISABLE || option === PR_TASK_PERF_EVENTS_ENABLE) {
          emit(derivedFrom(e, DerivedEventId.perfEventIoctl, [-1, option, 0, -1, -1, -1, -1]));
        }
        break;
      }
      case SourceRole.pidfd:
        this.pidfdTarget(e);
        break;
      case SourceRole.cgroup:
        this.container(e, emitLater);
        break;
      case SourceRole.memory: {
        const alert = memProtAlert(this.memory, e);
        if (alert) emit(derivedFrom(e, DerivedEventId.memProtAlert, alert));
        break;
      }
      case SourceRole.write: {
        const w = e.written;
        if (w) emit(derivedFrom(e, DerivedEventId.magicWrite, [w.path, w.bytes.toString('base64'), w.dev, w.inode, w.contentUnknown]));
        break;
      }
    }
    emit(e);
  }

  /**
   * Whether events of `eventId` come out of derive() as they went in, with
   * nothing derived from them, when `selected` says which derived events
   * some policy or signature wants: then they need not be objects.
   */
  passesThrough(eventId: number, selected: (derivedId: number) => boolean): boolean {
    switch (SOURCE_ROLE[eventId] ?? SourceRole.none) {
      case SourceRole.none:
        return true;
      case SourceRole.readLike:
        return !selected(DerivedEventId.perfEventRead);
      case SourceRole.ioctl:
      case SourceRole.prctl:
        return !selected(DerivedEventId.perfEventIoctl);
      case SourceRole.write:
        return !selected(DerivedEventId.magicWrite);
      default:
        // pidfd events get their target; cgroups and mappings are state
        return false;
    }
  }

  /**
   * Sees every event, also those only sent for process state (policies 0):
   * exec and exit end a process's mappings, fork copies them.
   */
  observe(e: TraceEvent): void {
    if (this.memory.size === 0) return;
    switch (e.eventId) {
      case TracepointEventId.schedProcessExec:
        this.memory.forget(e.hostProcessId);
        break;
      case TracepointEventId.schedProcessExit:
        if (e.args[2]?.value === true) this.memory.forget(e.hostProcessId);
        break;
      case TracepointEventId.schedProcessFork: {
        const child = Number(e.args[6]?.raw ?? 0);
        if (child !== e.hostProcessId) this.memory.fork(e.hostProcessId, child);
        break;
      }
    }
  }

  /** Waits for container lookups under way (each ends by its timeout). */
  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private pidfdTarget(e: TraceEvent): void {
    const pidfd = e.eventName === 'pidfd_open' ? e.returnedFd : e.args[0]?.fd;
    if (pidfd?.kind !== 'pidfd') return;
    e.target = this.processRef(pidfd);
    if (e.eventName === 'pidfd_getfd') e.targetFd = e.returnedFd;
  }

  private processRef(pidfd: Extract<FdDescription, { kind: 'pidfd' }>): ProcessRef {
    const record = pidfd.hostPid > 0 ? this.options.tree.get(pidfd.hostPid) : undefined;
    const start = pidfd.startTime;
    return {
      hostProcessId: pidfd.hostPid,
      processName: pidfd.comm || record?.comm || '',
      executablePath: record?.exePath ?? '',
      processEntityId: start && pidfd.hostPid > 0 ? taskEntityId(pidfd.hostPid, start) : (record?.entityId ?? 0),
    };
  }

  private container(e: TraceEvent, emitLater: (event: TraceEvent) => void): void {
    const path = String(e.args[1]?.value ?? '');
    const cgroupId = BigInt(e.args[0]?.raw ?? 0);
    if (e.eventId === TracepointEventId.cgroupRmdir) {
      const own = this.containerCgroups.get(cgroupId);
      if (!own) return;
      this.containerCgroups.delete(cgroupId);
      emitLater(derivedFrom(e, DerivedEventId.containerRemove, [own.runtime, own.id]));
      return;
    }
    const found = containerFromCgroupPath(path);
    if (!found.id) return;
    // the container's own cgroup, not one below it (init.scope, a nested `container`)
    const parent = path.slice(0, path.lastIndexOf('/'));
    if (containerFromCgroupPath(parent).id === found.id) return;
    this.containerCgroups.set(cgroupId, { id: found.id, runtime: found.runtime });
    const ctime = e.timestamp;
    const make = (image: string, digest: string, name: string, runtime: string): TraceEvent =>
      derivedFrom(e, DerivedEventId.containerCreate, [runtime, found.id, ctime, image, digest, name, cgroupId, path]);
    const runtimes = this.options.runtimes;
    if (!runtimes) {
      emitLater(make('', '', '', found.runtime));
      return;
    }
    const lookup = runtimes.lookup(found.id, found.runtime).then((info) => {
      emitLater(make(info.image, info.imageDigest, info.name, found.runtime));
    });
    const tracked = lookup.finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }
}
