/**
 * Writes src/events/syscalls.generated.ts: one SyscallSpec per x86_64 syscall.
 *
 *   npx tsx scripts/gen-catalog.ts            (or: npm run gen:catalog)
 *
 * Inputs, and what each decides:
 * - /usr/include/x86_64-linux-gnu/asm/unistd_64.h: which syscalls exist and their numbers (= event ids).
 * - /sys/kernel/tracing/events/syscalls/sys_enter_<name>/format: how many args each takes, in
 *   what order. If tracefs is not mounted: `mount -t tracefs nodev /sys/kernel/tracing`.
 *   Syscalls with no tracepoint here take their list from scripts/catalog/kernel-facts.json.
 * - scripts/catalog/tracee-syscalls.json: arg names, C types and sets as Tracee has them (users
 *   filter on those names). Where Tracee's list disagrees with the kernel's, kernel-facts.json
 *   holds the resolved list; the run fails on any disagreement nobody resolved.
 * - scripts/catalog/curation.json: sysray's choices (captures, nullable pointers, default set).
 * - scripts/catalog/summaries.json: the one-line summaries.
 *
 * The rules that turn these into kinds, captures, tags and formats are below. The output is
 * sorted by id and depends only on the inputs, so regenerating on the same machine is a no-op.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { release } from 'node:os';
import {
  ArgCapture,
  type ArgCaptureName,
  type ArgFormat,
  type ArgSpec,
  type ArgTag,
  type ArgValueKind,
  type SyscallSpec,
} from '../src/events/catalog-types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FACTS = join(ROOT, 'scripts', 'catalog');
const OUT = join(ROOT, 'src', 'events', 'syscalls.generated.ts');
const UNISTD = '/usr/include/x86_64-linux-gnu/asm/unistd_64.h';
const TRACEFS_CANDIDATES = ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'];

type CType = string;
/** [C type, name] as stored in the fact tables. */
type RawArg = readonly [CType, string];

interface TraceeFacts {
  syscalls: Record<string, { sets: string[]; args: RawArg[] }>;
}
interface KernelFacts {
  tracepointNames: Record<string, string>;
  eventNames: Record<string, string>;
  withoutTracepoint: Record<string, { why: string; args: RawArg[] }>;
  argOverrides: Record<string, { why: string; args: RawArg[] }>;
  extraSets: Record<string, string[]>;
}
interface CaptureFact {
  capture: ArgCaptureName;
  lenArg?: string;
}
interface Curation {
  captures: Record<string, CaptureFact>;
  strings: { notStrings: Record<string, string>; extra: Record<string, string> };
  optional: Record<string, string[]>;
  tagOverrides: Record<string, ArgTag[]>;
  defaultSet: { events: string[] };
}

// ---- rules -------------------------------------------------------------------------------

/** Integer C types by signedness and width (x86_64 LP64; kernel typedefs). */
const INTEGER_KINDS: Record<string, Exclude<ArgValueKind, 'pointer' | 'captured'>> = {
  int: 's32',
  pid_t: 's32',
  clockid_t: 's32',
  key_serial_t: 's32', // int32_t
  key_t: 's32', // __kernel_key_t is int
  mqd_t: 's32', // __kernel_mqd_t is int
  timer_t: 's32', // __kernel_timer_t is int (a pointer only in glibc's view)
  'unsigned int': 'u32',
  unsigned: 'u32',
  uid_t: 'u32',
  gid_t: 'u32',
  qid_t: 'u32', // __kernel_uid32_t
  u32: 'u32',
  __u32: 'u32',
  dev_t: 'u32', // the kernel's dev_t is u32
  mode_t: 'u32', // unsigned int on x86_64
  umode_t: 'u32', // unsigned short: no 16-bit kind, the value fits
  landlock_rule_type: 'u32', // an enum without negative values
  long: 's64',
  off_t: 's64', // __kernel_off_t is long
  loff_t: 's64',
  ssize_t: 's64',
  time_t: 's64',
  __kernel_old_time_t: 's64',
  clock_t: 's64',
  'unsigned long': 'u64',
  size_t: 'u64',
  u64: 'u64',
  __u64: 'u64',
  aio_context_t: 'u64', // __kernel_ulong_t
};
/** Typedefs that hide a pointer. */
const POINTER_TYPEDEFS = new Set(['cap_user_header_t', 'cap_user_data_t']);

