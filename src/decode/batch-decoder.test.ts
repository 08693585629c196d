import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchDecoder } from './batch-decoder.js';
import { BLOB_ARG_CWD, Blob, BlobKind, EntryRecord, EventFlags, EventRecord, FdInfo, FdKind, Head, RecordType, RingHeader } from './record-layout.js';
import { resolvedPath } from '../detect/predicates.js';
import type { TraceEvent } from './trace-event.js';

const OPENAT = 257;
const TID = 4243;

/** An ENTRY record of openat holding `path` as blob of argument 1. */
function entryRecord(path: string): Buffer {
  const data = Buffer.from(path, 'latin1');
  const size = EntryRecord.bytes + Blob.bytes + ((data.length + 7) & ~7);
  const b = Buffer.alloc(size);
  b.writeUInt32LE(size, Head.size);
  b.writeUInt16LE(RecordType.entry, Head.type);
  b.writeUInt16LE(1, Head.nrBlobs);
  b.writeUInt32LE(TID, EntryRecord.hostTid);
  b.writeUInt32LE(OPENAT, EntryRecord.syscallNr);
  const at = EntryRecord.bytes;
  b[at + Blob.arg] = 1;
  b.writeUInt32LE(data.length, at + Blob.len);
  data.copy(b, at + Blob.bytes);
  return b;
}

/** The EVENT record of the same openat, returning 3. */
function eventRecord(): Buffer {
  const b = Buffer.alloc(EventRecord.bytes);
  b.writeUInt32LE(EventRecord.bytes, Head.size);
  b.writeUInt16LE(RecordType.event, Head.type);
  b.writeUInt32LE(OPENAT, EventRecord.eventId);
  b.writeUInt32LE(TID, EventRecord.hostTid);
  b.writeUInt32LE(TID, EventRecord.hostPid);
  b.writeUInt32LE(EventFlags.hasEntry, EventRecord.flags);
  b.writeBigInt64LE(3n, EventRecord.retval);
  b.writeBigInt64LE(-100n, EventRecord.args); // AT_FDCWD
  b.write('cat', EventRecord.comm, 'latin1');
  b.writeBigUInt64LE(1n, EventRecord.policies);
  return b;
}

/** A batch as the addon hands it: a run of the ring, each record after the ring's header, 8-aligned. */
function batch(...records: Buffer[]): Buffer {
  const step = (r: Buffer): number => (RingHeader.bytes + r.length + 7) & ~7;
  const out = Buffer.from(new ArrayBuffer(records.reduce((n, r) => n + step(r), 0)));
  let at = 0;
  for (const r of records) {
    out.writeUInt32LE(r.length, at);
    r.copy(out, at + RingHeader.bytes);
    at += step(r);
  }
  return out;
}

test('an entry and its event in one batch: the captured path is the argument', () => {
  const events: TraceEvent[] = [];
  new BatchDecoder({ clockOffset: 0n, symbolic: false }).decode(batch(entryRecord('/etc/passwd'), eventRecord()), (e) => events.push(e));
  assert.equal(events.length, 1);
  assert.equal(events[0].args[1].value, '/etc/passwd');
  assert.equal(events[0].processName, 'cat');
});

test('an entry whose event comes in the next batch survives the reuse of its batch\'s memory', () => {
  const events: TraceEvent[] = [];
  const decoder = new BatchDecoder({ clockOffset: 0n, symbolic: false });
  const first = batch(entryRecord('/etc/passwd'));
  decoder.decode(first, (e) => events.push(e));
  first.fill(0x41); // the addon reuses the batch once decoded
  decoder.decode(batch(eventRecord()), (e) => events.push(e));
  assert.equal(events.length, 1);
  assert.equal(events[0].args[1].value, '/etc/passwd');
  assert.equal(decoder.counters.orphanEntries, 0);
});

