/**
 * Alignment check for `struct perf_event_attr` (after Tetragon's alignchecker):
 * C compiled against the struct prints where each member lives, and the test
 * compares that with PERF_EVENT_ATTR_LAYOUT, the table decodePerfEventAttr reads.
 * Two sources of the struct:
 * - the uapi header <linux/perf_event.h> installed here (may be older than
 *   the kernel: only the members it has are compared);
 * - the running kernel's BTF, via `bpftool btf dump` (skipped without bpftool
 *   or BTF); every member it has must be known to the table.
 * Then a round trip: C fills attrs as perf(1) would, the decoder reads the bytes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { PerfAttrBitWord, PerfAttrScalar } from '../../src/decode/perf-event-attr.js';
import {
  decodePerfEventAttr,
  PERF_ATTR_SIZE_LATEST,
  PERF_ATTR_SIZES,
  PERF_EVENT_ATTR_LAYOUT,
} from '../../src/decode/perf-event-attr.js';

const here = dirname(fileURLToPath(import.meta.url));
const BTF_PATH = '/sys/kernel/btf/vmlinux';

/** Members of the struct the decoder deliberately does not show. */
const NOT_DECODED = new Set([
  '__reserved_1', '__reserved_2', '__reserved_3',
  'kprobe_func', 'uprobe_path', 'kprobe_addr', 'probe_offset', // other names of config1/config2
]);

const scalars = PERF_EVENT_ATTR_LAYOUT.filter((e): e is PerfAttrScalar => e.kind === 'scalar');
const words = PERF_EVENT_ATTR_LAYOUT.filter((e): e is PerfAttrBitWord => e.kind === 'bits');

/** Every name the table knows, for the coverage check. */
const KNOWN_MEMBERS = new Set<string>([
  ...scalars.flatMap((s) => (s.alias ? [s.name, s.alias.name] : [s.name])),
  ...words.flatMap((w) => [...(w.anchor ? [w.anchor] : []), ...w.bits.map((b) => b.name)]),
]);

let work = '';
let hasCc = true;
try {
  execFileSync('cc', ['--version'], { stdio: 'ignore' });
} catch {
  hasCc = false;
}

function compileAndRun(name: string, source: string, flags: readonly string[] = []): string {
  const src = join(work, `${name}.c`);
  const exe = join(work, name);
  writeFileSync(src, source);
  execFileSync('cc', ['-std=gnu11', '-w', '-I', work, '-o', exe, src, ...flags], { stdio: ['ignore', 'ignore', 'pipe'] });
  return execFileSync(exe, { encoding: 'utf8' });
}

