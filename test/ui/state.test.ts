// The reducer and the key map, without a terminal.
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/fix/engine.js';
import type { Fix, ResolvedFinding } from '../../src/types.js';
import { keyName, keyNames } from '../../src/ui/keys.js';
import { selection, selectionSignature } from '../../src/ui/plan.js';
import { currentPlan, exitCode, initialState, reducer, totals, type Action, type KeyName, type State } from '../../src/ui/state.js';

const fix = (title: string, start: number, end: number, applicability: Fix['applicability'] = 'safe', file = 'a.txt'): Fix => ({
  title,
  applicability,
  changes: [{ kind: 'edit', file, start, end, text: title }],
});

function finding(rule: string, start: number, fixes: Fix[], file = 'a.txt'): ResolvedFinding {
  return { rule, severity: 'warning', location: { file, start, end: start + 1 }, message: `${rule} at ${start}`, line: 1, column: start + 1, endLine: 1, endColumn: start + 2, fixes };
}

const view = { page: 5, maxScroll: 10 };
const key = (k: KeyName, digit?: number): Action => ({ type: 'key', key: k, digit, view });
const run = (s: State, ...actions: Action[]) => actions.reduce(reducer, s);

function scanned(findings: ResolvedFinding[]): State {
  return reducer(initialState(42), { type: 'scanned', findings, contexts: 1 });
}

const emptyPlan = (over: Partial<Plan> = {}): Plan => ({ root: '/r', findings: [], applied: [], rejected: [], remaining: [], files: [], passes: 0, ...over });

describe('reducer', () => {
  const fs = [finding('r1', 0, [fix('A', 0, 1)]), finding('r2', 5, [fix('B', 5, 6, 'unsafe')]), finding('r3', 9, []), finding('r4', 12, [fix('D', 12, 13), fix('D2', 12, 13, 'unsafe')])];

  it('starts scanning and lists the findings once detection reports', () => {
    expect(initialState(42)).toMatchObject({ screen: 'scanning', walked: 42 });
    const s = scanned(fs);
    expect(s).toMatchObject({ screen: 'list', contexts: 1, cursor: 0 });
    expect(s.decisions.every((d) => d.status === 'pending' && d.choice === 0)).toBe(true);
    expect(reducer(initialState(1), { type: 'scanned', findings: [], contexts: 0 }).screen).toBe('result');
  });

  it('y accepts and moves on; n skips; space toggles in place', () => {
    let s = run(scanned(fs), key('accept'));
    expect(s.decisions[0].status).toBe('accepted');
    expect(s.cursor).toBe(1);
    s = run(s, key('skip'));
    expect(s.decisions[1].status).toBe('skipped');
    expect(s.cursor).toBe(2);
    s = run(s, key('up'), key('toggle'));
    expect(s.decisions[1].status).toBe('accepted');
    expect(s.cursor).toBe(1);
    s = run(s, key('toggle'));
    expect(s.decisions[1].status).toBe('skipped');
    expect(totals(s)).toEqual({ findings: 4, fixable: 3, accepted: 1, skipped: 1, pending: 1 });
  });

  it('says so when a finding has no fix, and leaves it', () => {
    const s = run(scanned(fs), key('down'), key('down'), key('accept'));
    expect(s.decisions[2].status).toBe('pending');
    expect(s.cursor).toBe(2);
    expect(s.notice?.text).toMatch(/no automatic fix/);
  });

  it('a accepts every remaining safe fix, never an unsafe one, and keeps explicit skips', () => {
    const s = run(scanned(fs), key('skip'), key('acceptAll'));
    expect(s.decisions.map((d) => d.status)).toEqual(['skipped', 'pending', 'pending', 'accepted']);
    expect(s.notice?.text).toBe('Accepted 1 safe fix; 1 unsafe fix left for you to decide.');
  });

  it('an unsafe alternative picked with a digit is not accepted by a', () => {
    const s = run(scanned(fs), key('end'), key('digit', 2), key('acceptAll'));
    expect(s.decisions[3]).toEqual({ status: 'pending', choice: 1 });
    expect(s.notice?.text).toMatch(/2 unsafe fixes left/);
  });

  it('digits pick an alternative; out of range is refused', () => {
    let s = run(scanned(fs), key('end'), key('digit', 2));
    expect(s.decisions[3].choice).toBe(1);
    expect(s.notice?.text).toBe('Alternative 2: D2');
    s = run(s, key('digit', 3));
    expect(s.decisions[3].choice).toBe(1);
    expect(s.notice?.text).toMatch(/No alternative 3/);
    s = run(s, key('accept'));
    expect(selection(s.findings, s.decisions)).toEqual(new Map([[expect.stringContaining('r4'), 1]]));
  });

  it('enter opens the detail, arrows then scroll (clamped) and ←/→ change finding', () => {
    let s = run(scanned(fs), key('enter'));
    expect(s.detail).toBe(true);
    s = run(s, key('down'), key('down'), key('pageDown'), key('pageDown'));
    expect(s.scroll).toBe(10);
    expect(s.cursor).toBe(0);
    s = run(s, key('right'));
    expect([s.cursor, s.scroll]).toEqual([1, 0]);
    s = run(s, key('enter'));
    expect(s.detail).toBe(false);
  });

  it('accepting a fix that overlaps an accepted one asks for a re-plan and reports its outcome', () => {
    const overlapping = [finding('r1', 0, [fix('A', 0, 3)]), finding('r2', 2, [fix('B', 2, 4)])];
    let s = run(scanned(overlapping), key('accept'));
    expect(s.planWanted).toBeNull();
    s = run(s, key('accept'));
    const sig = selectionSignature(s.findings, s.decisions);
    expect(s.planWanted).toBe(sig);
    expect(s.notice?.text).toMatch(/overlaps an accepted fix; re-planning/);
    // The engine took r1 in pass 0 and r2 in pass 1.
    const plan = emptyPlan({ applied: [{ pass: 0, finding: overlapping[0], fix: overlapping[0].fixes[0] }, { pass: 1, finding: overlapping[1], fix: overlapping[1].fixes[0] }] });
    s = reducer(s, { type: 'planned', signature: sig, plan });
    expect(s.notice?.text).toBe('Re-planned: this fix overlaps another and applies in pass 2, after it.');
    expect(currentPlan(s)).toBe(plan);
    expect(s.planWanted).toBeNull();
  });

  it('a re-plan that drops the overlapping fix says it will not be written', () => {
    const overlapping = [finding('r1', 0, [fix('A', 0, 3)]), finding('r2', 2, [fix('B', 2, 4)])];
    let s = run(scanned(overlapping), key('accept'), key('accept'));
    const sig = s.planWanted!;
    s = reducer(s, { type: 'planned', signature: sig, plan: emptyPlan({ applied: [{ pass: 0, finding: overlapping[0], fix: overlapping[0].fixes[0] }] }) });
    expect(s.notice).toEqual({ tone: 'warn', text: expect.stringMatching(/will not be written/) });
  });

  it('ignores a plan made for decisions that changed since', () => {
    let s = run(scanned(fs), key('accept'), key('review'));
    const stale = s.planWanted!;
    s = run(s, key('skip'), key('accept'));
    s = reducer(s, { type: 'planned', signature: stale, plan: emptyPlan() });
    expect(currentPlan(s)).toBeNull();
  });

  it('review: needs the plan before writing; n goes back; y writes', () => {
    let s = run(scanned(fs), key('accept'), key('review'));
    expect(s.screen).toBe('review');
    expect(s.planWanted).not.toBeNull();
    s = run(s, key('accept'));
    expect(s.screen).toBe('review');
    expect(s.notice?.text).toMatch(/nothing written/);
    s = reducer(s, { type: 'planned', signature: s.planWanted!, plan: emptyPlan({ files: [{ path: 'a.txt', before: 'x', after: 'A' }] }) });
    s = run(s, key('skip'));
    expect(s.screen).toBe('list');
    s = run(s, key('review'));
    expect(s.planWanted).toBeNull(); // still current: no second plan
    s = run(s, key('accept'));
    expect(s.screen).toBe('writing');
    s = reducer(s, { type: 'written', outcome: { written: ['a.txt'], skipped: [] } });
    expect(s.screen).toBe('result');
    expect(exitCode(s)).toBe(0);
  });

  it('a write that fails gives exit code 2 (an I/O failure, not findings)', () => {
    let s = run(scanned(fs), key('accept'), key('review'));
    s = reducer(s, { type: 'planned', signature: s.planWanted!, plan: emptyPlan({ files: [{ path: 'a.txt', before: 'x', after: 'A' }] }) });
    s = run(s, key('accept'));
    s = reducer(s, { type: 'written', outcome: { written: [], skipped: [{ path: 'a.txt', reason: 'changed' }] } });
    expect(exitCode(s)).toBe(2);
  });

  it('q and Ctrl-C quit from any screen; help swallows keys until closed', () => {
    expect(run(initialState(0), key('quit')).screen).toBe('quit');
    expect(run(scanned(fs), key('quit')).screen).toBe('quit');
    expect(run(scanned(fs), key('review'), key('interrupt')).screen).toBe('quit');
    let s = run(scanned(fs), key('help'));
    expect(s.help).toBe(true);
    s = run(s, key('accept'), key('down'));
    expect([s.help, s.decisions[0].status, s.cursor]).toEqual([true, 'pending', 0]);
    s = run(s, key('escape'));
    expect(s.help).toBe(false);
    expect(run(scanned(fs), key('help'), key('interrupt')).screen).toBe('quit');
  });
});

