// Replaces spans of a Dockerfile (a keyword, a stage name and its references, a port): each edit
// touches only its own span, so comments, continuations, CRLF and heredocs stay as written.
import type { Applicability, Finding, Fix } from '../src/types.js';

export interface DockerfileEditsData {
  fix?: { title: string; applicability: Applicability; edits: { start: number; end: number; text: string }[] };
}

export function dockerfileEditsFix(finding: Finding<DockerfileEditsData>): Fix[] {
  const fix = finding.data?.fix;
  if (!fix || fix.edits.length === 0) return [];
  const file = finding.location.file;
  return [{ title: fix.title, applicability: fix.applicability, changes: fix.edits.map((e) => ({ kind: 'edit', file, start: e.start, end: e.end, text: e.text })) }];
}
