// Rewrites one line of an ignore file in place (its own span only; line ending untouched).
import type { Finding, Fix } from '../src/types.js';

export interface IgnoreLineRewriteData {
  ignoreFile: string;
  start: number;
  end: number;
  /** The new line text, or null when no rewrite is safe. */
  text: string | null;
}

export function ignoreLineRewriteFix(finding: Finding<IgnoreLineRewriteData>): Fix[] {
  const d = finding.data;
  if (!d || d.text === null) return [];
  return [{ title: `Rewrite the pattern as '${d.text}'`, applicability: 'safe', changes: [{ kind: 'edit', file: d.ignoreFile, start: d.start, end: d.end, text: d.text }] }];
}
