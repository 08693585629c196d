/**
 * /metrics: Prometheus metrics in a registry of sysray's own, names
 * prefixed `sysray_`. Nothing is counted per event here: every metric reads
 * counters that the pipeline, the kernel and the sinks keep anyway, at
 * scrape time (collect callbacks), so a scrape shows loss the moment it is
 * counted. prom-client is loaded only when metrics are asked for.
 */
import type { Counter, Gauge, Registry } from 'prom-client';
import type { TracerSummary } from '../tracer/tracer.js';
import type { SinkStats } from '../output/sink.js';
import type { EventCounter } from './event-counter.js';
import { eventById } from '../events/catalog.js';

/** What the metrics read, at scrape time. */
export interface MetricsSource {
  /** The tracer's counters so far (undefined before it is loaded). */
  summary(): TracerSummary | undefined;
  /** Per ring (bulk, security): bytes held over size, 0..1 (undefined before start and after stop). */
  ringFill(): readonly number[] | undefined;
  /** Events written, by id. */
  events: EventCounter;
  /** The file and stdout outputs (json:PATH, table:stdout...): each writes every event. */
  outputs: readonly string[];
  sinks(): readonly SinkStats[];
  /** Per signature eventName, findings allowlisted. */
  allowlisted(): ReadonlyMap<string, number>;
}

export interface Metrics {
  readonly registry: Registry;
  /** The text exposition format, and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

const RINGS = ['bulk', 'security'] as const;

export async function createMetrics(source: MetricsSource): Promise<Metrics> {
  const prom = await import('prom-client');
  const registry = new prom.Registry();
  prom.collectDefaultMetrics({ register: registry, prefix: 'sysray_' });

  type Labels = Record<string, string>;
  /** A counter whose values are read, absolute, at scrape time. */
  const counter = (name: string, help: string, labelNames: string[], read: (set: (labels: Labels, value: number) => void) => void): void => {
    new prom.Counter({
      name, help, labelNames, registers: [registry],
      collect(this: Counter) {
        this.reset();
        read((labels, value) => this.inc(labels, value));
      },
    });
  };
  const gauge = (name: string, help: string, labelNames: string[], read: (set: (labels: Labels, value: number) => void) => void): void => {
    new prom.Gauge({
      name, help, labelNames, registers: [registry],
      collect(this: Gauge) {
        this.reset();
        read((labels, value) => this.set(labels, value));
      },
    });
  };
  const n = (v: number | bigint): number => Number(v);
  const sinkLabels = (s: SinkStats): Labels => ({ kind: s.kind, sink: s.name });

  counter('sysray_events_total', 'Events written, by event name (findings included)', ['event'], (set) => {
    for (const [id, count] of source.events.entries()) set({ event: eventById(id)?.name ?? `#${id}` }, count);
  });
  counter('sysray_kernel_records_total', 'Records the kernel wrote, by ring buffer', ['ring'], (set) => {
    const s = source.summary();
    if (!s) return;
    set({ ring: 'bulk' }, n(s.submitted - s.submittedSecurity));
    set({ ring: 'security' }, n(s.submittedSecurity));
  });
  counter(
    'sysray_lost_total',
    'Records lost, by path (bulk or security ring, decode) and cause (ring_full: a selected record; ring_full_state: one for process state only; malformed)',
    ['path', 'cause'],
    (set) => {
      const s = source.summary();
      if (!s) return;
      set({ path: 'bulk', cause: 'ring_full' }, n(s.lostBulk));
      set({ path: 'security', cause: 'ring_full' }, n(s.lostSecurity));
      set({ path: 'bulk', cause: 'ring_full_state' }, n(s.lostStateBulk));
      set({ path: 'security', cause: 'ring_full_state' }, n(s.lostStateSecurity));
      set({ path: 'decode', cause: 'malformed' }, s.decoder.malformed);
    },
  );
  counter('sysray_filtered_total', 'Events dropped in user space by filters (not written: not loss)', [], (set) => {
    const s = source.summary();
    if (s) set({}, s.filtered);
  });
  counter('sysray_signatures_only_total', 'Events decoded only for signatures, not written', [], (set) => {
    const s = source.summary();
    if (s) set({}, s.forSignatures);
  });
  counter('sysray_state_only_records_total', 'Records the kernel sent only to keep the process tree and fd table', [], (set) => {
    const s = source.summary();
    if (s) set({}, s.stateOnly);
  });
  counter('sysray_output_written_total', 'Events written to each output (files, stdout) or handed to each network sink', ['output'], (set) => {
    for (const o of source.outputs) set({ output: o }, source.events.total);
    for (const s of source.sinks()) set({ output: `${s.kind}:${s.name}` }, source.events.total);
  });
  counter('sysray_findings_total', 'Findings written, by signature', ['signature'], (set) => {
    for (const [id, count] of source.events.entries()) {
      const e = eventById(id);
      if (e?.source === 'signature') set({ signature: e.name }, count);
    }
  });
  counter('sysray_allowlisted_total', 'Findings --signatures-config allowlisted (not written), by signature', ['signature'], (set) => {
    for (const [name, count] of source.allowlisted()) set({ signature: name }, count);
  });
  gauge('sysray_ring_fill_ratio', 'Bytes the kernel wrote and sysray has not given back, over the ring buffer size', ['ring'], (set) => {
    const fill = source.ringFill();
    if (fill) RINGS.forEach((ring, i) => set({ ring }, fill[i]));
  });
  gauge('sysray_decode_lag_seconds', "From the kernel's timestamp of the last event written to the end of its batch's decoding (0 before the first)", [], (set) => {
    set({}, source.events.lagSeconds);
  });
  gauge('sysray_last_event_timestamp_seconds', 'Timestamp of the last event written (0: none yet)', [], (set) => {
    set({}, Number(source.events.lastTimestamp / 1_000_000n) / 1000);
  });
  gauge('sysray_sink_queued_events', 'Events a network sink holds, in flight included', ['kind', 'sink'], (set) => {
    for (const s of source.sinks()) set(sinkLabels(s), s.queued);
  });
  gauge('sysray_sink_queued_bytes', 'Bytes a network sink holds', ['kind', 'sink'], (set) => {
    for (const s of source.sinks()) set(sinkLabels(s), s.queuedBytes);
  });
  gauge('sysray_sink_capacity_bytes', "A network sink's queue bound (past it the oldest are dropped)", ['kind', 'sink'], (set) => {
    for (const s of source.sinks()) set(sinkLabels(s), s.capacityBytes);
  });
  counter('sysray_sink_delivered_total', 'Events the server acknowledged', ['kind', 'sink'], (set) => {
    for (const s of source.sinks()) set(sinkLabels(s), s.delivered);
  });
  counter('sysray_sink_retries_total', 'Requests or publishes tried again', ['kind', 'sink'], (set) => {
    for (const s of source.sinks()) set(sinkLabels(s), s.retries);
  });
  counter('sysray_sink_dropped_total', 'Events a network sink dropped, by cause', ['kind', 'sink', 'cause'], (set) => {
    for (const s of source.sinks()) for (const [cause, count] of Object.entries(s.dropped)) set({ ...sinkLabels(s), cause }, count);
  });
  gauge('sysray_sink_state', "A network sink's connection state: 1 for the state it is in", ['kind', 'sink', 'state'], (set) => {
    for (const s of source.sinks()) set({ ...sinkLabels(s), state: s.state }, 1);
  });

  return {
    registry,
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
