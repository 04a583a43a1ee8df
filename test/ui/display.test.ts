import { describe, expect, it } from 'vitest';
import { detect, openSession } from '../../src/fix/engine.js';
import type { RegistryEntry } from '../../src/rules/types.js';
import { clean, colorEnabled, expandTabs, rerunCommand, shellQuote, wrapText } from '../../src/ui/display.js';
import { onScratch, overlapsWith, planSelection } from '../../src/ui/plan.js';
import { tree } from '../helpers.js';
import { tokenRule } from './ui-helpers.js';

describe('display', () => {
  it('clean escapes terminal controls, carriage returns, line breaks and bidi overrides', () => {
    expect(clean('a\u001b[31mred\u001b[0m')).toBe('a\\x1b[31mred\\x1b[0m');
    expect(clean('x\r')).toBe('x\\x0d');
    expect(clean('two\nlines')).toBe('two\\nlines');
    expect(clean('\u009b2J')).toBe('\\x9b2J');
    expect(clean('abc\u202edcb')).toBe('abc\\u{202e}dcb');
    expect(clean(clean('a\u001bb'))).toBe(clean('a\u001bb'));
  });

  it('expands tabs to tab stops', () => {
    expect(expandTabs('a\tb')).toBe('a   b');
    expect(expandTabs('+\tRUN x')).toBe('+   RUN x');
    expect(expandTabs('abcd\te')).toBe('abcd    e');
  });

  it('wraps words at a width and cuts a word longer than the line', () => {
    expect(wrapText('the quick brown fox jumps', 10)).toEqual(['the quick', 'brown fox', 'jumps']);
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    expect(wrapText('', 10)).toEqual(['']);
  });

  it('quotes shell arguments only when needed', () => {
    expect(shellQuote('services/api')).toBe('services/api');
    expect(shellQuote("it's here")).toBe(`'it'\\''s here'`);
    expect(rerunCommand('/w/repo', { only: ['compose-version'] }, '/w')).toBe('dockmend fix repo --rule compose-version');
    expect(rerunCommand('/w', { skip: ['x'] }, '/w')).toBe('dockmend fix . --ignore-rule x');
    expect(rerunCommand('/elsewhere/r', {}, '/w')).toBe('dockmend fix /elsewhere/r');
  });

  it('NO_COLOR wins over FORCE_COLOR, which wins over the terminal', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorEnabled({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorEnabled({ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(false);
  });
});

describe('planning from the UI', () => {
  it('plans on scratch: the session is put back as scanned, so re-plans do not compound', () => {
    const root = tree({ 'a.txt': 'x x', 'b.txt': 'keep' });
    const entry = tokenRule('r', 'a.txt', 'x', [{ text: 'yy' }]);
    const session = openSession(root);
    const findings = detect(session, { entries: [entry] }).findings;
    const decisions = findings.map(() => ({ status: 'accepted' as const, choice: 0 }));
    const first = planSelection(session, { entries: [entry] }, findings, decisions);
    const second = planSelection(session, { entries: [entry] }, findings, decisions);
    expect(first.files).toEqual([{ path: 'a.txt', before: 'x x', after: 'yy yy' }]);
    expect(second.files).toEqual(first.files);
    expect(session.sources.overlay.size).toBe(0);
    // Only the accepted finding is fixed.
    const one = planSelection(session, { entries: [entry] }, findings, [decisions[0], { status: 'skipped', choice: 0 }]);
    expect(one.files).toEqual([{ path: 'a.txt', before: 'x x', after: 'yy x' }]);
  });

  it('a created file on a fork does not make the next plan refuse to create it', () => {
    const root = tree({ 'a.txt': 'x' });
    const base = tokenRule('r', 'a.txt', 'x', []);
    // Reports until new.txt exists; its fix creates new.txt.
    const entry: RegistryEntry = {
      detector: { ...base.detector, detect: (project, o) => (project.tree.exists('new.txt') ? [] : base.detector.detect(project, o)) },
      transform: () => [{ title: 'create', applicability: 'safe', changes: [{ kind: 'create', file: 'new.txt', text: 'n\n' }] }],
    };
    const session = openSession(root);
    const findings = detect(session, { entries: [entry] }).findings;
    const accept = [{ status: 'accepted' as const, choice: 0 }];
    expect(planSelection(session, { entries: [entry] }, findings, accept).files).toHaveLength(1);
    expect(session.tree.exists('new.txt')).toBe(false);
    expect(session.tree.list('')).toEqual(['a.txt']);
    const again = planSelection(session, { entries: [entry] }, findings, accept);
    expect(again.rejected).toEqual([]);
    expect(again.files).toEqual([{ path: 'new.txt', before: null, after: 'n\n' }]);
  });

  it('restores the session even when planning throws', () => {
    const session = openSession(tree({ 'a.txt': 'x' }));
    expect(() =>
      onScratch(session, (s) => {
        s.sources.overlay.set('a.txt', 'y');
        s.tree.addFile('b.txt');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(session.sources.overlay.size).toBe(0);
    expect(session.tree.exists('b.txt')).toBe(false);
    expect(session.tree.list('')).toEqual(['a.txt']);
  });

  it('finds which accepted fixes overlap, with the engine rule', () => {
    const root = tree({ 'a.txt': 'abcd' });
    const entries = [tokenRule('ab', 'a.txt', 'ab', [{ text: 'AB' }]), tokenRule('bc', 'a.txt', 'bc', [{ text: 'BC' }]), tokenRule('d', 'a.txt', 'd', [{ text: 'D' }])];
    const findings = detect(openSession(root), { entries }).findings;
    const byRule = (r: string) => findings.findIndex((f) => f.rule === r);
    const decisions = findings.map(() => ({ status: 'accepted' as const, choice: 0 }));
    expect(overlapsWith(findings, decisions, byRule('bc'), findings[byRule('bc')].fixes[0])).toEqual([byRule('ab')]);
    expect(overlapsWith(findings, decisions, byRule('d'), findings[byRule('d')].fixes[0])).toEqual([]);
  });
});
