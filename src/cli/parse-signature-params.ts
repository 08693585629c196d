/**
 * `--signature-param EVENTNAME.KEY=a,b,c`: a signature's list parameter
 * (agent_tampering.agents=falco,myagent). Unknown signatures and keys are
 * usage errors that name what exists.
 */
import type { SignatureRegistry } from '../detect/signature-registry.js';
import { UsageError } from './usage-error.js';
import { didYouMean } from '../text/nearest-name.js';

export function parseSignatureParams(values: readonly string[], registry: SignatureRegistry): Map<string, Map<string, readonly string[]>> {
  const out = new Map<string, Map<string, readonly string[]>>();
  for (const text of values) {
    const m = /^([a-z0-9_]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(text.trim());
    if (!m) throw new UsageError(`--signature-param "${text}": expected EVENTNAME.KEY=VALUE[,VALUE...] (agent_tampering.agents=falco,myagent)`);
    const [, sig, key, list] = m;
    const reg = registry.byName(sig);
    if (!reg) {
      const names = registry.all.map((r) => r.signature.metadata.eventName);
      throw new UsageError(`--signature-param "${text}": no signature "${sig}"${didYouMean(sig, names)}`);
    }
    const declared = Object.keys(reg.signature.params ?? {});
    if (!declared.includes(key)) {
      throw new UsageError(`--signature-param "${text}": ${sig} has no parameter "${key}" (${declared.length ? `it has: ${declared.join(', ')}` : 'it takes none'})`);
    }
    const items = list.split(',').map((v) => v.trim()).filter((v) => v !== '');
    let params = out.get(sig);
    if (!params) out.set(sig, (params = new Map()));
    params.set(key, items);
  }
  return out;
}
