/**
 * A finding as an event, in Tracee's v0.24 shape (FindingToEvent): the
 * triggering event's context copied, the signature's eventName and id, the
 * finding's data as args followed by `detectedFrom` {id, name, args,
 * returnValue}, and `metadata` {Version, Description, Tags, Properties}.
 */
import type { ArgSpec } from '../events/catalog-types.js';
import type { DecodedArg, TraceEvent } from '../decode/trace-event.js';
import type { RegisteredSignature } from './signature-registry.js';
import type { Finding } from './signature.js';

/** Tracee's getCType for the value kinds findings carry. */
function cType(v: unknown): string {
  switch (typeof v) {
    case 'string': return 'const char *';
    case 'boolean': return 'bool';
    case 'bigint': return 'unsigned long';
    case 'number': return Number.isInteger(v) ? 'int' : 'float64';
    default: return Array.isArray(v) && v.every((x) => typeof x === 'string') ? 'const char**' : 'unknown';
  }
}

const specCache = new Map<string, ArgSpec>();
function dataSpec(name: string, type: string): ArgSpec {
  const key = name + '\0' + type;
  let spec = specCache.get(key);
  if (!spec) specCache.set(key, (spec = { name, type, kind: 'derived', capture: 'none', tags: [] }));
  return spec;
}

const DETECTED_FROM = dataSpec('detectedFrom', 'unknown');

/** The source event's args as Tracee writes them inside detectedFrom. */
function sourceArgs(e: TraceEvent): { name: string; type: string; value: unknown }[] {
  return e.args.map((a) => ({ name: a.spec.name, type: a.spec.type, value: a.value }));
}

export function findingEvent(reg: RegisteredSignature, finding: Finding, source: TraceEvent, policyMask: bigint): TraceEvent {
  const meta = reg.signature.metadata;
  const args: DecodedArg[] = [];
  for (const [name, value] of Object.entries(finding.data ?? {})) {
    if (value === undefined) continue;
    args.push({ spec: dataSpec(name, cType(value)), value: value as DecodedArg['value'], raw: 0 });
  }
  args.push({
    spec: DETECTED_FROM,
    value: { id: source.eventId, name: source.eventName, args: sourceArgs(source), returnValue: source.returnValue },
    raw: 0,
  });
  const severity = finding.severity ?? meta.properties.Severity;
  return {
    ...source,
    eventId: reg.id,
    eventName: meta.eventName,
    args,
    matchedPolicies: [],
    policyMask,
    returnedFd: undefined,
    returnedFdPair: undefined,
    cwd: undefined,
    target: undefined,
    targetFd: undefined,
    metadata: {
      Version: meta.version,
      Description: meta.description,
      Tags: meta.tags ?? null,
      Properties: { ...meta.properties, Severity: severity, signatureID: meta.id, signatureName: meta.name },
    },
  };
}
