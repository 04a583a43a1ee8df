// Replaces the `--from=<x>` flag of a COPY with the intended stage name.
import type { Finding, Fix } from '../src/types.js';

export interface CopyFromData {
  dockerfile: string;
  /** The value as written. */
  from?: string;
  /** Offsets of the whole `--from=<x>` flag. */
  start: number;
  end: number;
  candidates: string[];
}

export function copyFromFix(finding: Finding<CopyFromData>): Fix[] {
  const d = finding.data;
  if (!d || d.candidates.length === 0) return [];
  const applicability = d.candidates.length === 1 ? 'safe' : 'unsafe';
  return d.candidates.map((name) => ({
    title: d.from !== undefined ? `Change --from=${d.from} to --from=${name}` : `Set --from=${name}`,
    applicability,
    changes: [{ kind: 'edit', file: d.dockerfile, start: d.start, end: d.end, text: `--from=${name}` }],
  }));
}
