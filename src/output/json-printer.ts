/**
 * `-o json`: one object per line, with the field names of Tracee's
 * trace.Event. 64-bit values are written as exact integers.
 */
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { errnoName, renderArgSymbolic } from '../decode/symbols/index.js';
import type { OutputStream } from './output-stream.js';
import type { Printer, PrinterOptions } from './printer.js';
import { jsonValue } from './json-value.js';
import { formatFdArg } from '../process/fd-args.js';
import type { ProcessRef } from '../decode/trace-event.js';

/**
 * The JSON of the fields a thread's events repeat, kept per thread and used
 * while every field it was made from is the same: `taskText` runs from
 * processId to containerId, `entityText` holds the three entity ids.
 */
interface ThreadText {
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
  readonly startText: string;
  readonly taskText: string;
  readonly entityText: string;
}

function sameThread(t: ThreadText, e: TraceEvent): boolean {
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
  readonly text: string;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class JsonPrinter implements Printer {
  private readonly threads = new Map<number, ThreadText>();
  private readonly eventTexts = new Map<number, EventText>();
  /** `{"name":…,"type":…,"value":` per argument spec. */
  private readonly argPrefixes = new Map<DecodedArg['spec'], string>();

  constructor(
    private readonly out: OutputStream,
    private readonly options: PrinterOptions,
  ) {}

  preamble(): void {}

  print(e: TraceEvent): void {
    const thread = this.threadText(e);
    let s =
      '{"timestamp":' + e.timestamp + thread.startText + e.processorId + thread.taskText +
      this.eventText(e) + e.returnValue;
    if (this.options.parseArguments && e.returnValue < 0) {
      const name = errnoName(-Number(e.returnValue));
      if (name) s += ',"returnValueName":"' + name + '"';
    }
    s += thread.entityText;
    if (e.target) s += ',"target":' + processRef(e.target);
    if (e.targetFd) s += ',"targetFd":' + JSON.stringify(formatFdArg(Number(e.args[1]?.raw ?? -1), e.targetFd));
    s += ',"args":[';
    for (let i = 0; i < e.args.length; i++) {
      if (i) s += ',';
      s += this.arg(e.args[i]);
    }
    this.out.write(s + ']}\n');
  }

  private threadText(e: TraceEvent): ThreadText {
    const known = this.threads.get(e.hostThreadId);
    if (known !== undefined && sameThread(known, e)) return known;
    const t: ThreadText = {
      threadStartTime: e.threadStartTime, processId: e.processId, cgroupId: e.cgroupId, threadId: e.threadId,
      parentProcessId: e.parentProcessId, hostProcessId: e.hostProcessId, hostParentProcessId: e.hostParentProcessId,
      userId: e.userId, mountNamespace: e.mountNamespace, pidNamespace: e.pidNamespace, processName: e.processName,
      executablePath: e.executablePath, hostName: e.hostName, containerId: e.containerId,
      threadEntityId: e.threadEntityId, processEntityId: e.processEntityId, parentEntityId: e.parentEntityId,
      startText: ',"threadStartTime":' + e.threadStartTime + ',"processorId":',
      taskText:
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
      entityText:
        ',"threadEntityId":' + e.threadEntityId + ',"processEntityId":' + e.processEntityId + ',"parentEntityId":' + e.parentEntityId,
    };
    if (known === undefined && this.threads.size >= MAX_THREAD_TEXTS) this.threads.clear();
    this.threads.set(e.hostThreadId, t);
    return t;
  }

  private eventText(e: TraceEvent): string {
    const known = this.eventTexts.get(e.eventId);
    if (known !== undefined && known.syscall === e.syscall && known.argsNum === e.args.length && sameNames(known.matchedPolicies, e.matchedPolicies)) {
      return known.text;
    }
    const text =
      ',"eventId":' + e.eventId +
      ',"eventName":"' + e.eventName + '"' +
      ',"matchedPolicies":' + JSON.stringify(e.matchedPolicies) +
      ',"syscall":"' + e.syscall + '"' +
      ',"argsNum":' + e.args.length +
      ',"returnValue":';
    this.eventTexts.set(e.eventId, { syscall: e.syscall, matchedPolicies: [...e.matchedPolicies], argsNum: e.args.length, text });
    return text;
  }

  private arg(a: DecodedArg): string {
    let s = this.argPrefixes.get(a.spec);
    if (s === undefined) {
      s = '{"name":"' + a.spec.name + '","type":' + JSON.stringify(a.spec.type) + ',"value":';
      this.argPrefixes.set(a.spec, s);
    }
    if (this.options.parseArgumentsFds && a.fd !== undefined && typeof a.value === 'number') {
      s += JSON.stringify(formatFdArg(a.value, a.fd));
    } else if (this.options.parseArguments && a.spec.format && a.unreadable === undefined) {
      s += JSON.stringify(renderArgSymbolic(a.spec.format, BigInt(a.raw)));
    } else {
      s += jsonValue(a.value);
    }
    if (a.unreadable !== undefined) s += ',"unreadable":"' + a.unreadable + '","address":' + a.address;
    if (a.truncated) s += ',"truncated":true';
    if (a.readAtExit) s += ',"readAtExit":true';
    return s + '}';
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
