/**
 * What a recording says about itself, as JSON (native/record_format.h): the
 * head every file starts with, the POLICIES chunks (which policies the
 * records' bits refer to) and the END chunk. `checkHeader` decides whether
 * this sysray can read a recording: the records' layout must be the one it
 * decodes (the layout hash), and syscall numbers must mean the same (the
 * machine).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, machine, release } from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { EVENTS } from '../events/catalog.js';
import { buildSyscallDescs } from '../tracer/syscall-descs.js';
import { PACKAGE_ROOT } from '../tracer/native-addon.js';
import type { Policy, PolicyDocument } from '../policy/policy-types.js';
import { policiesFromDocuments, policyFromFlags } from '../policy/policy-set.js';
import { encodeFileHead } from './recording-format.js';

export const RECORDING_FORMAT = 'sysray-recording';

export interface RecordingHeader {
  format: typeof RECORDING_FORMAT;
  formatVersion: 1;
  sysrayVersion: string;
  /** bpf/sysray.h, native/record_format.h and the catalog's capture table: what decoding depends on. */
  layoutHash: string;
  kernelRelease: string;
  machine: string;
  hostname: string;
  nodeName: string;
  bootId: string;
  /** realtime − boottime, ns, when recording began: timestamps become wall-clock with it. */
  clockOffsetNs: string;
  startedAt: string;
  /** The recording sysray's pid and its parent's: signatures leave sysray itself alone, as live. */
  selfPid: number;
  parentPid: number;
  options: { execEnv: boolean; trackFds: boolean; compress: boolean; ringBufferBytes: number; securityRingBufferBytes: number };
}

/** How the policies of one generation were given: re-made from this at analyze (the same code as at record). */
export type PolicySource = { kind: 'flags'; scope: string[]; events: string[] } | { kind: 'documents'; documents: PolicyDocument[] };

export interface PoliciesChunk {
  generation: number;
  /** Boot-clock ns of the tracer's start (pid=new). */
  startNs: string;
  source: PolicySource;
}

export interface EndChunk {
  /** Set in every rotated file but the last: the file that follows. */
  rotatedTo?: string;
  stoppedAt?: string;
  kernelRecords?: string;
  lost?: string;
  lostState?: string;
}

export class RecordingHeaderError extends Error {
  override name = 'RecordingHeaderError';
}

let hash: string | undefined;

/** A short hash of what the records' layout and their decoding depend on. */
export function layoutHash(): string {
  if (hash) return hash;
  const h = createHash('sha256');
  for (const f of ['bpf/sysray.h', 'native/record_format.h']) h.update(readFileSync(path.join(PACKAGE_ROOT, f)));
  h.update(buildSyscallDescs());
  // the kernel's events (syscalls, tracepoints): what records carry; findings are made at analyze
  for (const e of EVENTS) if (e.id < 6000) h.update(`${e.id} ${e.name} ${e.args.map((a) => `${a.name}:${a.type}:${a.capture}`).join(',')}\n`);
  hash = h.digest('hex').slice(0, 16);
  return hash;
}

function sysrayVersion(): string {
  return (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function bootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return '';
  }
}

export function makeHeader(o: { nodeName?: string; clockOffset: bigint; options: RecordingHeader['options'] }): RecordingHeader {
  return {
    format: RECORDING_FORMAT,
    formatVersion: 1,
    sysrayVersion: sysrayVersion(),
    layoutHash: layoutHash(),
    kernelRelease: release(),
    machine: machine(),
    hostname: hostname(),
    nodeName: o.nodeName ?? hostname(),
    bootId: bootId(),
    clockOffsetNs: o.clockOffset.toString(),
    startedAt: new Date().toISOString(),
    selfPid: process.pid,
    parentPid: process.ppid,
    options: o.options,
  };
}

/** The bytes each file starts with: the file head (file 0; native/recorder.c patches it per file), the JSON, padding. */
export function encodeHead(header: RecordingHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header));
  const head = encodeFileHead({ jsonBytes: json.length, fileIndex: 0, jsonCrc: crc32(json), recordingId: randomBytes(8).readBigUInt64LE(), createdNs: BigInt(Date.now()) * 1_000_000n });
  return Buffer.concat([head, json, Buffer.alloc((8 - (json.length % 8)) % 8)]);
}

/** The JSON head, checked: one line naming what does not fit (both versions, both layouts). */
export function checkHeader(json: unknown, where: string, notice: (line: string) => void): RecordingHeader {
  const h = json as Partial<RecordingHeader> | null;
  if (!h || typeof h !== 'object' || h.format !== RECORDING_FORMAT) throw new RecordingHeaderError(`${where}: not a sysray recording (its head has no "format": "${RECORDING_FORMAT}")`);
  for (const k of ['sysrayVersion', 'layoutHash', 'kernelRelease', 'machine', 'clockOffsetNs'] as const) {
    if (typeof h[k] !== 'string') throw new RecordingHeaderError(`${where}: the recording's head lacks "${k}": the file is damaged or not sysray's`);
  }
  const here = layoutHash();
  if (h.layoutHash !== here) {
    const mine = sysrayVersion();
    throw new RecordingHeaderError(
      `${where}: recorded by sysray ${h.sysrayVersion} on ${h.kernelRelease} with record layout ${h.layoutHash}; this sysray ${mine} on ${release()} reads layout ${here} only: ` +
        (h.sysrayVersion === mine ? 'analyze it with the build that recorded it' : `analyze it with sysray ${h.sysrayVersion}`),
    );
  }
  if (h.machine !== machine()) throw new RecordingHeaderError(`${where}: recorded on a ${h.machine} machine; this is ${machine()}, whose syscall numbers differ: analyze it on ${h.machine}`);
  if (h.kernelRelease !== release()) notice(`${where}: recorded on kernel ${h.kernelRelease}, this is ${release()}; the record layout is the same (${here}), so it is read`);
  return h as RecordingHeader;
}

/** The policies of a POLICIES chunk, made again by the code that made them at record time. */
export function policiesOf(chunk: PoliciesChunk): Policy[] {
  const s = chunk.source;
  return s.kind === 'flags' ? [policyFromFlags(s.scope, s.events)] : policiesFromDocuments(s.documents);
}
