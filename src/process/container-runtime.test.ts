import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import http2 from 'node:http2';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContainerRuntimes, encodeProto, type ContainerInfo } from './container-runtime.js';

const hex = (c: string): string => c.repeat(64);
const WEB = hex('a'); // docker knows it
const HANG = hex('b'); // docker never answers
const GARBLED = hex('c'); // docker answers 200 with no JSON
const NERD = hex('d'); // containerd, namespace default (nerdctl)
const POD = hex('e'); // containerd, namespace k8s.io (CRI)
const MOBY = hex('f'); // containerd namespace moby: a docker container
const BROKEN = hex('1'); // containerd answers a truncated message
const CRIO = hex('2');
const NOBODY = hex('9');

const dir = mkdtempSync(path.join(tmpdir(), 'sysray-rt-'));
const sock = (name: string): string => path.join(dir, name);
const missing = sock('missing.sock');

// --- fake docker / podman / cri-o: HTTP/1.1 on unix sockets ----------------

const httpRequests: string[] = [];
function dockerApi(req: http.IncomingMessage, res: http.ServerResponse): void {
  httpRequests.push(req.url ?? '');
  const reply = (status: number, body: string): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  };
  if (req.method !== 'GET') return reply(405, '{}');
  if (req.url === `/containers/${WEB}/json`) {
    return reply(
      200,
      JSON.stringify({
        Id: WEB,
        Created: '2024-05-01T10:20:30.123456789Z',
        Name: '/web-1',
        Image: 'sha256:' + hex('7'),
        Config: { Image: 'nginx:1.25', Env: ['A=1'] },
        State: { Running: true },
      }),
    );
  }
  if (req.url === `/containers/${MOBY}/json`) {
    return reply(200, JSON.stringify({ Name: '/from-docker', Created: '2024-05-01T12:20:30+02:00', Image: 'sha256:' + hex('8'), Config: { Image: 'redis' } }));
  }
  if (req.url === `/containers/${HANG}/json`) return; // never answers
  if (req.url === `/containers/${GARBLED}/json`) return reply(200, '<html>not json');
  if (req.url === `/containers/${CRIO}`) {
    // cri-o's inspect endpoint; created_time is beyond 2^53
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(
      `{"name":"k8s_app_mypod_default_uid_0","pid":42,"image":"quay.io/org/app:v2","image_ref":"${hex('3')}",` +
        `"created_time":1714558830123456789,"labels":{"io.kubernetes.container.name":"app","io.kubernetes.pod.name":"mypod"},"sandbox":"${hex('4')}"}`,
    );
  }
  reply(404, JSON.stringify({ message: `No such container: ${req.url}` }));
}

// --- fake containerd: gRPC on HTTP/2 on a unix socket ----------------------

const grpcCalls: string[] = []; // "namespace path"
const grpcProblems: string[] = [];

function containerMessage(id: string, labels: Record<string, string>, image: string): Buffer {
  const unknownFixed = Buffer.from([(15 << 3) | 1, 1, 2, 3, 4, 5, 6, 7, 8, (14 << 3) | 5, 9, 9, 9, 9]);
  return Buffer.concat([
    encodeProto([
      [1, id],
      ...Object.entries(labels).map(([k, v]): [number, Buffer] => [
        2,
        encodeProto([
          [1, k],
          [2, v],
        ]),
      ]),
      [3, image],
      [4, encodeProto([[1, 'io.containerd.runc.v2']])], // runtime
      [5, encodeProto([[1, 'types.containerd.io/opencontainers/runtime-spec/1/Spec'], [2, '{"ociVersion":"1.1.0"}']])],
      [6, 'overlayfs'],
      [7, id],
      [8, encodeProto([[1, 1_700_000_000n], [2, 5]])], // created_at
      [9, encodeProto([[1, 1_700_000_100n]])], // updated_at
      [42, 7], // a field from the future
    ]),
    unknownFixed,
    encodeProto([[11, hex('5')]]), // sandbox
  ]);
}

