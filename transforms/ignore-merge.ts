// An ignore file no build reads: rename it to `<Dockerfile>.dockerignore` when it serves one
// Dockerfile, or merge its lines into the ignore files of the contexts its Dockerfiles are
// built from (appending, never rewriting), then delete it.
import type { Change, Finding, Fix } from '../src/types.js';
import { ignoreLinesFix, type IgnoreLinesData } from './ignore-lines.js';

export interface IgnoreMergeData {
  from: string;
  text: string;
  lines: string[];
  targets: IgnoreLinesData[];
  renameTo: string | null;
}

export function ignoreMergeFix(finding: Finding<IgnoreMergeData>): Fix[] {
  const d = finding.data;
  if (!d) return [];
  const fixes: Fix[] = [];
  if (d.renameTo) {
    fixes.push({
      title: `Rename ${d.from} to ${d.renameTo}`,
      applicability: 'unsafe',
      changes: [{ kind: 'create', file: d.renameTo, text: d.text }, { kind: 'delete', file: d.from }],
    });
  }
  if (d.targets.length > 0) {
    const changes: Change[] = d.targets.flatMap((t) => ignoreLinesFix({ ...finding, data: t }).flatMap((f) => f.changes));
    changes.push({ kind: 'delete', file: d.from });
    fixes.push({ title: `Merge ${d.from} into ${d.targets.map((t) => t.ignoreFile).join(', ')} and delete it`, applicability: 'unsafe', changes });
  }
  return fixes;
}
