/**
 * A fleet on JetStream: three agents (--node-name a, b, c) publish to one
 * nats-server, which is stopped for 2 s mid-run and started again; then
 * `sysray analyze` reads the stream and gets every event of every agent
 * exactly once (the same lines as each agent's own -o json file), and the
 * signature the workload triggers (anti_debugging, PTRACE_TRACEME) fires
 * once. The agents share this host, so each is scoped to its own comms.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileTrigger, parseJsonLines, run, SYSRAY, traceDuring, type TraceResult } from '../helpers/trace.js';
import { renamedProgram } from '../helpers/renamed-program.js';
import { startNatsServer } from '../helpers/nats-server.js';

const NODES = ['a', 'b', 'c'] as const;
const ROUNDS = 6;
const CALLS = 2000;

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('fleet: three agents through a server outage; analyze reads every event once and finds the one anti_debugging', async () => {
  const server = await startNatsServer();
  const storm = compileTrigger('paced_storm');
  const load = Object.fromEntries(NODES.map((n) => [n, renamedProgram(storm, `fleet_${n}`, 'nats-fleet')]));
  const ptrace = renamedProgram(compileTrigger('ptrace_trigger'), 'fleetpt_a', 'nats-fleet');
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-fleet-'));
  const url = `${server.url}/fleet`;
  try {
    const ready = NODES.map(() => deferred());
    const done = deferred();
    const agents: Promise<TraceResult>[] = NODES.map((n, i) =>
      traceDuring(['-e', 'getppid,ptrace', '-s', `comm=fleet_${n},fleetpt_${n}`, '--node-name', n, '-o', `nats:${url}`], async () => {
        ready[i].resolve();
        await done.promise;
      }),
    );
    await Promise.all(ready.map((r) => r.promise));
    try {
      for (let round = 0; round < ROUNDS; round++) {
        if (round === 2) await server.kill();
        await Promise.all(NODES.map(async (n) => assert.equal((await run(load[n], [String(CALLS)])).stdout, `calls=${CALLS}\n`)));
        if (round === 1) assert.equal((await run(ptrace, ['traceme'])).code, 0);
        if (round === 3) {
          // down for 2 s in all (rounds 2 and 3 ran meanwhile)
          await new Promise((resolve) => setTimeout(resolve, 2000));
          await server.start();
        }
      }
    } finally {
      done.resolve();
    }
    const results = await Promise.all(agents);
    for (const [i, r] of results.entries()) {
      assert.equal(r.exitCode, 0, r.stderr);
      assert.equal(r.lost, 0, r.stderr);
      assert.equal(r.events.filter((e) => e.eventName === 'getppid').length, ROUNDS * CALLS, `agent ${NODES[i]}`);
      assert.match(r.stderr, new RegExp(`nats \\S+: ${r.events.length} delivered, 0 undelivered, 0 dropped`), r.stderr);
    }
    assert.ok(results[0].events.some((e) => e.eventName === 'ptrace'), 'agent a saw the PTRACE_TRACEME');

    const out = path.join(dir, 'analyzed.jsonl');
    const analyzed = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [SYSRAY, 'analyze', url, '--until-idle', '2000', '-e', 'getppid,ptrace,anti_debugging', '-o', `json:${out}`], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      child.once('exit', (code) => resolve({ code, stderr }));
    });
    assert.equal(analyzed.code, 0, analyzed.stderr);
    const total = results.reduce((a, r) => a + r.events.length, 0);
    assert.match(analyzed.stderr, new RegExp(`analyze: ${total} events read, ${total + 1} written, 1 findings in `), analyzed.stderr);
    const lines = parseJsonLines(readFileSync(out, 'utf8'));
    const findings = lines.filter((e) => e.metadata !== undefined);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].eventName, 'anti_debugging');
    assert.equal(findings[0].processName, 'fleetpt_a');
    const agentLines = results.flatMap((r) => r.events).map((e) => JSON.stringify(e)).sort();
    const analyzedLines = lines.filter((e) => e.metadata === undefined).map((e) => JSON.stringify(e)).sort();
    assert.equal(analyzedLines.length, agentLines.length);
    assert.deepEqual(analyzedLines, agentLines, 'every event of every agent, once, as the agent wrote it');
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
