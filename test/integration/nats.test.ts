/**
 * -o nats through an outage: the tracer publishes a known workload while
 * the nats-server is killed (SIGKILL) and started again 2 s later on the
 * same port and store. The stream then holds every event exactly once:
 * the same lines as the run's own -o json file, none missing, none twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTrigger, run, traceDuring } from '../helpers/trace.js';
import { renamedProgram } from '../helpers/renamed-program.js';
import { readStream, startNatsServer } from '../helpers/nats-server.js';

const RUNS = 12;
const CALLS = 5000;

test('-o nats: a server killed and restarted mid-run; the stream holds every event exactly once', async () => {
  const server = await startNatsServer();
  const load = renamedProgram(compileTrigger('paced_storm'), 'natsload', 'nats');
  try {
    const r = await traceDuring(['-e', 'getppid', '-s', 'comm=natsload', '--node-name', 'node1', '-o', `nats:${server.url}/sysray`], async () => {
      let killedAt = 0;
      for (let i = 0; i < RUNS; i++) {
        // runs 0-3 with the server up, 4-7 while it is down (2 s at least), 8-11 after it is back
        const running = run(load, [String(CALLS)]);
        if (i === 4) {
          // while that run's events are being published: some acks are lost, their messages sent again
          await new Promise((resolve) => setTimeout(resolve, 3));
          await server.kill();
          killedAt = Date.now();
        }
        const out = await running;
        assert.equal(out.stdout, `calls=${CALLS}\n`);
        if (i === 7) {
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, killedAt + 2000 - Date.now())));
          await server.start();
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    });
    assert.equal(r.exitCode, 0, r.stderr);
    assert.equal(r.lost, 0, r.stderr);
    assert.equal(r.events.length, RUNS * CALLS, r.stderr);
    const stop = /nats (\S+): (\d+) delivered, (\d+) undelivered, (\d+) dropped/.exec(r.stderr);
    assert.ok(stop, r.stderr);
    assert.deepEqual(stop.slice(1), ['nats://127.0.0.1:' + server.port + '/sysray', String(RUNS * CALLS), '0', '0'], r.stderr);

    assert.equal(await server.streamMessages('SYSRAY'), RUNS * CALLS);
    const messages = await readStream(server, 'SYSRAY');
    assert.equal(messages.length, RUNS * CALLS);
    assert.ok(messages.every((m) => m.subject === 'sysray.node1.getppid'));
    assert.equal(new Set(messages.map((m) => m.id)).size, RUNS * CALLS, 'every message id once');
    // the same lines as -o json wrote (order may differ where resends went after newer events)
    const fileLines = r.events.map((e) => JSON.stringify(e)).sort();
    const streamLines = messages.map((m) => JSON.stringify(JSON.parse(m.data.replace(/([:\[,])(-?\d{16,})(?=[,}\]])/g, '$1"$2"')))).sort();
    assert.deepEqual(streamLines, fileLines);
  } finally {
    await server.stop();
  }
});
