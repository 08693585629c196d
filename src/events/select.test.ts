import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS, eventByName } from './catalog.js';
import { SelectionError, selectEvents } from './select.js';

function id(name: string): number {
  const e = eventByName(name);
  assert.ok(e, `no event ${name}`);
  return e.id;
}
function ids(...names: string[]): number[] {
  return names.map(id).sort((a, b) => a - b);
}
function setIds(set: string): number[] {
  return EVENTS.filter((s) => s.sets.includes(set)).map((s) => s.id);
}
function names(result: { ids: number[] }): string[] {
  return result.ids.map((i) => EVENTS.find((s) => s.id === i)?.name ?? String(i));
}
function selectionError(exprs: string[]): SelectionError {
  try {
    selectEvents(exprs);
  } catch (err) {
    assert.ok(err instanceof SelectionError, `expected SelectionError, got ${String(err)}`);
    assert.ok(err instanceof Error);
    assert.ok(!err.message.includes('\n'), 'message is one line');
    return err;
  }
  assert.fail(`no SelectionError for ${JSON.stringify(exprs)}`);
}

test('no -e selects the default set', () => {
  const r = selectEvents([]);
  assert.deepEqual(r.ids, setIds('default'));
  assert.deepEqual(r.filters, []);
  assert.ok(r.ids.includes(id('perf_event_open')));
  assert.ok(r.ids.includes(id('pidfd_open')));
});

test('event names, one per flag or as a comma list', () => {
  assert.deepEqual(selectEvents(['openat']).ids, ids('openat'));
  assert.deepEqual(selectEvents(['execve,openat']).ids, ids('execve', 'openat'));
  assert.deepEqual(selectEvents(['openat', 'execve']).ids, ids('execve', 'openat'));
  assert.deepEqual(selectEvents(['openat, execve']).ids, ids('execve', 'openat'));
  assert.deepEqual(selectEvents(['openat,openat']).ids, ids('openat'));
});

test('set names select every member', () => {
  assert.deepEqual(selectEvents(['net_sock']).ids, setIds('net_sock'));
  assert.deepEqual(selectEvents(['default']).ids, setIds('default'));
  const both = selectEvents(['ipc_pipe,execve']).ids;
  assert.deepEqual(both, [...new Set([...setIds('ipc_pipe'), id('execve')])].sort((a, b) => a - b));
});

test('an event name wins over a set of the same name; tag= selects the set', () => {
  assert.ok(setIds('time').length > 1);
  assert.deepEqual(selectEvents(['time']).ids, ids('time'));
  assert.deepEqual(selectEvents(['tag=time']).ids, setIds('time'));
  const union = [...new Set([...setIds('fs_sync'), ...setIds('ipc_shm')])].sort((a, b) => a - b);
  assert.deepEqual(selectEvents(['tag=fs_sync,ipc_shm']).ids, union);
});

test('wildcards: prefix, suffix, contains', () => {
  assert.deepEqual(names(selectEvents(['open*'])).sort(), ['open', 'open_by_handle_at', 'open_tree', 'openat', 'openat2']);
  const suffix = names(selectEvents(['*at']));
  assert.ok(suffix.includes('openat') && suffix.includes('newfstatat') && suffix.includes('faccessat'));
  assert.ok(suffix.every((n) => n.endsWith('at')));
  const contains = names(selectEvents(['*stat*']));
  for (const n of ['stat', 'fstat', 'lstat', 'newfstatat', 'statx', 'statfs', 'fstatfs', 'ustat']) {
    assert.ok(contains.includes(n), n);
  }
  assert.ok(contains.every((n) => n.includes('stat')));
  assert.equal(selectEvents(['*']).ids.length, EVENTS.length);
});

test('exclusions apply after every inclusion, whatever the order', () => {
  const fsWithoutOpenat = setIds('fs').filter((i) => i !== id('openat'));
  assert.deepEqual(selectEvents(['fs', '-openat']).ids, fsWithoutOpenat);
  assert.deepEqual(selectEvents(['-openat', 'fs']).ids, fsWithoutOpenat);
  assert.deepEqual(selectEvents(['fs,-openat']).ids, fsWithoutOpenat);
  assert.deepEqual(selectEvents(['openat,close', '-open*']).ids, ids('close'));
  const fileOps = new Set(setIds('fs_file_ops'));
  assert.deepEqual(selectEvents(['fs', '-fs_file_ops']).ids, setIds('fs').filter((i) => !fileOps.has(i)));
});

