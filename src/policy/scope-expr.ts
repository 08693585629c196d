/**
 * Tracee's scope language: one `-s`/`--scope` value or one item of a policy's
 * `scope:` list, parsed into a ScopeTerm.
 *
 *   uid, pid              = != < > <= >=   decimal u32; `=`/`!=` take comma lists; pid=new
 *   mntns, pidns, tree    = !=             decimal u32, comma lists
 *   uts, comm, executable = !=             strings, comma lists, `*` at the start and/or end
 *   container             alone, not-container, !container, container=new, container[!]=ID[,ID]
 *   follow                alone
 *
 * Also here, because event filters (event-filter.ts) share them: the lexing of
 * operators and value lists, the wildcard rule.
 */
import { didYouMean } from '../text/nearest-name.js';
import type { LocatedText, Operator, ScopeTerm, SourceLocation } from './policy-types.js';

/** A scope expression that cannot be used; the message is one line, without file:line:col. */
export class ScopeExprError extends Error {
  override readonly name = 'ScopeExprError';
  constructor(
    message: string,
    readonly where: SourceLocation,
  ) {
    super(message);
  }
}

/** TASK_COMM_LEN - 1: the kernel keeps no more of a process name. */
export const COMM_MAX_BYTES = 15;
/** __NEW_UTS_LEN: the longest host name. */
export const UTS_MAX_BYTES = 64;
const U32_MAX = 4294967295;

// ---------------------------------------------------------------------------
// Wildcards

/** True when `s` is a pattern (`x*`, `*x`, `*x*`) rather than an exact value. */
export function isWildcard(s: string): boolean {
  return s.startsWith('*') || s.endsWith('*');
}

/**
 * The wildcard rule of scope and filter strings: `x*` prefix, `*x` suffix,
 * `*x*` contains, anything else exact.
 * @example scopeStringMatches('*sh', 'bash') // true
 */
export function scopeStringMatches(pattern: string, value: string): boolean {
  return compileStringPattern(pattern)(value);
}

/** `scopeStringMatches` with the pattern analysed once. */
export function compileStringPattern(pattern: string): (value: string) => boolean {
  const starts = pattern.startsWith('*');
  const ends = pattern.length > 1 && pattern.endsWith('*');
  if (starts && ends) {
    const inner = pattern.slice(1, -1);
    return (v) => v.includes(inner);
  }
  if (ends) {
    const prefix = pattern.slice(0, -1);
    return (v) => v.startsWith(prefix);
  }
  if (starts) {
    const suffix = pattern.slice(1);
    return (v) => v.endsWith(suffix);
  }
  return (v) => v === pattern;
}

/**
 * What is wrong with a string value as a pattern, or undefined: `*` may only
 * start and/or end it, and `*` alone matches everything (so says nothing).
 */
export function patternProblem(value: string): string | undefined {
  if (/^\*+$/.test(value)) return `"${value}" matches everything; drop the condition or give a pattern such as ba* or *sh`;
  const inner = value.slice(value.startsWith('*') ? 1 : 0, value.endsWith('*') ? -1 : undefined);
  if (inner.includes('*')) {
    return `"${value}" has * in the middle; * may only start and/or end a value (ba*, *sh, *as*)`;
  }
  return undefined;
}

/**
 * Why a process-name (comm) or host-name (uts) value can never match, or
 * undefined. The kernel cuts comm at 15 bytes, so a longer name never equals it.
 */
export function kernelStringProblem(field: 'comm' | 'uts', value: string): string | undefined {
  const bare = value.replace(/^\*|\*$/g, '');
  const bytes = Buffer.byteLength(bare);
  if (field === 'uts') {
    return bytes > UTS_MAX_BYTES ? `"${value}" is longer than ${UTS_MAX_BYTES} bytes, the most a host name can have` : undefined;
  }
  if (bytes <= COMM_MAX_BYTES) return undefined;
  const cut = utf8Prefix(bare, COMM_MAX_BYTES);
  const why = `comm "${value}" can never match: the kernel keeps only the first ${COMM_MAX_BYTES} bytes of a process name`;
  // A prefix or exact name still matches once cut; a suffix or infix cannot be repaired that way.
  if (value.startsWith('*')) return `${why}; use at most ${COMM_MAX_BYTES} bytes`;
  return `${why}; use "${cut}${value.endsWith('*') ? '*' : ''}"`;
}

