// Terminal keys to the reducer's key names (git add -p / ncu -i habits).
import type { Key } from 'ink';
import type { KeyName } from './state.js';

export function keyName(input: string, key: Key): { key: KeyName; digit?: number } | null {
  if (key.ctrl && input === 'c') return { key: 'interrupt' };
  if (key.upArrow) return { key: 'up' };
  if (key.downArrow) return { key: 'down' };
  if (key.leftArrow) return { key: 'left' };
  if (key.rightArrow) return { key: 'right' };
  if (key.pageUp) return { key: 'pageUp' };
  if (key.pageDown) return { key: 'pageDown' };
  if (key.home) return { key: 'home' };
  if (key.end) return { key: 'end' };
  if (key.return) return { key: 'enter' };
  if (key.escape) return { key: 'escape' };
  if (key.ctrl || key.meta) return null;
  switch (input) {
    case 'k':
      return { key: 'up' };
    case 'j':
      return { key: 'down' };
    case 'h':
      return { key: 'left' };
    case 'l':
      return { key: 'right' };
    case 'g':
      return { key: 'home' };
    case 'G':
      return { key: 'end' };
    case 'y':
      return { key: 'accept' };
    case 'n':
      return { key: 'skip' };
    case 'a':
      return { key: 'acceptAll' };
    case ' ':
      return { key: 'toggle' };
    case 'w':
      return { key: 'review' };
    case 'q':
      return { key: 'quit' };
    case '?':
      return { key: 'help' };
  }
  if (/^[1-9]$/.test(input)) return { key: 'digit', digit: Number(input) };
  return null;
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/**
 * Ink hands over keys typed faster than it reads (or pasted) as one string: take them one by
 * one, so `jj` moves twice and `y` followed by enter is not lost.
 */
export function keyNames(input: string, key: Key): Array<{ key: KeyName; digit?: number }> {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || input.includes('\u001b')) {
    const one = keyName(input, key);
    return one ? [one] : [];
  }
  const out: Array<{ key: KeyName; digit?: number }> = [];
  for (const ch of chars) {
    const k = ch === '\r' || ch === '\n' ? ({ key: 'enter' } as const) : ch === '\u0003' ? ({ key: 'interrupt' } as const) : keyName(ch, NO_KEY);
    if (k) out.push(k);
  }
  return out;
}

/** The help overlay: every key, by screen. */
export const HELP: ReadonlyArray<readonly [string, string]> = [
  ['↑/↓  j/k', 'move between findings (scroll in detail and review)'],
  ['PgUp/PgDn  g/G', 'page; first / last'],
  ['enter', 'open / close the detail of a finding'],
  ['←/→  h/l', 'previous / next finding (in detail)'],
  ['y', 'accept the fix (an unsafe fix only when you say so)'],
  ['n', 'skip the finding'],
  ['space', 'toggle accept / skip'],
  ['a', 'accept all remaining safe fixes (never unsafe ones)'],
  ['1–9', 'pick an alternative fix'],
  ['w', 'review what will be written'],
  ['y / n (review)', 'write the files / go back'],
  ['q  Ctrl-C', 'quit without writing'],
  ['?  esc', 'close this help'],
];
