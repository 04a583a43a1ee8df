// Pure line builders: state in, styled lines out. Components only window and paint them.
import type { Plan } from '../fix/engine.js';
import type { Fix, ResolvedFinding, Severity } from '../types.js';
import { clean, firstLine, plural, wrapText } from './display.js';
import { HELP } from './keys.js';
import { acceptedFix, type Decision } from './plan.js';
import { currentPlan, fateOf, totals, type State } from './state.js';

export type Color = 'red' | 'green' | 'yellow' | 'blue' | 'cyan' | 'magenta';
export interface Seg {
  text: string;
  color?: Color;
  dim?: boolean;
  bold?: boolean;
}
export type Line = Seg[];

const s = (text: string, style: Omit<Seg, 'text'> = {}): Seg => ({ text, ...style });

const SEVERITY: Record<Severity, Seg> = {
  error: s('error  ', { color: 'red' }),
  warning: s('warning', { color: 'yellow' }),
  info: s('info   ', { color: 'blue' }),
};

function statusMark(f: ResolvedFinding, d: Decision): Seg {
  if (f.fixes.length === 0) return s(' ');
  if (d.status === 'accepted') return s('✔', { color: 'green' });
  if (d.status === 'skipped') return s('✘', { color: 'red' });
  return s('·', { dim: true });
}

function fixLabel(fix: Fix): Seg[] {
  return fix.applicability === 'unsafe' ? [s(fix.title), s(' [unsafe]', { color: 'magenta', bold: true })] : [s(fix.title)];
}

export function headerLine(state: State, root: string): Line {
  const t = totals(state);
  const line: Line = [s('dockmend fix', { bold: true })];
  if (state.screen !== 'scanning') {
    line.push(s('  '), s(plural(t.findings, 'finding')), s(' · '), s(`${t.fixable} fixable`), s(' · '), s(`${t.accepted} accepted`, { color: t.accepted > 0 ? 'green' : undefined }));
    if (t.skipped > 0) line.push(s(' · '), s(`${t.skipped} skipped`));
  }
  // The root last: on a narrow terminal it is what gets cut.
  line.push(s(`  ${root}`, { dim: true }));
  return line;
}

/** The findings, grouped by file; `focus` is the line of the cursor. */
export function listLines(state: State, width: number): { lines: Line[]; focus: number } {
  const lines: Line[] = [];
  let focus = 0;
  let file: string | null = null;
  state.findings.forEach((f, i) => {
    if (f.location.file !== file) {
      file = f.location.file;
      lines.push([s(file, { bold: true, color: 'cyan' })]);
    }
    if (i === state.cursor) focus = lines.length;
    lines.push(findingRow(f, state.decisions[i], i === state.cursor, width));
  });
  return { lines, focus };
}

/** Cut a (cleaned) text to `max` columns with a trailing `…`. */
export function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

const MIN_MESSAGE = 30;

/** One finding: the message gives way (down to MIN_MESSAGE columns) so that the fix title shows. */
function findingRow(f: ResolvedFinding, d: Decision, current: boolean, width: number): Line {
  const dim = f.fixes.length === 0;
  const rule = clean(f.rule);
  const pos = `${f.line}:${f.column}`;
  const fix = f.fixes[d.choice];
  const tail: Seg[] = fix
    ? [s('  → '), ...fixLabel(fix), ...(f.fixes.length > 1 ? [s(`  (${d.choice + 1}/${f.fixes.length})`, { dim: true })] : [])]
    : [s('  (no fix)', { dim: true })];
  const tailWidth = tail.reduce((n, seg) => n + [...clean(seg.text)].length, 0);
  const message = clean(firstLine(f.message));
  const room = width - (4 + 7 + 2 + [...rule].length + 2 + pos.length + 2) - tailWidth;
  const shown = fit(message, Math.max(Math.min([...message].length, MIN_MESSAGE), room));
  const line: Line = [s(current ? '› ' : '  ', { bold: true, color: current ? 'cyan' : undefined }), statusMark(f, d), s(' ')];
  line.push(dim ? s(SEVERITY[f.severity].text, { dim }) : SEVERITY[f.severity]);
  line.push(s(`  ${rule}`, { dim: true }), s(`  ${pos}`, { dim: true }), s(`  ${shown}`, { dim, bold: current && !dim }), ...tail);
  return line;
}

