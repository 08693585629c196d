/**
 * The `sysray` command: trace (the default), `list`, `man`. Flag names are
 * Tracee's (-e/--events, -s/--scope, -o/--output) so its users feel at home.
 */
import { startCpuProfile } from './cpu-profile.js';
import { Command, CommanderError, Option } from 'commander';
import { eventById, eventByName } from '../events/catalog.js';
import { loadNativeAddon } from '../tracer/native-addon.js';
import { Tracer } from '../tracer/tracer.js';
import { OutputStream } from '../output/output-stream.js';
import type { Printer } from '../output/printer.js';
import { JsonPrinter } from '../output/json-printer.js';
import { TablePrinter } from '../output/table-printer.js';
import { parseOutput, type OutputConfig } from './parse-output.js';
import { PolicyError, policiesFromDocuments, policyFromFlags, selectedEventIds } from '../policy/policy-set.js';
import type { Policy } from '../policy/policy-types.js';
import { KernelConfigError } from '../policy/kernel-config.js';
import { parseRingBufferSize, parseSize } from './parse-size.js';
import { EnvironmentError, UsageError } from './usage-error.js';
import { explainNativeError, preflight } from './preflight.js';
import { renderList } from './list.js';
import { renderMan } from './man.js';
import { SIGNATURES, SignatureError } from '../detect/signature-registry.js';
import { loadSignatureDir, registerBuiltinSignatures } from '../detect/load-signatures.js';
import { parseSignatureParams } from './parse-signature-params.js';
import type { SignaturesConfig } from '../detect/signature-tuning.js';
import { SinkPrinter, redactUrl, type Sink } from '../output/sink.js';
import { hostname } from 'node:os';
import { createLogger, parseLogFormat, parseLogLevel, type Logger } from '../log/logger.js';
import { parseServerFlags, type ServerConfig } from '../server/server-flags.js';
import { EventCounter } from '../server/event-counter.js';
import type { TraceRunStatus } from '../server/trace-server.js';
import type { RunningServer } from '../server/http-server.js';
import type { TracerSummary } from '../tracer/tracer.js';
import { existsSync, statSync } from 'node:fs';
import { RecordSession, describeRecording, type RecordTarget } from '../record/record-session.js';
import type { PolicySource } from '../record/recording-header.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const TRACE_EXAMPLES = `
Examples:
  sysray                                     trace the default events, as a table
  sysray -e perf_event_open -e pidfd_open    trace two syscalls
  sysray -e 'open*' -e -open_by_handle_at    wildcards and exclusions
  sysray -e fs -s comm=bash                  a set of events, only from bash
  sysray -e execve -o json:/tmp/exec.jsonl   JSON lines to a file
  sysray -s comm=bash -s follow -e execve    bash and everything it starts
  sysray -s uid>=1000 -s not-container       users' processes on the host
  sysray -e openat.data.pathname=/etc/*      openat of files under /etc
  sysray -e perf_event_open.data.attr.type=PERF_TYPE_HARDWARE
  sysray -e close.retval!=0                  failed closes
  sysray -p ./policies/                      Tracee policy files (SIGHUP reloads them)
  sysray -e perf_event_open -o json -o option:parse-arguments
                                             symbolic flags (PERF_TYPE_SOFTWARE...)
  sysray -e signatures                       every signature, findings only
  sysray -e fd_theft,agent_tampering         two signatures
  sysray --signatures-dir ./my-signatures    also run your own signatures
  sysray --signatures-config tune.yaml       disable, re-rate or allowlist signatures
  sysray --server healthz --server metrics   /healthz and /metrics on 127.0.0.1:3366
  sysray --server http-address=0.0.0.0:3366 --server metrics
                                             metrics for a Prometheus elsewhere
  sysray --log-format json                   sysray's own messages as JSON lines (stderr)
  sysray record -w /var/tmp/t.rec -e execve  record now (native threads, nothing lost), decode later
  sysray analyze /var/tmp/t.rec -o json      a recording through the same pipeline and signatures
  sysray -e signatures -w /var/tmp/all.rec   findings live, and a recording of what they came from
  sysray list                                every event and its arguments
  sysray man pidfd_open                      one event's page`;

interface TraceFlags {
  write?: string;
  maxFileSize?: string;
  maxFiles?: string;
  compress?: boolean;
  events?: string[];
  scope?: string[];
  policy?: string[];
  output?: string[];
  ringBufferSize: string;
  securityBufferSize: string;
  verbose?: boolean;
  signaturesDir?: string[];
  signatureParam?: string[];
  signaturesConfig?: string;
  nodeName?: string;
  server?: string[];
  logFormat: string;
  logLevel: string;
}

/** The built-in signatures, then those of each --signatures-dir: before any event name is read. */
async function loadSignatures(dirs: readonly string[] | undefined): Promise<void> {
  try {
    registerBuiltinSignatures(SIGNATURES);
    for (const dir of dirs ?? []) await loadSignatureDir(dir, SIGNATURES);
  } catch (err) {
    if (err instanceof SignatureError) throw new UsageError(err.message);
    throw err;
  }
}

/** --signatures-config: read once (zod only then), checked against the signatures loaded. */
async function loadTuning(file: string | undefined): Promise<SignaturesConfig | undefined> {
  if (file === undefined) return undefined;
  const { SignaturesConfigError, loadSignaturesConfig } = await import('../detect/signatures-config.js');
  try {
    return loadSignaturesConfig(file, SIGNATURES.all.map((r) => r.signature.metadata.eventName));
  } catch (err) {
    if (err instanceof SignaturesConfigError) throw new UsageError(err.message);
    throw err;
  }
}

