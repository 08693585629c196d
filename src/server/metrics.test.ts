import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetrics, type MetricsSource } from './metrics.js';
import { EventCounter } from './event-counter.js';
import type { TracerSummary } from '../tracer/tracer.js';
import type { SinkStats } from '../output/sink.js';
import type { TraceEvent } from '../decode/trace-event.js';
import { eventByName } from '../events/catalog.js';
import { samples } from '../../test/helpers/prometheus-text.js';


const summary: TracerSummary = {
  submitted: 1000n, submittedSecurity: 300n, lost: 7n, lostBulk: 5n, lostSecurity: 2n, lostState: 4n, lostStateBulk: 3n, lostStateSecurity: 1n,
  decoder: { events: 900, orphanEntries: 0, malformed: 1 }, written: 12, filtered: 6, stateOnly: 40, forSignatures: 9,
  detection: { findings: 0, disabled: 0, allowlisted: 2 }, memoryRegions: { regionsDropped: 0, processesDropped: 0 },
} as TracerSummary;

const sink: SinkStats = {
  kind: 'webhook', name: 'https://***:***@collector.example/in', queued: 3, queuedBytes: 900, capacityBytes: 1 << 20,
  dropped: { queue_full: 4, rejected: 1 }, delivered: 20, retries: 2, state: 'retrying',
};

function source(over: Partial<MetricsSource> = {}): MetricsSource {
  const events = new EventCounter();
  const openat = eventByName('openat')!.id;
  for (let i = 0; i < 3; i++) events.count({ eventId: openat, timestamp: 1_700_000_000_000_000_000n } as TraceEvent);
  events.batchWorked(1_700_000_000_500);
  return {
    summary: () => summary, ringFill: () => [0.25, 0], events, outputs: ['json:/tmp/x.jsonl'], sinks: () => [sink],
    allowlisted: () => new Map([['fd_theft', 2]]), ...over,
  };
}

test('each counter read at scrape time, with its labels', async () => {
  const m = await createMetrics(source());
  const { body, contentType } = await m.render();
  assert.match(contentType, /^text\/plain/);
  const s = samples(body);
  const expect: [string, number][] = [
    ['sysray_events_total{event="openat"}', 3],
    ['sysray_kernel_records_total{ring="bulk"}', 700],
    ['sysray_kernel_records_total{ring="security"}', 300],
    ['sysray_lost_total{path="bulk",cause="ring_full"}', 5],
    ['sysray_lost_total{path="security",cause="ring_full"}', 2],
    ['sysray_lost_total{path="bulk",cause="ring_full_state"}', 3],
    ['sysray_lost_total{path="security",cause="ring_full_state"}', 1],
    ['sysray_lost_total{path="decode",cause="malformed"}', 1],
    ['sysray_filtered_total', 6],
    ['sysray_signatures_only_total', 9],
    ['sysray_state_only_records_total', 40],
    ['sysray_output_written_total{output="json:/tmp/x.jsonl"}', 3],
    ['sysray_output_written_total{output="webhook:https://***:***@collector.example/in"}', 3],
    ['sysray_allowlisted_total{signature="fd_theft"}', 2],
    ['sysray_ring_fill_ratio{ring="bulk"}', 0.25],
    ['sysray_ring_fill_ratio{ring="security"}', 0],
    ['sysray_decode_lag_seconds', 0.5],
    ['sysray_last_event_timestamp_seconds', 1_700_000_000],
    ['sysray_sink_queued_events{kind="webhook",sink="https://***:***@collector.example/in"}', 3],
    ['sysray_sink_queued_bytes{kind="webhook",sink="https://***:***@collector.example/in"}', 900],
    ['sysray_sink_capacity_bytes{kind="webhook",sink="https://***:***@collector.example/in"}', 1 << 20],
    ['sysray_sink_delivered_total{kind="webhook",sink="https://***:***@collector.example/in"}', 20],
    ['sysray_sink_retries_total{kind="webhook",sink="https://***:***@collector.example/in"}', 2],
    ['sysray_sink_dropped_total{kind="webhook",sink="https://***:***@collector.example/in",cause="queue_full"}', 4],
    ['sysray_sink_dropped_total{kind="webhook",sink="https://***:***@collector.example/in",cause="rejected"}', 1],
    ['sysray_sink_state{kind="webhook",sink="https://***:***@collector.example/in",state="retrying"}', 1],
  ];
  for (const [name, value] of expect) assert.equal(s.get(name), value, name);
  assert.ok(s.has('sysray_process_resident_memory_bytes'), 'default process metrics, prefixed');
  assert.ok(s.has('sysray_process_cpu_seconds_total'));
  assert.match(body, /# TYPE sysray_lost_total counter/);
  assert.match(body, /# TYPE sysray_ring_fill_ratio gauge/);
});

test('values follow the source from one scrape to the next (no stale labels)', async () => {
  let fill = [0.5, 0.1];
  let stats = [sink];
  const m = await createMetrics(source({ ringFill: () => fill, sinks: () => stats }));
  assert.equal(samples((await m.render()).body).get('sysray_ring_fill_ratio{ring="bulk"}'), 0.5);
  fill = [0.125, 0];
  stats = [{ ...sink, state: 'connected' }];
  const s = samples((await m.render()).body);
  assert.equal(s.get('sysray_ring_fill_ratio{ring="bulk"}'), 0.125);
  assert.equal(s.get('sysray_sink_state{kind="webhook",sink="https://***:***@collector.example/in",state="connected"}'), 1);
  assert.equal(s.has('sysray_sink_state{kind="webhook",sink="https://***:***@collector.example/in",state="retrying"}'), false);
});

test('before the tracer is loaded: no tracer samples, no lag', async () => {
  const m = await createMetrics(source({ summary: () => undefined, ringFill: () => undefined, events: new EventCounter() }));
  const s = samples((await m.render()).body);
  assert.equal([...s.keys()].some((k) => k.startsWith('sysray_lost_total')), false);
  assert.equal(s.get('sysray_decode_lag_seconds'), 0);
});
