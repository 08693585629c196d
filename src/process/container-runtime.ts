/**
 * Names and images of containers, asked of the runtime that made them over its
 * local API socket. Best effort by design: a tracer must not depend on a
 * runtime daemon, so an unreachable socket, a slow or odd answer, or an
 * unknown id all give empty fields, never an error.
 *
 * Protocols, all on unix sockets:
 * - docker, podman: HTTP/1.1 `GET /containers/<id>/json` (Docker Engine API;
 *   podman serves the same on its docker-compatible socket).
 * - cri-o: HTTP/1.1 `GET /containers/<id>` on its CRI socket (the inspect
 *   endpoint `crio status containers` uses).
 * - containerd: gRPC. HTTP/2 without TLS, prior knowledge; a call is
 *   `POST /<package>.<Service>/<Method>` with `content-type: application/grpc`,
 *   the namespace in the `containerd-namespace` header, and a body of
 *   length-prefixed messages: 1 byte "compressed" flag (0 here), 4 bytes
 *   big-endian length, the protobuf message. The status is `grpc-status` in
 *   the trailers, or in the headers of a trailers-only answer (0 OK, 5 NOT_FOUND).
 *
 * Protobuf wire format (what {@link encodeProto} writes and the decoder
 * reads): a message is a sequence of fields, each a varint key
 * `field number << 3 | wire type`, then by wire type: 0 a varint (7 bits per
 * byte, little-endian groups, high bit = more), 1 eight bytes, 2 a varint
 * length and that many bytes (strings, nested messages, map entries, which
 * are messages `{ key = 1; value = 2 }`), 5 four bytes. Unknown fields are
 * skipped by their wire type.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';

export interface ContainerInfo {
  id: string;
  /** the runtime that answered; the one asked for when none did */
  runtime: string;
  /** '' when unknown */
  name: string;
  /** image reference as the container was created from it, '' when unknown */
  image: string;
  /** `sha256:...`: docker/podman/cri-o the image id, containerd the image's target (manifest or index) digest */
  imageDigest: string;
  /** ns since the epoch */
  created?: bigint;
}

/** Where each runtime's API socket is by default. */
export const DEFAULT_RUNTIME_SOCKETS = {
  docker: '/var/run/docker.sock',
  podman: '/run/podman/podman.sock',
  containerd: '/run/containerd/containerd.sock',
  crio: '/var/run/crio/crio.sock',
} as const;

export interface ContainerRuntimesOptions {
  /** default /var/run/docker.sock */
  dockerSocket?: string;
  /** docker-compatible API; default /run/podman/podman.sock (rootless: /run/user/UID/podman/podman.sock) */
  podmanSocket?: string;
  /** default /run/containerd/containerd.sock */
  containerdSocket?: string;
  /** default /var/run/crio/crio.sock */
  crioSocket?: string;
  /** per request; default 500 */
  timeoutMs?: number;
}

type Source = 'docker' | 'podman' | 'containerd' | 'crio';

const SOURCES_OF_RUNTIME: Readonly<Record<string, readonly Source[]>> = {
  docker: ['docker'],
  podman: ['podman'],
  containerd: ['containerd'],
  crio: ['crio'],
};
// a runtime the cgroup path did not tell ('unknown'): ask each in turn; a missing socket fails at once
const ANY_SOURCE: readonly Source[] = ['docker', 'containerd', 'podman', 'crio'];

const RETRY_EMPTY_MS = 5_000;
const MAX_CACHED = 4_096;
const MAX_ANSWER_BYTES = 4 << 20;
// kubernetes (CRI) first, then ctr/nerdctl's default, then docker's own containerd namespace
const CONTAINERD_NAMESPACES = ['k8s.io', 'default', 'moby'] as const;
const CONTAINERS_GET = '/containerd.services.containers.v1.Containers/Get';
const IMAGES_GET = '/containerd.services.images.v1.Images/Get';
const GRPC_NOT_FOUND = '5';

