// The last line of `fix --write` (and `--branch`): how many of the planned fixes reached the
// disk (or the branch), in how many of the planned files, and why the rest did not. One
// sentence in every outcome, so that "all written", "some failed" and "none" read alike and a
// failure is never hidden behind a count of applied fixes.
import type { WriteOutcome } from '../apply/write.js';
import type { Plan } from '../fix/engine.js';
import { escapeControl } from '../text.js';
import { summaryLine } from './text.js';

export interface WriteCounts {
  fixes: number;
  fixesWritten: number;
  files: number;
  filesWritten: number;
}

/**
 * A fix counts as written when no file it changes failed. (A file a fix touched whose planned
 * text ended up unchanged is not in the plan's files and cannot fail.)
 */
export function writeCounts(plan: Pick<Plan, 'applied' | 'files'>, outcome: WriteOutcome): WriteCounts {
  const failed = new Set(outcome.skipped.map((s) => s.path));
  const fixesWritten = plan.applied.filter((a) => a.fix.changes.every((c) => !failed.has(c.file))).length;
  return { fixes: plan.applied.length, fixesWritten, files: plan.files.length, filesWritten: outcome.written.length };
}

/**
 * `3 of 3 fixes written (2 of 2 files); 1 problem (…) left`, or with failures
 * `0 of 1 fixes written (0 of 1 files): compose.yaml: permission denied; …`.
 */
export function writeSummary(counts: WriteCounts, failures: WriteOutcome['skipped'], remaining: Plan['remaining']): string {
  const head = `${counts.fixesWritten} of ${counts.fixes} fixes written (${counts.filesWritten} of ${counts.files} files)`;
  return `${head}${failureList(failures)}; ${summaryLine(remaining)} left`;
}

/** `0 of 2 fixes committed: <why>; …` (a branch is made whole or not at all). */
export function commitFailureSummary(fixes: number, reason: string, remaining: Plan['remaining']): string {
  return `0 of ${fixes} fixes committed: ${escapeControl(reason)}; ${summaryLine(remaining)} left`;
}

function failureList(failures: WriteOutcome['skipped']): string {
  if (failures.length === 0) return '';
  // Every failure is named, with its reason: a user fixing permissions needs the whole list.
  return `: ${failures.map((f) => `${escapeControl(f.path)}: ${escapeControl(f.reason)}`).join('; ')}`;
}
