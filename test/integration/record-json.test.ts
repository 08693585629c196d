/**
 * Lines written straight from records (src/output/record-json.ts, in JS and
 * by the C writer native/record_json.c) are the JSON printer's lines of the
 * decoded events, byte for byte. The records are recorded from the real
 * kernel (`sysray record`): every argument shape (test/triggers/json_shapes.c)
 * and real programs; then each recording is replayed through three
 * pipelines, decoded and printed, written from records by JS, and by C.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, run } from '../helpers/trace.js';
import { renamedProgram } from '../helpers/renamed-program.js';
import { recordDuring } from '../helpers/record.js';
import { RecordingReader } from '../../src/record/recording-reader.js';
import { ChunkKind } from '../../src/record/recording-format.js';
import { EventPipeline, type PipelineCounters } from '../../src/tracer/event-pipeline.js';
import { policyFromFlags } from '../../src/policy/policy-set.js';
import { compileKernelConfig } from '../../src/policy/kernel-config.js';
import { JsonPrinter } from '../../src/output/json-printer.js';
import { OutputStream } from '../../src/output/output-stream.js';
import { SIGNATURES } from '../../src/detect/signature-registry.js';
import { registerBuiltinSignatures } from '../../src/detect/load-signatures.js';

const SCOPE = ['comm=json_shapes,json_shapes_2,rjsh,ls,cat,sort'];

function batchesOf(file: string): { b: Buffer; ring: number }[] {
  const reader = new RecordingReader({ onProblem: (line) => assert.fail(line) });
  reader.open(file);
  const out: { b: Buffer; ring: number }[] = [];
  for (const c of reader.chunks()) {
    if (c.kind === ChunkKind.recordsBulk || c.kind === ChunkKind.recordsSecurity) out.push({ b: Buffer.from(c.payload), ring: c.kind === ChunkKind.recordsSecurity ? 1 : 0 });
  }
  reader.close();
  return out;
}

/**
 * The recording's lines: decoded and printed ('printer'), or written from
 * records by JS or C. `inOrder`: all at once, in time order, as the tracer
 * works a poll that took batches of both rings (EventPipeline.pushInOrder).
 */
function replay(batches: readonly { b: Buffer; ring: number }[], how: 'printer' | 'js' | 'native', parseArguments: boolean, dir: string, inOrder = false): { text: string; counters: PipelineCounters } {
  const file = path.join(dir, `${how}-${parseArguments}-${inOrder}.json`);
  const policies = [policyFromFlags(SCOPE, ['syscalls'])];
  const kc = compileKernelConfig(policies, { slot: 0, generation: 1, startNs: 0n, trackFds: false });
  const out = new OutputStream(file);
  const printer = new JsonPrinter(out, { parseArguments, parseArgumentsFds: false });
  // every signature registered, as the live tracer has them, and none selected: they must not keep openat or write from the writers
  if (SIGNATURES.all.length === 0) registerBuiltinSignatures(SIGNATURES);
  const detection = { registry: SIGNATURES, selfPid: -1, parentPid: -1, warn: (line: string) => assert.fail(line) };
  const pipeline = new EventPipeline({ clockOffset: 1_764_000_000_123_456_789n, symbolic: parseArguments, trackFds: false, containerCgroupMount: '', detection }, (e) => printer.print(e));
  pipeline.addPolicies(1, policies, kc);
  if (how !== 'printer') pipeline.printRecordsWith(printer, how === 'native');
  if (inOrder) pipeline.pushInOrder(batches.map(({ b, ring }) => ({ batch: b, ring })));
  else for (const { b, ring } of batches) pipeline.push(b, ring);
  out.close();
  return { text: readFileSync(file, 'utf8'), counters: pipeline.counters };
}