interface CacheEntry {
  readonly info: Promise<ContainerInfo>;
  /** Date.now() when the answer came, 0 while pending */
  settledAt: number;
  found: boolean;
  /** the answer, once it came (for synchronous readers: signatures) */
  settled?: ContainerInfo;
}

/**
 * Container id → name, image, creation time, from the container's runtime.
 *
 * @example
 * const runtimes = new ContainerRuntimes();
 * const { name, image } = await runtimes.lookup(containerId, 'docker');
 * runtimes.close();
 */
export class ContainerRuntimes {
  private readonly sockets: Readonly<Record<Source, string>>;
  private readonly timeoutMs: number;
  private readonly cache = new Map<string, CacheEntry>();
  private readonly httpInFlight = new Set<http.ClientRequest>();
  private h2: http2.ClientHttp2Session | undefined;
  private h2InFlight = 0;
  private closed = false;

  constructor(options: ContainerRuntimesOptions = {}) {
    this.sockets = {
      docker: options.dockerSocket ?? DEFAULT_RUNTIME_SOCKETS.docker,
      podman: options.podmanSocket ?? DEFAULT_RUNTIME_SOCKETS.podman,
      containerd: options.containerdSocket ?? DEFAULT_RUNTIME_SOCKETS.containerd,
      crio: options.crioSocket ?? DEFAULT_RUNTIME_SOCKETS.crio,
    };
    this.timeoutMs = options.timeoutMs ?? 500;
  }

  /**
   * Never rejects: unreachable socket, timeout, 404, bad JSON → info with
   * empty name/image. Cached per id (also the empty answer, but retried
   * after 5 s); concurrent lookups of one id share one request. An id's
   * runtime does not change, so the cache does not key on it: the first
   * lookup's runtime is the one asked.
   */
  /** What a lookup already found for `id`, without asking (undefined while unknown). */
  known(id: string): ContainerInfo | undefined {
    const hit = this.cache.get(id);
    return hit?.found ? hit.settled : undefined;
  }

