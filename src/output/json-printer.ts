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
 * JSON text of the last few distinct strings of one field: consecutive
 * events mostly repeat the process's name, path and host, and escaping them
 * again was a tenth of the printer's time.
 */
class JsonStringCache {
  private readonly texts = new Map<string, string>();

  json(value: string): string {
    let text = this.texts.get(value);
    if (text === undefined) {
      if (this.texts.size >= 256) this.texts.clear();
      text = JSON.stringify(value);
      this.texts.set(value, text);
    }
    return text;
  }
}

export class JsonPrinter implements Printer {
  private readonly names = new JsonStringCache();
  private readonly paths = new JsonStringCache();
  private readonly hosts = new JsonStringCache();
  private readonly containers = new JsonStringCache();
  /** `{"name":…,"type":…,"value":` per argument spec. */
  private readonly argPrefixes = new Map<DecodedArg['spec'], string>();

  constructor(
    private readonly out: OutputStream,
    private readonly options: PrinterOptions,
  ) {}

  preamble(): void {}

  print(e: TraceEvent): void {
    let s =
      '{"timestamp":' + e.timestamp +
      ',"threadStartTime":' + e.threadStartTime +
      ',"processorId":' + e.processorId +
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
      ',"processName":' + this.names.json(e.processName) +
      ',"executable":{"path":' + this.paths.json(e.executablePath) + '}' +
      ',"hostName":' + this.hosts.json(e.hostName) +
      ',"containerId":' + this.containers.json(e.containerId) +
      ',"eventId":' + e.eventId +
      ',"eventName":"' + e.eventName + '"' +
      ',"matchedPolicies":' + JSON.stringify(e.matchedPolicies) +
      ',"syscall":"' + e.syscall + '"' +
      ',"argsNum":' + e.args.length +
      ',"returnValue":' + e.returnValue;
    if (this.options.parseArguments && e.returnValue < 0) {
      const name = errnoName(-Number(e.returnValue));
      if (name) s += ',"returnValueName":"' + name + '"';
    }
    s += ',"threadEntityId":' + e.threadEntityId + ',"processEntityId":' + e.processEntityId + ',"parentEntityId":' + e.parentEntityId;
    if (e.target) s += ',"target":' + processRef(e.target);
    if (e.targetFd) s += ',"targetFd":' + JSON.stringify(formatFdArg(Number(e.args[1]?.raw ?? -1), e.targetFd));
    s += ',"args":[';
    for (let i = 0; i < e.args.length; i++) {
      if (i) s += ',';
      s += this.arg(e.args[i]);
    }
    this.out.write(s + ']}\n');
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
