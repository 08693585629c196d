/**
 * A `-o json` line back into a TraceEvent: the inverse of
 * src/output/json-printer.ts for the fields it writes, so that the printers
 * write the same bytes again and the policies and signatures see what the
 * tracer saw. Arguments get the catalog's ArgSpec of their event (formats
 * included, for option:parse-arguments) or, for names it lacks (findings'
 * data), one made from the name and type written.
 *
 * Not recoverable from JSON (never printed): the kernel's fd descriptions,
 * perf attrs read at exit, magic_write's header, the policy bits. A
 * pidfd_getfd target fd comes back as its text (`5=/etc/passwd`).
 */
import type { ArgSpec } from '../events/catalog-types.js';
import { eventByName } from '../events/catalog.js';
import type { ArgValue, DecodedArg, FindingMetadata, ProcessRef, RaceTechnique, TraceEvent, Unreadable } from '../decode/trace-event.js';
import type { FdDescription } from '../process/fd-description.js';
import { JsonSyntaxError, parseExactJson } from './exact-json.js';

/** Why a line is not an event; `kind` is what is counted (one line per kind). */
export class EventJsonError extends Error {
  constructor(readonly kind: string, detail = '') {
    super(detail ? `${kind}: ${detail}` : kind);
  }
}

type Json = Record<string, unknown>;

const madeSpecs = new Map<string, ArgSpec>();

function specOf(eventName: string, name: string, type: string): ArgSpec {
  const known = eventByName(eventName)?.args.find((a) => a.name === name && a.type === type);
  if (known) return known;
  const key = `${name}\0${type}`;
  let spec = madeSpecs.get(key);
  if (!spec) madeSpecs.set(key, (spec = { name, type, kind: 'derived', capture: 'none', tags: [] }));
  return spec;
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

function arg(eventName: string, a: Json): DecodedArg {
  const name = str(a, 'name');
  const type = str(a, 'type');
  const value = a.value as ArgValue;
  const out: DecodedArg = { spec: specOf(eventName, name, type), value, raw: typeof value === 'number' || typeof value === 'bigint' ? value : 0 };
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

/** `5=/etc/passwd` as printed: a description that prints the same text again. */
function targetFd(text: unknown): FdDescription {
  if (typeof text !== 'string') throw new EventJsonError('field targetFd not a string');
  const eq = text.indexOf('=');
  return { kind: 'file', path: eq < 0 ? '' : text.slice(eq + 1) };
}

/** One line of `-o json` (no newline needed); throws EventJsonError. */
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
    args: args.map((a, i) => arg(eventName, obj(a, `args[${i}]`))),
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
