/**
 * A JSON event line back into a TraceEvent: sysray's own `-o json` lines
 * and Tracee v0.24's (`tracee -o json`, trace.Event as encoding/json writes
 * it). Events are known by name (ids differ between catalogs).
 *
 * sysray's lines: the inverse of src/output/json-printer.ts for the fields
 * it writes, so that the printers write the same bytes again and the
 * policies and signatures see what the tracer saw. Arguments get the
 * catalog's ArgSpec of their event (formats included, for
 * option:parse-arguments) or, for names it lacks (findings' data), one made
 * from the name and type written.
 *
 * Tracee's lines (told by `eventId` written as a string): Tracee names its
 * argument types in Go (`int64`, `trace.Pointer`, `[]string`), sysray in C,
 * so an argument gets the catalog's spec of that name when its value fits
 * it (an integer, a string, a list...), else one made from what was
 * written; `time.Time` values (RFC 3339 text) become ns since the epoch.
 * Fields sysray has no place for are dropped: container {name, image},
 * kubernetes, contextFlags, stackAddresses, argsNum. Printed again, such an
 * event is a sysray line (C types, this catalog's ids). Events this catalog
 * lacks (security_file_open and the other LSM and kprobe events) are an
 * EventJsonError like any unknown event.
 *
 * Not recoverable from JSON (never printed): the kernel's fd descriptions,
 * perf attrs read at exit, magic_write's header, the policy bits. A
 * pidfd_getfd target fd comes back from its text (`5=/etc/passwd`,
 * `42=socket:[AF_INET 127.0.0.1:80]`: family and ends, no type, inode,
 * protocol or state): fd-from-text.ts.
 */
import type { ArgSpec } from '../events/catalog-types.js';
import { eventByName } from '../events/catalog.js';
import type { ArgValue, DecodedArg, FindingMetadata, ProcessRef, RaceTechnique, TraceEvent, Unreadable } from '../decode/trace-event.js';
import type { FdDescription } from '../process/fd-description.js';
import { JsonSyntaxError, parseExactJson } from './exact-json.js';
import { fdFromText } from './fd-from-text.js';

/** Why a line is not an event; `kind` is what is counted (one line per kind). */
export class EventJsonError extends Error {
  constructor(readonly kind: string, detail = '') {
    super(detail ? `${kind}: ${detail}` : kind);
  }
}

type Json = Record<string, unknown>;

const madeSpecs = new Map<string, ArgSpec>();

/** A spec for an argument the catalog does not describe (findings' data, Tracee's extra fields). */
function madeSpec(name: string, type: string): ArgSpec {
  const key = `${name}\0${type}`;
  let spec = madeSpecs.get(key);
  if (!spec) madeSpecs.set(key, (spec = { name, type, kind: 'derived', capture: 'none', tags: [] }));
  return spec;
}

/**
 * The catalog's spec of a sysray argument (same name and type), unless its
 * value is symbolic text (option:parse-arguments): that is kept as written,
 * not rendered again from a number it no longer has.
 */
function specOf(eventName: string, name: string, type: string, value: unknown): ArgSpec {
  const known = eventByName(eventName)?.args.find((a) => a.name === name && a.type === type);
  return known && !(typeof value === 'string' && known.format !== undefined) ? known : madeSpec(name, type);
}

function int(o: Json, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new EventJsonError(`field ${key} missing or not an integer`);
  return v;
}

function big(o: Json, key: string): bigint {
  const v = o[key];
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  throw new EventJsonError(`field ${key} missing or not an integer`);
}

function str(o: Json, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new EventJsonError(`field ${key} missing or not a string`);
  return v;
}

function obj(v: unknown, what: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new EventJsonError(`${what} is not an object`);
  return v as Json;
}

/** Whether a value Tracee wrote is of the shape the catalog's spec gives. */
function fits(spec: ArgSpec, value: unknown): boolean {
  if (value === null) return true;
  switch (spec.kind) {
    case 's32': case 'u32': case 's64': case 'u64': case 'pointer':
      // symbolic text (option:parse-arguments) is kept as written, with Tracee's type
      return typeof value === 'number' || typeof value === 'bigint';
    case 'bool':
      return typeof value === 'boolean';
    case 'captured':
      if (spec.capture === 'string') return typeof value === 'string';
      if (spec.capture === 'stringArray' || spec.capture === 'envArray') return Array.isArray(value);
      return typeof value === 'object';
    case 'derived':
      return true;
  }
}

