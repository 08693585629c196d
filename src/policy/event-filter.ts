/**
 * Event filters, in Tracee's two spellings:
 *
 *   -e EVENT.data.ARG<op>VALUES    policy rule: data.ARG<op>VALUES     (args. = data., the old spelling)
 *   -e EVENT.retval<op>VALUES      policy rule: retval<op>VALUES
 *   -e EVENT.scope.FIELD<op>VALUES policy rule: FIELD<op>VALUES         (context fields: pid, comm, ...)
 *
 * Beyond Tracee, ARG may go one level into a decoded struct (`attr.type`,
 * `addr.sin_port`, `request.tv_sec`), and values are typed by what the field
 * holds instead of being compared as printed text:
 *
 * - numbers: C integer literals (decimal, 0x hex, 0 octal, negative), all six
 *   operators, compared exactly (64-bit values included). For `=`/`!=` a value
 *   is converted to the field's C type as C would (`-1` equals an unsigned
 *   int's 4294967295); `<`/`>` take values in the type's own range.
 * - strings: `=`/`!=`, with `*` at the start and/or end (prefix, suffix, infix).
 * - argv/envp and pipe's fds: compared element by element; `=` holds when any
 *   element matches, `!=` when none does.
 * - flag bits of perf_event_attr (`attr.disabled`): true/false (or 1/0).
 * - fields with symbolic names (open flags, signals, attr.type, sa_family ...):
 *   a number compares with the raw value; a name, or names joined with `|` in
 *   any order, holds when the value's symbolic rendering (as parse-arguments
 *   prints it) has exactly those names: `flags=O_WRONLY|O_CREAT` is not
 *   `O_WRONLY|O_CREAT|O_TRUNC`; `flags=*O_CREAT*` (a wildcard on the rendering)
 *   tests one flag. `<`/`>` compare numbers only.
 * - kernel values (src/events/kernel-values.ts): `ARG.kernel` (and
 *   `ARG.kernel.FIELD`) is what the kernel used, typed as ARG is;
 *   `ARG.raced` is true or false (absent: false).
 * - retval: numbers, or an errno name with `=`/`!=`: `ENOENT` and `-ENOENT`
 *   both mean -2 (what the syscall returns).
 * - context `container` alone: the event comes from a container (not-container,
 *   !container: from the host); `container=ID[,ID]`: its id starts with one of
 *   the ids (at least 5 hex digits), as in the scope language; `containerId`
 *   is a plain string field with wildcards.
 *
 * Comma lists: `=` holds when any value matches, `!=` when none does; `<`/`>`
 * take one value. A field without a value on an event (unreadable memory, a
 * struct field the decoder did not produce) fails `=` and the relations and
 * passes `!=`.
 */
import { renderMemProtAlert } from '../decode/symbols/mem-prot-alert.js';
import type { ArgFormat, ArgSpec, SyscallSpec } from '../events/catalog-types.js';
import { EVENTS, allSetNames, eventByName } from '../events/catalog.js';
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import { kernelValueOf } from '../events/kernel-values.js';
import { PERF_EVENT_ATTR_LAYOUT, type PerfAttrSymbol } from '../decode/perf-event-attr.js';
import { addressFamilyName, renderArgSymbolic } from '../decode/symbols/index.js';
import { ACCESS_MODES } from '../decode/symbols/access-mode.js';
import { AT_FLAGS } from '../decode/symbols/at-flags.js';
import { BPF_CMDS } from '../decode/symbols/bpf-cmd.js';
import { CAPABILITIES } from '../decode/symbols/capability.js';
import { CLOCK_IDS } from '../decode/symbols/clock.js';
import { CLONE_EXIT_SIGNAL, CLONE_FLAGS } from '../decode/symbols/clone.js';
import { ERRNO_NAMES } from '../decode/symbols/errno.js';
import { FCNTL_CMDS } from '../decode/symbols/fcntl.js';
import { FILE_TYPES } from '../decode/symbols/file-mode.js';
import { MAP_HUGE_SIZES, MAP_TYPES, MMAP_FLAGS, MMAP_PROT } from '../decode/symbols/mmap.js';
import { OPEN_ACCESS_MODES, OPEN_FLAGS } from '../decode/symbols/open-flags.js';
import {
  PERF_BP_TYPES,
  PERF_BRANCH_SAMPLE_TYPES,
  PERF_EVENT_OPEN_FLAGS,
  PERF_EVENT_IOCTLS,
  PERF_HW_CACHE_IDS,
  PERF_HW_CACHE_OPS,
  PERF_HW_CACHE_RESULTS,
  PERF_HW_IDS,
  PERF_READ_FORMATS,
  PERF_SAMPLE_TYPES,
  PERF_SW_IDS,
  PERF_TYPES,
  perfBpTypeName,
  perfBranchSampleTypeNames,
  perfConfigName,
  perfReadFormatNames,
  perfSampleTypeNames,
  perfTypeName,
} from '../decode/symbols/perf.js';
import { PIDFD_OPEN_FLAGS, PIDFD_SEND_SIGNAL_FLAGS } from '../decode/symbols/pidfd.js';
import { PRCTL_OPTIONS } from '../decode/symbols/prctl.js';
import { PTRACE_REQUESTS } from '../decode/symbols/ptrace.js';
import { SIGRTMAX, signalName } from '../decode/symbols/signals.js';
import { ADDRESS_FAMILIES, SOCKET_TYPES, SOCKET_TYPE_FLAGS } from '../decode/symbols/socket.js';
import { WHENCE } from '../decode/symbols/whence.js';
import type { EventFilter, LocatedText, Operator, SourceLocation } from './policy-types.js';
import { didYouMean } from '../text/nearest-name.js';
import {
  compileStringPattern,
  kernelStringProblem,
  operatorIndex,
  patternProblem,
  readOperator,
  splitValues,
} from './scope-expr.js';

