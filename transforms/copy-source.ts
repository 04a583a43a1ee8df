// Rewrites one COPY/ADD source token in place, keeping its form: a JSON-form source stays a
// JSON string literal, a shell-form source keeps its leading './' or '/'.
import { hasMeta } from '../src/dockerfile/wildcard.js';
import type { SourceRef } from '../src/dockerfile/model.js';
import type { Finding, Fix } from '../src/types.js';

export interface CopySourceData {
  dockerfile: string;
  keyword?: 'COPY' | 'ADD';
  source: Pick<SourceRef, 'raw' | 'start' | 'end'>;
  /** The instruction is in JSON form (`COPY ["a b", "dst/"]`). */
  json: boolean;
  /** Context-relative replacements in order of preference; several → unsafe alternatives. */
  candidates: string[];
}

/**
 * Whether `value` can be written as a source token and read back as itself: Docker expands
 * `$`, quotes and escapes in both forms, a shell-form token cannot hold whitespace (it would
 * split into two sources), and wildcard characters in a literal path would make it a pattern.
 */
export function writableSource(value: string, json: boolean, pattern: boolean): boolean {
  if (/[$\\'"`]/.test(value)) return false;
  if (!json && /\s/.test(value)) return false;
  return pattern || !/[*?[]/.test(value);
}

export function copySourceFix(finding: Finding<CopySourceData>): Fix[] {
  const d = finding.data;
  if (!d) return [];
  const prefix = /^(?:\.\/|\/)*/.exec(d.source.raw)?.[0] ?? '';
  const pattern = hasMeta(d.source.raw);
  const usable = d.candidates.map((c) => prefix + c).filter((c) => writableSource(c, d.json, pattern));
  const applicability = usable.length === 1 ? 'safe' : 'unsafe';
  return usable.map((value) => ({
    title: `Change ${d.keyword ?? 'COPY'} source '${d.source.raw}' to '${value}'`,
    applicability,
    changes: [{ kind: 'edit', file: d.dockerfile, start: d.source.start, end: d.source.end, text: d.json ? JSON.stringify(value) : value }],
  }));
}
