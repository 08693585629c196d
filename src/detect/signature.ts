/**
 * The signature API: what a detection declares and how it is called. Built-in
 * signatures (src/detect/signatures/) and users' own (`--signatures-dir`, ES
 * modules) are the same kind of object. Types are exported from the package
 * (`sysray/detect`) for TypeScript authors.
 *
 * @example
 * const sig: Signature = {
 *   metadata: { id: 'MY-1', name: 'Shell reads shadow', eventName: 'shadow_read', version: '1',
 *     description: '...', tags: ['linux'], properties: { Severity: 2, Category: 'credential-access',
 *     Technique: 'OS Credential Dumping', external_id: 'T1003.008' } },
 *   selects: [{ event: 'openat', where: { pathname: { prefix: ['/etc/shadow'] } } }],
 *   onEvent: (event, ctx) => ctx.arg(event, 'pathname') === '/etc/shadow' ? { data: {} } : undefined,
 * };
 */
import type { TraceEvent, ArgValue } from '../decode/trace-event.js';
import type { FdDescription } from '../process/fd-description.js';
import type { ProcessRecord } from '../process/process-tree.js';

/** Tracee's severities: 0 info, 1 low, 2 medium, 3 high. */
export type Severity = 0 | 1 | 2 | 3;

export interface SignatureProperties {
  Severity: Severity;
  /** MITRE ATT&CK tactic, as Tracee writes it: `defense-evasion`, `privilege-escalation`... */
  Category: string;
  /** MITRE ATT&CK technique name. */
  Technique: string;
  /** MITRE ATT&CK id: T1055.008. */
  external_id: string;
  /** Anything else is copied into the finding's metadata as it is (Tracee's `id`, `Kubernetes_Technique`...). */
  [key: string]: unknown;
}

export interface SignatureMetadata {
  /** Unique: Tracee's TRC-xxx for its signatures, SYSRAY-xxx for sysray's own. */
  id: string;
  /** Human name (Tracee's `signatureName`). */
  name: string;
  /** The event name findings carry; selectable with -e and policy rules. Unique among all events. */
  eventName: string;
  version: string;
  description: string;
  tags?: string[];
  properties: SignatureProperties;
}

/** Where the selected event must come from. */
export type EventOrigin = 'any' | 'container' | 'host';

/**
 * A condition on one argument, decided in the kernel before anything is sent
 * when it can be (integer sets and bit masks on register arguments, path
 * prefixes on captured strings), and always checked again in user space.
 * Integer values are numbers or bigints (the register's value, as `-o json`
 * prints it without parse-arguments).
 */
export interface ArgCondition {
  /** The argument is one of these values. */
  in?: readonly (number | bigint)[];
  /** The argument has at least one of these bits set. */
  anyBits?: number | bigint;
  /**
   * A string argument starts with one of these (absolute paths; other values
   * pass). On the path an open (open, openat, openat2, creat, open_tree)
   * names, when it succeeded, the opened file's path decides instead: a
   * symlink, a relative name, `..` or `//` to a watched file passes, in the
   * kernel and here.
   */
  prefix?: readonly string[];
  /**
   * The argument's user memory could not be read at entry (its page was not
   * present: eBPF cannot fault it in; the phantom attack's userfaultfd), so
   * it was read at exit (`entryFault`) or not at all (`unreadable: 'fault'`).
   * Decided in the kernel right after the entry read: a signature can watch
   * every open for it while the kernel sends only the opens that faulted.
   * For captured arguments read at entry (strings, sockaddrs, structs).
   */
  entryFault?: true;
}

export interface EventSelector {
  /** A catalog event (syscall, tracepoint, derived) or another signature's eventName. */
  event: string;
  origin?: EventOrigin;
  /** Conditions on arguments by name; all must hold. */
  where?: Readonly<Record<string, ArgCondition>>;
  /**
   * sched_process_exec only: environment variables whose `NAME=value`
   * entries the kernel copies from the new program's environment into its
   * `env` argument (no other entry is ever read out). At most
   * EXEC_ENV_NAMES names over all selected signatures, each up to 31
   * characters of [A-Za-z0-9_]; values are cut at 256 bytes.
   */
  env?: readonly string[];
}

