// Human output, grouped by file like eslint's "stylish" formatter.
import { escapeControl } from '../text.js';
import type { ResolvedFinding } from '../types.js';

export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  underline(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const ansi: Colors = { red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), dim: wrap(2, 22), bold: wrap(1, 22), underline: wrap(4, 24) };
export const plain: Colors = { red: (s) => s, yellow: (s) => s, blue: (s) => s, dim: (s) => s, bold: (s) => s, underline: (s) => s };

/** NO_COLOR (no-color.org) wins over FORCE_COLOR, which wins over TTY detection. */
export function colorsFor(stream: { isTTY?: boolean }): Colors {
  if (process.env.NO_COLOR) return plain;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force === '0' || force === 'false' ? plain : ansi;
  return stream.isTTY ? ansi : plain;
}

export interface TextOptions {
  /** Findings hidden by inline suppressions, counted in the summary. */
  suppressed?: number;
}

export function textReport(findings: readonly ResolvedFinding[], c: Colors, options: TextOptions = {}): string {
  const suppressed = options.suppressed ?? 0;
  if (findings.length === 0) return `No problems found.${suppressed > 0 ? ` (${suppressed} suppressed)` : ''}\n`;
  const out: string[] = [];
  let current = '';
  for (const f of findings) {
    if (f.location.file !== current) {
      if (current !== '') out.push('');
      current = f.location.file;
      out.push(c.underline(escapeControl(current)));
    }
    const sev = f.severity === 'error' ? c.red('error  ') : f.severity === 'warning' ? c.yellow('warning') : c.blue('info   ');
    const pos = `${f.line}:${f.column}`.padEnd(7);
    const fix = f.fixes[0] ? c.dim(`  fix${f.fixes[0].applicability === 'unsafe' ? ' (unsafe)' : ''}: ${escapeControl(f.fixes[0].title)}${f.fixes.length > 1 ? ` (+${f.fixes.length - 1} alternatives)` : ''}`) : '';
    const ctx = f.context !== undefined ? c.dim(` [context ${escapeControl(f.context)}]`) : '';
    out.push(`  ${pos} ${sev}  ${escapeControl(f.message)}${ctx}  ${c.dim(f.rule)}`);
    if (fix) out.push(`  ${' '.repeat(7)}          ${fix}`);
  }
  out.push('');
  out.push(summaryLine(findings, c, suppressed));
  return out.join('\n') + '\n';
}

export function summaryLine(findings: readonly ResolvedFinding[], c: Colors = plain, suppressed = 0): string {
  const n = (k: string) => findings.filter((f) => f.severity === k).length;
  const fixable = findings.filter((f) => f.fixes.length > 0).length;
  const safe = findings.filter((f) => f.fixes[0]?.applicability === 'safe').length;
  const s = `${findings.length} problem${findings.length === 1 ? '' : 's'} (${n('error')} errors, ${n('warning')} warnings, ${n('info')} info)`;
  const fixes = fixable > 0 ? `; ${fixable} fixable (${safe} with --write, ${fixable - safe} more with --unsafe)` : '';
  return c.bold(s + fixes + (suppressed > 0 ? `; ${suppressed} suppressed` : ''));
}