/** The longest prefix of `s` of at most `max` UTF-8 bytes that does not split a character. */
function utf8Prefix(s: string, max: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of s) {
    bytes += Buffer.byteLength(ch);
    if (bytes > max) break;
    out += ch;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Lexing shared with event filters

const OPERATOR_CHARS = '=!<>';

/** Index of the first operator character in `text`, or -1. */
export function operatorIndex(text: string): number {
  for (let i = 0; i < text.length; i++) if (OPERATOR_CHARS.includes(text[i])) return i;
  return -1;
}

/**
 * The operator at `text[at]` and where its value starts, or the problem.
 * `==`, `=>`, `!` and friends are refused rather than read as `=` plus a value
 * starting with an operator character (Tracee refuses them too).
 */
export function readOperator(text: string, at: number): { op: Operator; valueAt: number } | { problem: string } {
  const two = text.slice(at, at + 2);
  if (two === '!=' || two === '<=' || two === '>=') return { op: two, valueAt: at + 2 };
  const c = text[at];
  const next = text[at + 1] ?? '';
  if (c === '!' || (OPERATOR_CHARS.includes(next) && next !== '')) {
    const bad = OPERATOR_CHARS.includes(next) && next !== '' ? two : c;
    return { problem: `unknown operator "${bad}"; use one of = != < > <= >=` };
  }
  return { op: c as Operator, valueAt: at + 1 };
}

/** Comma-separated values, or the problem (an empty item, spaces around one). */
export function splitValues(list: string, op: string): string[] | { problem: string } {
  if (list === '') return { problem: `missing value after "${op}"` };
  const values = list.split(',');
  for (const v of values) {
    if (v === '') return { problem: `empty value in "${list}"; separate values with single commas` };
    if (v.trim() !== v) return { problem: `value "${v}" has spaces around it; remove them` };
  }
  return values;
}

// ---------------------------------------------------------------------------
// The scope language

const EXECUTABLE_ALIASES = ['executable', 'exec', 'exe', 'binary', 'bin'];
/** Every field name, for hints. */
const FIELD_NAMES = ['uid', 'pid', 'mntns', 'pidns', 'tree', 'uts', 'comm', ...EXECUTABLE_ALIASES, 'container', 'not-container', 'follow'];
const FIELD_LIST = 'uid, pid, mntns, pidns, tree, uts, comm, executable, container, not-container, follow';

/** How each field's values are written, for messages. */
const USAGE: Record<string, string> = {
  uid: 'uid takes decimal numbers (uid=1000, uid=0,1000, uid>=1000)',
  pid: 'pid takes decimal numbers or new (pid=1234, pid=1,2, pid<1000, pid=new)',
  mntns: 'mntns takes decimal namespace ids (mntns=4026531841)',
  pidns: 'pidns takes decimal namespace ids (pidns=4026531836)',
  tree: 'tree takes decimal process ids (tree=1234)',
  uts: 'uts takes host names (uts=web1, uts=web*)',
  comm: 'comm takes process names (comm=bash, comm=ba*)',
  executable: 'executable takes absolute paths (executable=/usr/bin/bash, executable=*/bash)',
  container: 'container takes container ids (container=4f3a9c1e2b7d), or new',
};

/**
 * One scope expression as a ScopeTerm.
 * @throws ScopeExprError with a one-line message naming the expression.
 * @example parseScopeExpr({ text: 'comm=bash,zsh', where }) // { field: 'comm', op: '=', values: ['bash', 'zsh'] }
 */
export function parseScopeExpr(expr: LocatedText): ScopeTerm {
  const fail = (what: string): never => {
    throw new ScopeExprError(`scope "${expr.text}": ${what}`, expr.where);
  };
  const text = expr.text.trim();
  if (text === '') fail(`empty scope; write FIELD=VALUE, e.g. comm=bash (fields: ${FIELD_LIST})`);

  switch (text) {
    case 'follow':
      return { field: 'follow' };
    case 'container':
      return { field: 'anyContainer' };
    case 'not-container':
    case '!container':
      return { field: 'notContainer' };
    case 'global':
      fail('"global" selects everything; it must be the only scope entry');
  }
  if (text.startsWith('!')) fail(`a leading ! negates only container (!container); use FIELD!=VALUE, e.g. ${text.slice(1).replace(/=/, '!=')}`);

  const opAt = operatorIndex(text);
  const name = (opAt === -1 ? text : text.slice(0, opAt)).trim();
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) fail(`"${name}" is not a field name; write FIELD=VALUE (fields: ${FIELD_LIST})`);
  if (name.startsWith('not-')) fail(`not- negates only container (not-container); use ${name.slice(4)}!=VALUE`);
  const field = EXECUTABLE_ALIASES.includes(name) ? 'executable' : name;
  if (!(field in USAGE) && field !== 'follow') {
    const hint = didYouMean(name, FIELD_NAMES);
    fail(`unknown field "${name}"${hint || `; fields: ${FIELD_LIST}`}`);
  }
  if (opAt === -1) fail(`${field} needs a value; ${USAGE[field]}`);
  if (field === 'follow') fail('follow takes no value; write follow');

  const read = readOperator(text, opAt);
  if ('problem' in read) return fail(read.problem);
  const { op } = read;
  const values = splitValues(text.slice(read.valueAt), op);
  if ('problem' in values) return fail(`${values.problem}; ${USAGE[field]}`);

  const equality = op === '=' || op === '!=';
  if (!equality && field !== 'uid' && field !== 'pid') fail(`operator "${op}" is not allowed for ${field}; use = or !=`);

  switch (field) {
    case 'uid':
    case 'pid': {
      if (values.includes('new')) {
        if (field !== 'pid') fail(`"new" is not a uid; ${USAGE.uid}`);
        if (op !== '=') fail(`pid${op}new is not supported; pid=new (new processes) is the only form with new`);
        if (values.length > 1) fail('pid=new stands alone; give other pids in a separate scope entry');
        return { field: 'newPid' };
      }
      if (!equality && values.length > 1) fail(`operator "${op}" takes one value, not a list; ${USAGE[field]}`);
      return { field, op, values: numbers(field, values, fail) };
    }
    case 'mntns':
    case 'pidns':
    case 'tree':
      return { field, op: op as '=' | '!=', values: numbers(field, values, fail) };
    case 'uts':
    case 'comm':
    case 'executable':
      for (const v of values) {
        const problem = patternProblem(v) ?? (field === 'executable' ? executableProblem(v) : kernelStringProblem(field, v));
        if (problem) fail(problem);
      }
      return { field, op: op as '=' | '!=', values: unique(values) };
    case 'container':
      return containerTerm(op as '=' | '!=', values, fail);
  }
  return fail(`unknown field "${name}"`);
}