/** Disabled signatures are taken out of the policies: the kernel is not asked for what they select. */
function withoutDisabled(policies: Policy[], tuning: SignaturesConfig | undefined): Policy[] {
  for (const [name, t] of tuning ?? []) {
    const id = t.enabled ? undefined : eventByName(name)?.id;
    if (id !== undefined) for (const p of policies) p.rules.delete(id);
  }
  return policies;
}

/**
 * The network sinks of -o webhook:/nats: (they connect on their own; an unreachable server is a warning).
 * Their clients (undici, nats) are imported only when asked for: they are a tenth of a second of every start.
 */
async function makeSinks(config: OutputConfig, nodeName: string, log: Logger): Promise<Sink[]> {
  if (config.sinks.length === 0) return [];
  const { createSink } = await import('../output/sinks.js');
  return config.sinks.map((t) => createSink(t, { nodeName, warn: (line) => log.warn(line) }));
}

/** How many events each sink delivered, still held, dropped: for the stop line. */
function describeSinks(sinks: readonly Sink[]): string {
  return sinks
    .map((s) => {
      const st = s.stats();
      const dropped = Object.entries(st.dropped).filter(([, n]) => n > 0);
      return `; ${st.kind} ${st.name}: ${st.delivered} delivered, ${st.queued} undelivered, ${dropped.reduce((a, [, n]) => a + n, 0)} dropped` +
        (dropped.length ? ` (${dropped.map(([c, n]) => `${c} ${n}`).join(', ')})` : '') + (st.retries ? `, ${st.retries} retries` : '') +
        ('duplicates' in st && st.duplicates ? `, ${st.duplicates} resends stored once` : '');
    })
    .join('');
}

function makePrinters(config: OutputConfig): Printer[] {
  return config.targets.map((t) => {
    let stream: OutputStream;
    try {
      stream = new OutputStream(t.path);
    } catch (err) {
      throw new UsageError(`cannot open output file "${t.path}": ${(err as Error).message}`);
    }
    return t.format === 'json'
      ? new JsonPrinter(stream, { parseArguments: config.parseArguments, parseArgumentsFds: config.parseArgumentsFds })
      : new TablePrinter(stream, { parseArguments: config.parseArguments, parseArgumentsFds: config.parseArgumentsFds });
  });
}

function warnUnavailable(names: readonly string[], log: Logger): void {
  for (const line of SIGNATURES.unavailableWarnings(names)) log.warn(line);
}

/** policy-file.ts and its YAML parser (~45 ms), loaded only when -p names files (policyFilesFor). */
let policyFiles: typeof import('../policy/policy-file.js') | undefined;
async function policyFilesFor(flags: TraceFlags): Promise<void> {
  if (flags.policy?.length) policyFiles ??= await import('../policy/policy-file.js');
}
const isPolicyFileError = (err: unknown): err is Error => policyFiles !== undefined && err instanceof policyFiles.PolicyFileError;

/** The policies of -p files, or the one policy of -s/-e flags; warns about signatures named that never fire. */
function loadPolicies(flags: TraceFlags, log: Logger, tuning?: SignaturesConfig): Policy[] {
  try {
    if (flags.policy?.length) {
      const docs = policyFiles!.loadPolicyFiles(flags.policy);
      warnUnavailable(docs.flatMap((d) => d.rules.map((r) => r.event.text)), log);
      return withoutDisabled(policiesFromDocuments(docs), tuning);
    }
    // -e NAME, -e A,B, -e NAME.args.X=V: the names before any filter
    warnUnavailable((flags.events ?? []).flatMap((e) => e.split(',')).map((e) => e.split(/[.=!<>]/)[0]), log);
    return withoutDisabled([policyFromFlags(flags.scope ?? [], flags.events ?? [])], tuning);
  } catch (err) {
    if (err instanceof PolicyError || isPolicyFileError(err)) throw new UsageError(err.message);
    throw err;
  }
}

/** The fields of the ready and reload lines in JSON logs. */
function policyFields(policies: readonly Policy[]): { events: string[]; policies: number } {
  return { events: selectedEventIds(policies).map((id) => eventById(id)?.name ?? `#${id}`), policies: policies.length };
}

function describe(policies: readonly Policy[]): string {
  const ids = selectedEventIds(policies);
  const events = ids.length === 0 ? 'no events' : ids.length <= 6 ? ids.map((id) => eventById(id)?.name).join(', ') : `${ids.length} events`;
  if (policies.length === 1 && policies[0].name === '') return `tracing ${events}`;
  return `tracing ${events} for ${policies.length} ${policies.length === 1 ? 'policy' : 'policies'}`;
}

async function trace(flags: TraceFlags): Promise<number> {
  const log = await createLogger({ format: parseLogFormat(flags.logFormat), level: parseLogLevel(flags.logLevel) });
  const serverConfig = parseServerFlags(flags.server ?? []);
  if (flags.policy?.length && (flags.scope?.length || flags.events?.length)) {
    throw new UsageError(
      `-p cannot be combined with ${flags.scope?.length ? '-s' : '-e'}: put the scope and events in the policy file, or drop -p`,
    );
  }
  await loadSignatures(flags.signaturesDir);
  const signatureParams = parseSignatureParams(flags.signatureParam ?? [], SIGNATURES);
  const tuning = await loadTuning(flags.signaturesConfig);
  await policyFilesFor(flags);
  const { policies, source } = loadPolicySource(flags, log, tuning);
  const output = parseOutput(flags.output ?? []);
  const target = flags.write === undefined ? undefined : recordTarget(flags);
  if (!target && (flags.maxFileSize !== undefined || flags.maxFiles !== undefined || flags.compress)) throw new UsageError('--max-file-size, --max-files and --compress are for the recording: add -w FILE or -w DIR/');
  const ringBufferBytes = parseRingBufferSize(flags.ringBufferSize);
  const securityRingBufferBytes = parseRingBufferSize(flags.securityBufferSize, 'security buffer size');
  const syscallHooks = parseSyscallHooks(process.env.SYSRAY_SYSCALL_HOOKS);

  const native = loadNativeAddon();
  preflight(native);
  const printers = makePrinters(output);
  const sinks = await makeSinks(output, flags.nodeName ?? hostname(), log);
  for (const sink of sinks) printers.push(new SinkPrinter(sink, { parseArguments: output.parseArguments, parseArgumentsFds: output.parseArgumentsFds }));
  const status: TraceRunStatus = {
    phase: 'starting',
    events: serverConfig?.metrics ? new EventCounter() : undefined,
    outputs: output.targets.map((t) => `${t.format}:${t.path ?? 'stdout'}`),
    sinks,
  };
  // bound before the BPF load: a port in use fails at once, and /healthz says "starting" meanwhile
  // the server's modules (prom-client: ~55 ms) only when --server asks for it
  const server = serverConfig ? await (await import('../server/trace-server.js')).startTraceServer(serverConfig, status) : undefined;
  try {
    return await traceWith(flags, { log, policies, source, target, tuning, output, ringBufferBytes, securityRingBufferBytes, syscallHooks, signatureParams, printers, sinks, status, server, serverConfig });
  } finally {
    await server?.close();
  }
}

