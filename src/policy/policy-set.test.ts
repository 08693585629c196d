import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventByName } from '../events/catalog.js';
import { parseDocuments } from './policy-file.js';
import { PolicyError, policiesFromDocuments, policyFromFlags } from './policy-set.js';

const id = (name: string): number => eventByName(name)!.id;

function plain(name: string, body: string): string {
  return `type: policy\nname: ${name}\ndescription: test\n${body}`;
}

test('-s/-e make one policy named "" with filters on their event only', () => {
  const p = policyFromFlags(['comm=bash', 'follow'], ['openat,close', 'openat.data.pathname=/etc/*', 'openat.retval<0']);
  assert.equal(p.name, '');
  assert.equal(p.id, 0);
  assert.deepEqual(p.scope, [{ field: 'comm', op: '=', values: ['bash'] }, { field: 'follow' }]);
  assert.deepEqual([...p.rules.keys()].sort((a, b) => a - b), [id('close'), id('openat')].sort((a, b) => a - b));
  assert.equal(p.rules.get(id('openat'))![0].length, 2, 'two filters, AND');
  assert.equal(p.rules.get(id('close'))![0].length, 0);
});

test('documents: ids by position, global scope, sets expand, filters per event', () => {
  const docs = parseDocuments(
    plain('a', 'scope: [global]\nrules:\n  - event: getppid\n  - event: openat\n    filters: [data.pathname=/tmp/*, comm=cat]\n') +
      '---\n' + plain('b', 'scope: [uid=0]\nrules:\n  - event: signals\n    filters: [retval=0]\n'),
    'p.yaml',
  );
  const [a, b] = policiesFromDocuments(docs);
  assert.equal(a.id, 0);
  assert.equal(b.id, 1);
  assert.deepEqual(a.scope, []);
  assert.equal(a.rules.get(id('openat'))![0].length, 2);
  assert.ok(b.rules.size > 3, 'a set selects each of its events');
  assert.ok(b.rules.has(id('kill')));
});

function policyError(text: string): string {
  try {
    policiesFromDocuments(parseDocuments(text, 'p.yaml'));
  } catch (err) {
    assert.ok(err instanceof PolicyError, String(err));
    return err.message;
  }
  assert.fail('expected a PolicyError');
}

test('errors: file:line:col, policy, what is wrong, nearest name', () => {
  assert.equal(
    policyError(plain('a', 'scope: [global]\nrules:\n  - event: opnat\n')),
    'p.yaml:6:12: policy "a": unknown event "opnat"; did you mean "openat"?',
  );
  assert.match(policyError(plain('a', 'scope: [cmm=bash]\nrules:\n  - event: openat\n')), /^p\.yaml:4:9: policy "a": scope "cmm=bash": unknown field "cmm"; did you mean "comm"\?/);
  assert.match(policyError(plain('a', 'scope: [global]\nrules:\n  - event: openat\n    filters: [data.pathnam=/x]\n')), /^p\.yaml:7:15: policy "a": rule "openat": .*did you mean "pathname"\?/);
  assert.match(policyError(plain('a', 'scope: [global]\nrules:\n  - event: fs\n    filters: [data.pathname=/x]\n')), /data filters need a single event/);
  assert.match(policyError(plain('a', 'scope: [global]\nrules:\n  - event: openat\n  - event: openat\n')), /event "openat" is already a rule at line 6/);
  assert.match(policyError(plain('a', 'scope: [global]\nrules:\n  - event: openat.data.x=1\n')), /must be one event or set name/);
});