  lookup(id: string, runtime: string): Promise<ContainerInfo> {
    if (this.closed || id === '') return Promise.resolve(emptyInfo(id, runtime));
    const hit = this.cache.get(id);
    if (hit && (hit.settledAt === 0 || hit.found || Date.now() - hit.settledAt < RETRY_EMPTY_MS)) return hit.info;
    const entry: CacheEntry = {
      info: this.ask(id, runtime).then((answer) => {
        entry.found = answer !== null;
        entry.settledAt = Date.now();
        entry.settled = answer ?? emptyInfo(id, runtime);
        return entry.settled;
      }),
      settledAt: 0,
      found: false,
    };
    this.cache.delete(id); // re-inserted last: the map's order is the eviction order
    this.cache.set(id, entry);
    if (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    return entry.info;
  }

  /** Ends connections and requests under way (their lookups resolve empty); later lookups answer empty at once. */
  close(): void {
    this.closed = true;
    for (const req of this.httpInFlight) req.destroy();
    this.httpInFlight.clear();
    this.h2?.destroy();
    this.h2 = undefined;
    this.cache.clear();
  }

  private async ask(id: string, runtime: string): Promise<ContainerInfo | null> {
    for (const source of SOURCES_OF_RUNTIME[runtime] ?? ANY_SOURCE) {
      if (this.closed) return null;
      try {
        const info = await this.askSource(source, id);
        if (info) return info;
      } catch {
        // unreachable, timed out, or an answer we cannot read: the next source, or nothing
      }
    }
    return null;
  }

  private askSource(source: Source, id: string): Promise<ContainerInfo | null> {
    switch (source) {
      case 'docker':
      case 'podman':
        return this.fromDockerApi(source, id);
      case 'crio':
        return this.fromCrio(id);
      case 'containerd':
        return this.fromContainerd(id);
    }
  }

  private async fromDockerApi(source: 'docker' | 'podman', id: string): Promise<ContainerInfo | null> {
    const answer = await this.httpGet(this.sockets[source], `/containers/${encodeURIComponent(id)}/json`);
    if (answer.status !== 200) return null;
    const doc = asObject(JSON.parse(answer.body));
    if (!doc) return null;
    return withCreated(
      {
        id,
        runtime: source,
        name: stringIn(doc, 'Name').replace(/^\//, ''),
        image: stringIn(asObject(doc.Config), 'Image'),
        imageDigest: stringIn(doc, 'Image'),
      },
      rfc3339Nanos(stringIn(doc, 'Created')),
    );
  }

  private async fromCrio(id: string): Promise<ContainerInfo | null> {
    const answer = await this.httpGet(this.sockets.crio, `/containers/${encodeURIComponent(id)}`);
    if (answer.status !== 200) return null;
    const doc = asObject(JSON.parse(answer.body));
    if (!doc) return null;
    const labels = asObject(doc.labels);
    const ref = stringIn(doc, 'image_ref');
    // created_time is ns since the epoch: beyond a double's exact integers, so read from the text
    const created = /"created_time"\s*:\s*(\d+)/.exec(answer.body);
    return withCreated(
      {
        id,
        runtime: 'crio',
        name: stringIn(labels, 'io.kubernetes.container.name') || stringIn(doc, 'name'),
        image: stringIn(doc, 'image'),
        imageDigest: /^[0-9a-f]{64}$/.test(ref) ? `sha256:${ref}` : ref,
      },
      created && created[1] !== '0' ? BigInt(created[1]) : undefined,
    );
  }

  private async fromContainerd(id: string): Promise<ContainerInfo | null> {
    for (const namespace of CONTAINERD_NAMESPACES) {
      const answer = await this.grpcCall(CONTAINERS_GET, namespace, encodeProto([[1, id]]));
      if (answer === null) continue; // not in this namespace
      const container = messageIn(decodeProto(answer), 1);
      if (!container) return null;
      if (namespace === 'moby') {
        // docker's own containers: docker knows their names
        const viaDocker = await this.fromDockerApi('docker', id).catch(() => null);
        if (viaDocker) return viaDocker;
      }
      const labels = new Map<string, string>();
      for (const entry of container.get(2) ?? []) {
        if (typeof entry === 'bigint') continue;
        const kv = decodeProto(entry);
        labels.set(stringOf(kv, 1), stringOf(kv, 2));
      }
      const image = stringOf(container, 3);
      const created = messageIn(container, 8);
      return withCreated(
        {
          id,
          runtime: 'containerd',
          name: labels.get('io.kubernetes.container.name') ?? labels.get('nerdctl/name') ?? '',
          image,
          imageDigest: image ? await this.containerdImageDigest(namespace, image).catch(() => '') : '',
        },
        created ? BigInt.asIntN(64, varintOf(created, 1)) * 1_000_000_000n + varintOf(created, 2) : undefined,
      );
    }
    return null;
  }

  private async containerdImageDigest(namespace: string, image: string): Promise<string> {
    const answer = await this.grpcCall(IMAGES_GET, namespace, encodeProto([[1, image]]));
    const target = answer && messageIn(messageIn(decodeProto(answer), 1), 3);
    return target ? stringOf(target, 2) : '';
  }

  private httpGet(socketPath: string, path: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({
        socketPath,
        path,
        method: 'GET',
        headers: { host: 'localhost', accept: 'application/json' },
        agent: false,
      });
      this.httpInFlight.add(req);
      let settled = false;
      const settle = (error: Error | null, answer?: { status: number; body: string }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.httpInFlight.delete(req);
        if (error || !answer) reject(error ?? new Error('no answer'));
        else resolve(answer);
      };
      const timer = setTimeout(() => req.destroy(new Error(`no answer in ${this.timeoutMs} ms`)), this.timeoutMs);
      let responded = false;
      req.on('error', (err) => settle(err));
      req.on('close', () => {
        if (!responded) settle(new Error('connection closed'));
      });
      req.on('response', (res) => {
        responded = true;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error('answer too large'));
          else chunks.push(chunk);
        });
        res.on('end', () => settle(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (err) => settle(err));
        res.on('close', () => settle(new Error('answer cut short'))); // after 'end' when complete
      });
      req.end();
    });
  }

  /** One unary gRPC call: the answer's message, null for NOT_FOUND; rejects on anything else. */
  private grpcCall(path: string, namespace: string, message: Buffer): Promise<Buffer | null> {
    return new Promise((resolve, reject) => {
      let session: http2.ClientHttp2Session;
      let stream: http2.ClientHttp2Stream;
      try {
        session = this.h2Session();
        stream = session.request({
          ':method': 'POST',
          ':path': path,
          'content-type': 'application/grpc',
          te: 'trailers',
          'grpc-timeout': `${this.timeoutMs}m`,
          'containerd-namespace': namespace,
        });
      } catch (err) {
        reject(err);
        return;
      }
      this.h2InFlight++;
      session.ref();
      const chunks: Buffer[] = [];
      let size = 0;
      let httpStatus = 0;
      let grpcStatus: string | undefined;
      let failure: Error | undefined;
      const timer = setTimeout(() => {
        failure ??= new Error(`no answer in ${this.timeoutMs} ms`);
        stream.close(http2.constants.NGHTTP2_CANCEL);
      }, this.timeoutMs);
      const statusIn = (headers: http2.IncomingHttpHeaders): void => {
        const s = headers['grpc-status'];
        if (s !== undefined) grpcStatus = String(s);
      };
      stream.on('response', (headers) => {
        httpStatus = Number(headers[':status']);
        statusIn(headers); // a trailers-only answer
      });
      stream.on('trailers', statusIn);
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          failure ??= new Error('answer too large');
          stream.close(http2.constants.NGHTTP2_CANCEL);
        } else chunks.push(chunk);
      });
      stream.on('error', (err) => {
        failure ??= err;
      });
      stream.on('close', () => {
        clearTimeout(timer);
        if (--this.h2InFlight === 0 && !session.destroyed) session.unref();
        if (failure) return reject(failure);
        if (httpStatus !== 200 || grpcStatus === undefined) return reject(new Error(`not a gRPC answer (HTTP ${httpStatus})`));
        if (grpcStatus === GRPC_NOT_FOUND) return resolve(null);
        if (grpcStatus !== '0') return reject(new Error(`gRPC status ${grpcStatus}`));
        const body = Buffer.concat(chunks);
        if (body.length < 5 || body[0] !== 0) return reject(new Error('unreadable gRPC message'));
        const length = body.readUInt32BE(1);
        if (5 + length > body.length) return reject(new Error('truncated gRPC message'));
        resolve(body.subarray(5, 5 + length));
      });
      stream.end(grpcFrame(message));
    });
  }

  /** One HTTP/2 connection to containerd, kept while it lives; it holds the process only while calls are under way. */
  private h2Session(): http2.ClientHttp2Session {
    const live = this.h2;
    if (live && !live.closed && !live.destroyed) return live;
    const socketPath = this.sockets.containerd;
    const session = http2.connect('http://localhost', { createConnection: () => net.connect(socketPath) });
    const forget = (): void => {
      if (this.h2 === session) this.h2 = undefined;
    };
    session.on('error', forget); // its streams fail too, and say so
    session.on('close', forget);
    session.on('goaway', forget);
    session.unref();
    this.h2 = session;
    return session;
  }
}