interface TraceRun {
  log: Logger;
  policies: Policy[];
  source: PolicySource;
  target?: RecordTarget;
  tuning: SignaturesConfig | undefined;
  output: OutputConfig;
  ringBufferBytes: number;
  securityRingBufferBytes: number;
  syscallHooks: 'auto' | 'raw' | 'tracepoints';
  signatureParams: ReturnType<typeof parseSignatureParams>;
  printers: Printer[];
  sinks: Sink[];
  status: TraceRunStatus;
  server?: RunningServer;
  serverConfig?: ServerConfig;
}

/** The run itself, once flags are read and the server (if any) listens. */
async function traceWith(flags: TraceFlags, run: TraceRun): Promise<number> {
  const { log, policies, source, target, tuning, output, ringBufferBytes, securityRingBufferBytes, syscallHooks, signatureParams, printers, sinks, status, server, serverConfig } = run;
  if (server && serverConfig) {
    const endpoints = (['healthz', 'metrics', 'pprof'] as const).filter((e) => serverConfig[e]);
    if (endpoints.length) log.info(`server: listening on http://${server.address} (${endpoints.map((e) => (e === 'pprof' ? '/debug/pprof/profile' : `/${e}`)).join(', ')})`, { address: server.address, endpoints });
    else log.warn(`server: listening on http://${server.address} with no endpoint: add --server healthz, metrics or pprof`, { address: server.address });
  }

  let tracer: Tracer;
  try {
    tracer = new Tracer({
      ringBufferBytes,
      securityRingBufferBytes,
      captureEnv: output.execEnv,
      symbolic: output.parseArguments,
      trackFds: output.parseArgumentsFds,
      verbose: flags.verbose,
      notice: (line) => log.warn(line),
      onBatchWorked: status.events ? () => status.events?.batchWorked(Date.now()) : undefined,
      syscallHooks,
      // with policy files a reload may want the other kind of hooks
      initialPolicies: flags.policy?.length ? undefined : policies,
      detection: {
        registry: SIGNATURES,
        selfPid: process.pid,
        parentPid: process.ppid,
        params: signatureParams,
        tuning,
        warn: (line) => log.warn(line),
      },
    });
  } catch (err) {
    throw explainNativeError(err);
  }

  const session = target ? await openRecording(tracer, target, flags, output, true) : undefined;
  try {
    tracer.setPolicies(policies, session?.policiesChunk(source));
  } catch (err) {
    await tracer.stop().catch(() => undefined);
    if (err instanceof KernelConfigError) throw new UsageError(err.message);
    throw explainNativeError(err);
  }
  if (flags.verbose) log.info(`syscall hooks: ${describeHooks(tracer)}`);
  for (const p of printers) p.preamble();
  // one JSON output and nothing counting events by kind: what needs no object is written from its record
  if (printers.length === 1 && printers[0] instanceof JsonPrinter && !status.events) tracer.printRecordsWith(printers[0]);
  // after the BPF load: a profiler's signals during it make the verifier give up
  const profile = process.env.SYSRAY_CPU_PROFILE ? await startCpuProfile(process.env.SYSRAY_CPU_PROFILE) : undefined;
  // an output that cannot be written (disk full, file too large) ends the run like a signal, said in one line
  let failure: Error | undefined;
  let endRun = (): void => undefined;
  const counted = status.events;
  tracer.start(
    counted
      ? (event) => {
          counted.count(event);
          for (const p of printers) p.print(event);
        }
      : (event) => {
          for (const p of printers) p.print(event);
        },
    () => {
      for (const p of printers) p.flush();
    },
    (err) => {
      failure = err;
      endRun();
    },
    session?.picture(output.parseArgumentsFds),
  );
  session?.watchFailure((line) => {
    failure = new Error(line);
    endRun();
  });
  const reload = (): void => {
    // parse everything first: a broken file leaves the set in force untouched
    // (setPolicies compiles before it writes anything, so its errors leave the set in force too)
    try {
      const { policies: next, source: nextSource } = loadPolicySource(flags, log, tuning);
      tracer.setPolicies(next, session?.policiesChunk(nextSource));
      log.info(`reloaded: ${describe(next)}`, policyFields(next));
      if (flags.verbose) log.info(`syscall hooks: ${describeHooks(tracer)}`);
    } catch (err) {
      log.error(`reload failed, the previous policies stay: ${(err as Error).message}`);
    }
  };
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    endRun = done;
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    // with policy files SIGHUP reloads them; without, it ends the run as a hangup does
    if (flags.policy?.length) process.on('SIGHUP', reload);
    else process.once('SIGHUP', done);
    // only now: a signal sent the moment "ready" is read must find the handlers
    status.tracer = tracer;
    status.phase = 'tracing';
    log.info(`ready: ${describe(policies)}`, policyFields(policies));
  });

  status.phase = 'stopping';
  const summary = await tracer.stop();
  for (const p of printers) {
    try {
      p.close();
    } catch (err) {
      failure ??= err as Error;
    }
  }
  await profile?.stop();
  // what the sinks still hold gets a few seconds to reach its server; the rest is counted dropped
  await Promise.all(sinks.map((s) => s.close(SINK_CLOSE_GRACE_MS)));
  if (failure) {
    log.error(`stopped: ${failure.message}` + (session ? `; the recording stays readable up to its last whole chunk (${describeRecording(session.final(), target!.compress)})` : ''));
    return 1;
  }
  log.debug(`of the lines written, ${summary.fromRecords.native} were written from records by the C writer, ${summary.fromRecords.js} by JS, the rest decoded first`);
  const sinkStats = sinks.map((s) => s.stats());
  const sinkDropped = sinkStats.reduce((a, st) => a + Object.values(st.dropped).reduce((x, y) => x + y, 0), 0);
  // loss is said at warn level: a --log-level warn run still reports it
  const lossy = summary.lost > 0n || summary.lostState > 0n || summary.decoder.malformed > 0 || sinkDropped > 0;
  log[lossy ? 'warn' : 'info'](
    `${summary.written} events written, ${summary.lost} lost (bulk ${summary.lostBulk}, security ${summary.lostSecurity})` +
      (summary.detection.findings ? `, ${summary.detection.findings} findings` : '') +
      (summary.detection.allowlisted ? `, ${summary.detection.allowlisted} allowlisted` : '') +
      (summary.filtered ? `, ${summary.filtered} dropped by filters` : '') +
      (summary.forSignatures ? `, ${summary.forSignatures} only for signatures` : '') +
      (summary.detection.disabled ? `, ${summary.detection.disabled} signatures disabled` : '') +
      (summary.decoder.malformed ? `, ${summary.decoder.malformed} malformed records` : '') +
      (summary.memoryRegions.regionsDropped ? `, ${summary.memoryRegions.regionsDropped} mappings not kept (mem_prot_alert: 4096 a process)` : '') +
      (summary.memoryRegions.processesDropped ? `, ${summary.memoryRegions.processesDropped} processes' mappings forgotten (mem_prot_alert: 4096 processes)` : '') +
      ` (${summary.submitted} records from the kernel` +
      (summary.stateOnly ? `, ${summary.stateOnly} of them only for process state` : '') +
      (summary.lostState ? `, ${summary.lostState} more for process state lost` : '') +
      ')' +
      describeSinks(sinks) +
      (session ? `; ${describeRecording(session.final(), target!.compress)}` : ''),
    stopFields(summary, sinkStats),
  );
  return 0;
}

