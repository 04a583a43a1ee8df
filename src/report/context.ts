// `dockmend context`: for each build context, the ignore file in force, what it sends now and
// after the pending fixes, and its heaviest paths.
import { timed } from '../timing.js';
import { formatBytes, groupDigits, measureContexts, shrinkLine, totals, type ContextShrink, type ContextSize, type SizeMemo } from '../analysis/context-size.js';
import { buildProject } from '../project/project.js';
import { displayPath, isWithin } from '../project/paths.js';
import { plan, type DetectResult, type RunOptions, type Session } from '../fix/engine.js';
import { escapeControl } from '../text.js';
import type { Colors } from './text.js';
import { buildSource, type JsonBuildSource } from './json.js';

export interface ContextRow {
  context: string;
  /** Null when the context is not built before (or, for afterFixes, after) the fixes. */
  ignoreFile: string | null;
  ignoreFileAfter: string | null;
  now: { files: number; bytes: number } | null;
  afterFixes: { files: number; bytes: number } | null;
  heaviest: { path: string; bytes: number }[];
  /** The builds that use this directory as their context (before the fixes): compose services, Bake targets, command lines. */
  builds: JsonBuildSource[];
}

export interface ContextReport {
  rows: ContextRow[];
  shrink: ContextShrink;
}

/**
 * Measures before planning, plans (in memory only), measures again on the planned state. A
 * fix may move a context (`context: .` → `..`), so rows are the union of both sides by directory.
 * `first`: the detection the caller already ran on this session, unplanned, with these options
 * (its project is measured, and its findings are the plan's first pass).
 */
export function contextReport(session: Session, options: RunOptions, first?: DetectResult): ContextReport {
  const memo: SizeMemo = { sizes: new Map() };
  const project = first?.project ?? buildProject(session.tree, session.sources, options);
  const before = timed('context sizes', () => measureContexts(project, memo));
  const builds = project.contexts.map((c) => ({ dir: c.dir, source: buildSource(c) }));
  const planned = timed('plan (context sizes after fixes)', () => plan(session, options, first?.findings, first?.project));
  // What a context sends after the fixes changes only with its ignore file's text, its
  // Dockerfiles' (their COPY sources decide what BuildKit sends), or with a file created or
  // deleted below it (sizes are the files' sizes on disk, as before): any other context's
  // measurement stands.
  const changedFiles = new Set(planned.files.map((f) => f.path));
  const madeOrRemoved = planned.files.filter((f) => f.before === null || f.deleted).map((f) => f.path);
  memo.unchanged = (dir, ignoreFile, dockerfiles) =>
    (ignoreFile === null || !changedFiles.has(ignoreFile)) && !dockerfiles.some((d) => changedFiles.has(d)) && !madeOrRemoved.some((p) => isWithin(dir, p));
  const after = timed('context sizes after fixes', () => measureContexts(buildProject(session.tree, session.sources, options), memo));
  const dirs = [...new Set([...before, ...after].map((s) => s.dir))].sort();
  const rows = dirs.map((dir): ContextRow => {
    const b = merged(before.filter((s) => s.dir === dir));
    const a = merged(after.filter((s) => s.dir === dir));
    return { context: displayPath(dir), ignoreFile: b?.ignoreFile ?? null, ignoreFileAfter: a?.ignoreFile ?? null, now: b && pick(b), afterFixes: a && pick(a), heaviest: (b ?? a)!.heaviest, builds: builds.filter((x) => x.dir === dir).map((x) => x.source) };
  });
  return { rows, shrink: { contexts: rows.length, before: totals(before), after: totals(after) } };
}

/** One directory built with different ignore files: the one sending most stands for it. */
function merged(sizes: ContextSize[]): ContextSize | null {
  return sizes.length === 0 ? null : sizes.reduce((m, s) => (s.bytes > m.bytes ? s : m));
}

function pick(s: { files: number; bytes: number }) {
  return { files: s.files, bytes: s.bytes };
}

export function contextText(report: ContextReport, c: Colors, width = 80): string {
  if (report.rows.length === 0) return 'No build contexts found.\n';
  const max = Math.max(...report.rows.map((r) => r.now?.bytes ?? 0), 1);
  const nameWidth = Math.min(Math.max(...report.rows.map((r) => r.context.length), 7), 32);
  const barWidth = Math.max(8, Math.min(20, width - nameWidth - 60));
  const n = groupDigits;
  const out = [c.bold(`${'context'.padEnd(nameWidth)}  ${'sends now'.padStart(22)}  ${'after fixes'.padStart(22)}  ignore file`)];
  for (const r of report.rows) {
    const bytes = r.now?.bytes ?? 0;
    const bar = '█'.repeat(Math.max(bytes > 0 ? 1 : 0, Math.round((bytes / max) * barWidth)));
    const cell = (x: { files: number; bytes: number } | null) => (x ? `${formatBytes(x.bytes)} / ${n(x.files)} files` : 'not built');
    const now = cell(r.now);
    const after = cell(r.afterFixes);
    const ignore = r.now === null ? (r.ignoreFileAfter ?? 'none') : r.afterFixes === null ? (r.ignoreFile ?? 'none') : r.ignoreFile === r.ignoreFileAfter ? (r.ignoreFile ?? 'none') : `${r.ignoreFile ?? 'none'} → ${r.ignoreFileAfter ?? 'none'}`;
    out.push(`${escapeControl(r.context).padEnd(nameWidth)}  ${now.padStart(22)}  ${after.padStart(22)}  ${escapeControl(ignore)}`);
    out.push(`${''.padEnd(nameWidth)}  ${c.blue(bar)}`);
    const by = r.builds.map(describeBuild).filter((x) => x !== null);
    if (by.length > 0) out.push(c.dim(`${''.padEnd(nameWidth)}    built by ${escapeControl([...new Set(by)].join('; '))}`));
    for (const h of r.heaviest) out.push(c.dim(`${''.padEnd(nameWidth)}    ${formatBytes(h.bytes).padStart(8)}  ${escapeControl(h.path)}`));
  }
  out.push('', shrinkLine(report.shrink));
  return `${out.join('\n')}\n`;
}

function describeBuild(b: JsonBuildSource): string | null {
  switch (b.source) {
    case 'compose':
      return `compose service ${b.service} (${b.file})`;
    case 'bake':
      return `Bake target ${b.target} (${b.file})`;
    case 'command':
      return `${b.file}:${b.line}`;
    default:
      return null;
  }
}

export function contextJson(report: ContextReport, root: string): string {
  return `${JSON.stringify({ version: 1, root, contexts: report.rows, total: report.shrink }, null, 2)}\n`;
}
