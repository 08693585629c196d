/**
 * `-o json`: one object per line, with the field names of Tracee's
 * trace.Event. 64-bit values are written as exact integers. The text is
 * written as bytes into the output buffer (json-bytes.ts), with what a
 * thread's and an event kind's events repeat kept encoded.
 */
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { errnoName, renderArgSymbolic } from '../decode/symbols/index.js';
import type { OutputStream } from './output-stream.js';
import type { Printer, PrinterOptions } from './printer.js';
import { JsonBytes, utf8Bytes } from './json-bytes.js';
import { formatFdArg } from '../process/fd-args.js';
import { symbolicPerfEventAttr, type DecodedPerfEventAttr } from '../decode/perf-event-attr.js';
import { symbolicOpenHow, type DecodedOpenHow } from '../decode/open-how.js';
import type { ProcessRef } from '../decode/trace-event.js';

/**
 * The JSON of the fields a thread's events repeat, kept per thread and used
 * while every field it was made from is the same: `taskText` runs from
 * processId to containerId, `entityText` holds the three entity ids.
 */
export interface ThreadText {
  readonly threadStartTime: bigint;
  readonly processId: number;
  readonly cgroupId: bigint;
  readonly threadId: number;
  readonly parentProcessId: number;
  readonly hostProcessId: number;
  readonly hostParentProcessId: number;
  readonly userId: number;
  readonly mountNamespace: number;
  readonly pidNamespace: number;
  readonly processName: string;
  readonly executablePath: string;
  readonly hostName: string;
  readonly containerId: string;
  readonly threadEntityId: number;
  readonly processEntityId: number;
  readonly parentEntityId: number;
  /** `,"threadStartTime":…,"processorId":` */
  readonly start: Uint8Array;
  /** `,"processId":…,"containerId":…` */
  readonly task: Uint8Array;
  /** The three entity ids, then `,"args":[` (`entityOnly`: without it, for events with a target). */
  readonly entity: Uint8Array;
  readonly entityOnly: string;
}

/** The fields a thread's text is made from: a TraceEvent's, or the record writer's (record-json.ts). */
export type ThreadFields = Pick<TraceEvent,
  'threadStartTime' | 'processId' | 'cgroupId' | 'threadId' | 'parentProcessId' | 'hostProcessId' | 'hostThreadId' |
  'hostParentProcessId' | 'userId' | 'mountNamespace' | 'pidNamespace' | 'processName' | 'executablePath' |
  'hostName' | 'containerId' | 'threadEntityId' | 'processEntityId' | 'parentEntityId'>;

function sameThread(t: ThreadText, e: ThreadFields): boolean {
  return (
    t.threadStartTime === e.threadStartTime && t.processId === e.processId && t.cgroupId === e.cgroupId &&
    t.threadId === e.threadId && t.parentProcessId === e.parentProcessId && t.hostProcessId === e.hostProcessId &&
    t.hostParentProcessId === e.hostParentProcessId && t.userId === e.userId &&
    t.mountNamespace === e.mountNamespace && t.pidNamespace === e.pidNamespace &&
    t.processName === e.processName && t.executablePath === e.executablePath && t.hostName === e.hostName &&
    t.containerId === e.containerId && t.threadEntityId === e.threadEntityId &&
    t.processEntityId === e.processEntityId && t.parentEntityId === e.parentEntityId
  );
}

/** Threads whose text is kept; past this the cache starts over. */
const MAX_THREAD_TEXTS = 4096;

/** `,"eventId":…,"returnValue":` for one event kind, syscall and set of matched policies. */
interface EventText {
  readonly syscall: string;
  readonly matchedPolicies: readonly string[];
  readonly argsNum: number;
  readonly bytes: Uint8Array;
}

/** An argument's `{"name":…,"type":…,"value":`, first in the list and after another (`},` before it). */
export interface ArgPrefix {
  readonly first: Uint8Array;
  readonly next: Uint8Array;
}