/** The policies of -p files or of -s/-e, with what made them (a recording keeps that, analyze makes them again). */
function loadPolicySource(flags: TraceFlags, log: Logger, tuning?: SignaturesConfig): { policies: Policy[]; source: PolicySource } {
  try {
    if (flags.policy?.length) {
      const documents = policyFiles!.loadPolicyFiles(flags.policy);
      warnUnavailable(documents.flatMap((d) => d.rules.map((r) => r.event.text)), log);
      return { policies: withoutDisabled(policiesFromDocuments(documents), tuning), source: { kind: 'documents', documents } };
    }
    return { policies: loadPolicies(flags, log, tuning), source: { kind: 'flags', scope: flags.scope ?? [], events: flags.events ?? [] } };
  } catch (err) {
    if (err instanceof PolicyError || isPolicyFileError(err)) throw new UsageError(err.message);
    throw err;
  }
}

/** -w FILE | DIR and rotation: a directory (existing, or written with a trailing /) holds rotated files. */
function recordTarget(flags: TraceFlags): RecordTarget {
  const w = flags.write;
  if (!w) throw new UsageError('record: -w FILE or -w DIR/ is needed: where to write the recording');
  let dir = w.endsWith('/');
  try {
    dir ||= statSync(w).isDirectory();
  } catch {
    // a new file
  }
  if (!dir && (flags.maxFileSize !== undefined || flags.maxFiles !== undefined)) {
    throw new UsageError(`record: --max-file-size and --max-files rotate files in a directory: write -w DIR/ (not the file ${w})`);
  }
  const maxFiles = flags.maxFiles === undefined ? 0 : Number(flags.maxFiles);
  if (!Number.isInteger(maxFiles) || maxFiles < 0) throw new UsageError(`record: --max-files "${flags.maxFiles}" must be a whole number (0: keep all)`);
  if (dir && !existsSync(w)) throw new UsageError(`record: the directory ${w} does not exist: create it first`);
  return {
    path: dir ? w.replace(/\/+$/, '') || '/' : w,
    dir,
    maxFileBytes: dir ? parseSize(flags.maxFileSize ?? '256M', 'record: --max-file-size', 1 << 20) : 0,
    maxFiles,
    compress: flags.compress === true,
  };
}