/** Captures of user memory the kernel reads again after sysray read it at entry. */
const REREAD_BY_KERNEL = new Set<ArgCaptureName>(['string', 'stringArray', 'envArray', 'sockaddrIn', 'timespecIn', 'fsconfigValue', 'openHow', 'perfEventAttr', 'bpfAttr']);

/** Arg names that hold a directory fd accepting AT_FDCWD, in any syscall. */
const DIRFD_NAMES = new Set(['dirfd', 'olddirfd', 'newdirfd', 'dfd', 'from_dfd', 'to_dfd']);

const FORMAT_RULES: ReadonlyArray<readonly [ArgFormat, readonly string[]]> = [
  ['dirfd', ['faccessat2.fd']], // Tracee calls it fd; it is the dirfd
  ['openFlags', ['open.flags', 'openat.flags']],
  [
    'fileMode',
    ['open.mode', 'openat.mode', 'creat.mode', 'mkdir.mode', 'mkdirat.mode', 'mknod.mode', 'mknodat.mode']
      .concat(['chmod.mode', 'fchmod.mode', 'fchmodat.mode', 'umask.mask']),
  ],
  ['accessMode', ['access.mode', 'faccessat.mode', 'faccessat2.mode']],
  [
    'atFlags',
    ['newfstatat.flags', 'fchownat.flags', 'linkat.flags', 'unlinkat.flags', 'utimensat.flags']
      .concat(['faccessat2.flag', 'statx.flags', 'execveat.flags', 'name_to_handle_at.flags']),
  ],
  [
    'signal',
    ['kill.sig', 'tkill.sig', 'tgkill.sig', 'rt_sigqueueinfo.sig', 'rt_tgsigqueueinfo.sig']
      .concat(['pidfd_send_signal.sig', 'rt_sigaction.signum']),
  ],
  ['perfEventOpenFlags', ['perf_event_open.flags']],
  ['pidfdOpenFlags', ['pidfd_open.flags']],
  ['pidfdGetfdFlags', ['pidfd_getfd.flags']],
  ['pidfdSendSignalFlags', ['pidfd_send_signal.flags']],
  ['mmapProt', ['mmap.prot', 'mprotect.prot', 'pkey_mprotect.prot']],
  ['mmapFlags', ['mmap.flags']],
  ['socketDomain', ['socket.domain', 'socketpair.domain']],
  ['socketType', ['socket.type', 'socketpair.type']],
  ['cloneFlags', ['clone.flags', 'unshare.flags', 'setns.nstype']], // nstype is 0 or one CLONE_NEW*
  [
    'clockId',
    ['clock_settime.clockid', 'clock_gettime.clockid', 'clock_getres.clockid', 'clock_nanosleep.clockid']
      .concat(['clock_adjtime.clk_id', 'timer_create.clockid', 'timerfd_create.clockid', 'futex_waitv.clockid']),
  ],
  ['prctlOption', ['prctl.option']],
  ['ptraceRequest', ['ptrace.request']],
  ['bpfCmd', ['bpf.cmd']],
  ['fcntlCmd', ['fcntl.cmd']],
  ['whence', ['lseek.whence']],
];

/** Sets in Tracee's table that sysray does not take: its own default, and a 32-bit marker. */
const TRACEE_SETS_IGNORED = new Set(['default', '32bit_unique']);

/** Never return to the caller, so the event is emitted at entry. */
const NO_RETURN = new Set(['exit', 'exit_group']);

// ---- inputs ------------------------------------------------------------------------------

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(FACTS, file), 'utf8')) as T;
}

/** Drops the `_about` note the fact files carry next to their data. */
function entries<V>(record: Record<string, V>): [string, V][] {
  return Object.entries(record).filter(([k]) => k !== '_about');
}

