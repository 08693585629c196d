/**
 * The kernel programs' call chains fit the verifier's 512 bytes of stack,
 * counted the strictest way a kernel counts them: every function's frame
 * (global ones too, and bpf_loop callbacks) rounded up to 32 bytes, summed
 * along the deepest chain from each program. Kernels differ here (6.18.44
 * counts global functions into their callers' chains, earlier ones did
 * not), so the check is made on the object, not left to the kernel at hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const OBJECT = 'build/sysray.bpf.o';
const MAX_STACK = 512;

interface Fn {
  name: string;
  section: string;
  start: number;
  stack: number;
  calls: Set<string>;
  /** .text byte offsets loaded as callbacks (bpf_loop). */
  callbacks: number[];
}

function functionsOf(disassembly: string): Fn[] {
  const fns: Fn[] = [];
  let section = '';
  let fn: Fn | undefined;
  let lastImm: number | undefined;
  for (const line of disassembly.split('\n')) {
    const sec = /^Disassembly of section (\S+):/.exec(line);
    if (sec) {
      section = sec[1];
      continue;
    }
    const head = /^([0-9a-f]{16}) <([^>]+)>:/.exec(line);
    if (head && !head[2].startsWith('LBB')) {
      fn = { name: head[2], section, start: parseInt(head[1], 16), stack: 0, calls: new Set(), callbacks: [] };
      fns.push(fn);
      continue;
    }
    if (!fn) continue;
    const reloc = /R_BPF_64_(32|64)\s+(\S+)/.exec(line);
    if (reloc) {
      if (reloc[1] === '32') fn.calls.add(reloc[2]);
      else if (reloc[2] === '.text' && lastImm !== undefined) fn.callbacks.push(lastImm);
      continue;
    }
    for (const m of line.matchAll(/r10 - (0x[0-9a-f]+|\d+)\b/g)) fn.stack = Math.max(fn.stack, Number(m[1]));
    const imm = /= (\d+) ll$/.exec(line);
    lastImm = imm ? Number(imm[1]) : undefined;
  }
  return fns;
}

test('every program\'s deepest call chain fits 512 bytes of stack, global functions and callbacks counted', (t) => {
  if (!existsSync(OBJECT)) return t.skip(`${OBJECT} is not built (make)`);
  const fns = functionsOf(execFileSync('llvm-objdump', ['-dr', '--no-show-raw-insn', OBJECT], { encoding: 'utf8', maxBuffer: 256 << 20 }));
  const byName = new Map(fns.map((f) => [f.name, f]));
  const text = fns.filter((f) => f.section === '.text').sort((a, b) => a.start - b.start);
  const atOffset = (off: number): Fn | undefined => text.findLast((f) => f.start <= off);
  assert.ok(byName.has('handle_enter') && byName.has('scope_fails_range'), 'the disassembly names the functions');
  // the verifier's frame: at least one slot, rounded up to 32
  const frame = (f: Fn): number => Math.ceil(Math.max(f.stack, 1) / 32) * 32;
  const deepest = (f: Fn, seen: readonly string[]): { bytes: number; chain: string[] } => {
    let best = { bytes: 0, chain: [] as string[] };
    const next = [...f.calls].map((c) => byName.get(c)).concat(f.callbacks.map(atOffset));
    for (const callee of next) {
      if (!callee || seen.includes(callee.name)) continue;
      const d = deepest(callee, [...seen, callee.name]);
      if (d.bytes > best.bytes) best = d;
    }
    return { bytes: frame(f) + best.bytes, chain: [f.name, ...best.chain] };
  };
  const programs = fns.filter((f) => f.section !== '.text');
  assert.ok(programs.length >= 8, `${programs.length} programs`);
  for (const p of programs) {
    const d = deepest(p, [p.name]);
    assert.ok(d.bytes <= MAX_STACK, `${p.name}: ${d.bytes} bytes along ${d.chain.map((n) => `${n} (${byName.get(n)!.stack})`).join(' → ')}`);
  }
  // the check reads chains: handle_enter's reaches the path walk
  const enter = deepest(byName.get('sys_enter')!, ['sys_enter']);
  assert.ok(enter.chain.length >= 5, enter.chain.join(' → '));
});