const CONTAINERS: Record<string, Record<string, Buffer>> = {
  default: { [NERD]: containerMessage(NERD, { 'nerdctl/name': 'nerd-1', 'nerdctl/namespace': 'default' }, 'docker.io/library/alpine:3.19') },
  'k8s.io': {
    [POD]: containerMessage(POD, { 'io.cri-containerd.kind': 'container', 'io.kubernetes.container.name': 'sidecar', 'nerdctl/name': 'not-this' }, 'registry.k8s.io/pause:3.9'),
    [BROKEN]: Buffer.from([0x0a, 0x40, 0x61]), // says 64 bytes, has 1
  },
  moby: { [MOBY]: containerMessage(MOBY, {}, 'redis') },
};
const IMAGES: Record<string, string> = {
  'docker.io/library/alpine:3.19': 'sha256:' + hex('6'),
  'registry.k8s.io/pause:3.9': 'sha256:' + hex('0'),
};

function grpcFrame(message: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}

/** The one string field (1) of a Get request; requests this small have one-byte lengths. */
function requestedName(body: Buffer): string {
  if (body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) grpcProblems.push('bad frame');
  if (body[5] !== 0x0a) grpcProblems.push('bad field key');
  return body.subarray(7, 7 + body[6]).toString('utf8');
}

function containerd(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders): void {
  const ns = String(headers['containerd-namespace']);
  const method = String(headers[':path']);
  grpcCalls.push(`${ns} ${method}`);
  if (headers['content-type'] !== 'application/grpc' || headers[':method'] !== 'POST') grpcProblems.push('not gRPC');
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => {
    const name = requestedName(Buffer.concat(chunks));
    let message: Buffer | undefined;
    if (method === '/containerd.services.containers.v1.Containers/Get') {
      const c = CONTAINERS[ns]?.[name];
      if (c) message = encodeProto([[1, c]]);
    } else if (method === '/containerd.services.images.v1.Images/Get') {
      const digest = IMAGES[name];
      if (digest) {
        const target = encodeProto([[1, 'application/vnd.oci.image.index.v1+json'], [2, digest], [3, 1234]]);
        message = encodeProto([[1, encodeProto([[1, name], [3, target]])]]);
      }
    }
    if (!message) {
      // trailers-only answer
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '5', 'grpc-message': 'not found' }, { endStream: true });
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(grpcFrame(message));
  });
}

const dockerServer = http.createServer(dockerApi);
const podmanServer = http.createServer(dockerApi);
const crioServer = http.createServer(dockerApi);
const containerdServer = http2.createServer();
containerdServer.on('stream', containerd);

const listen = (server: http.Server | http2.Http2Server, at: string): Promise<void> =>
  new Promise((resolve) => server.listen(at, () => resolve()));

before(async () => {
  await listen(dockerServer, sock('docker.sock'));
  await listen(podmanServer, sock('podman.sock'));
  await listen(crioServer, sock('crio.sock'));
  await listen(containerdServer, sock('containerd.sock'));
});

after(() => {
  dockerServer.closeAllConnections();
  for (const s of [dockerServer, podmanServer, crioServer, containerdServer]) s.close();
  rmSync(dir, { recursive: true, force: true });
});

const everything = (timeoutMs = 500): ContainerRuntimes =>
  new ContainerRuntimes({
    dockerSocket: sock('docker.sock'),
    podmanSocket: sock('podman.sock'),
    containerdSocket: sock('containerd.sock'),
    crioSocket: sock('crio.sock'),
    timeoutMs,
  });

const empty = (id: string, runtime: string): ContainerInfo => ({ id, runtime, name: '', image: '', imageDigest: '' });

test('docker: name without its slash, image, image id, creation time in ns', async () => {
  const rt = everything();
  try {
    assert.deepEqual(await rt.lookup(WEB, 'docker'), {
      id: WEB,
      runtime: 'docker',
      name: 'web-1',
      image: 'nginx:1.25',
      imageDigest: 'sha256:' + hex('7'),
      created: 1714558830123456789n,
    });
  } finally {
    rt.close();
  }
});