function readUnistd(): { name: string; id: number }[] {
  const text = readFileSync(UNISTD, 'utf8');
  const out = [...text.matchAll(/^#define __NR_(\w+)\s+(\d+)\s*$/gm)].map((m) => ({ name: m[1], id: Number(m[2]) }));
  if (out.length < 300) throw new Error(`${UNISTD}: only ${out.length} syscalls found`);
  return out.sort((a, b) => a.id - b.id);
}

function findTracefsSyscalls(): string {
  for (const dir of TRACEFS_CANDIDATES) {
    const events = join(dir, 'events', 'syscalls');
    if (existsSync(events)) return events;
  }
  throw new Error('tracefs is not mounted: run `mount -t tracefs nodev /sys/kernel/tracing` (as root) and retry');
}

/** Normalises a C type to Tracee's spelling: no `__user`, `char*` not `char *`. */
function normaliseType(type: string): string {
  return type
    .replace(/\b__user\b/g, '')
    .replace(/\bstruct __kernel_timespec\b/g, 'struct timespec')
    .replace(/\bstruct __kernel_old_timeval\b/g, 'struct timeval')
    .replace(/\s*\*\s*/g, '*')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Args of a syscall from its sys_enter tracepoint, or undefined when it has none. */
function tracepointArgs(eventsDir: string, tracepoint: string): RawArg[] | undefined {
  const file = join(eventsDir, `sys_enter_${tracepoint}`, 'format');
  if (!existsSync(file)) return undefined;
  const args: RawArg[] = [];
  for (const m of readFileSync(file, 'utf8').matchAll(/field:([^;]+);/g)) {
    const decl = m[1].trim();
    const name = /(\w+)$/.exec(decl)?.[1];
    if (!name) throw new Error(`${file}: cannot parse field "${decl}"`);
    if (name.startsWith('common_') || name === '__syscall_nr') continue;
    args.push([normaliseType(decl.slice(0, -name.length)), name]);
  }
  return args;
}

// ---- derivation --------------------------------------------------------------------------

function isPointerType(type: string): boolean {
  return type.includes('*') || type.includes('[') || POINTER_TYPEDEFS.has(type.replace(/^const /, ''));
}

function integerKind(type: string, where: string): ArgValueKind {
  const base = type.replace(/^const /, '').replace(/^enum /, '');
  const kind = INTEGER_KINDS[base];
  if (!kind) throw new Error(`${where}: no value kind for C type "${type}": add it to INTEGER_KINDS`);
  return kind;
}

/** Tracks which curated keys were used, so a typo in a fact file fails the run. */
class KeyUse {
  private readonly used = new Set<string>();
  constructor(private readonly what: string, private readonly keys: Iterable<string>) {}
  has(key: string, present: boolean): boolean {
    if (present) this.used.add(key);
    return present;
  }
  check(): void {
    const unused = [...this.keys].filter((k) => !this.used.has(k));
    if (unused.length) throw new Error(`${this.what}: no such event/arg: ${unused.join(', ')}`);
  }
}

function main(): void {
  const tracee = readJson<TraceeFacts>('tracee-syscalls.json').syscalls;
  const kernel = readJson<KernelFacts>('kernel-facts.json');
  const curation = readJson<Curation>('curation.json');
  const summaries = new Map(entries(readJson<Record<string, string>>('summaries.json')));

  const captures = new Map(entries(curation.captures));
  const notStrings = new Map(entries(curation.strings.notStrings));
  const extraStrings = new Map(entries(curation.strings.extra));
  const optional = new Set(entries(curation.optional).flatMap(([ev, args]) => args.map((a) => `${ev}.${a}`)));
  const tagOverrides = new Map(entries(curation.tagOverrides));
  const defaultSet = new Set(curation.defaultSet.events);
  const formats = new Map<string, ArgFormat>();
  for (const [format, keys] of FORMAT_RULES) {
    for (const key of keys) {
      if (formats.has(key)) throw new Error(`FORMAT_RULES: ${key} listed twice`);
      formats.set(key, format);
    }
  }
  const withoutTracepoint = new Map(entries(kernel.withoutTracepoint));
  const argOverrides = new Map(entries(kernel.argOverrides));
  const extraSets = new Map(entries(kernel.extraSets));

  const uses = {
    captures: new KeyUse('curation.json captures', captures.keys()),
    notStrings: new KeyUse('curation.json strings.notStrings', notStrings.keys()),
    extraStrings: new KeyUse('curation.json strings.extra', extraStrings.keys()),
    optional: new KeyUse('curation.json optional', optional),
    tagOverrides: new KeyUse('curation.json tagOverrides', tagOverrides.keys()),
    formats: new KeyUse('FORMAT_RULES', formats.keys()),
    defaultSet: new KeyUse('curation.json defaultSet', defaultSet),
    summaries: new KeyUse('summaries.json', summaries.keys()),
  };

  const eventsDir = findTracefsSyscalls();
  const specs: SyscallSpec[] = [];
  const notes = new Map<number, string>();

  for (const { name: nrName, id } of readUnistd()) {
    const event = kernel.eventNames[nrName] ?? nrName;
    const tp = kernel.tracepointNames[nrName] ?? nrName;

    // 1. The argument list: the kernel's count and order; Tracee's names and types.
    let kernelArgs = tracepointArgs(eventsDir, tp);
    if (!kernelArgs) {
      const fact = withoutTracepoint.get(nrName);
      if (!fact) throw new Error(`${nrName}: no sys_enter_${tp} tracepoint and no kernel-facts.json withoutTracepoint entry`);
      kernelArgs = fact.args.map(([t, n]) => [normaliseType(t), n] as const);
      notes.set(id, `no sys_enter tracepoint; ${fact.why}`);
    }
    const traceeEntry = tracee[event];
    const override = argOverrides.get(nrName);
    let args: RawArg[];
    if (override) {
      if (override.args.length !== kernelArgs.length) {
        throw new Error(`${nrName}: argOverrides has ${override.args.length} args, the kernel ${kernelArgs.length}`);
      }
      args = override.args;
    } else if (traceeEntry) {
      if (traceeEntry.args.length !== kernelArgs.length) {
        throw new Error(
          `${nrName}: Tracee lists ${traceeEntry.args.length} args, the kernel ${kernelArgs.length}` +
            ` (${kernelArgs.map((a) => a[1]).join(', ')}): resolve it in kernel-facts.json argOverrides`,
        );
      }
      args = traceeEntry.args;
    } else {
      args = kernelArgs;
    }
    args = args.map(([t, n]) => [normaliseType(t), n] as const);

    // 2. Each argument.
    const specArgs: ArgSpec[] = args.map(([type, argName]) => {
      const key = `${event}.${argName}`;
      const pointer = isPointerType(type);

      let capture: ArgCaptureName = 'none';
      let lenArgName: string | undefined;
      const fact = captures.get(key);
      if (uses.captures.has(key, fact !== undefined) && fact) {
        if (!(fact.capture in ArgCapture)) throw new Error(`${key}: unknown capture "${fact.capture}"`);
        capture = fact.capture;
        lenArgName = fact.lenArg;
      } else if (
        (type === 'const char*' && !uses.notStrings.has(key, notStrings.has(key))) ||
        uses.extraStrings.has(key, extraStrings.has(key))
      ) {
        capture = 'string';
      }
      if (capture !== 'none' && !pointer) throw new Error(`${key}: captures "${capture}" from non-pointer type ${type}`);

      let lenArg: number | undefined;
      if (capture === 'sockaddrIn' || capture === 'sockaddrOut') {
        lenArg = args.findIndex(([, n]) => n === lenArgName);
        const want = capture === 'sockaddrIn' ? 'int' : 'int*';
        if (lenArg < 0 || args[lenArg][0] !== want) {
          throw new Error(`${key}: lenArg "${lenArgName}" must name an arg of type ${want}`);
        }
      } else if (capture === 'openHow') {
        lenArg = args.findIndex(([, n]) => n === lenArgName);
        if (lenArg < 0 || args[lenArg][0] !== 'size_t') throw new Error(`${key}: lenArg "${lenArgName}" must name an arg of type size_t`);
      } else if (capture === 'bpfAttr') {
        lenArg = args.findIndex(([, n]) => n === lenArgName);
        if (lenArg < 0 || args[lenArg][0] !== 'unsigned int') throw new Error(`${key}: lenArg "${lenArgName}" must name an arg of type unsigned int`);
      } else if (lenArgName !== undefined) {
        throw new Error(`${key}: lenArg is only for sockaddr, open_how and bpf_attr captures`);
      }

      let tags: ArgTag[];
      let documentedTags: ArgTag[] | undefined;
      const tagOverride = tagOverrides.get(key);
      if (uses.tagOverrides.has(key, tagOverride !== undefined) && tagOverride) {
        // the page's tags, and TOCTOU where the capture makes it one whatever the page says
        tags = tagOverride.filter((t) => t !== 'TOCTOU');
        if (REREAD_BY_KERNEL.has(capture)) tags.push('TOCTOU');
        if (tags.join() !== tagOverride.join()) documentedTags = [...tagOverride];
      } else {
        tags = pointer ? ['U'] : ['K'];
        if (REREAD_BY_KERNEL.has(capture)) tags.push('TOCTOU');
        if (uses.optional.has(key, optional.has(key))) {
          if (!pointer) throw new Error(`${key}: OPT is for pointer args, ${type} is not one`);
          tags.push('OPT');
        }
      }

      let format = formats.get(key);
      uses.formats.has(key, format !== undefined);
      if (!format && DIRFD_NAMES.has(argName)) format = 'dirfd';
      if (format && pointer) throw new Error(`${key}: format ${format} on pointer type ${type}`);

      const kind: ArgValueKind = capture !== 'none' ? 'captured' : pointer ? 'pointer' : integerKind(type, key);
      const spec: ArgSpec = {
        name: argName,
        type,
        kind,
        capture,
        ...(lenArg !== undefined ? { lenArg } : {}),
        tags,
        ...(documentedTags ? { documentedTags } : {}),
        ...(format ? { format } : {}),
      };
      return spec;
    });

    // 3. The event.
    const baseSets = traceeEntry?.sets ?? extraSets.get(nrName);
    if (!baseSets) throw new Error(`${event}: no sets in Tracee's table nor in kernel-facts.json extraSets`);
    const sets = ['syscalls', ...baseSets.filter((s) => s !== 'syscalls' && !TRACEE_SETS_IGNORED.has(s))];
    if (uses.defaultSet.has(event, defaultSet.has(event))) sets.push('default');

    const summary = summaries.get(event);
    if (!uses.summaries.has(event, summary !== undefined) || !summary) throw new Error(`${event}: no summary in summaries.json`);

    specs.push({
      id,
      name: event,
      sets,
      args: specArgs,
      summary,
      ...(NO_RETURN.has(event) ? { noReturn: true } : {}),
    });
  }

  for (const use of Object.values(uses)) use.check();
  const ids = new Set(specs.map((s) => s.id));
  const names = new Set(specs.map((s) => s.name));
  if (ids.size !== specs.length || names.size !== specs.length) throw new Error('duplicate ids or names');

  writeFileSync(OUT, render(specs, notes));
  console.log(`wrote ${OUT}: ${specs.length} syscalls (${notes.size} without a tracepoint here)`);
}

// ---- output ------------------------------------------------------------------------------

function q(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function renderArg(a: ArgSpec): string {
  const parts = [`name: ${q(a.name)}`, `type: ${q(a.type)}`, `kind: ${q(a.kind)}`, `capture: ${q(a.capture)}`];
  if (a.lenArg !== undefined) parts.push(`lenArg: ${a.lenArg}`);
  parts.push(`tags: [${a.tags.map(q).join(', ')}]`);
  if (a.documentedTags) parts.push(`documentedTags: [${a.documentedTags.map(q).join(', ')}]`);
  if (a.format) parts.push(`format: ${q(a.format)}`);
  return `      { ${parts.join(', ')} },`;
}

function render(specs: readonly SyscallSpec[], notes: ReadonlyMap<number, string>): string {
  const lines = [
    '// GENERATED FILE, DO NOT EDIT: written by scripts/gen-catalog.ts.',
    '// Regenerate with `npx tsx scripts/gen-catalog.ts` (needs tracefs mounted at /sys/kernel/tracing).',
    `// Inputs: ${UNISTD}, the sys_enter_* tracepoint formats of Linux ${release()},`,
    '// scripts/catalog/*.json (Tracee arg names, kernel facts, sysray curation, summaries).',
    "import type { SyscallSpec } from './catalog-types.js';",
    '',
    'export const SYSCALLS: readonly SyscallSpec[] = [',
  ];
  for (const s of specs) {
    const note = notes.get(s.id);
    if (note) lines.push(`  // ${s.name}: ${note}`);
    lines.push('  {');
    lines.push(`    id: ${s.id}, name: ${q(s.name)}, sets: [${s.sets.map(q).join(', ')}],${s.noReturn ? ' noReturn: true,' : ''}`);
    lines.push(`    summary: ${q(s.summary)},`);
    if (s.args.length === 0) {
      lines.push('    args: [],');
    } else {
      lines.push('    args: [');
      for (const a of s.args) lines.push(renderArg(a));
      lines.push('    ],');
    }
    lines.push('  },');
  }
  lines.push('];', '');
  return lines.join('\n');
}

main();