test('exclusions alone start from the default set', () => {
  const def = setIds('default');
  assert.deepEqual(selectEvents(['-kill']).ids, def.filter((i) => i !== id('kill')));
  assert.deepEqual(selectEvents(['-kill,-tkill', '-tgkill']).ids, def.filter((i) => ![id('kill'), id('tkill'), id('tgkill')].includes(i)));
  // openat is not in the default set: removing it changes nothing
  assert.ok(!def.includes(id('openat')));
  assert.deepEqual(selectEvents(['-openat']).ids, def);
});

test('filters select their event and come back as unsupported', () => {
  const f = 'openat.data.pathname=/etc/*';
  assert.deepEqual(selectEvents([f]), { ids: ids('openat'), filters: [f] });
  // a filter value may hold commas: the expression is not split
  const commas = 'openat.data.pathname!=/tmp/1,/bin/ls';
  assert.deepEqual(selectEvents([commas]), { ids: ids('openat'), filters: [commas] });
  const r = selectEvents(['execve', 'openat.retval<0', 'connect.scope.container', 'perf_event_open.args.flags=8']);
  assert.deepEqual(r.ids, ids('execve', 'openat', 'connect', 'perf_event_open'));
  assert.deepEqual(r.filters, ['openat.retval<0', 'connect.scope.container', 'perf_event_open.args.flags=8']);
  // a filter counts as an inclusion: no fall-back to the default set
  assert.deepEqual(selectEvents(['openat.retval=0', '-kill']).ids, ids('openat'));
});

test('unknown names fail with the closest name', () => {
  const e = selectionError(['perf_event_opn']);
  assert.equal(e.message, 'unknown event "perf_event_opn" in -e; did you mean "perf_event_open"?');
  assert.equal(e.item, 'perf_event_opn');
  assert.match(selectionError(['execve,opnat']).message, /"opnat".*did you mean "openat"\?$/);
  assert.match(selectionError(['net_sck']).message, /did you mean "net_sock"\?$/);
  assert.match(selectionError(['-kil']).message, /^unknown event "kil" in -e; did you mean "kill"\?$/);
  assert.equal(selectionError(['qqqqqqqqqqqqqqq']).message, 'unknown event "qqqqqqqqqqqqqqq" in -e');
  assert.match(selectionError(['tag=fss']).message, /^unknown set "fss" in -e; did you mean "fs"\?$/);
  assert.match(selectionError(['openatt.data.pathname=/x']).message, /did you mean "openat"\?$/);
});

test('empty items, empty wildcards and bad filters fail', () => {
  assert.match(selectionError(['']).message, /empty -e value/);
  assert.match(selectionError(['open,,close']).message, /empty item in -e "open,,close"/);
  assert.match(selectionError(['open,']).message, /empty item/);
  assert.match(selectionError(['-']).message, /empty exclusion/);
  assert.equal(selectionError(['zzz*']).message, '"zzz*" in -e matches no event');
  assert.match(selectionError(['-openat.data.pathname=/x']).message, /exclusion cannot carry a filter/);
  assert.match(selectionError(['openat.foo.x=1']).message, /"foo" is not one of data, args, retval, scope/);
  assert.match(selectionError(['openat.data=1']).message, /data needs a field name/);
  assert.match(selectionError(['openat.retval.x=1']).message, /retval takes no field name/);
  assert.match(selectionError(['openat.data.pathname=']).message, /no value after the operator/);
  assert.match(selectionError(['openat.data.pathname']).message, /expected an operator/);
  assert.match(selectionError(['openat,close.retval=0']).message, /give each filter its own -e/);
  // Tracee's names, not the kernel's
  const e = selectionError(['openat.data.filename=/etc/passwd']);
  assert.match(e.message, /openat has no argument "filename"/);
  assert.match(e.message, /pathname/);
  assert.match(selectionError(['perf_event_open.data.attr_uptr=0']).message, /did you mean "attr"\?|arguments: attr/);
});

test('a selection that excludes everything fails', () => {
  assert.match(selectionError(['openat', '-openat']).message, /selects no events/);
});
