// The UI's only contact with the engine: previews, selections and re-plans. It never writes.
import { ClaimedRanges } from '../fix/edits.js';
import type { Plan, RunOptions, Session } from '../fix/engine.js';
import { findingKey } from '../fix/finding-key.js';
import { engine } from './engine.js';
import { unifiedDiff } from '../report/diff.js';
import type { Fix, ResolvedFinding } from '../types.js';

/** What the user decided for each finding (parallel to the findings array). */
export type Status = 'pending' | 'accepted' | 'skipped';
export interface Decision {
  status: Status;
  /** Index of the chosen alternative in `finding.fixes`. */
  choice: number;
}

/** The chosen fix of an accepted finding, or undefined. */
export function acceptedFix(finding: ResolvedFinding, d: Decision): Fix | undefined {
  return d.status === 'accepted' ? finding.fixes[d.choice] : undefined;
}

/** `findingKey` → chosen alternative, for the accepted findings only. */
export function selection(findings: readonly ResolvedFinding[], decisions: readonly Decision[]): Map<string, number> {
  const map = new Map<string, number>();
  findings.forEach((f, i) => {
    if (acceptedFix(f, decisions[i])) map.set(findingKey(f), decisions[i].choice);
  });
  return map;
}

/** A stable string for a selection: a plan is recomputed only when this changes. */
export function selectionSignature(findings: readonly ResolvedFinding[], decisions: readonly Decision[]): string {
  return findings
    .map((_, i) => i)
    .filter((i) => acceptedFix(findings[i], decisions[i]))
    .map((i) => `${i}:${decisions[i].choice}`)
    .join(',');
}

/** Indices of other accepted findings whose chosen fix overlaps `fix` (the engine's own overlap test). */
export function overlapsWith(findings: readonly ResolvedFinding[], decisions: readonly Decision[], index: number, fix: Fix): number[] {
  const out: number[] = [];
  findings.forEach((f, i) => {
    const other = i === index ? undefined : acceptedFix(f, decisions[i]);
    if (!other) return;
    const claimed = new ClaimedRanges();
    claimed.claim(other.changes);
    if (!claimed.fits(fix.changes)) out.push(i);
  });
  return out;
}

/**
 * Run `fn` (a plan) on the session, then put the session back as it was. plan() layers its
 * edits on the session's overlay and adds or removes files in its tree, so a second plan on the
 * same session would start from the first one's result. Planning on the session itself (rather
 * than on a copy) keeps what the CLI's options close over — suppressions read
 * `session.sources` — seeing exactly what they see in `fix --write`.
 */
export function onScratch<T>(session: Session, fn: (session: Session) => T): T {
  const { tree, sources } = session;
  const overlay = [...sources.overlay];
  const listings = tree.snapshot();
  try {
    return fn(session);
  } finally {
    sources.overlay.clear();
    for (const [path, text] of overlay) sources.overlay.set(path, text);
    tree.restore(listings);
  }
}

/** Plan exactly the accepted fixes (with their chosen alternatives), on a fork of the session. */
export function planSelection(session: Session, options: RunOptions, findings: readonly ResolvedFinding[], decisions: readonly Decision[]): Plan {
  const chosen = selection(findings, decisions);
  return onScratch(session, (s) => engine().plan(s, { ...options, select: (f) => chosen.get(findingKey(f)) ?? null }));
}

/** The unified diff of one fix on its own, as lines. */
export function fixDiffLines(session: Session, fix: Fix): string[] {
  return diffLines(engine().previewFix(session, fix).map(unifiedDiff).join(''));
}

export function diffLines(diff: string): string[] {
  if (diff === '') return [];
  const lines = diff.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