describe('keys', () => {
  const k = (over: Partial<Key> = {}): Key =>
    ({ upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, ...over }) as Key;
  it('maps git add -p / ncu -i habits', () => {
    expect(keyName('', k({ upArrow: true }))).toEqual({ key: 'up' });
    expect(keyName('k', k())).toEqual({ key: 'up' });
    expect(keyName('j', k())).toEqual({ key: 'down' });
    expect(keyName('', k({ return: true }))).toEqual({ key: 'enter' });
    expect(keyName('y', k())).toEqual({ key: 'accept' });
    expect(keyName('n', k())).toEqual({ key: 'skip' });
    expect(keyName('a', k())).toEqual({ key: 'acceptAll' });
    expect(keyName(' ', k())).toEqual({ key: 'toggle' });
    expect(keyName('w', k())).toEqual({ key: 'review' });
    expect(keyName('q', k())).toEqual({ key: 'quit' });
    expect(keyName('?', k())).toEqual({ key: 'help' });
    expect(keyName('7', k())).toEqual({ key: 'digit', digit: 7 });
    expect(keyName('0', k())).toBeNull();
    expect(keyName('c', k({ ctrl: true }))).toEqual({ key: 'interrupt' });
    expect(keyName('y', k({ ctrl: true }))).toBeNull();
  });

  it('takes keys that arrive together one by one', () => {
    expect(keyNames('jj', k())).toEqual([{ key: 'down' }, { key: 'down' }]);
    expect(keyNames('y\r', k())).toEqual([{ key: 'accept' }, { key: 'enter' }]);
    expect(keyNames('2x', k())).toEqual([{ key: 'digit', digit: 2 }]);
    expect(keyNames('', k({ upArrow: true }))).toEqual([{ key: 'up' }]);
  });
});