function numbers(field: string, values: string[], fail: (what: string) => never): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (/^-\d+$/.test(v)) fail(`"${v}" is negative; ${field} values are 0..${U32_MAX}`);
    if (!/^\d+$/.test(v)) fail(`"${v}" is not a number; ${USAGE[field]}`);
    const n = Number(v);
    if (n > U32_MAX) fail(`"${v}" is out of range; ${field} values are 0..${U32_MAX}`);
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

function executableProblem(v: string): string | undefined {
  if (v.startsWith('/') || v.startsWith('*')) return undefined;
  if (/^(host|\d+):/.test(v)) {
    return `mount-namespace prefixes ("${v.slice(0, v.indexOf(':') + 1)}") are not supported; give the path alone, e.g. executable=${v.slice(v.indexOf(':') + 1)}`;
  }
  return `executable "${v}" is not an absolute path; give the full path (executable=/usr/bin/${v}) or a suffix pattern (executable=*/${v})`;
}

const CONTAINER_ID = /^[0-9a-f]{5,64}$/;

function containerTerm(op: '=' | '!=', values: string[], fail: (what: string) => never): ScopeTerm {
  if (values.includes('new')) {
    if (op !== '=') fail('container!=new is not supported; use container=new for new containers, container for all');
    if (values.length > 1) fail('container=new stands alone; give container ids in a separate scope entry');
    return { field: 'newContainer' };
  }
  const ids: string[] = [];
  for (const v of values) {
    if (v === 'started') fail('container=started is not supported (sysray does not follow container start-up); use container');
    if (v === 'true' || v === 'false') fail(`container takes ids, not "${v}"; write container or not-container`);
    const id = v.toLowerCase();
    if (!CONTAINER_ID.test(id)) {
      fail(`"${v}" is not a container id; give the 64-hex-digit id or a prefix of at least 5 hex digits (as docker ps shows: 12)`);
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return { field: 'container', op, values: ids };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
