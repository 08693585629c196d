import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventByName } from '../events/catalog.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import type { FdDescription } from '../process/fd-description.js';
import { MemoryRegions } from './memory-regions.js';
import { memProtAlert } from './mem-prot-alert.js';

const R = 1, W = 2, X = 4, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20, MAP_FIXED = 0x10;
const A = 0x7f0000000000;

function call(name: string, values: number[], returnValue = 0, fd?: FdDescription): TraceEvent {
  const args: DecodedArg[] = eventByName(name)!.args.map((spec, i) => ({ spec, value: values[i] ?? 0, raw: values[i] ?? 0, ...(fd && i === 4 ? { fd } : {}) }));
  return traceEventFixture(name, { args, returnValue });
}
const mmap = (prot: number, flags = MAP_PRIVATE | MAP_ANONYMOUS, at = A, fd?: FdDescription) => call('mmap', [0, 8192, prot, flags, fd ? 3 : -1, 0], at, fd);
const mprotect = (prot: number, at = A, len = 4096) => call('mprotect', [at, len, prot]);
/** [alert, prot, prev_prot, pathname] of what `e` makes. */
const alert = (m: MemoryRegions, e: TraceEvent) => {
  const v = memProtAlert(m, e);
  return v && [v[0], v[3], v[4], v[5]];
};

test("Tracee's four alerts, each judged against what was seen before", () => {
  const m = new MemoryRegions();
  assert.deepEqual(alert(m, mmap(R | W | X)), [1, R | W | X, 0, '']);
  assert.equal(alert(m, mmap(R | W, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)), undefined, 'replaced by a RW mapping');
  assert.deepEqual(alert(m, mprotect(R | X)), [4, R | X, R | W, ''], 'W to X');
  assert.deepEqual(alert(m, mprotect(R | W | X)), [3, R | W | X, R | X, ''], 'X to W+X');
  assert.equal(alert(m, mprotect(R | W | X)), undefined, 'already W+X');
  assert.deepEqual(alert(m, mprotect(R | X, A + 4096)), [4, R | X, R | W, ''], 'the second page, still RW: split from the first');
  assert.deepEqual(alert(m, mprotect(R | X, A + 0x100000)), [2, R | X, 0, ''], 'a region never seen: added X');
  assert.equal(alert(m, mprotect(R, A + 0x100000)), undefined);
  assert.deepEqual(alert(m, mprotect(R | X, A + 0x100000)), [2, R | X, 0, ''], 'made read-only, forgotten: X added again');
});

test('failed calls change nothing; munmap and exec-like forget do', () => {
  const m = new MemoryRegions();
  assert.equal(alert(m, mmap(R | W, undefined, -12)), undefined);
  assert.equal(m.size, 0);
  alert(m, mmap(R | W));
  assert.equal(alert(m, call('mprotect', [A, 4096, R | X], -13)), undefined, 'EACCES');
  alert(m, call('munmap', [A, 8192]));
  assert.deepEqual(alert(m, mprotect(R | X)), [2, R | X, 0, ''], 'unmapped: no W to remove');
});

test('a file mapping keeps its path through mprotect; mremap moves it', () => {
  const m = new MemoryRegions();
  const file: FdDescription = { kind: 'file', path: '/nonexistent/lib.so' };
  assert.equal(alert(m, mmap(R | W, MAP_PRIVATE, A, file)), undefined);
  alert(m, call('mremap', [A, 8192, 8192, 1, 0], A + 0x200000));
  assert.deepEqual(alert(m, mprotect(R | X)), [2, R | X, 0, ''], 'nothing kept at the old place: X added to the unknown');
  assert.deepEqual(alert(m, mprotect(R | X, A + 0x200000)), [4, R | X, R | W, '/nonexistent/lib.so']);
  const v = memProtAlert(m, mprotect(R | W | X, A + 0x200000))!;
  assert.deepEqual(v.slice(6), [0n, 0n, 0n], 'dev, inode, ctime: 0 when the file is not there');
});
