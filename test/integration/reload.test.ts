/**
 * SIGHUP reloads the policy files while a process storms: the new set takes
 * effect at once, every event is written exactly once and judged by the set
 * that was in force when the kernel matched it, nothing is lost, and a
 * broken file leaves the previous set in force.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, run, traceDuring } from '../helpers/trace.js';

const CALLS = 200_000;

function policy(name: string, comm: string): string {
  return `apiVersion: tracee.aquasec.com/v1beta1
kind: Policy
metadata:
  name: ${name}
  annotations:
    description: reload test
spec:
  scope:
    - comm=${comm}
  rules:
    - event: getppid
`;
}

test('SIGHUP under load: the switch is atomic, no event lost or doubled, a broken file keeps the old set', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-reload-'));
  const storm = path.join(dir, 'sysray-reload');
  copyFileSync(compileTrigger('paced_storm'), storm);
  const policies = path.join(dir, 'policies');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(policies);
  writeFileSync(path.join(policies, 'one.yaml'), policy('one', 'sysray-reload'));
  let pid = 0;
  try {
    const r = await traceDuring(['-p', policies], async (tracer) => {
      const storming = run(storm, [String(CALLS)]);
      await new Promise((resolve) => setTimeout(resolve, 150));
      // a broken file: reported, and "one" stays in force
      writeFileSync(path.join(policies, 'broken.yaml'), 'type: policy\nname: broken\nscope: [global]\nrules:\n  - event: getppidd\n');
      tracer.process.kill('SIGHUP');
      await tracer.waitFor(/reload failed, the previous policies stay: .*broken\.yaml:5:\d+: .*getppidd/);
      await new Promise((resolve) => setTimeout(resolve, 150));
      unlinkSync(path.join(policies, 'broken.yaml'));
      unlinkSync(path.join(policies, 'one.yaml'));
      writeFileSync(path.join(policies, 'two.yaml'), policy('two', 'sysray-reload'));
      tracer.process.kill('SIGHUP');
      await tracer.waitFor(/reloaded: tracing getppid for 1 policy/);
      const out = await storming;
      pid = out.pid;
      assert.equal(out.stdout, `calls=${CALLS}\n`);
    });
    assert.equal(r.lost, 0, r.stderr);
    const evs = r.events.filter((e) => e.hostProcessId === pid);
    assert.equal(evs.length, CALLS, 'every call written exactly once');
    evs.sort((a, b) => (BigInt(a.timestamp) < BigInt(b.timestamp) ? -1 : 1));
    const names = evs.map((e) => JSON.stringify(e.matchedPolicies));
    const firstTwo = names.indexOf('["two"]');
    assert.ok(firstTwo > 0, 'events before the reload matched "one"');
    assert.ok(firstTwo < evs.length - 1, 'events after the reload matched "two"');
    assert.ok(names.slice(0, firstTwo).every((n) => n === '["one"]'), 'only "one" before the switch');
    assert.ok(names.slice(firstTwo).every((n) => n === '["two"]'), 'only "two" after it: no event judged by half a set');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
