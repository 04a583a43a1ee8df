// Sets string attributes of Bake targets (`context`, `dockerfile`, an `inherits` or group item)
// by replacing one string literal's span, or by adding one attribute line to the target's own
// block: the rest of the file — comments, alignment, other values — stays byte for byte.
import type { Applicability, Change, Finding, Fix } from '../src/types.js';

/** Replace the string literal at [start, end) (its quotes included) by a literal of `value`. */
export interface BakeLiteralSet {
  file: string;
  format: 'hcl' | 'json';
  start: number;
  end: number;
  value: string;
}

/** Add `name = "value"` (HCL) or `"name": "value"` (JSON) to a target's own block, after an attribute of it. */
export interface BakeAttributeInsert {
  file: string;
  format: 'hcl' | 'json';
  /** HCL: the start of the line after the anchor attribute; JSON: the end of the anchor attribute's value. */
  at: number;
  indent: string;
  eol: string;
  name: string;
  value: string;
}

export interface BakePathAlternative {
  title: string;
  applicability: Applicability;
  sets: BakeLiteralSet[];
  inserts: BakeAttributeInsert[];
}

export interface BakePathsData {
  alternatives: BakePathAlternative[];
}

/**
 * An HCL quoted template spelling `value`: backslash and quote escaped, and `${` / `%{` doubled
 * so that they stay literal text (HCL native syntax spec, "Template Literals").
 */
export function hclString(value: string): string {
  const body = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replace(/\$\{/g, '$${')
    .replace(/%\{/g, '%%{');
  return `"${body}"`;
}

/** A JSON string spelling `value` as a Bake JSON file reads it (its strings are HCL templates too). */
export function bakeJsonString(value: string): string {
  return JSON.stringify(value.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{'));
}

function literal(format: 'hcl' | 'json', value: string): string {
  return format === 'hcl' ? hclString(value) : bakeJsonString(value);
}

export function bakePathFix(alt: BakePathAlternative): Fix {
  const changes: Change[] = [];
  for (const s of alt.sets) changes.push({ kind: 'edit', file: s.file, start: s.start, end: s.end, text: literal(s.format, s.value) });
  for (const i of alt.inserts) {
    const text = i.format === 'hcl' ? `${i.indent}${i.name} = ${hclString(i.value)}${i.eol}` : `,${i.eol}${i.indent}${JSON.stringify(i.name)}: ${bakeJsonString(i.value)}`;
    changes.push({ kind: 'edit', file: i.file, start: i.at, end: i.at, text });
  }
  return { title: alt.title, applicability: alt.applicability, changes };
}

export function bakePathsFix(finding: Finding<BakePathsData>): Fix[] {
  return (finding.data?.alternatives ?? []).map(bakePathFix);
}
