/**
 * JSON text for decoded values. Unlike JSON.stringify it writes bigints as
 * bare integers, so 64-bit values stay exact; strings go through
 * JSON.stringify, which escapes control characters and lone surrogates.
 */
export function jsonValue(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? String(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + jsonValue(v[i]);
        return out + ']';
      }
      let out = '{';
      let first = true;
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        if (val === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(k) + ':' + jsonValue(val);
        first = false;
      }
      return out + '}';
    }
    default:
      return 'null';
  }
}
