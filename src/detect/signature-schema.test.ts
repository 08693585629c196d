import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSignature } from './signature-schema.js';
import { SignatureError } from './signature-registry.js';

const base = {
  metadata: {
    id: 'MY-1', name: 'Mine', eventName: 'mine', version: '1', description: 'a test signature',
    properties: { Severity: 1, Category: 'execution', Technique: 'x', external_id: 'T1059' },
  },
  onEvent: () => undefined,
};

test('a signature selects at least one event, unless it says why it never fires (`unavailable`)', () => {
  assert.throws(() => checkSignature({ ...base, selects: [] }, 'signature my.js'),
    (e: Error) => e instanceof SignatureError && e.message === 'signature my.js: selects: select at least one event (or set `unavailable` saying why it never fires)');
  checkSignature({ ...base, selects: [], unavailable: 'needs kernel memory; use other_sig', aliases: ['my_alias'] }, 'signature my.js');
  checkSignature({ ...base, selects: [{ event: 'openat' }] }, 'signature my.js');
  assert.throws(() => checkSignature({ ...base, selects: [], unavailable: '' }, 'signature my.js'), SignatureError);
});
