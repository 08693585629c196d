/**
 * toctou_race (SYSRAY-13) on the real kernel: test/triggers/toctou_sig.c
 * does the phantom attack for real (an argument across two userfaultfd
 * pages: the kernel copies the malicious image, user memory turns benign
 * before the call returns) on open and on perf_event_open: one finding per
 * call, with both values; test/triggers/sock_race.c the same on connect.
 * Benign twins: the same calls from ordinary
 * memory, and an open whose path was not yet faulted in (unreadable at
 * entry, the same afterwards): none.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, keyValues, run, traceDuring, type JsonEvent } from '../../../test/helpers/trace.js';
import { BUILTIN_SIGNATURES } from './index.js';
import { toctouRace } from './toctou-race.js';

const EVENT_ID = 6000 + BUILTIN_SIGNATURES.indexOf(toctouRace);
const PERF_COUNT_SW_PAGE_FAULTS = 2, PERF_COUNT_SW_DUMMY = 9;

async function traceRuns(runs: string[][], allowRaced: boolean) {
  const bin = compileTrigger('toctou_sig');
  const outs: { pid: number; kv: Record<string, string> }[] = [];
  const r = await traceDuring(['-e', 'toctou_race', '-s', 'comm=toctou_sig'], async () => {
    for (const args of runs) {
      const out = await run(bin, args);
      assert.equal(out.code, 0, out.stdout);
      outs.push({ pid: out.pid, kv: keyValues(out.stdout) });
    }
  }, { allowRaced });
  assert.equal(r.exitCode, 0, r.stderr);
  assert.equal(r.lost, 0, r.stderr);
  return { r, outs };
}

const findingArgs = (f: JsonEvent) => Object.fromEntries(f.args.filter((a: { name: string }) => a.name !== 'detectedFrom').map((a: { name: string; value: unknown }) => [a.name, a.value]));

test('phantom open and phantom perf_event_open: one finding each, with what was read and what the kernel used', async () => {
  const { r, outs } = await traceRuns([['phantom-open', '/etc/hostname', '/tmp/hostname'], ['phantom-perf']], true);
  for (const o of outs) assert.equal(o.kv.faults, '2', 'the handler served both pages: the phantom went as planned');
  const findings = r.events.filter((e) => e.eventName === 'toctou_race');
  assert.deepEqual(findings.map((f) => [f.eventId, f.hostProcessId]), [[EVENT_ID, outs[0].pid], [EVENT_ID, outs[1].pid]], JSON.stringify(findings));
  const host = statSync('/etc/hostname');
  const open = findings[0];
  assert.deepEqual(findingArgs(open), {
    argument: 'pathname', value: '/tmp/hostname', kernelValue: '/etc/hostname', technique: 'entry read failed',
  });
  const from = open.args.find((a: { name: string }) => a.name === 'detectedFrom').value;
  assert.equal(from.name, 'openat');
  assert.equal(from.args.find((a: { name: string }) => a.name === 'pathname').value, '/tmp/hostname');
  assert.ok(host.ino > 0);
  assert.equal(open.metadata.Properties.Severity, 3);
  assert.equal(open.metadata.Properties.external_id, 'T1562');

  const perf = findingArgs(findings[1]);
  assert.equal(perf.argument, 'attr');
  assert.equal(perf.technique, 'entry read failed');
  assert.equal((perf.value as { config: number }).config, PERF_COUNT_SW_DUMMY);
  assert.equal((perf.kernelValue as { config: number }).config, PERF_COUNT_SW_PAGE_FAULTS);
});

test('phantom connect: one finding, the port read and the port the socket is connected to', async () => {
  const bin = compileTrigger('sock_race');
  let out = { pid: 0, stdout: '', code: null as number | null };
  const r = await traceDuring(['-e', 'toctou_race', '-s', 'comm=sock_race'], async () => {
    out = await run(bin, ['phantom']);
  }, { allowRaced: true });
  assert.equal(out.code, 0, out.stdout);
  const kv = keyValues(out.stdout);
  assert.equal(kv.faults, '2');
  const findings = r.events.filter((e) => e.eventName === 'toctou_race');
  assert.equal(findings.length, 1, JSON.stringify(r.events));
  assert.deepEqual(findingArgs(findings[0]), {
    argument: 'addr',
    value: { sa_family: 'AF_INET', sin_port: Number(kv.b), sin_addr: '127.0.0.1' },
    kernelValue: { sa_family: 'AF_INET', sin_port: Number(kv.a), sin_addr: '127.0.0.1' },
    technique: 'entry read failed',
  });
});

test('benign twins: the same opens and perf_event_open from ordinary memory, and a path not yet faulted in: no finding', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-toctou-'));
  try {
    const file = path.join(dir, 'path');
    writeFileSync(file, '/etc/hostname\0');
    const { r, outs } = await traceRuns([['plain-open', '/etc/hostname'], ['unfaulted-open', file], ['plain-perf']], false);
    for (const o of outs) assert.notEqual(o.kv.fd, '-1', JSON.stringify(o.kv));
    assert.deepEqual(r.events.filter((e) => e.eventName === 'toctou_race'), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
