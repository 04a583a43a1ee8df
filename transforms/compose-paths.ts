// Sets `build.context` / `build.dockerfile` in compose files by splicing at the scalars'
// offsets: the scalar keeps its quote style, a missing key is added with its sibling's
// indentation, and a short `build: <path>` becomes the long form only when it must.
import type { Applicability, Change, Finding, Fix } from '../src/types.js';

export interface ScalarSet {
  file: string;
  start: number;
  end: number;
  /** The scalar's current source text (its quoting is kept). */
  source: string;
  value: string;
}

export interface KeyInsert {
  file: string;
  /** Offset of the start of the line the new key goes before. */
  at: number;
  indent: string;
  eol: string;
  key: string;
  value: string;
  /** Written first: a line break when the anchor line is the last one and has none. */
  lead?: string;
}

/** `build: <path>` → `build:` + `context:`/`dockerfile:` lines. */
export interface ShortFormExpand {
  file: string;
  /** From just after `build:` to the end of the scalar. */
  start: number;
  end: number;
  indent: string;
  eol: string;
  entries: Array<[key: string, value: string]>;
}

export interface ComposePathAlternative {
  title: string;
  applicability: Applicability;
  sets: ScalarSet[];
  inserts: KeyInsert[];
  expand?: ShortFormExpand;
}

export interface ComposePathsData {
  alternatives: ComposePathAlternative[];
}

export function composePathsFix(finding: Finding<ComposePathsData>): Fix[] {
  return (finding.data?.alternatives ?? []).map(composePathFix);
}

export function composePathFix(alt: ComposePathAlternative): Fix {
  const changes: Change[] = [];
  for (const s of alt.sets) changes.push({ kind: 'edit', file: s.file, start: s.start, end: s.end, text: quoteLike(s.source, s.value) });
  for (const i of alt.inserts) changes.push({ kind: 'edit', file: i.file, start: i.at, end: i.at, text: `${i.lead ?? ''}${i.indent}${i.key}: ${yamlScalar(i.value)}${i.eol}` });
  if (alt.expand) {
    const e = alt.expand;
    const text = e.entries.map(([k, v]) => `${e.eol}${e.indent}${k}: ${yamlScalar(v)}`).join('');
    changes.push({ kind: 'edit', file: e.file, start: e.start, end: e.end, text });
  }
  return { title: alt.title, applicability: alt.applicability, changes };
}

/** Write `value` with the quoting `source` used. */
export function quoteLike(source: string, value: string): string {
  if (source.startsWith('"')) return JSON.stringify(value);
  if (source.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  return yamlScalar(value);
}

/** A plain scalar when YAML reads it back as the same string, else double-quoted. */
export function yamlScalar(value: string): string {
  const plain = /^[A-Za-z0-9._/][A-Za-z0-9._/@+-]*$/.test(value) && !/^(?:true|false|null|yes|no|on|off|~|[-+]?\d[\d._]*(?:e[-+]?\d+)?)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}