export function diffLine(text: string): Line {
  if (text.startsWith('+++') || text.startsWith('---')) return [s(text, { bold: true })];
  if (text.startsWith('@@')) return [s(text, { color: 'cyan' })];
  if (text.startsWith('+')) return [s(text, { color: 'green' })];
  if (text.startsWith('-')) return [s(text, { color: 'red' })];
  if (text.startsWith('\\')) return [s(text, { dim: true })];
  return [s(text)];
}

/** The detail of the finding under the cursor; `diff` is the diff of its chosen fix. */
export function detailLines(state: State, diff: readonly string[], width: number): Line[] {
  const f = state.findings[state.cursor];
  const d = state.decisions[state.cursor];
  const lines: Line[] = [];
  lines.push([s(`${f.location.file}:${f.line}:${f.column}`, { bold: true }), s('  '), SEVERITY[f.severity], s(`  ${f.rule}`, { dim: true }), s('  '), statusMark(f, d)]);
  for (const m of f.message.split('\n')) for (const part of wrapText(clean(m), width)) lines.push([s(part)]);
  lines.push([s('context: ', { dim: true }), s(f.context === undefined ? '–' : f.context === '' ? '.' : f.context)]);
  if (f.fixes.length === 0) {
    lines.push([s('No automatic fix for this finding.', { dim: true })]);
    return lines;
  }
  if (f.fixes.length > 1) {
    lines.push([s('Alternatives (press 1–9 to pick):', { dim: true })]);
    f.fixes.forEach((fix, i) => {
      const on = i === d.choice;
      lines.push([s(on ? '› ' : '  ', { color: 'cyan', bold: true }), s(`${i + 1}. `, { bold: on }), ...fixLabel(fix)]);
    });
  } else {
    lines.push([s('fix: ', { dim: true }), ...fixLabel(f.fixes[0])]);
  }
  lines.push([]);
  for (const l of diff) lines.push(diffLine(l));
  return lines;
}

/** Review: what will be written, what was accepted and skipped, then the plan's diff. */
export function reviewLines(state: State, planDiff: readonly string[]): Line[] {
  const plan = currentPlan(state);
  if (!plan) return [[s('Planning the accepted fixes…', { dim: true })]];
  const t = totals(state);
  const lines: Line[] = [];
  lines.push([s(`${t.accepted} accepted`, { color: 'green' }), s(` · ${t.skipped} skipped · ${t.pending} undecided (left as they are)`)]);
  lines.push([]);
  if (plan.files.length === 0) lines.push([s('Nothing to write.', { bold: true })]);
  else {
    lines.push([s(`Files to write (${plan.files.length}):`, { bold: true })]);
    for (const f of plan.files) {
      const [verb, color]: [string, Color] = f.deleted ? ['delete', 'red'] : f.before === null ? ['create', 'green'] : ['modify', 'yellow'];
      lines.push([s(`  ${verb} `, { color }), s(f.path)]);
    }
  }
  const accepted: Line[] = [];
  const notApplied: Line[] = [];
  const skipped: Line[] = [];
  state.findings.forEach((f, i) => {
    const d = state.decisions[i];
    const fix = acceptedFix(f, d);
    const where = s(`  ${f.location.file}:${f.line}`, { dim: true });
    if (fix) {
      const fate = fateOf(f, plan, fix);
      const pass = (n: number) => (n > 0 ? [s(`  (pass ${n + 1})`, { dim: true })] : []);
      if (fate.kind === 'applied') accepted.push([s('  ✔ ', { color: 'green' }), s(f.rule), where, s('  '), ...fixLabel(fix), ...pass(fate.pass)]);
      // Written, by the same edit made for another accepted finding: not "not applied".
      else if (fate.kind === 'covered') accepted.push([s('  ✔ ', { color: 'green' }), s(f.rule), where, s('  applied with: ', { dim: true }), ...fixLabel(fate.by), ...pass(fate.pass)]);
      else notApplied.push([s('  ! ', { color: 'yellow' }), s(f.rule), where, s('  '), s(fix.title), s(fate.kind === 'rejected' ? `: ${fate.reason}` : ': overlaps an earlier fix and no longer applies', { color: 'yellow' })]);
    } else if (d.status === 'skipped') skipped.push([s('  ✘ ', { color: 'red' }), s(f.rule), where, s(`  ${firstLine(f.message)}`, { dim: true })]);
  });
  const section = (title: string, body: Line[]) => {
    if (body.length === 0) return;
    lines.push([], [s(`${title} (${body.length}):`, { bold: true })], ...body);
  };
  section('Fixes accepted', accepted);
  section('Accepted but not applied', notApplied);
  section('Skipped', skipped);
  if (planDiff.length > 0) {
    lines.push([]);
    for (const l of planDiff) lines.push(diffLine(l));
  }
  return lines;
}