test('docker: unknown id (404) and an answer that is not JSON give empty info', async () => {
  const rt = everything();
  try {
    assert.deepEqual(await rt.lookup(NOBODY, 'docker'), empty(NOBODY, 'docker'));
    assert.deepEqual(await rt.lookup(GARBLED, 'docker'), empty(GARBLED, 'docker'));
  } finally {
    rt.close();
  }
});

test('docker: no answer within timeoutMs gives empty info', async () => {
  const rt = everything(100);
  try {
    const start = performance.now();
    assert.deepEqual(await rt.lookup(HANG, 'docker'), empty(HANG, 'docker'));
    const took = performance.now() - start;
    assert.ok(took >= 90 && took < 1000, `took ${took} ms`);
  } finally {
    rt.close();
  }
});

test('cache: one request per id, concurrent lookups share it; the empty answer is asked again after 5 s', async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  const rt = everything();
  try {
    const count = (id: string): number => httpRequests.filter((u) => u.includes(id)).length;
    const before = count(WEB);
    const [a, b] = await Promise.all([rt.lookup(WEB, 'docker'), rt.lookup(WEB, 'docker')]);
    assert.equal(a, b);
    await rt.lookup(WEB, 'docker');
    assert.equal(count(WEB), before + 1);
    t.mock.timers.tick(60_000);
    assert.equal((await rt.lookup(WEB, 'docker')).name, 'web-1');
    assert.equal(count(WEB), before + 1); // found: kept

    const missed = count(NOBODY);
    await rt.lookup(NOBODY, 'docker');
    await rt.lookup(NOBODY, 'docker');
    assert.equal(count(NOBODY), missed + 1);
    t.mock.timers.tick(4_999);
    await rt.lookup(NOBODY, 'docker');
    assert.equal(count(NOBODY), missed + 1);
    t.mock.timers.tick(2);
    await rt.lookup(NOBODY, 'docker');
    assert.equal(count(NOBODY), missed + 2);
  } finally {
    rt.close();
  }
});

test('podman: the docker-compatible API on the podman socket', async () => {
  const rt = new ContainerRuntimes({ dockerSocket: missing, podmanSocket: sock('podman.sock'), timeoutMs: 500 });
  try {
    const info = await rt.lookup(WEB, 'podman');
    assert.equal(info.runtime, 'podman');
    assert.equal(info.name, 'web-1');
    assert.equal(info.image, 'nginx:1.25');
  } finally {
    rt.close();
  }
});

test('cri-o: inspect endpoint; the kubernetes container name; exact ns creation time', async () => {
  const rt = everything();
  try {
    assert.deepEqual(await rt.lookup(CRIO, 'crio'), {
      id: CRIO,
      runtime: 'crio',
      name: 'app',
      image: 'quay.io/org/app:v2',
      imageDigest: 'sha256:' + hex('3'),
      created: 1714558830123456789n,
    });
    assert.deepEqual(await rt.lookup(NOBODY, 'crio'), empty(NOBODY, 'crio'));
  } finally {
    rt.close();
  }
});

test('containerd: namespaces in turn, nerdctl name, image digest from the images service, unknown fields skipped', async () => {
  const rt = everything();
  try {
    grpcCalls.length = 0;
    assert.deepEqual(await rt.lookup(NERD, 'containerd'), {
      id: NERD,
      runtime: 'containerd',
      name: 'nerd-1',
      image: 'docker.io/library/alpine:3.19',
      imageDigest: 'sha256:' + hex('6'),
      created: 1_700_000_000_000_000_005n,
    });
    assert.deepEqual(grpcCalls, [
      'k8s.io /containerd.services.containers.v1.Containers/Get',
      'default /containerd.services.containers.v1.Containers/Get',
      'default /containerd.services.images.v1.Images/Get',
    ]);
    assert.deepEqual(grpcProblems, []);
  } finally {
    rt.close();
  }
});

