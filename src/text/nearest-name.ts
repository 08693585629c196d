/**
 * "Did you mean" hints: the valid names nearest to a mistyped one. One
 * implementation for every error message (events, sets, scope fields,
 * filter fields, policy-file keys).
 */

/** Optimal-string-alignment distance: edits, with a swap of neighbours counting as one. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The one candidate nearest to `name` (case is ignored), if near enough to be
 * a typo: within a third of its length in edits, and at least 2. Ties go to
 * the first candidate.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const lower = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  let nearest: string | undefined;
  let nearestDistance = limit + 1;
  for (const c of candidates) {
    const distance = editDistance(lower, c.toLowerCase());
    if (distance < nearestDistance) {
      nearest = c;
      nearestDistance = distance;
    }
  }
  return nearest;
}
/**
 * The candidates closest to a mistyped `word` (case is ignored): those within
 * a third of its length in edits, else those that contain it; at most three.
 */
export function nearestNames(word: string, candidates: Iterable<string>): string[] {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.floor(w.length / 3));
  let best = limit + 1;
  let near: string[] = [];
  const containing: string[] = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const dist = editDistance(w, lc);
    if (dist < best) {
      best = dist;
      near = [c];
    } else if (dist === best && !near.includes(c)) {
      near.push(c);
    }
    if (w.length >= 3 && lc.includes(w) && !containing.includes(c)) containing.push(c);
  }
  return (near.length > 0 ? near : containing).slice(0, 3);
}

/** `; did you mean "a" or "b"?`, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = nearestNames(word, candidates);
  if (near.length === 0) return '';
  return `; did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`;
}