export const TIMESTAMP = utf8Bytes('{"timestamp":');
const ARGS_OPEN = utf8Bytes(',"args":[');
export const LAST_ARG_END = utf8Bytes('}]}\n');
export const NO_ARGS_END = utf8Bytes(']}\n');

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class JsonPrinter implements Printer {
  private readonly threads = new Map<number, ThreadText>();
  private readonly eventTexts = new Map<number, EventText>();
  private readonly argPrefixes = new Map<DecodedArg['spec'], ArgPrefix>();
  /** The byte writer; with threadText, eventText and argPrefix, shared with the record writer (record-json.ts). */
  readonly json: JsonBytes;

  constructor(
    private readonly out: OutputStream,
    readonly options: PrinterOptions,
  ) {
    this.json = new JsonBytes(out);
  }

  preamble(): void {}

  /** The stream written to (record-json.ts's C writer fills its buffer too). */
  get stream(): OutputStream {
    return this.out;
  }

  print(e: TraceEvent): void {
    const j = this.json;
    const thread = this.threadText(e);
    j.raw(TIMESTAMP);
    j.timestamp(e.timestamp);
    j.raw(thread.start);
    j.number(e.processorId);
    j.raw(thread.task);
    j.raw(this.eventText(e.eventId, e.eventName, e.syscall, e.args.length, e.matchedPolicies));
    j.integer(e.returnValue);
    if (this.options.parseArguments && e.returnValue < 0) {
      const name = errnoName(-Number(e.returnValue));
      if (name) j.ascii(',"returnValueName":"' + name + '"');
    }
    if (e.target || e.targetFd) {
      j.ascii(thread.entityOnly);
      if (e.target) this.out.write(',"target":' + processRef(e.target));
      if (e.targetFd) this.out.write(',"targetFd":' + JSON.stringify(formatFdArg(Number(e.args[1]?.raw ?? -1), e.targetFd)));
      j.raw(ARGS_OPEN);
    } else {
      j.raw(thread.entity);
    }
    const args = e.args;
    for (let i = 0; i < args.length; i++) this.arg(args[i], i > 0);
    if (e.metadata !== undefined) {
      // a finding (src/detect/finding-event.ts): Tracee's metadata after the args
      j.ascii(args.length ? '}],"metadata":' : '],"metadata":');
      j.value(e.metadata);
      j.ascii('}\n');
      return;
    }
    j.raw(args.length ? LAST_ARG_END : NO_ARGS_END);
  }

  threadText(e: ThreadFields): ThreadText {
    const known = this.threads.get(e.hostThreadId);
    if (known !== undefined && sameThread(known, e)) return known;
    const entityOnly =
      ',"threadEntityId":' + e.threadEntityId + ',"processEntityId":' + e.processEntityId + ',"parentEntityId":' + e.parentEntityId;
    const t: ThreadText = {
      threadStartTime: e.threadStartTime, processId: e.processId, cgroupId: e.cgroupId, threadId: e.threadId,
      parentProcessId: e.parentProcessId, hostProcessId: e.hostProcessId, hostParentProcessId: e.hostParentProcessId,
      userId: e.userId, mountNamespace: e.mountNamespace, pidNamespace: e.pidNamespace, processName: e.processName,
      executablePath: e.executablePath, hostName: e.hostName, containerId: e.containerId,
      threadEntityId: e.threadEntityId, processEntityId: e.processEntityId, parentEntityId: e.parentEntityId,
      start: utf8Bytes(',"threadStartTime":' + e.threadStartTime + ',"processorId":'),
      task: utf8Bytes(
        ',"processId":' + e.processId +
        ',"cgroupId":' + e.cgroupId +
        ',"threadId":' + e.threadId +
        ',"parentProcessId":' + e.parentProcessId +
        ',"hostProcessId":' + e.hostProcessId +
        ',"hostThreadId":' + e.hostThreadId +
        ',"hostParentProcessId":' + e.hostParentProcessId +
        ',"userId":' + e.userId +
        ',"mountNamespace":' + e.mountNamespace +
        ',"pidNamespace":' + e.pidNamespace +
        ',"processName":' + JSON.stringify(e.processName) +
        ',"executable":{"path":' + JSON.stringify(e.executablePath) + '}' +
        ',"hostName":' + JSON.stringify(e.hostName) +
        ',"containerId":' + JSON.stringify(e.containerId),
      ),
      entity: utf8Bytes(entityOnly + ',"args":['),
      entityOnly,
    };
    if (known === undefined && this.threads.size >= MAX_THREAD_TEXTS) this.threads.clear();
    this.threads.set(e.hostThreadId, t);
    return t;
  }

  /** `,"eventId":…,"returnValue":` */
  eventText(eventId: number, eventName: string, syscall: string, argsNum: number, matchedPolicies: readonly string[]): Uint8Array {
    const known = this.eventTexts.get(eventId);
    if (known !== undefined && known.syscall === syscall && known.argsNum === argsNum && sameNames(known.matchedPolicies, matchedPolicies)) {
      return known.bytes;
    }
    const bytes = utf8Bytes(
      ',"eventId":' + eventId +
      ',"eventName":"' + eventName + '"' +
      ',"matchedPolicies":' + JSON.stringify(matchedPolicies) +
      ',"syscall":"' + syscall + '"' +
      ',"argsNum":' + argsNum +
      ',"returnValue":',
    );
    this.eventTexts.set(eventId, { syscall, matchedPolicies: [...matchedPolicies], argsNum, bytes });
    return bytes;
  }

  /** An argument's `{"name":…,"type":…,"value":`. */
  argPrefix(spec: DecodedArg['spec']): ArgPrefix {
    let prefix = this.argPrefixes.get(spec);
    if (prefix === undefined) {
      const text = '{"name":"' + spec.name + '","type":' + JSON.stringify(spec.type) + ',"value":';
      prefix = { first: utf8Bytes(text), next: utf8Bytes('},' + text) };
      this.argPrefixes.set(spec, prefix);
    }
    return prefix;
  }

  /** One argument object; `after`: not the first, so the previous one's `}` and a comma come first. */
  private arg(a: DecodedArg, after: boolean): void {
    const j = this.json;
    const prefix = this.argPrefix(a.spec);
    j.raw(after ? prefix.next : prefix.first);
    if (this.options.parseArgumentsFds && a.fd !== undefined && typeof a.value === 'number') {
      j.string(formatFdArg(a.value, a.fd));
    } else if (this.options.parseArguments && a.spec.format && a.unreadable === undefined) {
      j.value(renderArgSymbolic(a.spec.format, BigInt(a.raw)));
    } else {
      this.structValue(a, a.value);
    }
    if (a.unreadable !== undefined) {
      j.ascii(',"unreadable":"' + a.unreadable + '","address":');
      j.integer(a.address ?? 0);
    }
    if (a.truncated) j.ascii(',"truncated":true');
    if (a.readAtExit) j.ascii(',"readAtExit":true');
    if (a.fdReplaced) j.ascii(',"fdReplaced":true');
    if (a.kernelValue !== undefined) {
      j.ascii(',"kernelValue":');
      this.structValue(a, a.kernelValue);
      if (a.kernelFile) j.ascii(',"kernelFile":{"dev":' + a.kernelFile.dev + ',"inode":' + a.kernelFile.inode + '}');
    }
    if (a.raced) j.ascii(',"raced":true,"raceTechnique":"' + a.raceTechnique + '"');
  }

  /** A value (or kernel value) of `a`, its struct fields by name under parse-arguments. */
  structValue(a: Pick<DecodedArg, 'spec'>, v: DecodedArg['value']): void {
    const j = this.json;
    if (this.options.parseArguments && v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (a.spec.capture === 'perfEventAttr') return j.value(symbolicPerfEventAttr(v as DecodedPerfEventAttr));
      if (a.spec.capture === 'openHow') return j.value(symbolicOpenHow(v as DecodedOpenHow));
    }
    j.value(v);
  }

  flush(): void {
    this.out.flush();
  }

  close(): void {
    this.out.close();
  }
}

function processRef(p: ProcessRef): string {
  return (
    '{"hostProcessId":' + p.hostProcessId +
    ',"processName":' + JSON.stringify(p.processName) +
    ',"executable":{"path":' + JSON.stringify(p.executablePath) + '}' +
    ',"processEntityId":' + p.processEntityId + '}'
  );
}
