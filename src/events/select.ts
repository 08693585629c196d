/**
 * Event selection for `-e/--events`, as Tracee does it.
 *
 * Each -e value is either a comma list of items, or one filter expression:
 * - `openat`: an event; `fs`: every event of a set (an event of the same name wins:
 *   `time` is the syscall, `tag=time` the set); `tag=fs,net`: sets only, as in Tracee.
 * - `open*`, `*at`, `*stat*`: the events whose names match the wildcard.
 * - `-ITEM`: removes events after every inclusion is done. With exclusions only, the
 *   selection starts from the `default` set.
 * - `openat.data.pathname=/etc/*`, `openat.retval<0`, `openat.scope.container`: a filter.
 *   The event is selected and the expression handed back in `filters`, for
 *   src/policy/event-filter.ts to parse.
 * A value with a filter operator (`=`, `!`, `<`, `>`) or a `.` is one expression, never
 * split on commas, because filter values may hold commas (`pathname!=/tmp/1,/bin/ls`).
 * No -e at all selects the `default` set.
 *
 * @example
 * selectEvents(['execve,openat', '-openat']).ids; // [59]
 * selectEvents([]).ids; // the default set
 */
import { EVENTS, allSetNames, catalogVersion, eventByName } from './catalog.js';
import { nearestName } from '../text/nearest-name.js';

export interface SelectionResult {
  /** Selected event ids, ascending. */
  ids: number[];
  /** Filter expressions given with -e, in order (parsed by src/policy/event-filter.ts). */
  filters: string[];
}

/** A -e value that selects nothing sensible; the message is one line, fit for the CLI. */
export class SelectionError extends Error {
  override readonly name = 'SelectionError';
  /** The offending item, as the user wrote it. */
  readonly item: string;
  constructor(message: string, item: string) {
    super(message);
    this.item = item;
  }
}

const FILTER_KINDS = new Set(['data', 'args', 'retval', 'scope']);
const FILTER_OPERATORS = /[=!<>]/;

/** Set members and names, made again when signatures join the catalog. */
let _indexVersion = -1;
let _setMembersIndex = new Map<string, number[]>();
let _eventNamesIndex: string[] = [];
let _setNamesIndex: string[] = [];

function _index(): void {
  if (_indexVersion === catalogVersion()) return;
  _indexVersion = catalogVersion();
  _setMembersIndex = new Map();
  for (const s of EVENTS) {
    for (const set of s.sets) {
      let ids = _setMembersIndex.get(set);
      if (!ids) _setMembersIndex.set(set, (ids = []));
      ids.push(s.id);
    }
  }
  _eventNamesIndex = EVENTS.map((s) => s.name).sort();
  _setNamesIndex = allSetNames();
}

const _setMembers = { get: (set: string): number[] | undefined => (_index(), _setMembersIndex.get(set)) };
function _names(): { events: string[]; sets: string[] } {
  _index();
  return { events: _eventNamesIndex, sets: _setNamesIndex };
}

/** Selects the events named by the given -e values (one array element per -e flag). */
export function selectEvents(exprs: readonly string[]): SelectionResult {
  const included = new Set<number>();
  const excluded = new Set<number>();
  const filters: string[] = [];
  let anyInclusion = false;

  for (const expr of exprs) {
    const value = expr.trim();
    if (value === '') throw new SelectionError('empty -e value', expr);

    if (value.startsWith('tag=')) {
      anyInclusion = true;
      for (const set of _splitList(value.slice('tag='.length), expr)) {
        const ids = _setMembers.get(set);
        if (!ids) throw new SelectionError(_unknown('set', set, _names().sets), set);
        for (const id of ids) included.add(id);
      }
      continue;
    }

    if (FILTER_OPERATORS.test(value) || value.includes('.')) {
      anyInclusion = true;
      for (const id of _filterEvents(value)) included.add(id);
      filters.push(value);
      continue;
    }

    for (const item of _splitList(value, expr)) {
      if (item.startsWith('-')) {
        const name = item.slice(1).trim();
        if (name === '') throw new SelectionError(`empty exclusion "-" in -e "${expr}"`, item);
        for (const id of resolveEvents(name)) excluded.add(id);
      } else {
        anyInclusion = true;
        for (const id of resolveEvents(item)) included.add(id);
      }
    }
  }

  if (!anyInclusion) for (const id of _setMembers.get('default') ?? []) included.add(id);
  for (const id of excluded) included.delete(id);
  if (included.size === 0) {
    const given = exprs.map((e) => `-e ${e}`).join(' ');
    throw new SelectionError(`${given} selects no events: every included event is excluded`, given);
  }
  return { ids: [...included].sort((a, b) => a - b), filters };
}