/** The text between the braces of `struct perf_event_attr { ... };` */
function structBody(text: string): string {
  const start = text.search(/struct perf_event_attr\s*\{/);
  assert.notEqual(start, -1, 'struct perf_event_attr not found');
  const open = text.indexOf('{', start);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced struct perf_event_attr');
}

/** Member names declared in a struct body (`__u64 x;`, `x : 1,`, `__u64 y: 1;`). */
function memberNames(body: string): Set<string> {
  return new Set([...body.matchAll(/(\w+)\s*(?::\s*\d+\s*)?[;,]/g)].map((m) => m[1]));
}

function has(body: string, member: string): boolean {
  return new RegExp(`\\b${member}\\b`).test(body);
}

/** C that prints where each member of the table that the struct has lives. */
function layoutProgram(includes: string, structType: string, body: string): string {
  const lines: string[] = [];
  const field = (m: string) =>
    lines.push(`  printf("field %s %zu %zu %d\\n", "${m}", offsetof(attr_t, ${m}), sizeof(a.${m}), (__typeof__(a.${m}))-1 < 0);`);
  for (const s of scalars) {
    if (has(body, s.name)) field(s.name);
    if (s.alias && has(body, s.alias.name)) field(s.alias.name);
  }
  for (const w of words) {
    if (w.anchor && has(body, w.anchor)) {
      lines.push(`  printf("field %s %zu %zu 0\\n", "${w.anchor}", offsetof(attr_t, ${w.anchor}), sizeof(a.${w.anchor}));`);
    }
    for (const b of w.bits) {
      if (!has(body, b.name)) continue;
      lines.push(`  memset(&a, 0, sizeof(a)); a.${b.name} = ~0ULL; bits("${b.name}", &a);`);
    }
  }
  for (let v = 0; v < 16; v++) {
    lines.push(`#ifdef PERF_ATTR_SIZE_VER${v}`, `  printf("ver ${v} %d\\n", (int)PERF_ATTR_SIZE_VER${v});`, '#endif');
  }
  return `#include <stddef.h>
#include <stdio.h>
#include <string.h>
${includes}
typedef ${structType} attr_t;

/* Prints every bit set anywhere in the struct, as absolute bit numbers. */
static void bits(const char *name, const attr_t *a)
{
  const unsigned char *p = (const unsigned char *)a;
  printf("bit %s", name);
  for (size_t i = 0; i < sizeof(*a) * 8; i++)
    if ((p[i / 8] >> (i % 8)) & 1)
      printf(" %zu", i);
  printf("\\n");
}

int main(void)
{
  attr_t a;
  printf("sizeof %zu\\n", sizeof(attr_t));
${lines.join('\n')}
  return 0;
}
`;
}

interface Layout {
  size: number;
  fields: Map<string, { offset: number; size: number; signed: boolean }>;
  bits: Map<string, number[]>;
  versions: Map<number, number>;
}

function parseLayout(output: string): Layout {
  const layout: Layout = { size: 0, fields: new Map(), bits: new Map(), versions: new Map() };
  for (const line of output.trim().split('\n')) {
    const [kind, a, ...rest] = line.trim().split(/\s+/);
    if (kind === 'sizeof') layout.size = Number(a);
    else if (kind === 'field') layout.fields.set(a, { offset: Number(rest[0]), size: Number(rest[1]), signed: rest[2] === '1' });
    else if (kind === 'bit') layout.bits.set(a, rest.map(Number));
    else if (kind === 'ver') layout.versions.set(Number(a), Number(rest[0]));
  }
  return layout;
}

/** Asserts that every member the C struct has sits where the table says. */
function assertTableMatches(layout: Layout, body: string): void {
  for (const s of scalars) {
    for (const name of s.alias ? [s.name, s.alias.name] : [s.name]) {
      if (!has(body, name)) continue;
      assert.deepEqual(layout.fields.get(name), { offset: s.offset, size: s.size, signed: s.signed }, name);
    }
  }
  for (const w of words) {
    if (w.anchor && has(body, w.anchor)) {
      assert.equal(layout.fields.get(w.anchor)?.offset, w.offset, w.anchor);
      assert.equal(layout.fields.get(w.anchor)?.size, w.size, w.anchor);
    }
    for (const b of w.bits) {
      if (!has(body, b.name)) continue;
      const expected = Array.from({ length: b.width }, (_, i) => w.offset * 8 + b.bit + i);
      assert.deepEqual(layout.bits.get(b.name), expected, b.name);
    }
  }
}

/** Asserts that the struct has no member the table does not know. */
function assertNoUnknownMembers(body: string): void {
  const unknown = [...memberNames(body)].filter((m) => !KNOWN_MEMBERS.has(m) && !NOT_DECODED.has(m));
  assert.deepEqual(unknown, [], 'members of struct perf_event_attr the decoder does not know');
}

function readBtfStruct(): string | undefined {
  try {
    const dump = execFileSync('bpftool', ['btf', 'dump', 'file', BTF_PATH, 'format', 'c'], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return structBody(dump);
  } catch {
    return undefined;
  }
}

describe('struct perf_event_attr layout', { skip: hasCc ? false : 'no C compiler' }, () => {
  let headerBody = '';
  let btfBody: string | undefined;

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'sysray-perf-attr-'));
    const preprocessed = execFileSync('cc', ['-E', '-P', '-x', 'c', '-'], {
      input: '#include <linux/perf_event.h>\n',
      encoding: 'utf8',
    });
    headerBody = structBody(preprocessed);
    btfBody = readBtfStruct();
    if (btfBody !== undefined) {
      writeFileSync(
        join(work, 'btf_perf_event_attr.h'),
        `#include <linux/types.h>\nstruct btf_perf_event_attr {${btfBody}};\n`,
      );
    }
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    work = '';
  });

  it('matches the uapi header <linux/perf_event.h>', () => {
    const layout = parseLayout(
      compileAndRun('layout_header', layoutProgram('#include <linux/perf_event.h>', 'struct perf_event_attr', headerBody)),
    );
    assertTableMatches(layout, headerBody);
    assertNoUnknownMembers(headerBody);
    // PERF_ATTR_SIZE_VERn are the sizes sysray knows, and the header's newest is its sizeof.
    assert.ok(layout.versions.size > 0, 'no PERF_ATTR_SIZE_VERn in the header');
    for (const [n, size] of layout.versions) assert.equal(PERF_ATTR_SIZES[n], size, `PERF_ATTR_SIZE_VER${n}`);
    assert.equal(layout.size, PERF_ATTR_SIZES[Math.max(...layout.versions.keys())]);
  });

  it('matches the running kernel (BTF)', (t) => {
    if (btfBody === undefined) {
      t.skip('bpftool or kernel BTF not available');
      return;
    }
    const body = btfBody;
    const layout = parseLayout(
      compileAndRun(
        'layout_btf',
        layoutProgram('#include "btf_perf_event_attr.h"', 'struct btf_perf_event_attr', body),
      ),
    );
    assertTableMatches(layout, body);
    assertNoUnknownMembers(body);
    assert.ok(PERF_ATTR_SIZES.includes(layout.size), `sizeof ${layout.size} is no PERF_ATTR_SIZE_VERn`);
    assert.ok(layout.size <= PERF_ATTR_SIZE_LATEST);
    // Every table entry that fits in this kernel's struct exists in it.
    for (const e of PERF_EVENT_ATTR_LAYOUT) {
      if (e.offset + e.size > layout.size) continue;
      const name = e.kind === 'scalar' ? e.name : e.anchor ?? e.bits[0].name;
      assert.ok(has(body, name), `${name} missing from the kernel's struct`);
    }
  });
});

