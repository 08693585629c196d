/**
 * The NATS sink against a real nats-server -js started here: subjects,
 * message ids, the stream it makes, dedup of a resend, and its options.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { startNatsServer, freePort, type NatsServer } from '../../test/helpers/nats-server.js';
import { traceEventFixture } from '../decode/trace-event.fixture.js';
import { NatsSink, messageIdPrefix, type NatsSinkStats } from './nats-sink.js';
import { parseNatsTarget, subjectToken } from './nats-target.js';
import { covers, DUPLICATE_WINDOW_MS } from './nats-stream.js';
import { UsageError } from '../cli/usage-error.js';

const line = (n: number): Buffer => Buffer.from(JSON.stringify({ n }));

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('nats target options', () => {
  it('reads prefix, stream, buffer, inflight, tls and credentials', () => {
    const t = parseNatsTarget(new URL('nats://alice:s3cret@10.0.0.1:4333/sysray/prod?stream=EV&buffer=1M&inflight=8&tls=true'));
    assert.deepEqual(
      { server: t.server, prefix: t.prefix, stream: t.stream, bufferBytes: t.bufferBytes, inflight: t.inflight, tls: t.tls, user: t.user, pass: t.pass },
      { server: '10.0.0.1:4333', prefix: 'sysray.prod', stream: 'EV', bufferBytes: 1 << 20, inflight: 8, tls: true, user: 'alice', pass: 's3cret' },
    );
    assert.ok(!t.name.includes('s3cret') && !t.name.includes('alice'), t.name);
    const d = parseNatsTarget(new URL('tls://h'));
    assert.deepEqual([d.server, d.prefix, d.stream, d.bufferBytes, d.inflight, d.tls], ['h:4222', 'sysray', 'SYSRAY', 64 << 20, 256, true]);
  });

  it('a bad option is one usage line naming it, without the password', () => {
    const bad = (q: string, pattern: RegExp) => {
      assert.throws(() => parseNatsTarget(new URL(`nats://u:topsecret@h:1/p?${q}`)), (err: Error) => {
        assert.ok(err instanceof UsageError, String(err));
        assert.match(err.message, pattern);
        assert.ok(!err.message.includes('topsecret') && !err.message.includes('\n'), err.message);
        return true;
      });
    };
    bad('colour=red', /unknown option "colour"; known options: stream=, creds=, tls=, buffer=, inflight=/);
    bad('stream=a.b', /stream="a.b" is not a stream name/);
    bad('buffer=lots', /buffer="lots" is not a size/);
    bad('buffer=10', /buffer="10" is not a size of 1K to 4G/);
    bad('inflight=0', /inflight="0" must be a whole number from 1 to 65536/);
    bad('tls=yes', /tls="yes": write tls=true or tls=false/);
    bad('creds=/nonexistent/x.creds', /cannot read creds file "\/nonexistent\/x.creds" \(ENOENT\)/);
  });

  it('subject tokens never hold separators or wildcards', () => {
    assert.equal(subjectToken('web1.example.com'), 'web1_example_com');
    assert.equal(subjectToken('a b*c>d'), 'a_b_c_d');
    assert.equal(subjectToken(''), '_');
  });

  it('a stream subject filter covers PREFIX.> only when it matches every subject under it', () => {
    assert.equal(covers('sysray.>', 'sysray.>'), true);
    assert.equal(covers('>', 'sysray.>'), true);
    assert.equal(covers('*.>', 'sysray.>'), true);
    assert.equal(covers('sysray.*', 'sysray.>'), false);
    assert.equal(covers('other.>', 'sysray.>'), false);
    assert.equal(covers('sysray', 'sysray.>'), false);
  });

  it('message ids: node, boot, start time; the same inputs give the same prefix', () => {
    assert.equal(messageIdPrefix('web 1', 'b00t', 1700000000123), 'web_1:b00t:1700000000123');
    assert.equal(messageIdPrefix('web1'), messageIdPrefix('web1'));
  });
});

describe('nats sink against nats-server -js', () => {
  let server: NatsServer;
  let nc: NatsConnection;
  const warnings: string[] = [];
  const env = (nodeName: string) => ({ nodeName, warn: (l: string) => warnings.push(l) });

  before(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: `127.0.0.1:${server.port}` });
  });
  after(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('makes the stream, publishes each event on PREFIX.node.event with a stable msg id, delivered once', async () => {
    const sink = new NatsSink(parseNatsTarget(new URL(`${server.url}/t1?stream=T1`)), env('web1.example'), { idPrefix: 'web1:boot:1' });
    assert.equal(sink.subjectOf('security_file_open'), 't1.web1_example.security_file_open');
    sink.push(line(1), traceEventFixture('openat'));
    sink.push(line(2), traceEventFixture('execve'));
    sink.push(line(3), traceEventFixture('openat'));
    await until('3 delivered', () => sink.stats().delivered === 3);
    await sink.close(2000);
    const st = sink.stats() as NatsSinkStats;
    assert.deepEqual([st.delivered, st.queued, st.duplicates, st.retries, st.dropped, st.state], [3, 0, 0, 0, {}, 'closed']);

    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info('T1');
    assert.deepEqual(info.config.subjects, ['t1.>']);
    assert.equal(info.config.storage, StorageType.File);
    assert.equal(info.config.duplicate_window, DUPLICATE_WINDOW_MS * 1e6);
    assert.equal(info.state.messages, 3);
    const got: [string, string, string][] = [];
    for (let seq = 1; seq <= 3; seq++) {
      const m = await jsm.streams.getMessage('T1', { seq });
      got.push([m.subject, m.header.get('Nats-Msg-Id'), m.string()]);
    }
    assert.deepEqual(got, [
      ['t1.web1_example.openat', 'web1:boot:1:1', '{"n":1}'],
      ['t1.web1_example.execve', 'web1:boot:1:2', '{"n":2}'],
      ['t1.web1_example.openat', 'web1:boot:1:3', '{"n":3}'],
    ]);
  });

  it('a resend with the same ids (a run whose acks were lost) is answered duplicate and stored once', async () => {
    const first = new NatsSink(parseNatsTarget(new URL(`${server.url}/t2?stream=T2`)), env('n'), { idPrefix: 'n:boot:7' });
    for (let i = 1; i <= 4; i++) first.push(line(i), traceEventFixture('openat'));
    await first.close(5000);
    // the same ids again, as a sink that never saw the acks would send them
    const again = new NatsSink(parseNatsTarget(new URL(`${server.url}/t2?stream=T2`)), env('n'), { idPrefix: 'n:boot:7' });
    for (let i = 1; i <= 4; i++) again.push(line(i), traceEventFixture('openat'));
    again.push(line(5), traceEventFixture('openat'));
    await again.close(5000);
    const st = again.stats() as NatsSinkStats;
    assert.deepEqual([first.stats().delivered, st.delivered, st.duplicates], [4, 5, 4]);
    assert.equal((await (await jetstreamManager(nc)).streams.info('T2')).state.messages, 5);
  });

  it('uses an existing stream, and warns once when its subjects do not cover the prefix', async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'T3', subjects: ['elsewhere.>'], storage: StorageType.Memory });
    warnings.length = 0;
    const sink = new NatsSink(parseNatsTarget(new URL(`${server.url}/t3?stream=T3&inflight=2`)), env('n'), { idPrefix: 'x' });
    sink.push(line(1), traceEventFixture('openat'));
    await until('the warning', () => warnings.length > 0);
    await sink.close(300);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0], /stream T3 exists with subjects elsewhere\.>, which do not cover t3\.>: events are not stored/);
    const st = sink.stats();
    assert.deepEqual([st.delivered, st.dropped], [0, { stopped: 1 }]);
    assert.equal((await jsm.streams.info('T3')).state.messages, 0);
  });

  it('a server unreachable at start is one warning; events wait in the queue and go out once it is there', async () => {
    const port = await freePort();
    warnings.length = 0;
    const sink = new NatsSink(parseNatsTarget(new URL(`nats://user:pw-never-logged@127.0.0.1:${port}/late?stream=LATE`)), env('n'), { idPrefix: 'late' });
    for (let i = 1; i <= 5; i++) sink.push(line(i), traceEventFixture('openat'));
    await until('the warning', () => warnings.length > 0);
    assert.equal(sink.stats().state, 'down');
    assert.equal(sink.stats().queued, 5);
    assert.match(warnings[0], /^-o nats nats:\/\/\*\*\*:\*\*\*@127\.0\.0\.1:\d+\/late\?stream=LATE: cannot connect/);
    assert.ok(!warnings.join().includes('pw-never-logged'));
    await sink.close(200);
    assert.deepEqual([sink.stats().delivered, sink.stats().queued, sink.stats().dropped], [0, 0, { stopped: 5 }]);
  });

  it('a full queue drops the oldest, counted queue_full', async () => {
    const port = await freePort();
    const sink = new NatsSink(parseNatsTarget(new URL(`nats://127.0.0.1:${port}/full?buffer=1K`)), env('n'), { idPrefix: 'f' });
    const big = Buffer.alloc(300, 0x61);
    for (let i = 0; i < 10; i++) sink.push(big, traceEventFixture('openat'));
    const st = sink.stats();
    assert.deepEqual([st.queued, st.dropped], [3, { queue_full: 7 }]);
    await sink.close(0);
    assert.deepEqual(sink.stats().dropped, { queue_full: 7, stopped: 3 });
  });

  it('JetStream publish of the same id by hand is a duplicate too (the server keeps ids across publishers)', async () => {
    const js = jetstream(nc);
    const a = await js.publish('t2.n.openat', line(1), { msgID: 'n:boot:7:1' });
    assert.equal(a.duplicate, true);
  });
});

// a creds file that does exist is read at start
it('creds= reads the file once at start', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sysray-creds-'));
  const file = path.join(dir, 'x.creds');
  writeFileSync(file, 'not really creds');
  assert.equal(Buffer.from(parseNatsTarget(new URL(`nats://h/p?creds=${file}`)).creds!).toString(), 'not really creds');
});
