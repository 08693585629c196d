/**
 * `-o table` (the default), for people: time, comm, pid, tid, event, args on
 * one line, and the return value with its errno name. Flag and enum
 * arguments are always shown by name here.
 */
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { errnoName, perfConfigName, perfSampleTypeNames, perfTypeName, renderArgSymbolic } from '../decode/symbols/index.js';
import type { OutputStream } from './output-stream.js';
import type { Printer, PrinterOptions } from './printer.js';
import { formatFdArg } from '../process/fd-args.js';
import { jsonValue } from './json-value.js';

function clock(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const d = new Date(ms);
  const us = Number((ns / 1000n) % 1_000_000n);
  return (
    String(d.getHours()).padStart(2, '0') + ':' +
    String(d.getMinutes()).padStart(2, '0') + ':' +
    String(d.getSeconds()).padStart(2, '0') + '.' +
    String(us).padStart(6, '0')
  );
}

/** Control characters escaped as in JSON, so one event stays one line. */
function printable(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what we look for
  return /[\u0000-\u001f\u007f]/.test(s) ? JSON.stringify(s).slice(1, -1) : s;
}

/** A struct for people: only fields that are set, perf_event_attr's by name. */
function structText(spec: DecodedArg['spec'], v: Record<string, unknown>): string {
  const perf = spec.capture === 'perfEventAttr';
  const parts: string[] = [];
  for (const [k, raw] of Object.entries(v)) {
    let val = raw;
    if (val === false || val === 0 || val === 0n || val === undefined) continue;
    if (perf && typeof v.type === 'number') {
      if (k === 'type') val = perfTypeName(v.type);
      else if (k === 'config') val = perfConfigName(v.type, BigInt(raw as number | bigint));
      else if (k === 'sample_type') val = perfSampleTypeNames(BigInt(raw as number | bigint));
    }
    parts.push(val === true ? k : `${k}=${typeof val === 'string' ? val : jsonValue(val)}`);
  }
  return '{' + parts.join(', ') + '}';
}

/**
 * What the kernel used, when it is not what was read: ` (kernel: V)`, and
 * ` RACED` when that is a race. A perf_event_attr the kernel only
 * normalised (size, sample_max_stack) is not shown again: its fields differ
 * on almost every call, and the JSON has both.
 */
function kernelText(a: DecodedArg, options: PrinterOptions): string {
  let text = '';
  const normalisedOnly = a.spec.capture === 'perfEventAttr' && !a.raced;
  if (a.kernelValue !== undefined && !normalisedOnly && jsonValue(a.kernelValue) !== jsonValue(a.value)) {
    text = ' (kernel: ' + argText({ ...a, value: a.kernelValue, unreadable: undefined, truncated: false, fd: undefined }, options) + ')';
  }
  return a.raced ? text + ' RACED' : text;
}

function argText(a: DecodedArg, options: PrinterOptions): string {
  if (options.parseArgumentsFds && a.fd !== undefined && typeof a.value === 'number') return formatFdArg(a.value, a.fd);
  if (a.unreadable !== undefined) return `<${a.unreadable === 'null' ? 'NULL' : a.unreadable === 'lost' ? 'lost' : 'unreadable'} 0x${BigInt(a.address ?? 0).toString(16)}>`;
  if (a.spec.format) return renderArgSymbolic(a.spec.format, BigInt(a.raw));
  const v = a.value;
  // pointers, and captured ones without a capture (failed call, env off): the address
  if (a.spec.kind === 'pointer' || (a.spec.kind === 'captured' && typeof v !== 'object' && typeof v !== 'string')) {
    return '0x' + BigInt(a.raw).toString(16);
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) return structText(a.spec, v as Record<string, unknown>);
  if (typeof v === 'string') return JSON.stringify(v) + (a.truncated ? '...' : '');
  return jsonValue(v);
}

const SEVERITY_NAMES = ['INFO', 'LOW', 'MEDIUM', 'HIGH'];

/** TIME, COMM, PID, TID and EVENT, as the header lays them out. */
function linePrefix(e: TraceEvent): string {
  return (
    clock(e.timestamp).padEnd(16) +
    printable(e.processName).padEnd(17) +
    String(e.processId).padStart(8) +
    String(e.threadId).padStart(8) +
    '  ' +
    e.eventName.padEnd(20)
  );
}

export function returnText(ret: number | bigint): string {
  if (ret < 0) {
    const name = errnoName(-Number(ret));
    if (name) return `${ret} ${name}`;
  }
  return String(ret);
}

export class TablePrinter implements Printer {
  constructor(
    private readonly out: OutputStream,
    private readonly options: PrinterOptions = { parseArguments: true },
  ) {}

  preamble(): void {
    this.out.write(
      'TIME'.padEnd(16) + 'COMM'.padEnd(17) + 'PID'.padStart(8) + 'TID'.padStart(8) + '  ' + 'EVENT'.padEnd(20) + 'ARGS = RETURN\n',
    );
  }

  print(e: TraceEvent): void {
    if (e.metadata !== undefined) return this.finding(e);
    let args = '';
    for (let i = 0; i < e.args.length; i++) {
      args += (i ? ', ' : '') + e.args[i].spec.name + '=' + argText(e.args[i], this.options) + kernelText(e.args[i], this.options);
    }
    if (e.target) args += ` -> ${e.target.processName}[${e.target.hostProcessId}]`;
    if (e.targetFd) args += ` (${formatFdArg(Number(e.args[1]?.raw ?? -1), e.targetFd)})`;
    this.out.write(linePrefix(e) + args + ' = ' + returnText(e.returnValue) + '\n');
  }

  /** A finding: its severity first, the signature's name, its data, and what it was detected from. */
  private finding(e: TraceEvent): void {
    const p = e.metadata!.Properties;
    let data = '';
    let from = '';
    for (const a of e.args) {
      if (a.spec.name === 'detectedFrom') {
        const v = a.value as { name?: string; returnValue?: number | bigint };
        from = ` <- ${v.name}${v.returnValue !== undefined ? ' = ' + returnText(v.returnValue) : ''}`;
        continue;
      }
      data += `, ${a.spec.name}=${typeof a.value === 'string' ? JSON.stringify(a.value) : jsonValue(a.value)}`;
    }
    this.out.write(
      linePrefix(e) +
        ` SEVERITY ${String(p.Severity)} ${SEVERITY_NAMES[Number(p.Severity)] ?? ''} ${String(p.signatureID)} "${printable(String(p.signatureName))}"` +
        printable(data) +
        from +
        '\n',
    );
  }

  flush(): void {
    this.out.flush();
  }

  close(): void {
    this.out.close();
  }
}
