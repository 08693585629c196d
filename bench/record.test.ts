import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeStop, recordingLost, recordingStop } from './record.js';

test("recordingStop reads sysray record's stop line, with and without --compress", () => {
  const plain = recordingStop('sysray: ready: recording 362 events to /tmp/x.rec\n' +
    'sysray: 500216 records recorded in 1 file (113.0 MiB, 124 chunks; last file /tmp/a (b).rec), 0 lost (bulk 0, security 0) (500216 records from the kernel)\n');
  assert.deepEqual(plain, { records: 500216, files: 1, mib: 113, chunks: 124, lossMarkers: 0, unwritten: 0, lost: 0, lostState: 0, kernelRecords: 500216 });
  const z = recordingStop('sysray: 500116 records recorded in 1 file (4.5 MiB compressed from 113.0 MiB, 122 chunks; last file /tmp/x.rec), 0 lost (bulk 0, security 0) (500116 records from the kernel)');
  assert.equal(z.mib, 4.5);
  assert.equal(z.rawMiB, 113);
  const lossy = recordingStop('sysray: 900 records recorded in 2 files (1.0 MiB, 9 chunks, 2 loss markers, 7 not written; last file /d/sysray-000002.rec), ' +
    '40 lost (bulk 40, security 0), 3 more for process state lost (950 records from the kernel)');
  assert.deepEqual([lossy.files, lossy.lossMarkers, lossy.unwritten, lossy.lost, lossy.lostState], [2, 2, 7, 40, 3]);
  assert.equal(recordingLost(lossy), 50);
  assert.throws(() => recordingStop('sysray: error: no BTF'), /no stop line from sysray record/);
});

test("analyzeStop reads sysray analyze's stop line, events/s with its thousands separators", () => {
  assert.deepEqual(
    analyzeStop('sysray: analyze: 500216 records of 1 recording (0 lost while recording), 0 events read, 400035 written, 0 findings in 4.24 s (94,327 events/s)\n'),
    { records: 500216, lostWhileRecording: 0, written: 400035, findings: 0, seconds: 4.24, eventsPerSecond: 94327 },
  );
  // only recordings read: no 'events read'
  assert.equal(analyzeStop('sysray: analyze: 500216 records of 1 recording (0 lost while recording), 400035 written, 0 findings in 3.10 s (129,043 events/s)').written, 400035);
  const damaged = analyzeStop('sysray: analyze: 10 records of 2 recordings (3 lost while recording, 1 damaged parts skipped), 0 events read, 8 written, 1 findings in 0.01 s (800 events/s)');
  assert.deepEqual([damaged.lostWhileRecording, damaged.written, damaged.eventsPerSecond], [3, 8, 800]);
  assert.throws(() => analyzeStop('sysray: analyze: 0 events read'), /no stop line from sysray analyze/);
});
