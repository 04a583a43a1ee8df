// Output of `dockmend explain`: text for people, JSON (the ExplainResult itself) for tools.
import { plain, type Colors } from '../report/text.js';
import { escapeControl } from '../text.js';
import type { ExplainedFailure, ExplainResult, RepairKind } from './types.js';

export type ExplainFormat = 'text' | 'json';

const REPAIR: Record<RepairKind, string> = {
  'source-missing': 'the COPY source path is wrong',
  'source-ignored': 'the .dockerignore excludes the source',
  context: 'the build context (or Dockerfile path) in the compose file is wrong',
};

export function renderExplain(result: ExplainResult, format: ExplainFormat, colors: Colors = plain): string {
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  const c = colors;
  const total = result.failures.length + result.unrecognised.length;
  if (total === 0) return 'No build failure found in the log.\n';
  const out: string[] = [];
  result.failures.forEach((f, i) => {
    if (i > 0) out.push('');
    out.push(...failureLines(f, i + 1, c));
  });
  if (result.unrecognised.length > 0) {
    if (out.length > 0) out.push('');
    out.push(c.bold(`Not recognised (${result.unrecognised.length}):`));
    for (const u of result.unrecognised) {
      const where = u.step ? ` in step ${escapeControl(u.step)}` : '';
      out.push(`  log line ${u.line}${where}:`);
      out.push(`    ${escapeControl(u.text)}`);
    }
    out.push(c.dim('  dockmend does not know these failures and suggests no finding for them.'));
  }
  out.push('');
  out.push(c.bold(summary(result)));
  return `${out.join('\n')}\n`;
}

function failureLines(f: ExplainedFailure, n: number, c: Colors): string[] {
  const out: string[] = [];
  const sev = f.severity === 'error' ? c.red('error') : c.yellow('warning');
  const head = f.step ? f.step.label : f.message;
  out.push(`${c.bold(`${n}.`)} ${sev}  ${c.bold(escapeControl(head))}`);
  const lines = f.logLines.length === 1 ? `log line ${f.logLines[0]}` : `log lines ${f.logLines.join(', ')}`;
  if (f.step) out.push(`   ${c.dim(`${lines}:`)} ${escapeControl(f.message)}`);
  else out.push(`   ${c.dim(lines)}`);
  const where: string[] = [];
  if (f.dockerfile) where.push(`${f.dockerfile.file}:${f.dockerfile.line}`);
  else if (f.composeFile) where.push(f.composeFile);
  if (f.service) where.push(`service ${f.service}`);
  if (where.length > 0) out.push(`   ${c.dim('at')}       ${escapeControl(where.join(', '))}`);
  out.push(`   ${c.dim('cause')}    ${escapeControl(f.explanation)}`);
  if (f.finding) {
    const x = f.finding;
    out.push(`   ${c.dim('finding')}  ${x.rule} ${c.underline(`${escapeControl(x.file)}:${x.line}`)}${x.context !== undefined ? c.dim(` [context ${escapeControl(x.context)}]`) : ''}`);
    out.push(`            ${escapeControl(x.message)}`);
    if (f.repair) out.push(`   ${c.dim('repair')}   ${f.repair}: ${REPAIR[f.repair]}`);
    for (const a of f.alternatives) out.push(`   ${c.dim('or')}       ${a.rule} ${escapeControl(a.file)}:${a.line} ${c.dim('(the log does not say which)')}`);
    if (f.fix) {
      out.push(`   ${c.dim('fix')}      ${escapeControl(f.fix.title)}${f.fix.applicability === 'unsafe' ? c.yellow(' (unsafe: review it)') : ''}`);
      for (const l of f.fix.diff.replace(/\n$/, '').split('\n')) out.push(`   ${diffLine(l, c)}`);
    } else out.push(`   ${c.dim('fix')}      ${c.dim('none offered by the rule')}`);
  } else {
    out.push(`   ${c.dim('finding')}  ${escapeControl(f.note ?? 'No dockmend finding explains it.')}`);
    out.push(`            ${c.dim(`(checked: ${f.rules.join(', ')})`)}`);
  }
  return out;
}

function diffLine(l: string, c: Colors): string {
  const s = escapeControl(l);
  if (l.startsWith('+++') || l.startsWith('---')) return c.bold(s);
  if (l.startsWith('@@')) return c.blue(s);
  if (l.startsWith('+')) return c.blue(s);
  if (l.startsWith('-')) return c.red(s);
  return s;
}

function summary(r: ExplainResult): string {
  const explained = r.failures.filter((f) => f.finding).length;
  const fixable = r.failures.filter((f) => f.fix).length;
  const parts = [`${r.failures.length} recognised failure${r.failures.length === 1 ? '' : 's'}`];
  if (r.failures.length > 0) parts.push(`${explained} explained by a finding (${fixable} with a fix)`);
  parts.push(`${r.unrecognised.length} not recognised`);
  return parts.join(', ') + '.';
}
