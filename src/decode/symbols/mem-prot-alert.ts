/** mem_prot_alert's `alert`, as Tracee's trace.MemProtAlert prints it. */
const ALERTS: Readonly<Record<number, string>> = {
  1: 'Mmaped region with W+E permissions!',
  2: 'Protection changed to Executable!',
  3: 'Protection changed from E to W+E!',
  4: 'Protection changed from W to E!',
};

export function renderMemProtAlert(value: bigint): string {
  return ALERTS[Number(value)] ?? 'Unknown alert';
}