function _splitList(list: string, expr: string): string[] {
  return list.split(',').map((item) => {
    const trimmed = item.trim();
    if (trimmed === '') throw new SelectionError(`empty item in -e "${expr}"`, expr);
    return trimmed;
  });
}

/**
 * Ids named by an event name, a set name or a wildcard; `where` names the
 * source in messages (` in -e`, or '' when the caller gives the location).
 */
export function resolveEvents(name: string, where = ' in -e'): number[] {
  if (name.includes('*')) {
    const pattern = new RegExp(`^${name.split('*').map(_escapeRegExp).join('.*')}$`);
    const ids = EVENTS.filter((s) => pattern.test(s.name)).map((s) => s.id);
    if (ids.length === 0) throw new SelectionError(`"${name}"${where} matches no event`, name);
    return ids;
  }
  const event = eventByName(name);
  if (event) return [event.id];
  const set = _setMembers.get(name);
  if (set) return set;
  throw new SelectionError(_unknown('event', name, [..._names().events, ..._names().sets], where), name);
}


/** The events a filter expression applies to, after checking its shape as Tracee does. */
function _filterEvents(expr: string): number[] {
  const opIdx = expr.search(FILTER_OPERATORS);
  const target = opIdx < 0 ? expr : expr.slice(0, opIdx);
  const parts = target.split('.');
  const [name, kind, field] = parts;
  const bad = (why: string): SelectionError => new SelectionError(`invalid filter "${expr}" in -e: ${why}`, expr);

  if (name.startsWith('-')) throw bad('an exclusion cannot carry a filter');
  if (name.includes(',')) throw bad('give each filter its own -e');
  // data paths may go into decoded structs: perf_event_open.data.attr.type
  const tooDeep = parts.length > 3 && kind !== 'data' && kind !== 'args';
  if (name === '' || parts.length < 2 || tooDeep || kind === '' || field === '') {
    throw bad('expected EVENT.data.ARG, EVENT.args.ARG, EVENT.retval or EVENT.scope.FIELD');
  }
  if (!FILTER_KINDS.has(kind)) throw bad(`"${kind}" is not one of data, args, retval, scope`);
  if ((kind === 'data' || kind === 'args' || kind === 'scope') && field === undefined) {
    throw bad(`${kind} needs a field name: ${name}.${kind}.NAME`);
  }
  if (kind === 'retval' && field !== undefined) throw bad('retval takes no field name');
  if (opIdx < 0 && kind !== 'scope') throw bad('expected an operator and a value, e.g. =VALUE');
  if (opIdx >= 0 && /^[=!<>]*$/.test(expr.slice(opIdx))) throw bad('no value after the operator');

  const ids = resolveEvents(name);
  const event = eventByName(name);
  if (event && field !== undefined && (kind === 'data' || kind === 'args')) {
    const argNames = event.args.map((a) => a.name);
    if (!argNames.includes(field)) {
      const hint = nearestName(field, argNames);
      const known = argNames.length ? argNames.join(', ') : 'none';
      throw bad(`${name} has no argument "${field}"${hint ? `; did you mean "${hint}"?` : ` (arguments: ${known})`}`);
    }
  }
  return ids;
}

function _unknown(what: string, name: string, candidates: readonly string[], where = ' in -e'): string {
  const hint = nearestName(name, candidates);
  return `unknown ${what} "${name}"${where}${hint ? `; did you mean "${hint}"?` : ''}`;
}

function _escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