function emptyInfo(id: string, runtime: string): ContainerInfo {
  return { id, runtime, name: '', image: '', imageDigest: '' };
}

function withCreated(info: ContainerInfo, created: bigint | undefined): ContainerInfo {
  if (created !== undefined && created > 0n) info.created = created;
  return info;
}

type JsonObject = { readonly [key: string]: unknown };

function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

function stringIn(doc: JsonObject | undefined, key: string): string {
  const v = doc?.[key];
  return typeof v === 'string' ? v : '';
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** `2024-05-01T10:20:30.123456789Z` → ns since the epoch; undefined when not RFC 3339. */
function rfc3339Nanos(text: string): bigint | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', sign, oh, om] = m;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (sign) ms -= (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  return BigInt(ms) * 1_000_000n + BigInt(fraction.padEnd(9, '0').slice(0, 9));
}

function grpcFrame(message: Buffer): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1); // byte 0: not compressed
  message.copy(frame, 5);
  return frame;
}

/** One protobuf field: strings and bytes (nested messages, map entries) are length-delimited, numbers varints. */
export type ProtoField = readonly [field: number, value: string | Uint8Array | number | bigint];

/**
 * Encodes a protobuf message, fields in the order given. Enough for requests
 * and for tests' fake servers; negative numbers are int64 (10-byte varints).
 *
 * @example encodeProto([[1, 'abc'], [2, encodeProto([[1, 5n]])]])
 */
