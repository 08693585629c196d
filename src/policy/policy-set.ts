/**
 * Builds policies from what users write: `-s`/`-e` flags (one policy, named
 * "" as Tracee names it) or policy documents (src/policy/policy-file.ts).
 * Every error is one line that says where (file:line:col or the flag), what
 * is wrong and, for names, the nearest valid one.
 */
import { EVENTS, eventById, eventByName } from '../events/catalog.js';
import { SelectionError, resolveEvents, selectEvents } from '../events/select.js';
import { EventFilterError, parseCliEventFilter, parseRuleFilter } from './event-filter.js';
import { type EventFilter, type LocatedText, type Policy, type PolicyDocument, type ScopeTerm, type SourceLocation } from './policy-types.js';
import { ScopeExprError, parseScopeExpr } from './scope-expr.js';

/** A policy that cannot be built; the message is one line, fit for the CLI. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

const CLI: SourceLocation = { file: '', line: 0, column: 0 };

function at(where: SourceLocation): string {
  return where.file ? `${where.file}:${where.line}:${where.column}: ` : '';
}

/** Rethrows the parsers' errors as PolicyError, prefixed with where the text is. */
function located<T>(where: SourceLocation, context: string, build: () => T): T {
  try {
    return build();
  } catch (err) {
    if (err instanceof ScopeExprError || err instanceof EventFilterError || err instanceof SelectionError) {
      throw new PolicyError(`${at(where)}${context}${err.message}`);
    }
    throw err;
  }
}

/** The one policy of `-s` and `-e` flags. */
export function policyFromFlags(scopeFlags: readonly string[], eventFlags: readonly string[]): Policy {
  const selection = located(CLI, '', () => selectEvents(eventFlags));
  const scope = scopeFlags.map((text) => located(CLI, '-s: ', () => parseScopeExpr({ text, where: CLI })));
  // filters of one event given with several -e all hold (AND)
  const filtersByEvent = new Map<number, EventFilter[]>();
  for (const expr of selection.filters) {
    const { eventName, filter } = located(CLI, '-e: ', () => parseCliEventFilter(expr));
    const event = eventByName(eventName);
    if (!event) throw new PolicyError(`-e ${expr}: filters need one event, not "${eventName}"`);
    const list = filtersByEvent.get(event.id) ?? [];
    list.push(filter);
    filtersByEvent.set(event.id, list);
  }
  const rules = new Map<number, EventFilter[][]>();
  for (const id of selection.ids) rules.set(id, [filtersByEvent.get(id) ?? []]);
  return { id: 0, name: '', scope, rules };
}

/**
 * Policies from documents, in order; ids are their positions. The documents
 * come from policy-file.ts, which has checked that the names are unique and
 * that there are at most MAX_POLICIES.
 */
export function policiesFromDocuments(docs: readonly PolicyDocument[]): Policy[] {
  return docs.map((doc, id) => policyFromDocument(doc, id));
}

function policyFromDocument(doc: PolicyDocument, id: number): Policy {
  const context = `policy "${doc.name}": `;
  const scope: ScopeTerm[] = [];
  for (const s of doc.scope) {
    if (s.text.trim() === 'global') {
      if (doc.scope.length > 1) throw new PolicyError(`${at(s.where)}${context}scope "global" must be the only scope entry`);
      continue;
    }
    scope.push(located(s.where, context, () => parseScopeExpr(s)));
  }
  const rules = new Map<number, EventFilter[][]>();
  const named = new Map<string, SourceLocation>();
  for (const rule of doc.rules) {
    const ids = eventsOfRule(rule.event, context);
    const name = rule.event.text.trim();
    const before = named.get(name);
    if (before) {
      throw new PolicyError(`${at(rule.event.where)}${context}event "${name}" is already a rule at line ${before.line}; give each event one rule`);
    }
    named.set(name, rule.event.where);
    const single = ids.length === 1 && eventByName(name) !== undefined;
    for (const eventId of ids) {
      const eventName = eventById(eventId)?.name ?? String(eventId);
      const filters = rule.filters.map((f) => ruleFilter(f, eventName, name, single, context));
      const alternatives = rules.get(eventId) ?? [];
      alternatives.push(filters);
      rules.set(eventId, alternatives);
    }
  }
  return { id, name: doc.name, scope, rules };
}

function eventsOfRule(event: LocatedText, context: string): number[] {
  const name = event.text.trim();
  if (name === '' || /[=!<>,]/.test(name) || name.startsWith('-')) {
    throw new PolicyError(`${at(event.where)}${context}rule event "${event.text}" must be one event or set name (filters go under "filters:")`);
  }
  return located(event.where, context, () => resolveEvents(name, ''));
}

function ruleFilter(f: LocatedText, eventName: string, ruleName: string, single: boolean, context: string): EventFilter {
  const text = f.text.trim();
  if (!single && (text.startsWith('data.') || text.startsWith('args.'))) {
    throw new PolicyError(`${at(f.where)}${context}filter "${text}" of rule "${ruleName}": data filters need a single event, not a set`);
  }
  return located(f.where, `${context}rule "${ruleName}": `, () => parseRuleFilter(eventName, f));
}

/** Every event a set of policies selects (for `ready` messages and sizing). */
export function selectedEventIds(policies: readonly Policy[]): number[] {
  const ids = new Set<number>();
  for (const p of policies) for (const id of p.rules.keys()) ids.add(id);
  return EVENTS.filter((s) => ids.has(s.id)).map((s) => s.id);
}
