/**
 * The --server endpoints of one tracing run, wired to what the run has: the
 * tracer (once loaded), the event counter, the outputs and sinks. The run
 * moves `phase` along; the endpoints read it when asked.
 */
import type { Tracer } from '../tracer/tracer.js';
import type { Sink } from '../output/sink.js';
import type { EventCounter } from './event-counter.js';
import type { ServerConfig } from './server-flags.js';
import { judgeHealth } from './health.js';
import { startHttpServer, type Endpoints, type RunningServer } from './http-server.js';
import { createMetrics } from './metrics.js';
import { takeCpuProfile } from '../cli/cpu-profile.js';

export interface TraceRunStatus {
  phase: 'starting' | 'tracing' | 'stopping';
  tracer?: Tracer;
  /** Events written (undefined: metrics not asked for, nothing counted). */
  events?: EventCounter;
  /** json:PATH, table:stdout... */
  outputs: readonly string[];
  sinks: readonly Sink[];
}

export async function startTraceServer(config: ServerConfig, status: TraceRunStatus): Promise<RunningServer> {
  const endpoints: Endpoints = {};
  if (config.healthz) {
    endpoints.healthz = () => {
      const h = status.tracer?.health();
      return judgeHealth({ phase: h?.stopping ? 'stopping' : status.phase, native: h?.native, hooks: h?.hooks });
    };
  }
  if (config.metrics && status.events) {
    const events = status.events;
    const metrics = await createMetrics({
      summary: () => status.tracer?.summary(),
      ringFill: () => status.tracer?.health()?.native.ringFill,
      events,
      outputs: status.outputs,
      sinks: () => status.sinks.map((s) => s.stats()),
      allowlisted: () => status.tracer?.allowlistedBySignature ?? new Map(),
    });
    endpoints.metrics = () => metrics.render();
  }
  if (config.pprof) {
    let taking = false;
    endpoints.profile = {
      busy: () =>
        // the profiler's signals during the BPF load make the kernel's verifier give up (cpu-profile.ts)
        status.phase === 'starting' ? 'the tracer is loading its BPF programs: profile once it is ready'
        : taking ? 'a profile is being taken: one at a time'
        : undefined,
      async take(seconds) {
        taking = true;
        try {
          return await takeCpuProfile(seconds * 1000);
        } finally {
          taking = false;
        }
      },
    };
  }
  return startHttpServer(config, endpoints);
}