/** An event filter that cannot be used; the message is one line, without file:line:col. */
export class EventFilterError extends Error {
  override readonly name = 'EventFilterError';
  constructor(
    message: string,
    /** Where the filter was written; undefined for `-e`. */
    readonly where?: SourceLocation,
  ) {
    super(message);
  }
}

/**
 * One `-e` filter: `EVENT.data.ARG<op>V`, `EVENT.args.ARG<op>V`,
 * `EVENT.retval<op>N`, `EVENT.scope.FIELD<op>V` (or `EVENT.scope.container`).
 * @throws EventFilterError
 * @example parseCliEventFilter('openat.data.pathname=/etc/*') // { eventName: 'openat', filter }
 */
export function parseCliEventFilter(expr: string): { eventName: string; filter: EventFilter } {
  const fail = failer(expr, undefined);
  const dot = expr.indexOf('.');
  const opAt = operatorIndex(expr);
  if (dot === -1 || (opAt !== -1 && opAt < dot)) {
    fail('no filter; write EVENT.data.ARG=VALUE, EVENT.retval=N or EVENT.scope.FIELD=VALUE');
  }
  const eventName = expr.slice(0, dot);
  const event = lookupEvent(eventName, fail);
  const body = expr.slice(dot + 1);
  const kindEnd = firstOf(body, '.=!<>');
  const kind = body.slice(0, kindEnd);
  switch (kind) {
    case 'data':
    case 'args':
    case 'retval':
      break;
    case 'scope':
      if (body[kindEnd] !== '.') fail(`name a field after scope: ${eventName}.scope.FIELD=VALUE, e.g. ${eventName}.scope.comm=bash`);
      return { eventName, filter: contextFilter(expr, body.slice(kindEnd + 1), fail) };
    default:
      fail(`unknown filter kind "${kind}"${didYouMean(kind, ['data', 'args', 'retval', 'scope']) || `; write ${eventName}.data.ARG, ${eventName}.retval or ${eventName}.scope.FIELD`}`);
  }
  return { eventName, filter: eventFilter(expr, event, body, fail) };
}

/**
 * One filter of a policy rule for `eventName`: `data.ARG<op>V`, `args.ARG<op>V`,
 * `retval<op>N`, or a context field without prefix (`pid=1000`, `comm=uname`).
 * @throws EventFilterError
 */
export function parseRuleFilter(eventName: string, filter: LocatedText): EventFilter {
  const text = filter.text.trim();
  const fail = failer(filter.text, filter.where);
  const event = lookupEvent(eventName, fail);
  const kind = text.slice(0, firstOf(text, '.=!<>'));
  if (kind === 'data' || kind === 'args' || kind === 'retval') return eventFilter(text, event, text, fail);
  // `scope.` is what -e needs; accepted here too, so a filter can be copied from the command line.
  const body = kind === 'scope' && text[5] === '.' ? text.slice(6) : text;
  return contextFilter(text, body, fail, event);
}

// ---------------------------------------------------------------------------
// Parsing helpers

type Fail = (what: string) => never;

function failer(text: string, where: SourceLocation | undefined): Fail {
  return (what) => {
    throw new EventFilterError(`filter "${text}": ${what}`, where);
  };
}

function firstOf(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i])) return i;
  return text.length;
}

function lookupEvent(name: string, fail: Fail): SyscallSpec {
  const event = eventByName(name);
  if (event) return event;
  if (name.includes('*')) fail(`"${name}" names several events; a filter applies to one event, give its full name`);
  if (allSetNames().includes(name)) fail(`"${name}" is a set of events; a filter applies to one event, give its name`);
  return fail(`unknown event "${name}"${didYouMean(name, EVENTS.map((s) => s.name)) || '; sysray list shows the events'}`);
}

/** A field and what follows it: `attr.type` `=` `PERF_TYPE_HARDWARE`. */
interface Condition {
  path: string;
  op: Operator;
  values: string[];
}

/** Splits `FIELD<op>VALUES`; `usage` says how to write it when the operator is missing. */
function splitCondition(text: string, usage: string, fail: Fail): Condition {
  const opAt = operatorIndex(text);
  if (opAt === -1) fail(`no operator; ${usage}`);
  const read = readOperator(text, opAt);
  if ('problem' in read) return fail(read.problem);
  const values = splitValues(text.slice(read.valueAt), read.op);
  if ('problem' in values) return fail(`${values.problem}; ${usage}`);
  return { path: text.slice(0, opAt), op: read.op, values };
}

const isEquality = (op: Operator): op is '=' | '!=' => op === '=' || op === '!=';

// ---------------------------------------------------------------------------
// Numbers

/** A C integer type: what a value is converted to and the range relations accept. */
interface IntType {
  bits: number;
  signed: boolean;
  /** As C or the kernel spells it: `int`, `unsigned long`, `u32`. */
  name: string;
}

const S64: IntType = { bits: 64, signed: true, name: 'long' };

