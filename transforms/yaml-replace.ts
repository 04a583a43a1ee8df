// Replaces one span of a YAML file (a scalar, or the part of a scalar that names something)
// with new text: the rest of the line, quotes included, stays as written.
import type { Applicability, Finding, Fix } from '../src/types.js';

export interface YamlReplaceData {
  replace?: { file: string; start: number; end: number; text: string; title: string; applicability: Applicability };
}

export function yamlReplaceFix(finding: Finding<YamlReplaceData>): Fix[] {
  const r = finding.data?.replace;
  if (!r) return [];
  return [{ title: r.title, applicability: r.applicability, changes: [{ kind: 'edit', file: r.file, start: r.start, end: r.end, text: r.text }] }];
}
