/**
 * The `sysray` command: trace (the default), `list`, `man`. Flag names are
 * Tracee's (-e/--events, -s/--scope, -o/--output) so its users feel at home.
 */
import { Command, CommanderError, Option } from 'commander';
import { selectEvents, SelectionError } from '../events/select.js';
import { eventById } from '../events/catalog.js';
import { loadNativeAddon } from '../tracer/native-addon.js';
import { Tracer } from '../tracer/tracer.js';
import { OutputStream } from '../output/output-stream.js';
import type { Printer } from '../output/printer.js';
import { JsonPrinter } from '../output/json-printer.js';
import { TablePrinter } from '../output/table-printer.js';
import { parseOutput, type OutputConfig } from './parse-output.js';
import { parseScope } from './parse-scope.js';
import { parseRingBufferSize } from './parse-size.js';
import { EnvironmentError, UsageError } from './usage-error.js';
import { explainNativeError, preflight } from './preflight.js';
import { renderList } from './list.js';
import { renderMan } from './man.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

const TRACE_EXAMPLES = `
Examples:
  sysray                                     trace the default events, as a table
  sysray -e perf_event_open -e pidfd_open    trace two syscalls
  sysray -e 'open*' -e -open_by_handle_at    wildcards and exclusions
  sysray -e fs -s comm=bash                  a set of events, only from bash
  sysray -e execve -o json:/tmp/exec.jsonl   JSON lines to a file
  sysray -e perf_event_open -o json -o option:parse-arguments
                                             symbolic flags (PERF_TYPE_SOFTWARE...)
  sysray list                                every event and its arguments
  sysray man pidfd_open                      one event's page`;

interface TraceFlags {
  events?: string[];
  scope?: string[];
  output?: string[];
  ringBufferSize: string;
  verbose?: boolean;
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
      ? new JsonPrinter(stream, { parseArguments: config.parseArguments })
      : new TablePrinter(stream);
  });
}

async function trace(flags: TraceFlags): Promise<number> {
  let selection;
  try {
    selection = selectEvents(flags.events ?? []);
  } catch (err) {
    if (err instanceof SelectionError) throw new UsageError(err.message);
    throw err;
  }
  if (selection.unsupportedFilters.length > 0) {
    throw new UsageError(
      `event filters are not supported yet: -e ${selection.unsupportedFilters[0]}; select the event alone (e.g. -e ${selection.unsupportedFilters[0].split('.')[0]})`,
    );
  }
  const scope = parseScope(flags.scope ?? []);
  const output = parseOutput(flags.output ?? []);
  const ringBufferBytes = parseRingBufferSize(flags.ringBufferSize);

  const native = loadNativeAddon();
  preflight(native);
  const printers = makePrinters(output);

  let tracer: Tracer;
  try {
    tracer = new Tracer({
      selected: new Set(selection.ids),
      scopeComms: scope.comms,
      scopePids: scope.pids,
      ringBufferBytes,
      captureEnv: output.execEnv,
      symbolic: output.parseArguments,
      verbose: flags.verbose,
    });
  } catch (err) {
    throw explainNativeError(err);
  }

  for (const p of printers) p.preamble();
  tracer.start((event) => {
    for (const p of printers) p.print(event);
  });
  const names = selection.ids.length <= 6 ? selection.ids.map((id) => eventById(id)?.name).join(', ') : `${selection.ids.length} events`;
  process.stderr.write(`sysray: ready: tracing ${names}\n`);

  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    process.once('SIGHUP', done);
  });

  const summary = await tracer.stop();
  for (const p of printers) p.close();
  process.stderr.write(
    `sysray: ${summary.decoder.events} events written, ${summary.lost} lost` +
      (summary.decoder.malformed ? `, ${summary.decoder.malformed} malformed records` : '') +
      '\n',
  );
  return 0;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('sysray')
    .description('Trace every system call with eBPF, its arguments decoded, as Tracee-compatible events.')
    .addOption(new Option('-e, --events <expr>', 'events to trace: names, sets, wildcards (open*), -name to exclude; repeatable').argParser(collect))
    .addOption(new Option('-s, --scope <expr>', 'which processes: comm=NAME[,NAME], pid=N[,N]; repeatable').argParser(collect))
    .addOption(new Option('-o, --output <format>', 'json | table, with :PATH to write to a file; option:parse-arguments, option:exec-env; repeatable').argParser(collect))
    .addOption(new Option('-b, --ring-buffer-size <size>', 'kernel ring buffer size, a power of two').default('64M'))
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
    .addHelpText('after', '\nExamples:\n  sysray list\n  sysray list --json | jq \'.[] | select(.name == "perf_event_open")\'')
    .exitOverride()
    .action((opts: { json?: boolean }) => {
      process.stdout.write(renderList({ json: opts.json === true }));
    });
  program
    .command('man')
    .description("show an event's page: arguments with tags, hooks, use cases")
    .argument('<event>', 'event name')
    .addHelpText('after', '\nExamples:\n  sysray man perf_event_open\n  sysray man pidfd_open')
    .exitOverride()
    .action((event: string) => {
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
