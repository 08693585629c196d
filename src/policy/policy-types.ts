/**
 * The policy model, as Tracee defines it: a policy is a scope (which
 * processes) and rules (which events, with filters). `-s`/`-e` on the command
 * line make one policy named "" (Tracee's name for it); `-p` files make up to
 * 64. Each policy is one bit in the kernel's masks (src/policy/kernel-config.ts).
 */
import type { TraceEvent } from '../decode/trace-event.js';

export type Operator = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** Where a piece of policy text came from, for error messages (file '' = the command line). */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export interface LocatedText {
  text: string;
  where: SourceLocation;
}

/** A policy as written (a file document or the command line), its expressions not yet parsed. */
export interface PolicyDocument {
  name: string;
  description?: string;
  /** Scope expressions, AND-ed; `global` alone is kept as the one entry `global`. */
  scope: LocatedText[];
  rules: { event: LocatedText; filters: LocatedText[] }[];
  where: SourceLocation;
}

/**
 * One parsed scope expression. Several values of one `=` term match any of
 * them; `!=` matches none of them; string values may start and/or end with `*`.
 */
export type ScopeTerm =
  | { field: 'uid' | 'pid'; op: Operator; values: number[] }
  | { field: 'mntns' | 'pidns' | 'tree'; op: '=' | '!='; values: number[] }
  | { field: 'uts' | 'comm' | 'executable'; op: '=' | '!='; values: string[] }
  | { field: 'container'; op: '=' | '!='; values: string[] }
  | { field: 'anyContainer' | 'notContainer' | 'newContainer' | 'newPid' | 'follow' };

/** An event filter, ready to run on a decoded event. */
export interface EventFilter {
  /** As written, for messages. */
  text: string;
  kind: 'data' | 'retval' | 'context';
  matches(event: TraceEvent): boolean;
}

export interface Policy {
  /** Bit in the kernel's masks, 0..63. */
  id: number;
  name: string;
  scope: ScopeTerm[];
  /**
   * Event id → the alternatives that select it: the event matches when all
   * filters of any one alternative match (an event named by two rules, e.g.
   * directly and through a set, is selected by either).
   */
  rules: Map<number, EventFilter[][]>;
}

export const MAX_POLICIES = 64;