/** A C integer literal: decimal, 0x hex, 0 octal, optionally negative. */
function parseInteger(text: string): bigint | undefined {
  const m = /^(-?)(?:0[xX]([0-9a-fA-F]+)|0([0-7]*)|([1-9][0-9]*))$/.exec(text);
  if (!m) return undefined;
  const [, minus, hex, oct, dec] = m;
  const n = hex !== undefined ? BigInt('0x' + hex) : oct !== undefined ? BigInt('0o' + (oct || '0')) : BigInt(dec);
  return minus ? -n : n;
}

function notANumber(value: string, label: string): string {
  const octal = /^-?0[0-9]+$/.test(value) ? ' (a leading 0 means octal)' : '';
  return `"${value}" is not a number${octal}; ${label} takes integers (decimal, 0x hex or 0 octal)`;
}

/**
 * `value` as a number of `type`. Equality takes both the signed and unsigned
 * spelling of a bit pattern and converts as C does; relations need the
 * type's own range, where order means something.
 */
function integerValue(value: string, op: Operator, label: string, type: IntType | undefined, fail: Fail): bigint {
  const n = parseInteger(value);
  if (n === undefined) return fail(notANumber(value, label));
  const bits = BigInt(type?.bits ?? 64);
  const half = 1n << (bits - 1n);
  const typeMin = type === undefined || type.signed ? -half : 0n;
  const typeMax = type === undefined || !type.signed ? (1n << bits) - 1n : half - 1n;
  const typeName = type ? `${type.name}: ` : '';
  if (isEquality(op) && type !== undefined) {
    if (n < -half || n > (1n << bits) - 1n) fail(`"${value}" does not fit in ${label} (${type.name}, ${type.bits} bits)`);
    return type.signed ? BigInt.asIntN(type.bits, n) : BigInt.asUintN(type.bits, n);
  }
  if (n < typeMin || n > typeMax) fail(`"${value}" is out of range for ${label} (${typeName}${typeMin}..${typeMax})`);
  return n;
}

