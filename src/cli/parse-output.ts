/**
 * `-o/--output`, as Tracee spells it: `json`, `table`, each with an optional
 * `:PATH`; and `option:NAME` switches (`parse-arguments`, `exec-env`).
 */
import { UsageError } from './usage-error.js';

export type OutputFormat = 'json' | 'table';

export interface OutputTarget {
  format: OutputFormat;
  /** undefined: stdout */
  path?: string;
}

export interface OutputConfig {
  targets: OutputTarget[];
  parseArguments: boolean;
  /** fd arguments with what they refer to (`3=/etc/passwd`); implies parseArguments, as in Tracee. */
  parseArgumentsFds: boolean;
  execEnv: boolean;
}

const FORMATS: readonly OutputFormat[] = ['json', 'table'];
const OPTIONS = ['parse-arguments', 'parse-arguments-fds', 'exec-env'] as const;

export function parseOutput(values: readonly string[]): OutputConfig {
  const config: OutputConfig = { targets: [], parseArguments: false, parseArgumentsFds: false, execEnv: false };
  for (const value of values) {
    const colon = value.indexOf(':');
    const head = colon < 0 ? value : value.slice(0, colon);
    const rest = colon < 0 ? undefined : value.slice(colon + 1);
    if (head === 'option') {
      if (rest === 'parse-arguments') config.parseArguments = true;
      else if (rest === 'parse-arguments-fds') config.parseArguments = config.parseArgumentsFds = true;
      else if (rest === 'exec-env') config.execEnv = true;
      else {
        throw new UsageError(
          `unknown output option "${rest ?? ''}" in -o ${value}; known options: ${OPTIONS.map((o) => 'option:' + o).join(', ')}`,
        );
      }
      continue;
    }
    if (!(FORMATS as readonly string[]).includes(head)) {
      throw new UsageError(`unknown output format "${head}" in -o ${value}; use one of: ${FORMATS.join(', ')} (optionally FORMAT:PATH), or option:NAME`);
    }
    if (rest === '') throw new UsageError(`empty path in -o ${value}; write -o ${head} for stdout or -o ${head}:PATH`);
    config.targets.push({ format: head as OutputFormat, path: rest });
  }
  if (config.targets.length === 0) config.targets.push({ format: 'table' });
  return config;
}
