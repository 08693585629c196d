import { UsageError } from './usage-error.js';

/** `256M`, `1G`, `4096K`, `67108864` → bytes; `what` names the size in errors. */
export function parseSize(text: string, what: string, min = 1): number {
  const m = /^(\d+)([KMGT]?)(i?B)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${what} "${text}" is not a size; write e.g. 64M, 256M or 1G`);
  const unit = { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30, T: 2 ** 40 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  const bytes = Number(m[1]) * unit;
  if (bytes < min) throw new UsageError(`${what} "${text}" is too small: at least ${min} bytes`);
  return bytes;
}

/**
 * `64M`, `1G`, `4096K`, `67108864` → bytes; a ring buffer needs a power of
 * two ≥ 4 KiB. `what` names the size in errors (-b's, or the security ring's).
 */
export function parseRingBufferSize(text: string, what = 'ring buffer size'): number {
  const m = /^(\d+)([KMG]?)(i?B)?$/i.exec(text.trim());
  if (!m) throw new UsageError(`${what} "${text}" is not a size; write e.g. 64M, 256M or 1G`);
  const unit = { '': 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  const bytes = Number(m[1]) * unit;
  if (bytes < 4096 || bytes > 2 ** 31 || (bytes & (bytes - 1)) !== 0) {
    throw new UsageError(`${what} "${text}" must be a power of two between 4K and 2G (e.g. 64M)`);
  }
  return bytes;
}
