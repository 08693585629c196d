/**
 * What `--signatures-config` (signatures-config.ts) says of a signature, as
 * the detection engine reads it: whether it runs, its severity, and whose
 * findings it drops.
 */
import type { Severity } from './signature.js';

export interface SignatureTuning {
  enabled: boolean;
  severity?: Severity;
  allow: { comm: readonly string[]; executable: readonly string[]; containerImage: readonly string[] };
}

/** eventName → its tuning; signatures not named are as they are. */
export type SignaturesConfig = ReadonlyMap<string, SignatureTuning>;

/** The finding's process is allowlisted for its signature. */
export function isAllowed(tuning: SignatureTuning, comm: string, executable: string, containerImage: string): boolean {
  const a = tuning.allow;
  if (a.comm.includes(comm)) return true;
  if (containerImage !== '' && a.containerImage.includes(containerImage)) return true;
  if (executable === '') return false;
  return a.executable.some((p) => (p.endsWith('/*') ? executable.startsWith(p.slice(0, -1)) : executable === p));
}
