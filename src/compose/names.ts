// "Did you mean" for names: the closest candidate by edit distance, only when it is unique and
// close enough to be a typo rather than another name.

export function editDistance(a: string, b: string): number {
  // Optimal string alignment distance: a swap of two neighbours counts as one edit.
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The unique nearest candidate within max(1, ⌊len/3⌋) edits (case differences count as one). */
export function nearestName(name: string, candidates: Iterable<string>): string | null {
  let best: string[] = [];
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c);
    if (d < bestD) {
      bestD = d;
      best = [c];
    } else if (d === bestD) best.push(c);
  }
  const limit = Math.max(1, Math.floor(name.length / 3));
  return best.length === 1 && bestD <= limit ? best[0]! : null;
}