test('containerd: CRI containers are named by their kubernetes label', async () => {
  const rt = everything();
  try {
    const info = await rt.lookup(POD, 'containerd');
    assert.equal(info.name, 'sidecar');
    assert.equal(info.image, 'registry.k8s.io/pause:3.9');
    assert.equal(info.imageDigest, 'sha256:' + hex('0'));
  } finally {
    rt.close();
  }
});

test("containerd: docker's own containers (namespace moby) are named by docker", async () => {
  const rt = everything();
  try {
    assert.deepEqual(await rt.lookup(MOBY, 'containerd'), {
      id: MOBY,
      runtime: 'docker',
      name: 'from-docker',
      image: 'redis',
      imageDigest: 'sha256:' + hex('8'),
      created: 1714558830000000000n,
    });
  } finally {
    rt.close();
  }
});

test('containerd: not found in any namespace, or a truncated message, gives empty info', async () => {
  const rt = everything();
  try {
    grpcCalls.length = 0;
    assert.deepEqual(await rt.lookup(NOBODY, 'containerd'), empty(NOBODY, 'containerd'));
    assert.deepEqual(grpcCalls, [
      'k8s.io /containerd.services.containers.v1.Containers/Get',
      'default /containerd.services.containers.v1.Containers/Get',
      'moby /containerd.services.containers.v1.Containers/Get',
    ]);
    assert.deepEqual(await rt.lookup(BROKEN, 'containerd'), empty(BROKEN, 'containerd'));
  } finally {
    rt.close();
  }
});

test('unknown runtime: each runtime in turn, the one that answers is named', async () => {
  const rt = new ContainerRuntimes({ dockerSocket: missing, containerdSocket: sock('containerd.sock'), podmanSocket: missing, crioSocket: missing });
  try {
    const info = await rt.lookup(NERD, 'unknown');
    assert.equal(info.runtime, 'containerd');
    assert.equal(info.name, 'nerd-1');
    assert.deepEqual(await rt.lookup(NOBODY, 'unknown'), empty(NOBODY, 'unknown'));
  } finally {
    rt.close();
  }
});

test('missing sockets: empty info for every runtime, no error', async () => {
  for (const runtime of ['docker', 'podman', 'containerd', 'crio', 'unknown', '']) {
    // one instance per runtime: the cache is per id
    const rt = new ContainerRuntimes({ dockerSocket: missing, podmanSocket: missing, containerdSocket: missing, crioSocket: missing });
    try {
      assert.deepEqual(await rt.lookup(WEB, runtime), empty(WEB, runtime), runtime);
      assert.deepEqual(await rt.lookup(NERD, runtime), empty(NERD, runtime), runtime);
      assert.deepEqual(await rt.lookup('', runtime), empty('', runtime), runtime);
    } finally {
      rt.close();
    }
  }
});

test('close: a lookup under way resolves empty, later ones at once', async () => {
  const rt = everything(5_000);
  const pending = rt.lookup(HANG, 'docker');
  await new Promise((resolve) => setTimeout(resolve, 50)); // the request is out
  const start = performance.now();
  rt.close();
  assert.deepEqual(await pending, empty(HANG, 'docker'));
  assert.ok(performance.now() - start < 1000);
  assert.deepEqual(await rt.lookup(WEB, 'docker'), empty(WEB, 'docker'));
});

test('encodeProto: varints, negative int64, length-delimited fields', () => {
  assert.deepEqual(encodeProto([[1, 'hi']]), Buffer.from([0x0a, 2, 0x68, 0x69]));
  assert.deepEqual(encodeProto([[2, 300]]), Buffer.from([0x10, 0xac, 0x02]));
  assert.deepEqual(encodeProto([[1, -1n]]), Buffer.from([0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]));
  assert.deepEqual(encodeProto([[20, new Uint8Array([1, 2])]]), Buffer.from([0xa2, 0x01, 2, 1, 2]));
});
