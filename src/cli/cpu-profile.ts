/**
 * `SYSRAY_CPU_PROFILE=FILE`: a V8 CPU profile of the running tracer, for
 * finding where user space spends its time (open FILE in Chrome DevTools or
 * speedscope). `node --cpu-prof` cannot be used: its sampling signals make
 * the kernel's BPF verifier give up (EAGAIN), so the profiler is started here,
 * after the programs are loaded, and written when the tracer stops.
 * `--server pprof` takes its profiles with the same code (takeCpuProfile).
 */
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

export interface CpuProfile {
  /** Stops profiling and writes the profile. */
  stop(): Promise<void>;
}

/** A profile being taken in a session of its own; `stop` hands it back (.cpuprofile JSON). */
async function startProfiler(): Promise<{ stop(): Promise<object> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile;
    },
  };
}

export async function startCpuProfile(file: string): Promise<CpuProfile> {
  const profiler = await startProfiler();
  return {
    async stop() {
      writeFileSync(file, JSON.stringify(await profiler.stop()));
    },
  };
}

/** Profiles for `ms` and hands back the profile (Chrome DevTools' .cpuprofile format). */
export async function takeCpuProfile(ms: number): Promise<object> {
  const profiler = await startProfiler();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return profiler.stop();
}