/** A decoded integer as a bigint, or undefined for anything else. */
function toBigint(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

function relation(op: Operator, x: bigint): (v: bigint) => boolean {
  switch (op) {
    case '<':
      return (v) => v < x;
    case '>':
      return (v) => v > x;
    case '<=':
      return (v) => v <= x;
    case '>=':
      return (v) => v >= x;
    default:
      return (v) => v === x;
  }
}

// ---------------------------------------------------------------------------
// Symbolic names

/** The names one field's values are rendered with, and how. */
interface SymbolDomain {
  readonly names: ReadonlySet<string>;
  /** As parse-arguments prints it; `holder` is the struct the field is in (attr.config depends on attr.type). */
  render(raw: bigint, holder: Readonly<Record<string, unknown>> | undefined): string;
  /** The raw value of text the decoder rendered (perf_event_attr decoded with parse-arguments), or undefined. */
  parse?(text: string): bigint | undefined;
}

/** A field's value with a symbolic rendering: the raw number when known, the text on demand. */
interface SymbolicValue {
  raw: bigint | undefined;
  text(): string;
}

type Named = readonly (readonly [string, number])[];
const names = (...tables: Named[]): string[] => tables.flatMap((t) => t.map(([name]) => name));

function signalNames(): string[] {
  const out: string[] = [];
  for (let sig = 1; sig <= SIGRTMAX; sig++) {
    const name = signalName(sig);
    if (name !== undefined) out.push(name);
  }
  return out;
}

/**
 * The names each argument format renders (the tables of src/decode/symbols);
 * the Record type makes a new format without names a compile error.
 */
const FORMAT_NAMES: Readonly<Record<ArgFormat, readonly string[]>> = {
  dirfd: ['AT_FDCWD'],
  openFlags: names(OPEN_ACCESS_MODES.names, OPEN_FLAGS),
  fileMode: names(FILE_TYPES),
  accessMode: ['F_OK', ...names(ACCESS_MODES)],
  atFlags: names(AT_FLAGS),
  signal: signalNames(),
  perfEventOpenFlags: names(PERF_EVENT_OPEN_FLAGS),
  pidfdOpenFlags: names(PIDFD_OPEN_FLAGS),
  pidfdGetfdFlags: [],
  pidfdSendSignalFlags: names(PIDFD_SEND_SIGNAL_FLAGS),
  mmapProt: ['PROT_NONE', ...names(MMAP_PROT)],
  mmapFlags: [...names(MAP_TYPES.names, MMAP_FLAGS, MAP_HUGE_SIZES.names), 'MAP_UNINITIALIZED'],
  socketDomain: names(ADDRESS_FAMILIES),
  socketType: names(SOCKET_TYPES.names, SOCKET_TYPE_FLAGS),
  cloneFlags: names(CLONE_FLAGS, CLONE_EXIT_SIGNAL.names),
  clockId: names(CLOCK_IDS),
  prctlOption: names(PRCTL_OPTIONS),
  ptraceRequest: names(PTRACE_REQUESTS),
  bpfCmd: names(BPF_CMDS),
  fcntlCmd: names(FCNTL_CMDS),
  capability: names(CAPABILITIES),
  whence: names(WHENCE),
  perfType: names(PERF_TYPES),
  perfIoctl: names(PERF_EVENT_IOCTLS),
  memProtAlert: [1, 2, 3, 4].map((v) => renderMemProtAlert(BigInt(v))),
};

const formatDomains = new Map<ArgFormat, SymbolDomain>();
function formatDomain(format: ArgFormat): SymbolDomain {
  let domain = formatDomains.get(format);
  if (!domain) {
    domain = { names: new Set(FORMAT_NAMES[format]), render: (raw) => renderArgSymbolic(format, raw) };
    formatDomains.set(format, domain);
  }
  return domain;
}

/** Reads back rendered text: names `|`-joined with numbers (hex remainders, unknown enum values). */
function tokenParser(values: ReadonlyMap<string, bigint>): (text: string) => bigint | undefined {
  return (text) => {
    let out = 0n;
    for (const token of text.split('|')) {
      const v = values.get(token) ?? parseInteger(token);
      if (v === undefined) return undefined;
      out |= v;
    }
    return out;
  };
}

function tableDomain(tables: Named[], render: (raw: bigint) => string, shifts: number[] = []): SymbolDomain {
  const values = new Map<string, bigint>();
  tables.forEach((table, i) => {
    for (const [name, v] of table) values.set(name, BigInt(v) << BigInt(shifts[i] ?? 0));
  });
  return { names: new Set(values.keys()), render, parse: tokenParser(values) };
}

const PERF_TYPE_VALUES = new Map(PERF_TYPES.map(([name, v]) => [name, v]));

/** attr.type as a number, whether decoded as a number or by name. */
function perfTypeOf(holder: Readonly<Record<string, unknown>> | undefined): number {
  const t = holder?.type;
  if (typeof t === 'number') return t;
  if (typeof t === 'string') return PERF_TYPE_VALUES.get(t) ?? Number(t);
  return -1;
}

const PERF_DOMAINS: Readonly<Record<PerfAttrSymbol, SymbolDomain>> = {
  type: tableDomain([PERF_TYPES], (raw) => perfTypeName(Number(BigInt.asUintN(32, raw)))),
  bpType: tableDomain([PERF_BP_TYPES], (raw) => perfBpTypeName(Number(BigInt.asUintN(32, raw)))),
  sampleType: tableDomain([PERF_SAMPLE_TYPES], perfSampleTypeNames),
  readFormat: tableDomain([PERF_READ_FORMATS], perfReadFormatNames),
  branchSampleType: tableDomain([PERF_BRANCH_SAMPLE_TYPES], perfBranchSampleTypeNames),
  // A cache config is three enumerators, one per byte (perfConfigName).
  config: {
    ...tableDomain(
      [PERF_HW_IDS, PERF_SW_IDS, PERF_HW_CACHE_IDS, PERF_HW_CACHE_OPS, PERF_HW_CACHE_RESULTS],
      (raw) => raw.toString(),
      [0, 0, 0, 8, 16],
    ),
    render: (raw, holder) => perfConfigName(perfTypeOf(holder), raw),
  },
};

const FAMILY_DOMAIN = tableDomain([ADDRESS_FAMILIES], (raw) => addressFamilyName(Number(raw)) ?? raw.toString());

/** Text with `|`-joined names in a form that ignores their order and how numbers are written. */
function canonicalSymbolic(text: string): string {
  const tokens = text.split('|').map((t) => {
    const n = parseInteger(t);
    return n === undefined ? t : `#${n}`;
  });
  return tokens.sort().join('|');
}

// ---------------------------------------------------------------------------
// Fields: what a filter reads off an event and how it compares values

type ValueType =
  | { kind: 'int'; type?: IntType }
  | { kind: 'string'; check?: (value: string) => string | undefined }
  | { kind: 'bool' }
  | { kind: 'symbolic'; domain: SymbolDomain; type?: IntType };

/** A resolved field. `read` gives undefined when the event has no value for it. */
type Field = {
  /** As written (pathname, attr.type, retval, comm), for messages. */
  label: string;
  value: ValueType;
  /** The value, or its elements for `list` fields (argv, pipe fds). */
  read(event: TraceEvent): unknown;
  list?: boolean;
};

/** A test of one (non-missing) value, of the kind the field's `read` normalises to. */
type Test = (v: unknown) => boolean;

function compile(field: Field, cond: Condition, fail: Fail): (event: TraceEvent) => boolean {
  const { op, values } = cond;
  if (!isEquality(op) && values.length > 1) fail(`operator "${op}" takes one value, not a list; write ${field.label}${op}${values[0]}`);
  const tests = values.map((v) => valueTest(field, op, v, fail));
  const test: Test = tests.length === 1 ? tests[0] : (v) => tests.some((t) => t(v));
  const { read } = field;
  if (field.list) {
    const some = (v: unknown): boolean => (v as readonly unknown[]).some(test);
    return op === '!=' ? (e) => {
      const v = read(e);
      return v === undefined || !some(v);
    } : (e) => {
      const v = read(e);
      return v !== undefined && some(v);
    };
  }
  return op === '!=' ? (e) => {
    const v = read(e);
    return v === undefined || !test(v);
  } : (e) => {
    const v = read(e);
    return v !== undefined && test(v);
  };
}

/** For `!=`, the returned test is "equals the value"; compile() negates. */
function valueTest(field: Field, op: Operator, value: string, fail: Fail): Test {
  const { label, value: vt } = field;
  const relationsNeedNumbers = (): never =>
    fail(`operator "${op}" compares numbers and ${label} is ${vt.kind === 'bool' ? 'true or false' : 'a string'}; use = or !=`);
  switch (vt.kind) {
    case 'int': {
      if (value.includes('*')) fail(`wildcards apply to strings; ${label} is a number`);
      const rel = relation(op, integerValue(value, op, label, vt.type, fail));
      return rel as Test;
    }
    case 'string': {
      if (!isEquality(op)) relationsNeedNumbers();
      const problem = patternProblem(value) ?? vt.check?.(value);
      if (problem) fail(problem);
      const matches = compileStringPattern(value);
      return matches as Test;
    }
    case 'bool': {
      if (!isEquality(op)) relationsNeedNumbers();
      const b = BOOLEANS.get(value.toLowerCase());
      if (b === undefined) fail(`"${value}" is not a boolean; ${label} is true or false`);
      return (v) => v === b;
    }
    case 'symbolic':
      return symbolicTest(field, vt.domain, vt.type, op, value, fail);
  }
}

const BOOLEANS: ReadonlyMap<string, boolean> = new Map([['true', true], ['1', true], ['false', false], ['0', false]]);

function symbolicTest(field: Field, domain: SymbolDomain, type: IntType | undefined, op: Operator, value: string, fail: Fail): Test {
  const label = field.label;
  if (parseInteger(value) !== undefined) {
    const rel = relation(op, integerValue(value, op, label, type, fail));
    return (v) => {
      const raw = (v as SymbolicValue).raw;
      return raw !== undefined && rel(raw);
    };
  }
  if (!isEquality(op)) {
    fail(`operator "${op}" compares numbers, not the name "${value}"; give ${label} as a number, or use = or != with names`);
  }
  if (value.includes('*')) {
    const problem = patternProblem(value);
    if (problem) fail(problem);
    const matches = compileStringPattern(value);
    return (v) => matches((v as SymbolicValue).text());
  }
  for (const token of value.split('|')) {
    if (parseInteger(token) !== undefined || domain.names.has(token)) continue;
    if (domain.names.size === 0) fail(`${label} has no symbolic names; give a number`);
    if (token === '') fail(`empty name in "${value}"; join names with single |`);
    fail(`"${token}" is not a value of ${label}${didYouMean(token, domain.names) || '; -o option:parse-arguments shows the names it takes'}`);
  }
  const wanted = canonicalSymbolic(value);
  return (v) => {
    const text = (v as SymbolicValue).text();
    return text === value || canonicalSymbolic(text) === wanted;
  };
}

// ---------------------------------------------------------------------------
// data.ARG[.FIELD]

const INT_KINDS: Readonly<Record<string, { bits: number; signed: boolean }>> = {
  s32: { bits: 32, signed: true },
  u32: { bits: 32, signed: false },
  s64: { bits: 64, signed: true },
  u64: { bits: 64, signed: false },
  pointer: { bits: 64, signed: false },
};

/** One member of a decoded struct: its value type. */
type StructFields = ReadonlyMap<string, ValueType>;

const PERF_ATTR_FIELDS: StructFields = (() => {
  const fields = new Map<string, ValueType>();
  for (const entry of PERF_EVENT_ATTR_LAYOUT) {
    if (entry.kind === 'bits') {
      for (const bit of entry.bits) {
        // 1-bit flags decode to booleans; precise_ip (2 bits) to a number.
        fields.set(bit.name, bit.width === 1 ? { kind: 'bool' } : { kind: 'int', type: { bits: bit.width, signed: false, name: `${bit.width}-bit field` } });
      }
      continue;
    }
    const type: IntType = { bits: entry.size * 8, signed: entry.signed, name: `${entry.signed ? 's' : 'u'}${entry.size * 8}` };
    const value: ValueType = entry.symbol ? { kind: 'symbolic', domain: PERF_DOMAINS[entry.symbol], type } : { kind: 'int', type };
    fields.set(entry.name, value);
    if (entry.alias) fields.set(entry.alias.name, value);
  }
  return fields;
})();

const U16: IntType = { bits: 16, signed: false, name: 'u16' };
const U32: IntType = { bits: 32, signed: false, name: 'u32' };

/** Every field sockaddr.ts produces, over all families. */
const SOCKADDR_FIELDS: StructFields = new Map<string, ValueType>([
  ['sa_family', { kind: 'symbolic', domain: FAMILY_DOMAIN, type: U16 }],
  ['sun_path', { kind: 'string' }],
  ['sin_port', { kind: 'int', type: U16 }],
  ['sin_addr', { kind: 'string' }],
  ['sin6_port', { kind: 'int', type: U16 }],
  ['sin6_flowinfo', { kind: 'int', type: U32 }],
  ['sin6_addr', { kind: 'string' }],
  ['sin6_scopeid', { kind: 'int', type: U32 }],
]);

const U64: IntType = { bits: 64, signed: false, name: 'u64' };

const OPEN_HOW_FIELDS: StructFields = new Map<string, ValueType>([
  ['flags', { kind: 'int', type: U64 }],
  ['mode', { kind: 'int', type: U64 }],
  ['resolve', { kind: 'int', type: U64 }],
]);

const TIMESPEC_FIELDS: StructFields = new Map<string, ValueType>([
  ['tv_sec', { kind: 'int', type: S64 }],
  ['tv_nsec', { kind: 'int', type: S64 }],
]);

function structOf(spec: ArgSpec): { name: string; fields: StructFields; example: string } | undefined {
  switch (spec.capture) {
    case 'perfEventAttr':
      return { name: 'perf_event_attr', fields: PERF_ATTR_FIELDS, example: 'type=PERF_TYPE_HARDWARE' };
    case 'sockaddrIn':
    case 'sockaddrOut':
      return { name: 'sockaddr', fields: SOCKADDR_FIELDS, example: 'sin_port=443' };
    case 'timespecIn':
    case 'timespecOut':
      return { name: 'timespec', fields: TIMESPEC_FIELDS, example: 'tv_sec=1' };
    case 'openHow':
      return { name: 'open_how', fields: OPEN_HOW_FIELDS, example: 'resolve=0' };
    default:
      return undefined;
  }
}

/** Which of an argument's values a filter reads: what was read (`value`), or the kernel's (`ARG.kernel`). */
type ValuePick = (arg: DecodedArg) => unknown;
const READ_VALUE: ValuePick = (a) => a.value;
const KERNEL_VALUE: ValuePick = (a) => a.kernelValue;

/** The argument at `index` of an event of this syscall, checked by name. */
function argValue(event: TraceEvent, index: number, name: string, pick: ValuePick = READ_VALUE): unknown {
  const arg = event.args[index];
  return arg !== undefined && arg.spec.name === name ? pick(arg) : undefined;
}

/**
 * `data.ARG.kernel[.FIELD]` and `data.ARG.raced` (src/events/kernel-values.ts):
 * the field path after them, and what to read; undefined for other paths.
 */
function kernelPath(event: SyscallSpec, argName: string, index: number, rest: readonly string[], fail: Fail): { rest: string[]; pick: ValuePick } | Field | undefined {
  if (rest[0] !== 'kernel' && rest[0] !== 'raced') return undefined;
  if (!kernelValueOf(event.name, argName)) {
    const have = event.args.filter((a) => kernelValueOf(event.name, a.name)).map((a) => a.name);
    fail(`${event.name}.${argName} has no kernel value, so no ${rest[0]}; ${have.length > 0 ? `${event.name}'s arguments with one: ${have.join(', ')}` : `none of ${event.name}'s arguments has one (sysray man ${event.name})`}`);
  }
  if (rest[0] === 'kernel') return { rest: rest.slice(1), pick: KERNEL_VALUE };
  if (rest.length > 1) fail(`${argName}.raced is true or false; it has no field "${rest[1]}"`);
  return {
    label: `${argName}.raced`,
    value: { kind: 'bool' },
    read: (e) => {
      const arg = e.args[index];
      return arg !== undefined && arg.spec.name === argName ? arg.raced === true : undefined;
    },
  };
}

function dataField(event: SyscallSpec, path: string, fail: Fail): Field {
  let parts = path.split('.');
  const argName = parts[0];
  const index = event.args.findIndex((a) => a.name === argName);
  const argList = event.args.map((a) => a.name).join(', ');
  if (argName === '') fail(`name an argument: data.ARG=VALUE; ${event.name}'s arguments: ${argList || 'none'}`);
  if (index === -1) {
    if (event.args.length === 0) fail(`${event.name} has no arguments to filter on`);
    fail(`${event.name} has no argument "${argName}"${didYouMean(argName, event.args.map((a) => a.name)) || `; its arguments: ${argList}`}`);
  }
  const spec = event.args[index];
  const struct = structOf(spec);
  if (parts.some((p) => p === '')) fail(`"${path}" has an empty name; write ARG or ARG.FIELD`);
  const kernel = kernelPath(event, argName, index, parts.slice(1), fail);
  if (kernel && 'read' in kernel) return kernel;
  const pick = kernel?.pick ?? READ_VALUE;
  const base = kernel ? `${argName}.kernel` : argName;
  if (kernel) parts = [argName, ...kernel.rest];

  if (parts.length === 1) {
    if (struct) {
      fail(`${base} is a struct ${struct.name}; filter on one of its fields, e.g. ${base}.${struct.example}`);
    }
    return argField(spec, index, pick, base);
  }
  if (!struct) fail(`${argName} is not a struct (${spec.type}); it has no field "${parts[1]}"`);
  const fieldName = parts[1];
  const value = struct.fields.get(fieldName);
  if (!value) {
    const hint = didYouMean(fieldName, struct.fields.keys());
    const list = struct.fields.size <= 10 ? `; its fields: ${[...struct.fields.keys()].join(', ')}` : '; -o json shows its fields';
    fail(`${struct.name} has no field "${fieldName}"${hint || list}`);
  }
  if (parts.length > 2) fail(`${base}.${fieldName} is not a struct; it has no field "${parts[2]}"`);
  const label = `${base}.${fieldName}`;
  const holder = (e: TraceEvent): Readonly<Record<string, unknown>> | undefined => {
    const v = argValue(e, index, argName, pick);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  };
  switch (value.kind) {
    case 'int':
      return { label, value, read: (e) => toBigint(holder(e)?.[fieldName]) };
    case 'string':
    case 'bool': {
      const want = value.kind === 'string' ? 'string' : 'boolean';
      return {
        label,
        value,
        read: (e) => {
          const v = holder(e)?.[fieldName];
          return typeof v === want ? v : undefined;
        },
      };
    }
    case 'symbolic': {
      const { domain } = value;
      return {
        label,
        value,
        read: (e): SymbolicValue | undefined => {
          const h = holder(e);
          const v = h?.[fieldName];
          if (typeof v === 'string') return { raw: domain.parse?.(v), text: () => v };
          const raw = toBigint(v);
          return raw === undefined ? undefined : { raw, text: () => domain.render(raw, h) };
        },
      };
    }
  }
}

/** A whole argument (not a struct); `label` names it in messages (`pathname.kernel`). */
function argField(spec: ArgSpec, index: number, pick: ValuePick, label: string): Field {
  const name = label;
  const read = (e: TraceEvent): unknown => argValue(e, index, spec.name, pick);
  switch (spec.capture) {
    case 'string':
      return { label: name, value: { kind: 'string' }, read: (e) => stringOrUndefined(read(e)) };
    case 'stringArray':
    case 'envArray':
      return {
        label: name,
        value: { kind: 'string' },
        list: true,
        read: (e) => {
          const v = read(e);
          return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v : undefined;
        },
      };
    case 'intPairOut':
      return {
        label: name,
        value: { kind: 'int', type: { bits: 32, signed: true, name: 'int' } },
        list: true,
        read: (e) => {
          const v = read(e);
          return Array.isArray(v) ? v.map(toBigint).filter((n) => n !== undefined) : undefined;
        },
      };
  }
  // bools, and derived events' values made in user space: their C type says what they are (strings, []byte as base64)
  if (spec.kind === 'bool' || (spec.kind === 'derived' && spec.type === 'bool')) {
    return { label: name, value: { kind: 'bool' }, read: (e) => { const v = read(e); return typeof v === 'boolean' ? v : undefined; } };
  }
  if (spec.kind === 'derived' && /char\s*\*|^\[\]byte$/.test(spec.type)) {
    return { label: name, value: { kind: 'string' }, read: (e) => stringOrUndefined(read(e)) };
  }
  const kind = INT_KINDS[spec.kind] ?? INT_KINDS.u64;
  const type: IntType = { ...kind, name: spec.type };
  if (spec.format !== undefined) {
    const domain = formatDomain(spec.format);
    return {
      label: name,
      value: { kind: 'symbolic', domain, type },
      read: (e): SymbolicValue | undefined => {
        const raw = toBigint(read(e));
        return raw === undefined ? undefined : { raw, text: () => domain.render(raw, undefined) };
      },
    };
  }
  return { label: name, value: { kind: 'int', type }, read: (e) => toBigint(read(e)) };
}

function stringOrUndefined(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

// ---------------------------------------------------------------------------
// retval

/** errno names, and the aliases C code uses for some of them. */
const ERRNO_VALUES: ReadonlyMap<string, number> = new Map([
  ...[...ERRNO_NAMES].map(([n, name]) => [name, n] as const),
  ['EWOULDBLOCK', 11],
  ['EDEADLOCK', 35],
  ['ENOTSUP', 95],
]);

const RETVAL_FIELD: Field = {
  label: 'retval',
  value: { kind: 'int', type: S64 },
  read: (e) => toBigint(e.returnValue),
};

function retvalFilter(text: string, body: string, fail: Fail): EventFilter {
  const cond = splitCondition(body, 'write retval=N, retval<0 or retval=ENOENT', fail);
  if (cond.path !== 'retval') fail(`retval has no fields; write retval=N, retval<0 or retval=ENOENT`);
  // errno names become the negative number the syscall returns.
  const values = cond.values.map((v) => {
    const name = v.startsWith('-') ? v.slice(1) : v;
    if (!/^E[A-Z0-9_]+$/i.test(name) || parseInteger(v) !== undefined) return v;
    const errno = ERRNO_VALUES.get(name);
    if (errno === undefined) {
      fail(`"${v}" is not an errno name${didYouMean(name, ERRNO_VALUES.keys()) || '; retval takes numbers or errno names (ENOENT)'}`);
    }
    if (!isEquality(cond.op)) fail(`operator "${cond.op}" compares numbers, not the name "${v}"; write retval${cond.op}-${errno}, or use = or != with names`);
    return String(-errno);
  });
  return { text, kind: 'retval', matches: compile(RETVAL_FIELD, { ...cond, values }, fail) };
}

// ---------------------------------------------------------------------------
// data and retval

function eventFilter(text: string, event: SyscallSpec, body: string, fail: Fail): EventFilter {
  if (body.startsWith('retval')) return retvalFilter(text, body, fail);
  const prefix = body.slice(0, 4); // data or args
  const rest = body.slice(5);
  if (body[4] !== '.' || rest === '' || '=!<>'.includes(rest[0])) {
    fail(`name an argument: ${prefix}.ARG=VALUE; ${event.name}'s arguments: ${event.args.map((a) => a.name).join(', ') || 'none'}`);
  }
  const opAt = operatorIndex(rest);
  const path = opAt === -1 ? rest : rest.slice(0, opAt);
  const field = dataField(event, path, fail);
  const cond = splitCondition(rest, `write ${prefix}.${path}=VALUE or ${prefix}.${path}!=VALUE`, fail);
  return { text, kind: 'data', matches: compile(field, cond, fail) };
}

// ---------------------------------------------------------------------------
// Context fields

type ContextKey =
  | 'processId' | 'threadId' | 'parentProcessId' | 'hostProcessId' | 'hostThreadId' | 'hostParentProcessId'
  | 'userId' | 'mountNamespace' | 'pidNamespace' | 'cgroupId' | 'processorId' | 'timestamp'
  | 'processName' | 'hostName' | 'containerId' | 'syscall' | 'eventName';

/** Tracee's names for the fields of an event; the first is the short one. */
const CONTEXT_FIELDS: readonly { names: readonly string[]; key: ContextKey; value: ValueType }[] = [
  { names: ['pid', 'p', 'processId'], key: 'processId', value: { kind: 'int' } },
  { names: ['tid', 'threadId'], key: 'threadId', value: { kind: 'int' } },
  { names: ['ppid', 'parentProcessId'], key: 'parentProcessId', value: { kind: 'int' } },
  { names: ['hostPid', 'hostProcessId'], key: 'hostProcessId', value: { kind: 'int' } },
  { names: ['hostTid', 'hostThreadId'], key: 'hostThreadId', value: { kind: 'int' } },
  { names: ['hostParentProcessId', 'hostPpid'], key: 'hostParentProcessId', value: { kind: 'int' } },
  { names: ['uid', 'userId'], key: 'userId', value: { kind: 'int' } },
  { names: ['mntns', 'mountNamespace'], key: 'mountNamespace', value: { kind: 'int' } },
  { names: ['pidns', 'pidNamespace'], key: 'pidNamespace', value: { kind: 'int' } },
  { names: ['cgroupId'], key: 'cgroupId', value: { kind: 'int' } },
  { names: ['processorId'], key: 'processorId', value: { kind: 'int' } },
  { names: ['timestamp'], key: 'timestamp', value: { kind: 'int' } },
  { names: ['comm', 'processName'], key: 'processName', value: { kind: 'string', check: (v) => kernelStringProblem('comm', v) } },
  { names: ['hostName'], key: 'hostName', value: { kind: 'string', check: (v) => kernelStringProblem('uts', v) } },
  { names: ['containerId'], key: 'containerId', value: { kind: 'string' } },
  { names: ['syscall'], key: 'syscall', value: { kind: 'string', check: syscallNameProblem } },
  { names: ['eventName'], key: 'eventName', value: { kind: 'string', check: syscallNameProblem } },
];

const CONTEXT_BY_NAME = new Map(CONTEXT_FIELDS.flatMap((f) => f.names.map((n) => [n, f] as const)));
const CONTEXT_NAMES = [...CONTEXT_BY_NAME.keys(), 'container', 'not-container', 'retval'];
const CONTEXT_LIST = [...CONTEXT_FIELDS.map((f) => f.names[0]), 'container'].join(', ');

/** Tracee fields that need container-runtime data sysray does not collect. */
const RUNTIME_FIELDS = ['containerImage', 'containerImageDigest', 'containerName', 'podName', 'podNamespace', 'podUid', 'podSandbox', 'containerStarted'];
/** Scope-language fields that are not event fields. */
const SCOPE_ONLY = ['tree', 'follow', 'executable', 'exec', 'exe', 'binary', 'bin', 'uts'];

function syscallNameProblem(v: string): string | undefined {
  if (v.includes('*') || eventByName(v)) return undefined;
  return `"${v}" is not an event name${didYouMean(v, EVENTS.map((s) => s.name))}`;
}

const CONTAINER_ID = /^[0-9a-f]{5,64}$/;

function contextFilter(text: string, body: string, fail: Fail, event?: SyscallSpec): EventFilter {
  const filter = (matches: (e: TraceEvent) => boolean): EventFilter => ({ text, kind: 'context', matches });
  switch (body) {
    case 'container':
      return filter((e) => e.containerId !== '');
    case 'not-container':
    case '!container':
      return filter((e) => e.containerId === '');
  }
  const opAt = operatorIndex(body);
  const name = (opAt === -1 ? body : body.slice(0, opAt)).trim();
  if (name === 'container') return filter(containerIdMatch(splitCondition(body, 'write container, not-container or container=ID', fail), fail));

  const spec = CONTEXT_BY_NAME.get(name);
  if (!spec) {
    if (RUNTIME_FIELDS.includes(name)) {
      fail(`sysray has no container runtime data (images, names, pods); filter on containerId or container instead`);
    }
    if (SCOPE_ONLY.includes(name)) {
      fail(`${name} is a scope field, not an event field; put it in the policy's scope (or -s)${name === 'uts' ? ', or filter on hostName' : ''}`);
    }
    if (event && event.args.some((a) => a.name === name)) {
      fail(`"${name}" is an argument of ${event.name}; write data.${body}`);
    }
    fail(`unknown field "${name}"${didYouMean(name, CONTEXT_NAMES) || `; fields: ${CONTEXT_LIST}`}`);
  }
  const usage = spec.value.kind === 'int' ? `write ${name}=N (or != < > <= >=)` : `write ${name}=VALUE or ${name}!=VALUE`;
  const cond = splitCondition(body, usage, fail);
  if (cond.path.trim() !== cond.path) fail(`remove the spaces around "${name}"`);
  if (cond.values.includes('new') && (name === 'pid' || name === 'p')) fail('pid=new is a scope term (-s pid=new), not an event filter');
  const key = spec.key;
  const read =
    spec.value.kind === 'int' ? (e: TraceEvent) => toBigint(e[key]) : (e: TraceEvent) => stringOrUndefined(e[key]);
  return filter(compile({ label: name, value: spec.value, read }, cond, fail));
}

/** `container=ID[,ID]` / `container!=ID`: ids match by prefix, as in the scope language. */
function containerIdMatch(cond: Condition, fail: Fail): (e: TraceEvent) => boolean {
  if (!isEquality(cond.op)) fail(`operator "${cond.op}" is not allowed for container; use = or !=`);
  const ids = cond.values.map((v) => {
    if (v === 'new') fail('container=new is a scope term (-s container=new), not an event filter; use container');
    if (v === 'started') fail('container=started is not supported (sysray does not follow container start-up); use container');
    if (v === 'true' || v === 'false') fail(`container takes ids, not "${v}"; write container or not-container`);
    const id = v.toLowerCase();
    if (!CONTAINER_ID.test(id)) {
      fail(`"${v}" is not a container id; give the 64-hex-digit id or a prefix of at least 5 hex digits (as docker ps shows: 12)`);
    }
    return id;
  });
  const listed = (e: TraceEvent): boolean => e.containerId !== '' && ids.some((id) => e.containerId.startsWith(id));
  return cond.op === '=' ? listed : (e) => !listed(e);
}
