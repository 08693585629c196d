/**
 * `sysray analyze --since/--until`: a time bound as realtime ns since the
 * epoch, the clock of TraceEvent.timestamp.
 *
 * Forms:
 * - RFC 3339: `2026-12-02T14:30:00Z`, `2026-12-02T16:30:00.123456789+02:00`
 *   (a fraction of up to 9 digits, exact to the ns; `Z` or an offset required);
 * - before `now`: `30s`, `5m`, `1h30m`, `500ms`, `1.5h`, `2d`, also `-5m`, in
 *   units ns, us, ms, s, m, h, d (Go's time.ParseDuration's, with days);
 * - seconds since the epoch: `1764685800`, `1764685800.25`, `@1764685800`
 *   (a number without a unit is always this: `5` is 1970-01-01T00:00:05Z).
 */
import { UsageError } from '../cli/usage-error.js';

const FORMS = 'give a time (2026-12-02T14:30:00Z, 2026-12-02T16:30:00.5+02:00), a time before now (30s, 5m, 1h30m, 500ms, 2d) or seconds since the epoch (1764685800)';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const EPOCH = /^@?(\d+)(?:\.(\d{1,9}))?$/;
const DURATION = /^-?(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d))+$/;
const DURATION_PART = /(\d+)(?:\.(\d+))?(ns|us|µs|ms|s|m|h|d)/g;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const NS_PER: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1_000n, µs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n,
  m: 60_000_000_000n, h: 3_600_000_000_000n, d: 86_400_000_000_000n,
};

/**
 * `text` as realtime ns since the epoch; relative forms count back from
 * `now`. `what` names the flag in the error (a UsageError of one line).
 *
 * @example
 * parseTimeBound('2026-12-02T14:30:00.5Z', new Date(), '--since') // 1796221800500000000n
 * parseTimeBound('1h30m', new Date('2026-12-02T16:00:00Z'), '--since') // 1796221800000000000n
 */
export function parseTimeBound(text: string, now: Date, what: '--since' | '--until'): bigint {
  const t = text.trim();
  const fail = (why?: string): never => {
    throw new UsageError(`${what} ${JSON.stringify(text)}: ${why ? `${why}; ` : ''}${FORMS}`);
  };
  const rfc = RFC3339.exec(t);
  if (rfc) return _fromRfc3339(rfc, fail);
  const epoch = EPOCH.exec(t);
  if (epoch) return BigInt(epoch[1]) * NS_PER.s + _fraction(epoch[2], NS_PER.s);
  if (DURATION.test(t)) {
    const nowNs = now.getTime();
    if (!Number.isFinite(nowNs)) throw new Error('parseTimeBound: now is an invalid Date'); // the caller's bug, not the user's
    let back = 0n;
    for (const [, whole, frac, unit] of t.matchAll(DURATION_PART)) back += BigInt(whole) * NS_PER[unit] + _fraction(frac, NS_PER[unit]);
    return BigInt(nowNs) * NS_PER.ms - back;
  }
  return fail();
}

/** `.FRACTION` digits of `unit` ns, truncated to whole ns. */
function _fraction(digits: string | undefined, unit: bigint): bigint {
  if (digits === undefined) return 0n;
  return (BigInt(digits) * unit) / 10n ** BigInt(digits.length);
}

function _fromRfc3339(m: RegExpExecArray, fail: (why: string) => never): bigint {
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  if (month < 1 || month > 12) fail(`month ${m[2]}`);
  const monthDays = month === 2 && _leap(year) ? 29 : MONTH_DAYS[month - 1];
  if (day < 1 || day > monthDays) fail(`no day ${m[3]} in ${m[1]}-${m[2]}`);
  if (hour > 23 || minute > 59 || second > 59) fail(`no time ${m[4]}:${m[5]}:${m[6]}`);
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]), om = Number(m[11]);
    if (oh > 23 || om > 59) fail(`offset ${m[9]}${m[10]}:${m[11]}`);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // not Date.UTC: it reads years 0-99 as 1900-1999
  d.setUTCHours(hour, minute, second, 0);
  return BigInt(d.getTime()) * NS_PER.ms + _fraction(m[7], NS_PER.s) - BigInt(offsetMinutes) * NS_PER.m;
}

function _leap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Whether a timestamp (realtime ns) is within --since/--until; undefined when neither is given (everything is). */
export function timeRange(sinceNs: bigint | undefined, untilNs: bigint | undefined): ((timestamp: bigint) => boolean) | undefined {
  if (sinceNs === undefined && untilNs === undefined) return undefined;
  return (t) => (sinceNs === undefined || t >= sinceNs) && (untilNs === undefined || t <= untilNs);
}