/** `sysray record -w FILE|DIR`: the kernel's records to a file from native threads, for `sysray analyze` later. */
async function record(flags: TraceFlags): Promise<number> {
  const log = await createLogger({ format: parseLogFormat(flags.logFormat), level: parseLogLevel(flags.logLevel) });
  if (flags.policy?.length && (flags.scope?.length || flags.events?.length)) {
    throw new UsageError(`-p cannot be combined with ${flags.scope?.length ? '-s' : '-e'}: put the scope and events in the policy file, or drop -p`);
  }
  const target = recordTarget(flags);
  await loadSignatures(flags.signaturesDir);
  const tuning = await loadTuning(flags.signaturesConfig);
  await policyFilesFor(flags);
  const { policies, source } = loadPolicySource(flags, log, tuning);
  const output = parseOutput(flags.output ?? []);
  if ((flags.output ?? []).some((o) => !/^option:(exec-env|parse-arguments-fds)$/.test(o))) {
    throw new UsageError('record: -o takes only option:exec-env and option:parse-arguments-fds (what the kernel captures); choose formats and outputs at sysray analyze');
  }
  const native = loadNativeAddon();
  preflight(native);
  let tracer: Tracer;
  try {
    tracer = new Tracer({
      ringBufferBytes: parseRingBufferSize(flags.ringBufferSize),
      securityRingBufferBytes: parseRingBufferSize(flags.securityBufferSize, 'security buffer size'),
      captureEnv: output.execEnv, symbolic: false, trackFds: output.parseArgumentsFds, containerRuntimes: false,
      verbose: flags.verbose, notice: (line) => log.warn(line), syscallHooks: parseSyscallHooks(process.env.SYSRAY_SYSCALL_HOOKS),
      initialPolicies: flags.policy?.length ? undefined : policies,
    });
  } catch (err) {
    throw explainNativeError(err);
  }
  const session = await openRecording(tracer, target, flags, output, false);
  try {
    tracer.setPolicies(policies, session.policiesChunk(source));
  } catch (err) {
    await tracer.stop().catch(() => undefined);
    if (err instanceof KernelConfigError) throw new UsageError(err.message);
    throw explainNativeError(err);
  }
  session.picture(output.parseArgumentsFds);
  tracer.startRecording();
  let failure: string | undefined;
  await new Promise<void>((resolve) => {
    const done = (): void => resolve();
    session.watchFailure((line) => {
      failure = line;
      done();
    });
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (flags.policy?.length) {
      process.on('SIGHUP', () => {
        try {
          const next = loadPolicySource(flags, log, tuning);
          tracer.setPolicies(next.policies, session.policiesChunk(next.source));
          log.info(`reloaded: ${describe(next.policies)}`, policyFields(next.policies));
        } catch (err) {
          log.error(`reload failed, the previous policies stay: ${(err as Error).message}`);
        }
      });
    } else process.once('SIGHUP', done);
    log.info(`ready: recording ${describe(policies).replace(/^tracing /, '')} to ${target.path}${target.dir ? '/' : ''}`, { ...policyFields(policies), path: target.path });
  });
  const summary = await tracer.stop();
  const r = session.final();
  const failed = failure ?? r.error ?? undefined;
  const line = `${describeRecording(r, target.compress)}, ${summary.lost} lost (bulk ${summary.lostBulk}, security ${summary.lostSecurity})` +
    (summary.lostState ? `, ${summary.lostState} more for process state lost` : '') + ` (${summary.submitted} records from the kernel)`;
  if (failed) {
    log.error(`stopped: ${failed}; what was written stays readable up to its last whole chunk (sysray analyze ${r.path}); ${line}`);
    return 1;
  }
  log[summary.lost > 0n || summary.lostState > 0n ? 'warn' : 'info'](line, { records: r.records, files: r.files, bytes: r.bytes, rawBytes: r.rawBytes, lost: summary.lost, lostState: summary.lostState, kernelRecords: summary.submitted });
  return 0;
}

/** The recording of `record`, or of a trace with -w: its file made now (a path that cannot be made is a usage error). */
async function openRecording(tracer: Tracer, target: RecordTarget, flags: TraceFlags, output: OutputConfig, alsoToJs: boolean): Promise<RecordSession> {
  try {
    return new RecordSession(tracer, target, {
      nodeName: flags.nodeName, alsoToJs,
      options: { execEnv: output.execEnv, trackFds: output.parseArgumentsFds, ringBufferBytes: parseRingBufferSize(flags.ringBufferSize), securityRingBufferBytes: parseRingBufferSize(flags.securityBufferSize, 'security buffer size') },
    });
  } catch (err) {
    await tracer.stop().catch(() => undefined);
    if (err instanceof Error && /^sysray: /.test(err.message)) throw new UsageError(`-w: ${err.message.replace(/^sysray: /, '')}`);
    throw err;
  }
}

interface AnalyzeFlags extends TraceFlags {
  since?: string;
  until?: string;
  durable: string;
  stream?: string;
  untilIdle?: string;
}

