import { describe, expect, it } from 'vitest';
import { MAX_PASSES, openSession, plan } from '../src/fix/engine.js';
import type { RegistryEntry } from '../src/rules/types.js';
import type { Change, Finding } from '../src/types.js';
import { tokenRule, tree } from './helpers.js';

/** A synthetic rule: reports every `token` in `file` and replaces it by `replacement`. */
function replaceRule(id: string, file: string, token: string, replacement: string, extra: (f: Finding) => Change[] = () => []): RegistryEntry {
  return tokenRule(id, file, token, [{ text: replacement, title: `replace ${token}` }], undefined, extra);
}

describe('fix engine', () => {
  it('applies non-overlapping fixes in one pass and keeps every other byte', () => {
    const root = tree({ 'a.txt': 'x-1 keep x-2\r\n' });
    const p = plan(openSession(root), { entries: [replaceRule('r', 'a.txt', 'x', 'y')] });
    expect(p.files).toEqual([{ path: 'a.txt', before: 'x-1 keep x-2\r\n', after: 'y-1 keep y-2\r\n' }]);
    expect(p.passes).toBe(1);
    expect(p.remaining).toEqual([]);
  });

  it('defers an overlapping fix to the next pass, then re-detects', () => {
    const root = tree({ 'a.txt': 'abc' });
    // Rule 1 turns "ab" into "AB"; rule 2 turns "bc" into "BC". They overlap on "b".
    const p = plan(openSession(root), { entries: [replaceRule('r1', 'a.txt', 'ab', 'AB'), replaceRule('r2', 'a.txt', 'bc', 'bC')] });
    expect(p.files[0].after).toBe('ABc');
    // After r1, "bc" no longer exists, so r2's finding disappears: 1 pass applied, 1 detect more.
    expect(p.applied.map((a) => [a.pass, a.finding.rule])).toEqual([[0, 'r1']]);
  });

  it('applies the changes of one fix all-or-nothing', () => {
    const root = tree({ 'b.txt': 'bbb', 'z.txt': 'zzz' });
    // rB claims all of b.txt first; rZ edits z.txt and b.txt[0], so the whole of rZ waits a pass.
    const rB = replaceRule('rB', 'b.txt', 'bbb', 'BBB');
    const rZ = replaceRule('rZ', 'z.txt', 'zzz', 'ZZZ', () => [{ kind: 'edit', file: 'b.txt', start: 0, end: 1, text: 'X' }]);
    const p = plan(openSession(root), { entries: [rB, rZ] });
    expect(p.applied.map((a) => [a.pass, a.finding.rule])).toEqual([
      [0, 'rB'],
      [1, 'rZ'],
    ]);
    expect(Object.fromEntries(p.files.map((f) => [f.path, f.after]))).toEqual({ 'b.txt': 'XBB', 'z.txt': 'ZZZ' });
  });

  it('stops on a cycle', () => {
    const root = tree({ 'a.txt': 'p' });
    const p = plan(openSession(root), { entries: [replaceRule('to-q', 'a.txt', 'p', 'q'), replaceRule('to-p', 'a.txt', 'q', 'p')] });
    expect(p.stopped).toBe('cycle');
    expect(p.passes).toBeLessThanOrEqual(3);
  });

  it('stops after MAX_PASSES', () => {
    const root = tree({ 'a.txt': 'x' });
    const p = plan(openSession(root), { entries: [replaceRule('grow', 'a.txt', 'x', 'xx')] });
    expect(p.stopped).toBe('limit');
    expect(p.passes).toBe(MAX_PASSES);
  });

  it('rejects a fix that would leave a compose file unparseable', () => {
    const root = tree({ 'compose.yaml': 'services: {}\n' });
    const p = plan(openSession(root), { entries: [replaceRule('break', 'compose.yaml', '{}', '{')] });
    expect(p.files).toEqual([]);
    expect(p.rejected).toHaveLength(1);
    expect(p.rejected[0].reason).toMatch(/unparseable/);
  });

  it('never applies unsafe fixes unless asked', () => {
    const root = tree({ 'a.txt': 'x' });
    const entry = replaceRule('r', 'a.txt', 'x', 'y');
    const unsafe: RegistryEntry = { ...entry, transform: (f) => entry.transform!(f).map((fix) => ({ ...fix, applicability: 'unsafe' as const })) };
    expect(plan(openSession(root), { entries: [unsafe] }).files).toEqual([]);
    expect(plan(openSession(root), { entries: [unsafe], unsafe: true }).files).toHaveLength(1);
  });

  it('honours an explicit selection of alternatives', () => {
    const root = tree({ 'a.txt': 'x' });
    const entry: RegistryEntry = {
      ...replaceRule('r', 'a.txt', 'x', 'y'),
      transform: (f) => ['1', '2'].map((t) => ({ title: t, applicability: 'unsafe' as const, changes: [{ kind: 'edit' as const, file: 'a.txt', start: f.location.start, end: f.location.end, text: t }] })),
    };
    const p = plan(openSession(root), { entries: [entry], select: () => 1 });
    expect(p.files[0].after).toBe('2');
  });

  it('refuses to create a file that exists', () => {
    const root = tree({ 'a.txt': 'x', '.dockerignore': 'keep\n' });
    const entry: RegistryEntry = {
      ...replaceRule('r', 'a.txt', 'x', 'x'),
      transform: () => [{ title: 'create', applicability: 'safe', changes: [{ kind: 'create', file: '.dockerignore', text: 'new\n' }] }],
    };
    const p = plan(openSession(root), { entries: [entry] });
    expect(p.files).toEqual([]);
    expect(p.rejected[0].reason).toMatch(/already exists/);
  });
});