test('lines written from records are the printer\'s, byte for byte, for every argument shape and real programs', async () => {
  const shapes = compileTrigger('json_shapes');
  const sh = renamedProgram('/bin/sh', 'rjsh', 'record-json');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-record-json-'));
  try {
    const file = path.join(dir, 'shapes.rec');
    const rec = await recordDuring(['-w', file, '-e', 'syscalls', '-s', SCOPE[0]], async () => {
      const a = await run(shapes, ['3', 'parallel']);
      assert.equal(a.code, 0, a.stdout);
      const b = await run(sh, ['-c', 'ls -la /usr/lib /nonexistent >/dev/null 2>&1; cat /etc/os-release /etc/hostname | sort >/dev/null']);
      assert.equal(b.code, 0, b.stdout);
    });
    assert.equal(rec.exitCode, 0, rec.stderr);
    assert.equal(rec.lost, 0, rec.stderr);
    const batches = batchesOf(file);

    const printed = replay(batches, 'printer', false, dir);
    const js = replay(batches, 'js', false, dir);
    const native = replay(batches, 'native', false, dir);
    const lines = printed.text.split('\n').length - 1;
    assert.ok(lines > 1000, `${lines} lines`);
    // the shapes are there, so the comparison covers them
    for (const shape of ['"unreadable":"null"', '"unreadable":"fault"', '\\u0001', 'été', '\\\\x', '\\"such\\"', 'back\\\\slash', '"returnValue":-9,', '"eventName":"rmdir"', '"processName":"json_shapes_2"', '"processName":"ls"']) {
      assert.ok(printed.text.includes(shape), `the printer wrote ${shape}`);
    }
    // neither writer passes by doing nothing
    assert.equal(printed.counters.fromRecords.js + printed.counters.fromRecords.native, 0);
    assert.ok(js.counters.fromRecords.js > lines / 2, `JS wrote ${js.counters.fromRecords.js} of ${lines} from records`);
    assert.equal(js.counters.fromRecords.native, 0);
    // most lines are of the parallel threads, whose entries wait in the ring
    // for their events while others' records pass, and one thread's entry
    // waits the whole time: the C writer takes them all the same
    const parallelLines = printed.text.split('\n').filter((l) => l.includes('"processName":"json_shapes_2"')).length;
    assert.ok(parallelLines > 32_000, `${parallelLines} lines of the parallel threads`);
    assert.ok(native.counters.fromRecords.native > lines * 0.9, `C wrote ${native.counters.fromRecords.native} of ${lines}`);
    assert.equal(js.text, printed.text, 'JS from records = the printer');
    assert.equal(native.text, printed.text, 'C from records = the printer');
    assert.equal(native.counters.written, printed.counters.written);
    assert.equal(native.counters.decoder.events, printed.counters.decoder.events);
    assert.equal(native.counters.decoder.orphanEntries, printed.counters.decoder.orphanEntries);

    // batches of both rings worked together, in time order: the bulk records are still the C writer's
    const printedInOrder = replay(batches, 'printer', false, dir, true);
    const nativeInOrder = replay(batches, 'native', false, dir, true);
    const execAt = (text: string): number => text.split('\n').findIndex((l) => l.includes('"eventName":"execve"'));
    assert.ok(execAt(printedInOrder.text) < execAt(printed.text), 'the first execve (security ring) goes before the bulk records after it');
    assert.ok(nativeInOrder.counters.fromRecords.native > lines * 0.9, `C wrote ${nativeInOrder.counters.fromRecords.native} of ${lines} in time order`);
    assert.equal(nativeInOrder.text, printedInOrder.text, 'C from records = the printer, in time order');
    assert.notEqual(printedInOrder.text, printed.text, 'the security events moved to their time');

    // with parse-arguments (flag names, errno names) JS writes from records alone
    const printedNamed = replay(batches, 'printer', true, dir);
    const jsNamed = replay(batches, 'js', true, dir);
    const nativeNamed = replay(batches, 'native', true, dir);
    assert.ok(printedNamed.text.includes('"returnValueName":"EBADF"'));
    assert.ok(jsNamed.counters.fromRecords.js > lines / 2);
    assert.equal(nativeNamed.counters.fromRecords.native, 0);
    assert.equal(jsNamed.text, printedNamed.text);
    assert.equal(nativeNamed.text, printedNamed.text);
  } finally {
    if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true });
  }
});
