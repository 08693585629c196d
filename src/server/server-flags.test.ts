import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatAddress, parseHttpAddress, parseServerFlags } from './server-flags.js';
import { UsageError } from '../cli/usage-error.js';

function usageError(values: string[], pattern: RegExp): void {
  assert.throws(() => parseServerFlags(values), (e: Error) => e instanceof UsageError && pattern.test(e.message) && !e.message.includes('\n'), `${values}`);
}

test('no --server: no server', () => {
  assert.equal(parseServerFlags([]), undefined);
});

test('endpoints alone are served on 127.0.0.1:3366, loopback only', () => {
  assert.deepEqual(parseServerFlags(['metrics', 'healthz']), { host: '127.0.0.1', port: 3366, healthz: true, metrics: true, pprof: false });
  assert.deepEqual(parseServerFlags(['pprof']), { host: '127.0.0.1', port: 3366, healthz: false, metrics: false, pprof: true });
});

test('http-address: host:port, [v6]:port, :port (loopback), 0.0.0.0 when asked', () => {
  assert.deepEqual(parseServerFlags(['http-address=127.0.0.1:8080', 'metrics']), { host: '127.0.0.1', port: 8080, healthz: false, metrics: true, pprof: false });
  assert.deepEqual(parseHttpAddress('[::1]:3366'), { host: '::1', port: 3366 });
  assert.deepEqual(parseHttpAddress(':3366'), { host: '127.0.0.1', port: 3366 });
  assert.deepEqual(parseHttpAddress('0.0.0.0:3366'), { host: '0.0.0.0', port: 3366 });
  assert.deepEqual(parseHttpAddress('localhost:0'), { host: 'localhost', port: 0 });
  assert.equal(formatAddress('::1', 3366), '[::1]:3366');
  assert.equal(formatAddress('127.0.0.1', 3366), '127.0.0.1:3366');
});

test('bad values: one line naming the value and what to write', () => {
  usageError(['metrix'], /--server metrix: unknown; use http-address=HOST:PORT, healthz, metrics or pprof/);
  usageError(['metrics=true'], /--server metrics=true: metrics takes no value/);
  usageError(['http-address=3366'], /http-address=3366: expected HOST:PORT/);
  usageError(['http-address=127.0.0.1:70000'], /port "70000" must be a number from 0 to 65535/);
  usageError(['http-address=127.0.0.1:http'], /port "http" must be a number/);
  usageError(['http-address=::1:3366'], /IPv6 address goes in brackets/);
  usageError(['http-address=[nothost]:3366'], /"nothost" in brackets is not an IPv6 address/);
  usageError(['http-address=bad host:1'], /"bad host" is not an IP address or host name/);
  usageError(['http-address=:1', 'http-address=:2'], /http-address given twice/);
  usageError(['grpc-address=tcp:4466'], /sysray has no gRPC server/);
});