export function encodeProto(fields: Iterable<ProtoField>): Buffer {
  const parts: Buffer[] = [];
  for (const [field, value] of fields) {
    if (typeof value === 'number' || typeof value === 'bigint') {
      parts.push(varint(BigInt(field) << 3n), varint(BigInt(value)));
    } else {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
      parts.push(varint((BigInt(field) << 3n) | 2n), varint(BigInt(bytes.length)), Buffer.from(bytes));
    }
  }
  return Buffer.concat(parts);
}

function varint(value: bigint): Buffer {
  let v = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  while (v >= 0x80n) {
    bytes.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  bytes.push(Number(v));
  return Buffer.from(bytes);
}

/** field number → its values in order: varints as bigint, length-delimited as bytes; fixed-width fields skipped. */
type ProtoMessage = Map<number, Array<bigint | Buffer>>;

function decodeProto(buf: Buffer): ProtoMessage {
  const out: ProtoMessage = new Map();
  let off = 0;
  const readVarint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (off >= buf.length) throw new Error('truncated protobuf varint');
      const b = buf[off++];
      v |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return BigInt.asUintN(64, v);
    }
    throw new Error('protobuf varint too long');
  };
  while (off < buf.length) {
    const key = readVarint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value: bigint | Buffer | undefined;
    if (wire === 0) value = readVarint();
    else if (wire === 2) {
      const length = Number(readVarint());
      if (off + length > buf.length) throw new Error('truncated protobuf field');
      value = buf.subarray(off, off + length);
      off += length;
    } else if (wire === 1 || wire === 5) {
      off += wire === 1 ? 8 : 4;
      if (off > buf.length) throw new Error('truncated protobuf field');
    } else throw new Error(`protobuf wire type ${wire}`); // 3, 4: groups, unused by proto3
    if (value === undefined) continue;
    const values = out.get(field);
    if (values) values.push(value);
    else out.set(field, [value]);
  }
  return out;
}

// proto3 singular fields: the last occurrence wins

function lastOf(message: ProtoMessage, field: number): bigint | Buffer | undefined {
  const values = message.get(field);
  return values?.[values.length - 1];
}

function stringOf(message: ProtoMessage, field: number): string {
  const v = lastOf(message, field);
  return v instanceof Buffer ? v.toString('utf8') : '';
}

function varintOf(message: ProtoMessage, field: number): bigint {
  const v = lastOf(message, field);
  return typeof v === 'bigint' ? v : 0n;
}

function messageIn(message: ProtoMessage | undefined, field: number): ProtoMessage | undefined {
  const v = message && lastOf(message, field);
  return v instanceof Buffer ? decodeProto(v) : undefined;
}