/** Go's time.Time as encoding/json writes it (RFC 3339, up to ns) → ns since the epoch. */
function rfc3339Ns(text: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  const ms = m ? Date.parse(m[1] + m[3]) : NaN;
  if (!m || Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((m[2] ?? '0').padEnd(9, '0'));
}

/** A Tracee argument's spec and value: the catalog's spec of its name when the value fits. */
function traceeArg(eventName: string, name: string, type: string, written: unknown): { spec: ArgSpec; value: ArgValue } {
  let value = written as ArgValue;
  if (type === 'time.Time' && typeof written === 'string') {
    const ns = rfc3339Ns(written);
    if (ns === undefined) throw new EventJsonError(`argument ${name} not an RFC 3339 time`);
    value = ns;
  }
  const known = eventByName(eventName)?.args.find((a) => a.name === name);
  return { spec: known && fits(known, value) ? known : madeSpec(name, type), value };
}

function arg(eventName: string, a: Json, tracee: boolean): DecodedArg {
  const name = str(a, 'name');
  const type = str(a, 'type');
  const { spec, value } = tracee ? traceeArg(eventName, name, type, a.value) : { spec: specOf(eventName, name, type, a.value), value: a.value as ArgValue };
  const out: DecodedArg = { spec, value, raw: typeof value === 'number' || typeof value === 'bigint' ? value : 0 };
  if (typeof a.unreadable === 'string') {
    out.unreadable = a.unreadable as Unreadable;
    out.address = (a.address as number | bigint | undefined) ?? 0;
    out.raw = out.address;
  }
  if (a.truncated === true) out.truncated = true;
  if (a.readAtExit === true) out.readAtExit = true;
  if (a.fdReplaced === true) out.fdReplaced = true;
  if ('kernelValue' in a) out.kernelValue = a.kernelValue as ArgValue;
  if (a.kernelFile !== undefined) {
    const f = obj(a.kernelFile, `${name}.kernelFile`);
    out.kernelFile = { dev: int(f, 'dev'), inode: int(f, 'inode') };
  }
  if (a.raced === true) {
    out.raced = true;
    out.raceTechnique = a.raceTechnique as RaceTechnique;
  }
  return out;
}

function processRef(v: unknown): ProcessRef {
  const p = obj(v, 'target');
  return {
    hostProcessId: int(p, 'hostProcessId'), processName: str(p, 'processName'),
    executablePath: str(obj(p.executable, 'target.executable'), 'path'), processEntityId: int(p, 'processEntityId'),
  } as ProcessRef;
}

/** pidfd_getfd's `targetFd` as printed (`5=/etc/passwd`): a description that prints the same text again. */
function targetFd(text: unknown): FdDescription {
  if (typeof text !== 'string') throw new EventJsonError('field targetFd not a string');
  return fdFromText(text);
}

/** One line of `-o json`, sysray's or Tracee's (no newline needed); throws EventJsonError. */
export function eventFromJson(line: string): TraceEvent {
  let parsed: unknown;
  try {
    parsed = parseExactJson(line);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new EventJsonError('not JSON', err.message);
    throw err;
  }
  const o = obj(parsed, 'the line');
  const eventName = str(o, 'eventName');
  const spec = eventByName(eventName);
  if (!spec) throw new EventJsonError(`unknown event ${eventName}`);
  const args = o.args;
  if (!Array.isArray(args)) throw new EventJsonError('field args missing or not a list');
  const policies = o.matchedPolicies;
  // Tracee writes its id as a string (`json:"eventId,string"`), sysray as a number
  const tracee = typeof o.eventId === 'string';
  const e: TraceEvent = {
    timestamp: big(o, 'timestamp'),
    threadStartTime: big(o, 'threadStartTime'),
    processorId: int(o, 'processorId'),
    processId: int(o, 'processId'),
    cgroupId: big(o, 'cgroupId'),
    threadId: int(o, 'threadId'),
    parentProcessId: int(o, 'parentProcessId'),
    hostProcessId: int(o, 'hostProcessId'),
    hostThreadId: int(o, 'hostThreadId'),
    hostParentProcessId: int(o, 'hostParentProcessId'),
    userId: int(o, 'userId'),
    mountNamespace: int(o, 'mountNamespace'),
    pidNamespace: int(o, 'pidNamespace'),
    processName: str(o, 'processName'),
    executablePath: str(obj(o.executable, 'executable'), 'path'),
    hostName: str(o, 'hostName'),
    containerId: str(o, 'containerId'),
    // this catalog's id: the name is what stays the same across versions
    eventId: spec.id,
    eventName,
    syscall: str(o, 'syscall'),
    returnValue: typeof o.returnValue === 'bigint' ? o.returnValue : int(o, 'returnValue'),
    args: args.map((a, i) => arg(eventName, obj(a, `args[${i}]`), tracee)),
    matchedPolicies: Array.isArray(policies) ? policies.map(String) : [],
    policyMask: 0n,
    policyGeneration: 0,
    threadEntityId: int(o, 'threadEntityId'),
    processEntityId: int(o, 'processEntityId'),
    parentEntityId: int(o, 'parentEntityId'),
  };
  if (o.target !== undefined) e.target = processRef(o.target);
  if (o.targetFd !== undefined) e.targetFd = targetFd(o.targetFd);
  if (o.metadata !== undefined) e.metadata = obj(o.metadata, 'metadata') as unknown as FindingMetadata;
  return e;
}
