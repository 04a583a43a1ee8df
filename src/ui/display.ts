// Display helpers shared by every screen. All text that reaches the terminal goes through
// `clean` (in Lines.tsx), so repository text — file names, messages, diff lines — can never
// carry an escape sequence, a carriage return or a bidi override to the terminal.
import { relative } from 'node:path';
import { escapeControl } from '../text.js';

export const TAB_WIDTH = 4;

/** Expand tabs to spaces (tab stops every TAB_WIDTH columns from the start of `s`). */
export function expandTabs(s: string, width = TAB_WIDTH): string {
  if (!s.includes('\t')) return s;
  let out = '';
  for (const ch of s) {
    if (ch === '\t') out += ' '.repeat(width - (out.length % width));
    else out += ch;
  }
  return out;
}

/**
 * One display line: tabs expanded, line breaks shown as `\n`, C0/C1 controls as `\xNN`
 * (escapeControl) and bidirectional overrides as `\u{NNNN}` (they reorder what follows).
 */
export function clean(s: string): string {
  return escapeControl(expandTabs(s).replace(/\n/g, '\\n')).replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** Word-wrap one cleaned line to `width` columns (words longer than a line are cut). */
export function wrapText(s: string, width: number): string[] {
  const w = Math.max(10, width);
  const out: string[] = [];
  let line = '';
  for (const word of s.split(/(?<= )/)) {
    if (line.length + word.trimEnd().length <= w) {
      line += word;
      continue;
    }
    if (line !== '') out.push(line.trimEnd());
    line = word;
    while (line.length > w) {
      out.push(line.slice(0, w));
      line = line.slice(w);
    }
  }
  if (line !== '' || out.length === 0) out.push(line.trimEnd());
  return out;
}

/** The first line of a (possibly multi-line) message. */
export function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : `${s.slice(0, i)} …`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Quote an argument for a POSIX shell, only when needed. */
export function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The command that re-opens this session: root relative to cwd and the rule filters. */
export function rerunCommand(root: string, options: { only?: readonly string[]; skip?: readonly string[] }, cwd = process.cwd()): string {
  const rel = relative(cwd, root);
  const target = rel === '' ? '.' : rel.startsWith('..') ? root : rel;
  const parts = ['dockmend', 'fix', shellQuote(target)];
  for (const id of options.only ?? []) parts.push('--rule', shellQuote(id));
  for (const id of options.skip ?? []) parts.push('--ignore-rule', shellQuote(id));
  return parts.join(' ');
}

/**
 * Colour on or off, as src/report/text.ts decides it: NO_COLOR (no-color.org) wins, then
 * FORCE_COLOR (0/false turn colour off), then whether the output is a terminal.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true;
}
