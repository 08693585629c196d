import { describe, it } from 'node:test';
import { argOrigin } from '../events/arg-source.js';
import assert from 'node:assert/strict';
import { EVENTS } from '../events/catalog.js';
import { renderList } from './list.js';
import type { ListedEvent } from './list.js';

describe('renderList({ json: true })', () => {
  const text = renderList({ json: true });
  const events = JSON.parse(text) as ListedEvent[];

  it('is a JSON array with every catalog event, sorted by id', () => {
    assert.ok(Array.isArray(events));
    assert.equal(events.length, EVENTS.length);
    const ids = events.map((e) => e.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
    assert.deepEqual(new Set(events.map((e) => e.name)), new Set(EVENTS.map((s) => s.name)));
  });

  it('gives each event exactly its catalog fields', () => {
    for (const spec of EVENTS) {
      const e = events.find((x) => x.name === spec.name);
      assert.ok(e, spec.name);
      assert.deepEqual(Object.keys(e), ['id', 'name', 'sets', 'summary', 'args']);
      assert.equal(e.id, spec.id);
      assert.deepEqual(e.sets, spec.sets);
      assert.equal(e.summary, spec.summary);
      assert.deepEqual(
        e.args,
        spec.args.map((a) => ({
          name: a.name,
          type: a.type,
          tags: [...a.tags],
          capture: a.capture,
          source: argOrigin(spec, a).source,
          ...(a.format === undefined ? {} : { format: a.format }),
          ...(argOrigin(spec, a).kernelValue === undefined ? {} : { kernelValue: argOrigin(spec, a).kernelValue }),
          ...(a.documentedTags === undefined ? {} : { documentedTags: [...a.documentedTags] }),
        })),
      );
    }
  });

  it('has the perf_event_open arguments with their tags', () => {
    const pe = events.find((e) => e.name === 'perf_event_open');
    assert.ok(pe);
    assert.deepEqual(
      pe.args.map((a) => [a.name, a.tags]),
      [['attr', ['U', 'TOCTOU']], ['pid', ['K']], ['cpu', ['K']], ['group_fd', ['U', 'K']], ['flags', ['K']]],
    );
    // where each value comes from, the kernel's own where it has one, and the page's tags
    assert.deepEqual(pe.args.map((a) => a.source), ['user memory at entry', 'register', 'register', 'register', 'register']);
    assert.match(pe.args[0].kernelValue ?? '', /struct perf_event \.attr/);
    assert.match(pe.args[3].kernelValue ?? '', /group leader/);
    assert.deepEqual(pe.args[0].documentedTags, ['U']);
    assert.equal(pe.args[0].capture, 'perfEventAttr');
    assert.equal(pe.args[4].format, 'perfEventOpenFlags');
    assert.equal('format' in pe.args[1], false);
  });

  it('is stable and ends with a newline', () => {
    assert.equal(renderList({ json: true }), text);
    assert.ok(text.endsWith(']\n'));
  });
});

describe('renderList({ json: false })', () => {
  const text = renderList({ json: false });
  const lines = text.trimEnd().split('\n');

  it('has a header and one row per event, by id', () => {
    assert.match(lines[0], /^\s*ID {2}NAME\s+SETS\s+ARGUMENTS$/);
    const rows = lines.slice(1, 1 + EVENTS.length);
    const sorted = [...EVENTS].sort((a, b) => a.id - b.id);
    rows.forEach((row, i) => {
      const [id, name] = row.trim().split(/\s+/);
      assert.equal(Number(id), sorted[i].id);
      assert.equal(name, sorted[i].name);
    });
    assert.equal(lines[lines.length - 1], `${EVENTS.length} events`);
  });

  it('shows arguments as `type name`', () => {
    const row = lines.find((l) => / perf_event_open /.test(l));
    assert.ok(row);
    assert.ok(row.endsWith('struct perf_event_attr* attr, pid_t pid, int cpu, int group_fd, unsigned long flags'), row);
    assert.match(row, /syscalls,/);
  });

  it('aligns the columns and has no trailing spaces', () => {
    const col = lines[0].indexOf('ARGUMENTS');
    for (const l of lines.slice(1, 1 + EVENTS.length)) {
      assert.equal(l, l.trimEnd());
      assert.equal(l[col - 1], ' ');
      assert.notEqual(l[col], ' ');
    }
  });
});