/** `sysray analyze INPUT...`: recorded events through the policies and signatures again, to the outputs. */
async function analyze(sources: readonly string[], flags: AnalyzeFlags): Promise<number> {
  const untilIdleMs = flags.untilIdle === undefined ? undefined : Number(flags.untilIdle);
  if (untilIdleMs !== undefined && !(Number.isInteger(untilIdleMs) && untilIdleMs > 0)) throw new UsageError(`analyze: --until-idle "${flags.untilIdle}" must be milliseconds, a whole number > 0`);
  if (flags.policy?.length && (flags.scope?.length || flags.events?.length)) throw new UsageError('-p cannot be combined with -s or -e: put the scope and events in the policy file, or drop -p');
  // the options are judged before the inputs are opened: a bad --since is a usage error whatever the files
  const { parseTimeBound, timeRange } = await import('../analyze/time-range.js');
  const now = new Date();
  const sinceNs = flags.since === undefined ? undefined : parseTimeBound(flags.since, now, '--since');
  const untilNs = flags.until === undefined ? undefined : parseTimeBound(flags.until, now, '--until');
  const nats = sources.filter((s) => /^(nats|tls):\/\//i.test(s));
  if (nats.length > 0 && sources.length > 1) throw new UsageError('analyze: a nats:// source is read alone: give one nats:// URL, or files');
  const { detectInputs } = await import('../analyze/input-kind.js');
  const inputs = nats.length ? [] : detectInputs(sources);
  const log = await createLogger({ format: parseLogFormat(flags.logFormat), level: parseLogLevel(flags.logLevel) });
  await loadSignatures(flags.signaturesDir);
  const params = parseSignatureParams(flags.signatureParam ?? [], SIGNATURES);
  const tuning = await loadTuning(flags.signaturesConfig);
  await policyFilesFor(flags);
  const policies = loadPolicies(flags, log, tuning);
  const output = parseOutput(flags.output ?? []);
  const printers = makePrinters(output);
  const sinks = await makeSinks(output, flags.nodeName ?? hostname(), log);
  for (const sink of sinks) printers.push(new SinkPrinter(sink, { parseArguments: output.parseArguments, parseArgumentsFds: output.parseArgumentsFds }));
  const warn = (line: string): void => log.warn(line);
  const { EventReplay } = await import('../analyze/event-replay.js');
  const replay = new EventReplay(policies, { registry: SIGNATURES, selfPid: -1, parentPid: -1, params, tuning, warn }, (e) => {
    for (const p of printers) p.print(e);
  }, warn);
  for (const p of printers) p.preamble();
  const began = process.hrtime.bigint();
  const recordings: import('../analyze/recording-input.js').RecordingCounters[] = [];
  if (nats.length) {
    const { NatsEventSource } = await import('../analyze/nats-event-source.js');
    let url: URL;
    try {
      url = new URL(nats[0]);
    } catch {
      throw new UsageError('analyze: the source is not a URL; write sysray analyze nats://HOST:PORT/PREFIX');
    }
    const reader = new NatsEventSource(url, { durable: flags.durable, stream: flags.stream, untilIdleMs });
    const stop = (): void => reader.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    log.info(`analyze: reading ${redactUrl(url)} (durable ${flags.durable})`);
    try {
      await reader.read((line, subject) => replay.push(line, subject));
    } finally {
      await reader.close();
    }
  } else {
    const { readJsonLines } = await import('../analyze/json-lines-input.js');
    const { RecordingInput } = await import('../analyze/recording-input.js');
    const { Progress } = await import('../analyze/progress.js');
    const own = Boolean(flags.policy?.length || flags.scope?.length || flags.events?.length);
    const progress = Progress.forStderr();
    replay.range = timeRange(sinceNs, untilNs);
    for (const input of inputs) {
      if (input.kind === 'json-lines') {
        for (const file of input.files) {
          progress?.beginFile(file, file === '-' ? 0 : statSync(file).size);
          await readJsonLines(file, (line, where) => replay.push(line, where), {
            onOverlong: (where, bytes) => replay.skip(where, 'line too long', `${bytes} bytes`),
            onProgress: progress ? (at) => progress.update(at, undefined, replay.counters.pipeline.written) : undefined,
          });
          progress?.endFile();
        }
        continue;
      }
      const rec = new RecordingInput({
        symbolic: output.parseArguments, trackFds: output.parseArgumentsFds,
        detection: own ? undefined : { registry: SIGNATURES, selfPid: -1, parentPid: -1, params, tuning, warn },
        judge: own ? (e) => replay.pushEvent(e) : undefined,
        onEvent: (e) => {
          for (const p of printers) p.print(e);
        },
        sinceNs, untilNs, warn, progress,
      });
      try {
        rec.read(input.files);
      } catch (err) {
        if (err instanceof Error && (err.name === 'RecordingError' || err.name === 'RecordingHeaderError')) throw new UsageError(err.message);
        throw err;
      }
      await rec.end();
      recordings.push(rec.counters);
    }
  }
  await replay.end();
  for (const p of printers) p.close();
  await Promise.all(sinks.map((s) => s.close(SINK_CLOSE_GRACE_MS)));
  const c = replay.counters;
  const malformed = Object.entries(c.malformed);
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  // a recording's events were shown by its own pipeline, unless analyze's policies judged them (then in replay's)
  const fromRecordings = recordings.reduce((a, r) => ({ written: a.written + (r.pipeline?.written ?? 0), findings: a.findings + (r.pipeline?.detection.findings ?? 0), records: a.records + r.records, lost: a.lost + r.lost, problems: a.problems + r.problems }), { written: 0, findings: 0, records: 0, lost: 0n, problems: 0 });
  log[fromRecordings.lost > 0n || fromRecordings.problems > 0 ? 'warn' : 'info'](
    `analyze: ${recordings.length ? `${fromRecordings.records} records of ${recordings.length} recording${recordings.length === 1 ? '' : 's'} (${fromRecordings.lost} lost while recording${fromRecordings.problems ? `, ${fromRecordings.problems} damaged parts skipped` : ''}), ` : ''}` +
    (c.read || !recordings.length ? `${c.read} events read, ` : '') + `${c.pipeline.written + fromRecordings.written} written, ${c.pipeline.detection.findings + fromRecordings.findings} findings` +
      ` in ${seconds.toFixed(2)} s (${Math.round((c.pipeline.written + fromRecordings.written) / Math.max(seconds, 1e-3)).toLocaleString('en-US')} events/s)` +
      (malformed.length ? `, ${malformed.reduce((a, [, n]) => a + n, 0)} malformed (${malformed.map(([k, n]) => `${k}: ${n}`).join(', ')})` : '') +
      (c.outOfRange ? `, ${c.outOfRange} outside --since/--until` : '') +
      (c.findingsMadeAgain ? `, ${c.findingsMadeAgain} recorded findings made again from their events (shown once)` : '') +
      describeSinks(sinks),
  );
  return 0;
}

/** The stop line's counts, as numbers, for JSON logs. */
function stopFields(summary: TracerSummary, sinks: readonly ReturnType<Sink['stats']>[]): Record<string, unknown> {
  return {
    written: summary.written,
    lost: summary.lost,
    lostBulk: summary.lostBulk,
    lostSecurity: summary.lostSecurity,
    lostState: summary.lostState,
    findings: summary.detection.findings,
    allowlisted: summary.detection.allowlisted,
    filtered: summary.filtered,
    forSignatures: summary.forSignatures,
    signaturesDisabled: summary.detection.disabled,
    malformed: summary.decoder.malformed,
    kernelRecords: summary.submitted,
    stateOnly: summary.stateOnly,
    sinks: sinks.map((st) => ({ kind: st.kind, name: st.name, delivered: st.delivered, queued: st.queued, dropped: st.dropped, retries: st.retries })),
  };
}

/** At stop, how long the network sinks may go on delivering what they hold. */
const SINK_CLOSE_GRACE_MS = 5000;

/** SYSRAY_SYSCALL_HOOKS: which hooks take syscalls (benchmarks and tests force one kind). */
function parseSyscallHooks(value: string | undefined): 'auto' | 'raw' | 'tracepoints' {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'raw' || value === 'tracepoints') return value;
  throw new UsageError(`SYSRAY_SYSCALL_HOOKS=${value}: expected auto, raw or tracepoints`);
}

