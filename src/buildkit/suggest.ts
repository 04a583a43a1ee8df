// BuildKit's "did you mean" suggestions (util/suggest), shared by UndefinedArgInFrom and UndefinedVar.

/** Levenshtein distance (agext/levenshtein, as buildkit util/suggest uses it). */
function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * buildkit util/suggest: the option at the smallest distance below 3 (case-sensitive here).
 * Go iterates the options in map order, so with several at that distance BuildKit's pick varies:
 * dockmend then suggests none.
 */
export function suggestName(name: string, options: Iterable<string>): string | undefined {
  let best = 3;
  let out: string[] = [];
  for (const o of options) {
    const d = levenshtein(name, o);
    if (d >= 3) continue; // mindist 3: only names at most 2 edits away
    if (d < best) [best, out] = [d, [o]];
    else if (d === best) out.push(o);
  }
  return out.length === 1 ? out[0] : undefined;
}

/** Whether `a` becomes `b` with at most one edit: a change, an insertion, a deletion or two neighbours swapped. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one change
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // a swap
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
