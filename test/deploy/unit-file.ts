/**
 * A reader for systemd unit files, enough for our own unit: sections,
 * `Key=Value` directives in order (a key may repeat), and the comment lines
 * before each directive. No line continuations, no specifiers: our unit uses
 * none, and `systemd-analyze verify` (in systemd.test.ts) judges the rest.
 */

export interface UnitDirective {
  section: string;
  key: string;
  value: string;
  /** The `#` comment lines just above it, without the `#`. */
  comments: string[];
  line: number;
}

export interface UnitFile {
  directives: UnitDirective[];
  /** Every comment line of the file, without the `#`, trimmed. */
  comments: string[];
}

export function parseUnitFile(text: string): UnitFile {
  const directives: UnitDirective[] = [];
  const comments: string[] = [];
  let section = '';
  let pending: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      pending = [];
    } else if (line.startsWith('#') || line.startsWith(';')) {
      const c = line.slice(1).trim();
      comments.push(c);
      pending.push(c);
    } else if (/^\[[A-Za-z]+\]$/.test(line)) {
      section = line.slice(1, -1);
      pending = [];
    } else {
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`line ${i + 1}: not Key=Value: ${raw}`);
      if (section === '') throw new Error(`line ${i + 1}: directive outside a section`);
      directives.push({ section, key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim(), comments: pending, line: i + 1 });
      pending = [];
    }
  });
  return { directives, comments };
}

/** The values of `key` in `section`, in order. */
export function values(unit: UnitFile, section: string, key: string): string[] {
  return unit.directives.filter((d) => d.section === section && d.key === key).map((d) => d.value);
}

/** The one value of `key` in `section`; throws when absent or repeated. */
export function value(unit: UnitFile, section: string, key: string): string {
  const v = values(unit, section, key);
  if (v.length !== 1) throw new Error(`[${section}] ${key}: ${v.length} values`);
  return v[0];
}