function describeHooks(tracer: Tracer): string {
  const h = tracer.hooks;
  if (!h) return 'none';
  const state = tracer.health()?.native.taskStorage ? 'thread state in task storage' : 'thread state in an LRU hash';
  const hooks = h.kind === 'raw' ? `raw tracepoints sys_enter/sys_exit (${h.why})` : `${h.names.length} per-syscall tracepoint pairs (syscalls:sys_enter_X/sys_exit_X)`;
  return `${hooks}; ${state}`;
}

/** A subcommand's flags: root options (-e, -o...) may be parsed as the main command's, so the lists of both are taken. */
function subcommandFlags<F extends TraceFlags>(program: Command, cmd: Command): F {
  const own = cmd.opts<F>();
  const root = program.opts<TraceFlags>();
  const both = (k: 'events' | 'scope' | 'policy' | 'output' | 'signaturesDir'): string[] | undefined => {
    const v = [...(root[k] ?? []), ...(own[k] ?? [])];
    return v.length ? v : undefined;
  };
  return { ...cmd.optsWithGlobals<F>(), events: both('events'), scope: both('scope'), policy: both('policy'), output: both('output'), signaturesDir: both('signaturesDir') };
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('sysray')
    .description('Trace every system call with eBPF, its arguments decoded, as Tracee-compatible events.')
    .addOption(new Option('-e, --events <expr>', 'events to trace: names, sets, wildcards (open*), -name to exclude, filters EVENT.data.ARG=V, EVENT.retval<0, EVENT.scope.FIELD=V; repeatable').argParser(collect))
    .addOption(new Option('-s, --scope <expr>', 'which processes: uid, pid (= != < > <= >=), pid=new, mntns, pidns, uts, comm, exe, tree, container[=new|=ID], not-container, follow; repeatable (AND)').argParser(collect))
    .addOption(new Option('-p, --policy <file|dir>', 'Tracee policy files (YAML or JSON), up to 64 policies; SIGHUP reloads them; repeatable').argParser(collect))
    .addOption(new Option('-o, --output <format>', 'json | table, with :PATH to write to a file; webhook:URL; nats:nats://HOST:PORT/PREFIX; option:parse-arguments, option:parse-arguments-fds, option:exec-env; repeatable').argParser(collect))
    .addOption(new Option('-b, --ring-buffer-size <size>', 'bulk kernel ring buffer size (every record no signature needs), a power of two').default('32M'))
    .addOption(new Option('--security-buffer-size <size>', 'kernel ring buffer for what signatures need and process lifecycle, a power of two').default('8M'))
    .addOption(new Option('--signatures-dir <dir>', 'also load the signatures of this directory (ES modules, .js/.mjs); repeatable').argParser(collect))
    .addOption(new Option('--signatures-config <file>', 'YAML: per signature name, enabled: false, severity: 0-3, allow: {comm, executable (PATH or DIR/*), containerImage} lists'))
    .addOption(new Option('--signature-param <EVENT.KEY=V,...>', "set a signature's list parameter (agent_tampering.agents=falco,myagent); repeatable").argParser(collect))
    .addOption(new Option('--node-name <name>', "this host's name in network outputs (NATS subjects, event ids); default: the hostname"))
    .addOption(new Option('--server <option>', 'http-address=HOST:PORT (default 127.0.0.1:3366), healthz, metrics, pprof (/debug/pprof/profile?seconds=N); repeatable').argParser(collect))
    .addOption(new Option('--log-format <format>', "sysray's own messages on stderr: text (sysray: MSG) or json (one object a line)").default('text'))
    .addOption(new Option('--log-level <level>', 'debug, info, warn or error: the least severe of sysray\'s messages written').default('info'))
    .addOption(new Option('-w, --write <file|dir/>', 'also record what the kernel sends to a recording (as sysray record), for sysray analyze later'))
    .addOption(new Option('--max-file-size <size>', 'with -w DIR/: begin a new file past this size (default 256M)'))
    .addOption(new Option('--max-files <n>', 'with -w DIR/: keep this many files, deleting the oldest (default: all)'))
    .addOption(new Option('--compress', 'with -w: deflate each chunk of the recording'))
    .option('--verbose', 'print libbpf messages')
    .addHelpText('after', TRACE_EXAMPLES)
    .showSuggestionAfterError(true)
    .allowExcessArguments(false)
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      // commander's errors, as one line like ours
      outputError: (s, write) => write('sysray: ' + s.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').trim() + '\n'),
    });

  let exitCode = 0;
  program.action(async (flags: TraceFlags) => {
    exitCode = await trace(flags);
  });
  program
    .command('list')
    .description('list every event with its arguments and sets')
    .option('--json', 'machine-readable')
    .addOption(new Option('--signatures-dir <dir>', 'also list the signatures of this directory; repeatable').argParser(collect))
    .addHelpText('after', '\nExamples:\n  sysray list\n  sysray list --json | jq \'.[] | select(.name == "perf_event_open")\'\n  sysray list --json | jq \'.[] | select(.source == "signature")\'')
    .exitOverride()
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      // the flag may be parsed as the main command's: both are seen
      await loadSignatures(cmd.optsWithGlobals<{ signaturesDir?: string[] }>().signaturesDir);
      process.stdout.write(renderList({ json: opts.json === true }));
    });
  program
    .command('record')
    .description('write what the kernel sends to a recording file, from native threads (nothing decoded): read it later with sysray analyze')
    .addOption(new Option('-w, --write <file|dir/>', 'the recording: a file, or a directory (existing, or ending in /) of rotated files sysray-NNNNNN.rec'))
    .addOption(new Option('-e, --events <expr>', 'events to record, as for tracing; repeatable').argParser(collect))
    .addOption(new Option('-s, --scope <expr>', 'which processes, as for tracing; repeatable').argParser(collect))
    .addOption(new Option('-p, --policy <file|dir>', 'Tracee policy files; SIGHUP reloads them; repeatable').argParser(collect))
    .addOption(new Option('-o, --output <option>', 'option:exec-env, option:parse-arguments-fds (what the kernel captures); repeatable').argParser(collect))
    .addOption(new Option('--max-file-size <size>', 'with -w DIR/: begin a new file past this size').default(undefined, '256M'))
    .addOption(new Option('--max-files <n>', 'with -w DIR/: keep this many files, deleting the oldest (default: all)'))
    .addOption(new Option('--compress', 'deflate each chunk (zlib level 1, in the writer thread)'))
    .addOption(new Option('--signatures-dir <dir>', 'also record what the signatures of this directory need; repeatable').argParser(collect))
    .addHelpText('after', '\nExamples:\n  sysray record -w /var/tmp/trace.rec -e execve,openat\n  sysray record -w /var/log/sysray/ --max-file-size 256M --max-files 8 -e signatures\n  sysray record -w /tmp/p.rec -p ./policies/ --compress\n  sysray analyze /tmp/p.rec -o json')
    .exitOverride()
    .action(async (_opts: unknown, cmd: Command) => {
      exitCode = await record(subcommandFlags<TraceFlags>(program, cmd));
    });
  program
    .command('analyze')
    .description('read recorded events through the policies and signatures again: recordings of sysray record, JSON lines (sysray -o json, Tracee), or a JetStream stream of -o nats agents')
    .argument('<input...>', 'a recording (FILE or DIR of rotated files), a JSON-lines file, or nats://HOST:PORT/PREFIX (the agents\' -o nats URL; stream=, creds= as there)')
    .addOption(new Option('-e, --events <expr>', 'events and signatures to select, as for tracing; repeatable').argParser(collect))
    .addOption(new Option('-s, --scope <expr>', 'which processes, as for tracing (not tree, follow, pid=new, container=new); repeatable').argParser(collect))
    .addOption(new Option('-p, --policy <file|dir>', 'Tracee policy files; repeatable').argParser(collect))
    .addOption(new Option('-o, --output <format>', 'as for tracing: json, table, :PATH, webhook:URL, nats:URL; repeatable').argParser(collect))
    .addOption(new Option('--since <time>', 'only events at or after this time: RFC 3339 (2026-12-02T14:30:00Z) or a time ago (10m, 2h); recordings skip whole chunks by their time index'))
    .addOption(new Option('--until <time>', 'only events up to this time, as --since'))
    .addOption(new Option('--durable <name>', 'the durable consumer: a later run goes on where this one stopped').default('sysray-analyze'))
    .addOption(new Option('--stream <name>', "the agents' stream (default: stream= of the URL, else SYSRAY)"))
    .addOption(new Option('--until-idle <ms>', 'stop after no message for this long (default: run until SIGINT/SIGTERM)'))
    .addOption(new Option('--signatures-dir <dir>', 'also run the signatures of this directory; repeatable').argParser(collect))
    .addHelpText('after', '\nExamples:\n  sysray analyze /var/tmp/trace.rec -o json\n  sysray analyze /var/log/sysray/ -e fd_theft --since 2h\n  sysray analyze events.jsonl -e signatures\n  sysray analyze nats://127.0.0.1:4222/sysray -e signatures\n  sysray analyze nats://nats:4222/sysray -e anti_debugging -s comm=bash -o json:/tmp/findings.jsonl --until-idle 2000')
    .exitOverride()
    .action(async (sources: string[], _opts: unknown, cmd: Command) => {
      exitCode = await analyze(sources, subcommandFlags<AnalyzeFlags>(program, cmd));
    });
  program
    .command('man')
    .description("show an event's page: arguments with tags, hooks, use cases")
    .argument('<event>', 'event or signature name')
    .addOption(new Option('--signatures-dir <dir>', 'also know the signatures of this directory; repeatable').argParser(collect))
    .addHelpText('after', '\nExamples:\n  sysray man perf_event_open\n  sysray man pidfd_open\n  sysray man fd_theft')
    .exitOverride()
    .action(async (event: string, _opts: unknown, cmd: Command) => {
      await loadSignatures(cmd.optsWithGlobals<{ signaturesDir?: string[] }>().signaturesDir);
      process.stdout.write(renderMan(event));
    });

  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" to commander
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') return 0;
      return 2; // commander already printed its one line
    }
    if (err instanceof UsageError || err instanceof EnvironmentError) {
      process.stderr.write(`sysray: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof Error && err.name === 'UnknownEventError') {
      process.stderr.write(`sysray: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
