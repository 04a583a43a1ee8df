// Replaces one span of a Dockerfile (an instruction's arguments, a flag) with new text.
import type { Applicability, Finding, Fix } from '../src/types.js';

export interface DockerfileEditData {
  dockerfile: string;
  /** Absent when no mechanical fix exists here. */
  edit?: { start: number; end: number; text: string; title: string; applicability: Applicability };
}

export function dockerfileEditFix(finding: Finding<DockerfileEditData>): Fix[] {
  const d = finding.data;
  if (!d?.edit) return [];
  const { start, end, text, title, applicability } = d.edit;
  return [{ title, applicability, changes: [{ kind: 'edit', file: d.dockerfile, start, end, text }] }];
}