const FLAGS = [
  'disabled', 'inherit', 'pinned', 'exclusive', 'exclude_user', 'exclude_kernel', 'exclude_hv',
  'exclude_idle', 'mmap', 'comm', 'freq', 'inherit_stat', 'enable_on_exec', 'task', 'watermark',
  'precise_ip', 'mmap_data', 'sample_id_all', 'exclude_host', 'exclude_guest',
  'exclude_callchain_kernel', 'exclude_callchain_user', 'mmap2', 'comm_exec', 'use_clockid',
  'context_switch', 'write_backward', 'namespaces', 'ksymbol', 'bpf_event', 'aux_output', 'cgroup',
  'text_poke', 'build_id', 'inherit_thread', 'remove_on_exec', 'sigtrap',
];
/** All flag bits false except `set`; precise_ip is a number. */
function flags(set: Record<string, boolean | number>): Record<string, boolean | number> {
  return Object.fromEntries(FLAGS.map((f) => [f, set[f] ?? (f === 'precise_ip' ? 0 : false)]));
}

describe('perf_event_attr round trip (C → bytes → decodePerfEventAttr)', { skip: hasCc ? false : 'no C compiler' }, () => {
  before(() => {
    if (!work) work = mkdtempSync(join(tmpdir(), 'sysray-perf-attr-'));
  });
  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
    work = '';
  });

  function run(flagsForCc: readonly string[]): Map<string, Buffer> {
    const source = join(here, 'perf-event-attr-roundtrip.c');
    const exe = join(work, `roundtrip${flagsForCc.length}`);
    execFileSync('cc', ['-std=gnu11', '-w', '-I', work, '-o', exe, source, ...flagsForCc], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const out = execFileSync(exe, { encoding: 'utf8' });
    return new Map(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(' ') as [string, string])
        .map(([name, hex]) => [name, Buffer.from(hex, 'hex')]),
    );
  }

  /** What the decoder must produce for each case, for a struct of `size` bytes. */
  function expected(size: number, withAuxAction: boolean, withConfig3: boolean) {
    const tail = (fields: Record<string, unknown>) => {
      const out: Record<string, unknown> = {
        sample_stack_user: 0, clockid: 0, sample_regs_intr: 0n, aux_watermark: 0, sample_max_stack: 0,
        aux_sample_size: 0, aux_start_paused: false, aux_pause: false, aux_resume: false, sig_data: 0n,
        ...fields,
      };
      if (withConfig3) out.config3 = fields.config3 ?? 0n;
      return out;
    };
    return {
      task_clock: {
        type: 1, size, config: 1n, sample_period: 0n, sample_type: 1n << 16n, read_format: 3n,
        ...flags({ disabled: true, inherit: true, enable_on_exec: true, exclude_guest: true }),
        wakeup_events: 0, bp_type: 0, config1: 0n, config2: 0n, branch_sample_type: 0n,
        sample_regs_user: 0n, ...tail({}),
      },
      record_cycles: {
        type: 0, size, config: 0n, sample_freq: 4000n, sample_type: 0x10107n, read_format: 0x14n,
        ...flags({
          freq: true, precise_ip: 2, mmap: true, comm: true, task: true, sample_id_all: true,
          mmap2: true, comm_exec: true, ksymbol: true, bpf_event: true, build_id: true,
          use_clockid: true, watermark: true, inherit_thread: true, remove_on_exec: true, sigtrap: true,
        }),
        wakeup_watermark: 16384, bp_type: 0, config1: 0n, config2: 0n, branch_sample_type: 9n,
        sample_regs_user: 0xff0fffn,
        ...tail({
          sample_stack_user: 8192, clockid: 1, sample_regs_intr: 3n, aux_watermark: 4096,
          sample_max_stack: 127, aux_sample_size: 65536, sig_data: 0x1122334455667788n,
          ...(withAuxAction ? { aux_start_paused: true, aux_resume: true } : {}),
          ...(withConfig3 ? { config3: 0x8000000000000001n } : {}),
        }),
      },
      breakpoint: {
        type: 5, size, config: 0n, sample_period: 1n, sample_type: 3n, read_format: 0n,
        ...flags({ exclude_kernel: true, exclude_hv: true }),
        wakeup_events: 1, bp_type: 2, bp_addr: 0x7ffd1234n, bp_len: 8n, branch_sample_type: 0n,
        sample_regs_user: 0n, ...tail({}),
      },
    };
  }

  function check(cases: Map<string, Buffer>, withAuxAction: boolean, withConfig3: boolean): void {
    const size = cases.get('task_clock')!.length;
    const want = expected(size, withAuxAction, withConfig3);
    assert.deepEqual([...cases.keys()], Object.keys(want));
    for (const [name, bytes] of cases) {
      assert.deepEqual(decodePerfEventAttr(bytes, 0, bytes.length, false), want[name as keyof typeof want], name);
    }
    const clock = cases.get('task_clock')!;
    const symbolic = decodePerfEventAttr(clock, 0, clock.length, true);
    assert.equal(symbolic.type, 'PERF_TYPE_SOFTWARE');
    assert.equal(symbolic.config, 'PERF_COUNT_SW_TASK_CLOCK');
    assert.equal(symbolic.sample_type, 'PERF_SAMPLE_IDENTIFIER');
    assert.equal(symbolic.read_format, 'PERF_FORMAT_TOTAL_TIME_ENABLED|PERF_FORMAT_TOTAL_TIME_RUNNING');
    assert.equal(symbolic.disabled, true);
    const bp = cases.get('breakpoint')!;
    assert.equal(decodePerfEventAttr(bp, 0, bp.length, true).bp_type, 'HW_BREAKPOINT_W');
  }

  it('with the uapi header struct', () => {
    const cases = run([]);
    const size = cases.get('task_clock')!.length;
    // An older header's struct has the aux_action word as __reserved_3 and no config3.
    check(cases, false, size >= 136);
  });

  it('with the running kernel struct (BTF)', (t) => {
    const body = readBtfStruct();
    if (body === undefined) {
      t.skip('bpftool or kernel BTF not available');
      return;
    }
    writeFileSync(join(work, 'btf_perf_event_attr.h'), `#include <linux/types.h>\nstruct btf_perf_event_attr {${body}};\n`);
    const withAuxAction = has(body, 'aux_start_paused');
    const withConfig3 = has(body, 'config3');
    const cases = run([
      '-DSYSRAY_BTF_STRUCT',
      ...(withAuxAction ? ['-DHAVE_AUX_ACTION'] : []),
      ...(withConfig3 ? ['-DHAVE_CONFIG3'] : []),
    ]);
    check(cases, withAuxAction, withConfig3);
  });
});