/** Names a selector's `env` may hold (the kernel compares `NAME=` in 32 bytes). */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,30}$/;

/** What a signature reports; the engine makes it a Tracee-shaped finding event. */
export interface Finding {
  /** The finding's own data: its `args`, before `detectedFrom`. */
  data?: Record<string, unknown>;
  /** Overrides the metadata's Severity for this finding. */
  severity?: Severity;
  /** The event it was detected from (default: the event passed to onEvent). */
  event?: TraceEvent;
}

/** Read access to what sysray knows, for signatures. */
export interface SignatureContext {
  /** sysray's own host pid and its parent's. */
  readonly self: { readonly pid: number; readonly parentPid: number };
  /** The value of an argument by name (undefined when the event has none). */
  arg(event: TraceEvent, name: string): ArgValue | undefined;
  /** The process with this host pid, as the process tree holds it. */
  process(hostPid: number): ProcessRecord | undefined;
  /** Its ancestors, parent first. */
  ancestors(hostPid: number): ProcessRecord[];
  /** True when `hostPid` is `ancestorPid` or descends from it. */
  isDescendant(hostPid: number, ancestorPid: number): boolean;
  /** What fd `fd` of `hostPid` refers to; only known with the fd table (`-o option:parse-arguments-fds`). */
  fd(hostPid: number, fd: number): FdDescription | undefined;
  /**
   * The event's container: its id, and its name and image once its runtime
   * answered (docker, podman, containerd, cri-o); undefined on the host.
   */
  container(event: TraceEvent): { readonly id: string; readonly name: string; readonly image: string } | undefined;
  /** Symbolic name of a flag or enum argument's value, as parse-arguments prints it. */
  symbol(event: TraceEvent, name: string): string | undefined;
  /** This signature's parameter `key` (its default unless `--signature-param` set it). */
  param(key: string): readonly string[];
}

export type OnEventResult = Finding | readonly Finding[] | undefined | void;

export interface Signature {
  metadata: SignatureMetadata;
  /** The events it is called with (none only for an `unavailable` signature). */
  selects: readonly EventSelector[];
  /** For `sysray man`: data fields, use case, known issues, related events. */
  doc?: SignatureDoc;
  /**
   * Set when the signature cannot be rebuilt in sysray (its source is an
   * event sysray has no way to make: Tracee's kernel-memory scans): why, and
   * what to select instead, in one sentence. It then selects nothing and
   * never fires; `-e` naming it warns with this, `list` and `man` say so.
   */
  unavailable?: string;
  /** Other names `sysray man` finds it by (Tracee's file name, where its eventName differs). */
  aliases?: readonly string[];
  /**
   * Lists users may set with `--signature-param EVENTNAME.KEY=a,b,c`
   * (agents to protect, known profilers...); read with ctx.param(KEY).
   */
  params?: Readonly<Record<string, { readonly default: readonly string[]; readonly doc: string }>>;
  /** Called once before the first event. */
  init?(ctx: SignatureContext): void;
  /** Called with each selected event; returns zero or more findings. Must not keep unbounded state. */
  onEvent(event: TraceEvent, ctx: SignatureContext): OnEventResult;
  /** End of input (the tracer stops): findings still pending. */
  onEnd?(ctx: SignatureContext): OnEventResult;
}

/** Event ids of findings start here (Tracee's StartSignatureID). */
export const SIGNATURE_ID_BASE = 6000;

/** A field of a signature's findings, for `sysray man` and `list`. */
export interface FindingField {
  name: string;
  /** Tracee's type names: `int`, `const char*`, `unknown` for objects. */
  type: string;
  doc: string;
}

/** What `sysray man <signature>` says beyond the metadata. */
export interface SignatureDoc {
  /** The finding's data fields. */
  data?: readonly FindingField[];
  useCase?: string;
  /** Known false positives and evasions. */
  issues?: string;
  /** Related events and signatures. */
  related?: readonly string[];
}