test('records the kernel discarded are skipped; a busy one ends the batch as malformed', () => {
  const events: TraceEvent[] = [];
  const decoder = new BatchDecoder({ clockOffset: 0n, symbolic: false });
  const b = batch(entryRecord('/etc/passwd'), eventRecord(), eventRecord());
  const second = (RingHeader.bytes + entryRecord('/etc/passwd').length + 7) & ~7;
  b.writeUInt32LE((b.readUInt32LE(second) | RingHeader.discardBit) >>> 0, second);
  decoder.decode(b, (e) => events.push(e));
  assert.equal(events.length, 1, 'the discarded event is not decoded');
  assert.equal(decoder.counters.malformed, 0);
  const busy = batch(eventRecord());
  busy.writeUInt32LE((busy.readUInt32LE(0) | RingHeader.busyBit) >>> 0, 0);
  decoder.decode(busy, (e) => events.push(e));
  assert.equal(events.length, 1);
  assert.equal(decoder.counters.malformed, 1);
});

test('entries are held per ring: a security batch between an entry and its event (same thread) takes nothing from it', () => {
  const events: TraceEvent[] = [];
  const decoder = new BatchDecoder({ clockOffset: 0n, symbolic: false });
  decoder.decode(batch(entryRecord('/etc/passwd')), (e) => events.push(e), 0);
  decoder.decode(batch(entryRecord('/proc/self/mem'), eventRecord()), (e) => events.push(e), 1);
  decoder.decode(batch(eventRecord()), (e) => events.push(e), 0);
  assert.deepEqual(events.map((e) => e.args[1].value), ['/proc/self/mem', '/etc/passwd']);
  assert.equal(decoder.counters.orphanEntries, 0);
});

/** An ENTRY record of openat with these blobs (kind 1: a string). */
function entryWithBlobs(blobs: { arg: number; kind: number; data: Buffer }[]): Buffer {
  const size = EntryRecord.bytes + blobs.reduce((n, x) => n + Blob.bytes + ((x.data.length + 7) & ~7), 0);
  const b = Buffer.alloc(size);
  b.writeUInt32LE(size, Head.size);
  b.writeUInt16LE(RecordType.entry, Head.type);
  b.writeUInt16LE(blobs.length, Head.nrBlobs);
  b.writeUInt32LE(TID, EntryRecord.hostTid);
  b.writeUInt32LE(OPENAT, EntryRecord.syscallNr);
  let at = EntryRecord.bytes;
  for (const x of blobs) {
    b[at + Blob.arg] = x.arg;
    b[at + Blob.kind] = x.kind;
    b.writeUInt32LE(x.data.length, at + Blob.len);
    x.data.copy(b, at + Blob.bytes);
    at += Blob.bytes + ((x.data.length + 7) & ~7);
  }
  return b;
}

test('a CWD blob is the event\'s cwd, which resolves its relative path; an FD_INFO blob of an argument is its fd', () => {
  const events: TraceEvent[] = [];
  const dirfd = Buffer.alloc(FdInfo.bytes + 4);
  dirfd[FdInfo.kind] = FdKind.file;
  dirfd.write('/tmp', FdInfo.bytes, 'latin1');
  const decoder = new BatchDecoder({ clockOffset: 0n, symbolic: false });
  decoder.decode(batch(entryWithBlobs([
    { arg: 1, kind: 1, data: Buffer.from('passwd') },
    { arg: BLOB_ARG_CWD, kind: BlobKind.cwd, data: Buffer.from('/etc') },
    { arg: 0, kind: BlobKind.fdInfo, data: dirfd },
  ])), (e) => events.push(e));
  decoder.decode(batch(eventRecord()), (e) => events.push(e));
  assert.equal(events[0].cwd, '/etc');
  assert.equal(resolvedPath(events[0], 'pathname', 'dirfd'), '/etc/passwd'); // the register says AT_FDCWD
  assert.deepEqual(events[0].args[0].fd, { kind: 'file', path: '/tmp' });
});