/** The final frame: what was written, what remains, how to come back. */
export function resultLines(state: State, rerun: string): Line[] {
  const lines: Line[] = [];
  if (state.screen === 'quit') {
    lines.push([s('Quit: nothing was written.', { bold: true })]);
    lines.push([s('Run again: '), s(rerun, { bold: true })]);
    return lines;
  }
  if (state.findings.length === 0) return [[s('No problems found.', { bold: true })]];
  const outcome = state.outcome ?? { written: [], skipped: [] };
  const plan: Plan | null = state.plan;
  if (outcome.written.length === 0 && outcome.skipped.length === 0) lines.push([s('Nothing written.', { bold: true })]);
  if (outcome.written.length > 0) {
    lines.push([s(`Wrote ${plural(outcome.written.length, 'file')}:`, { bold: true, color: 'green' })]);
    for (const p of outcome.written) lines.push([s(`  ${p}`)]);
  }
  if (outcome.skipped.length > 0) {
    lines.push([s(`Not written (${outcome.skipped.length}):`, { bold: true, color: 'red' })]);
    for (const k of outcome.skipped) lines.push([s(`  ${k.path}: `), s(k.reason, { color: 'red' })]);
  }
  const remaining = outcome.skipped.length === 0 && plan ? plan.remaining : state.findings;
  if (outcome.skipped.length > 0) lines.push([s('Some fixes were not written, so the findings are as before.', { color: 'yellow' })]);
  lines.push([s(remaining.length === 0 ? 'No findings remain.' : remainingSummary(remaining))]);
  if (remaining.length > 0 || outcome.skipped.length > 0) lines.push([s('Run again: '), s(rerun, { bold: true })]);
  return lines;
}

function remainingSummary(findings: readonly ResolvedFinding[]): string {
  const by = (sev: Severity) => findings.filter((f) => f.severity === sev).length;
  const parts = (['error', 'warning', 'info'] as const).filter((sev) => by(sev) > 0).map((sev) => plural(by(sev), sev, sev === 'info' ? 'info' : `${sev}s`));
  return `${plural(findings.length, 'finding')} remain${findings.length === 1 ? 's' : ''} (${parts.join(', ')}).`;
}

export function helpLines(): Line[] {
  const width = Math.max(...HELP.map(([k]) => k.length)) + 2;
  return [[s('Keys', { bold: true })], [], ...HELP.map(([k, what]): Line => [s(`  ${k.padEnd(width)}`, { bold: true, color: 'cyan' }), s(what)])];
}

export function hintLine(state: State): Line {
  const key = (k: string, what: string): Seg[] => [s(k, { bold: true }), s(` ${what}  `, { dim: true })];
  if (state.help) return key('?/esc', 'close help');
  switch (state.screen) {
    case 'scanning':
      return key('q', 'quit');
    case 'review': {
      const plan = currentPlan(state);
      const n = plan?.files.length ?? 0;
      return [...key('y', n > 0 ? `write ${plural(n, 'file')}` : 'finish'), ...key('n', 'back'), ...key('↑↓', 'scroll'), ...key('q', 'quit without writing')];
    }
    default:
      if (state.detail) {
        const alts = state.findings[state.cursor]?.fixes.length ?? 0;
        return [...key('↑↓', 'scroll'), ...key('←→', 'prev/next'), ...(alts > 1 ? key(`1-${Math.min(alts, 9)}`, 'pick') : []), ...key('y/n', 'accept/skip'), ...key('enter', 'close'), ...key('w', 'review'), ...key('?', 'help')];
      }
      return [...key('↑↓', 'move'), ...key('enter', 'detail'), ...key('y/n', 'accept/skip'), ...key('a', 'accept safe'), ...key('space', 'toggle'), ...key('w', 'review'), ...key('q', 'quit'), ...key('?', 'help')];
  }
}
