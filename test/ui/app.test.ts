// The interactive session, rendered by ink-testing-library at a fixed size, driven by keys,
// on real engine output (synthetic rules registered through options.entries).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, findingKey, openSession, plan } from '../../src/fix/engine.js';
import type { RegistryEntry } from '../../src/rules/types.js';
import { copyFixture, snapshot, tree, twoServiceRepo } from '../helpers.js';
import { KEY, start, tokenRule } from './ui-helpers.js';

const noFix = (id: string, file: string, token: string): RegistryEntry => ({ detector: tokenRule(id, file, token, []).detector });

function basic() {
  const root = tree({ 'a.txt': 'x y z\n', 'b.txt': 'x\n' });
  const entries = [
    tokenRule('swap-x', 'a.txt', 'x', [{ text: 'X' }]),
    tokenRule('swap-bx', 'b.txt', 'x', [{ text: 'X' }]),
    tokenRule('risky-y', 'a.txt', 'y', [{ text: 'Y', applicability: 'unsafe' }]),
    noFix('note-z', 'a.txt', 'z'),
  ];
  return { root, entries };
}

const lines = (frame: string) => frame.split('\n');

describe('interactive fix session', () => {
  it('shows the scanning screen first, then the findings grouped by file', async () => {
    const { root, entries } = basic();
    const h = await start(root, { options: { entries }, columns: 80, rows: 12 });
    expect(h.frames()[0]).toContain('Scanning: 2 entries walked · detecting findings…');
    expect(h.frame().replaceAll(root, '<root>')).toBe(
      [
        'dockmend fix  4 findings · 3 fixable · 0 accepted  <root>',
        'a.txt',
        '› · warning  swap-x  1:1  found x  → replace x by X',
        '  · warning  risky-y  1:3  found y  → replace y by Y [unsafe]',
        '    warning  note-z  1:5  found z  (no fix)',
        'b.txt',
        '  · warning  swap-bx  1:1  found x  → replace x by X',
        '',
        '',
        '1/4',
        '↑↓ move  enter detail  y/n accept/skip  a accept safe  space toggle  w review  …',
      ].join('\n'),
    );
    h.unmount();
  });

  it('y accepts and moves on, n skips, space toggles; the header counts', async () => {
    const { root, entries } = basic();
    const h = await start(root, { options: { entries }, columns: 80, rows: 12 });
    await h.press('y');
    let f = h.frame();
    expect(f).toContain('4 findings · 3 fixable · 1 accepted');
    expect(f).toContain('  ✔ warning  swap-x');
    expect(f).toContain('› · warning  risky-y');
    await h.press('n');
    f = h.frame();
    expect(f).toContain('  ✘ warning  risky-y');
    expect(f).toContain('1 skipped');
    await h.press('k', ' ');
    expect(h.frame()).toContain('› ✔ warning  risky-y');
    expect(h.frame()).toContain('2 accepted');
    await h.press(' ');
    expect(h.frame()).toContain('› ✘ warning  risky-y');
    h.unmount();
  });

  it('a accepts every remaining safe fix and never an unsafe one; review then write writes exactly those', async () => {
    const { root, entries } = basic();
    const before = snapshot(root);
    const h = await start(root, { options: { entries }, columns: 80, rows: 20 });
    await h.press('a');
    expect(h.frame()).toContain('Accepted 2 safe fixes; 1 unsafe fix left for you to decide.');
    expect(h.frame()).toContain('· warning  risky-y');
    await h.press('w');
    const review = await h.waitFor('Files to write');
    expect(review).toContain('2 accepted · 0 skipped · 1 undecided');
    expect(review).toContain('  modify a.txt');
    expect(review).toContain('  modify b.txt');
    expect(review).toContain('-x y z');
    expect(review).toContain('+X y z');
    expect(snapshot(root)).toEqual(before); // nothing before the confirmation
    await h.press('y');
    expect(await h.exited).toBe(0);
    expect(snapshot(root)).toEqual({ 'a.txt': 'X y z\n', 'b.txt': 'X\n' });
    expect(h.writes).toHaveLength(1);
    const f = h.frame();
    expect(f).toContain('Wrote 2 files:');
    expect(f).toContain('2 findings remain (2 warnings).');
    expect(f).toContain('Run again: dockmend fix .');
  });

  it('an unsafe fix is written when the user accepts it explicitly', async () => {
    const { root, entries } = basic();
    const h = await start(root, { options: { entries } });
    await h.press('j', 'y', 'w');
    await h.waitFor('Files to write (1)');
    await h.press('y');
    expect(await h.exited).toBe(0);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('x Y z\n');
  });

  it('detail: message, context, numbered alternatives with the diff of the highlighted one', async () => {
    const root = tree({ 'a.txt': 'keep\nx\n' });
    const entries = [tokenRule('alt', 'a.txt', 'x', [{ text: 'A' }, { text: 'B', applicability: 'unsafe' }], () => 'x is ambiguous')];
    const h = await start(root, { options: { entries }, columns: 60, rows: 20 });
    await h.press(KEY.enter);
    let f = h.frame();
    expect(f).toContain('a.txt:2:1  warning  alt  ·');
    expect(f).toContain('x is ambiguous');
    expect(f).toContain('context: –');
    expect(f).toContain('› 1. replace x by A');
    expect(f).toContain('  2. replace x by B [unsafe]');
    expect(lines(f)).toEqual(expect.arrayContaining(['--- a/a.txt', '+++ b/a.txt', ' keep', '-x', '+A']));
    await h.press('2');
    f = h.frame();
    expect(f).toContain('› 2. replace x by B [unsafe]');
    expect(lines(f)).toContain('+B');
    expect(lines(f)).not.toContain('+A');
    await h.press('y', 'w');
    expect(await h.waitFor('Files to write (1)')).toContain('replace x by B [unsafe]');
    await h.press('y');
    expect(await h.exited).toBe(0);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('keep\nB\n');
  });

  it('shows the build context a finding was checked against', async () => {
    const root = tree({ 'svc/Dockerfile': 'FROM python\nCOPY . /app\n', 'svc/app.py': '1\n', 'svc/__pycache__/app.cpython-311.pyc': 'x' });
    const h = await start(root, { options: { only: ['dockerignore-missing'] } });
    await h.press(KEY.enter);
    expect(h.frame()).toContain('context: svc');
    h.unmount();
  });

  it('accepting a fix that overlaps an accepted one re-plans: it applies in a later pass', async () => {
    const root = tree({ 'a.txt': 'abc' });
    const wide = tokenRule('wide-c', 'a.txt', 'c', []);
    const entries: RegistryEntry[] = [
      tokenRule('upper-b', 'a.txt', 'b', [{ text: 'B' }]),
      { ...wide, transform: (f) => [{ title: 'widen c', applicability: 'safe', changes: [{ kind: 'edit', file: 'a.txt', start: f.location.start - 1, end: f.location.end, text: 'BC' }] }] },
    ];
    const h = await start(root, { options: { entries }, columns: 100 });
    await h.press('y', 'y');
    expect(await h.waitFor('Re-planned')).toContain('Re-planned: this fix overlaps another and applies in pass 2, after it.');
    await h.press('w');
    const review = await h.waitFor('Files to write');
    expect(review).toContain('widen c  (pass 2)');
    expect(lines(review)).toEqual(expect.arrayContaining(['-abc', '+aBC']));
    await h.press('y');
    expect(await h.exited).toBe(0);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('aBC');
  });

  it('an overlapping fix that the other one makes moot is reported as not written', async () => {
    const root = tree({ 'a.txt': 'abc' });
    const entries = [tokenRule('ab', 'a.txt', 'ab', [{ text: 'AB' }]), tokenRule('bc', 'a.txt', 'bc', [{ text: 'bC' }])];
    const h = await start(root, { options: { entries }, columns: 120 });
    await h.press('y', 'y');
    expect(await h.waitFor('Re-planned')).toContain('this finding no longer matches, so this fix will not be written');
    await h.press('w');
    const review = await h.waitFor('Files to write');
    expect(review).toContain('Accepted but not applied (1):');
    await h.press('y');
    await h.exited;
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('ABc');
  });

  it('findings fixed by one shared edit are listed as applied with it, not as "not applied"', async () => {
    // Three undefined variables, one fix each, all the same edit: create docker/.env.example
    // listing the three. The engine takes the edit once; the other two findings are then gone.
    const root = tree({ 'docker/compose.yaml': 'services:\n  app:\n    image: nginx:${TAG}\n    environment:\n      A: ${A}\n      B: ${B}\n' });
    const h = await start(root, { options: { only: ['compose-undefined-variable'] }, columns: 160, rows: 40 });
    const title = 'Create docker/.env.example with TAG=, A=, B=';
    await h.press('a');
    // Accepting all three re-plans (their edits overlap): none is said to be lost.
    expect(await h.waitFor('Re-planned')).toContain("Re-planned 3 overlapping fixes: 0 apply in a later pass, 2 are applied with another fix's identical edit, 0 will not be written.");
    await h.press('w');
    const review = lines(await h.waitFor('Files to write'));
    expect(review).toContain('Files to write (1):');
    expect(review).toContain('  create docker/.env.example');
    expect(review).toContain('Fixes accepted (3):');
    expect(review).toContain(`  ✔ compose-undefined-variable  docker/compose.yaml:3  ${title}`);
    expect(review).toContain(`  ✔ compose-undefined-variable  docker/compose.yaml:5  applied with: ${title}`);
    expect(review).toContain(`  ✔ compose-undefined-variable  docker/compose.yaml:6  applied with: ${title}`);
    expect(review.some((l) => l.startsWith('Accepted but not applied'))).toBe(false);
    await h.press('y');
    expect(await h.exited).toBe(0);
    expect(readFileSync(join(root, 'docker/.env.example'), 'utf8').split('\n')).toEqual(expect.arrayContaining(['TAG=', 'A=', 'B=']));
  });

  it('q quits without writing and leaves the tree untouched', async () => {
    const { root, entries } = basic();
    const before = snapshot(root);
    const h = await start(root, { options: { entries } });
    await h.press('a', 'y', 'q');
    expect(await h.exited).toBe(0);
    expect(h.frame()).toContain('Quit: nothing was written.');
    expect(h.writes).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it('Ctrl-C on the review screen quits without writing', async () => {
    const { root, entries } = basic();
    const before = snapshot(root);
    const h = await start(root, { options: { entries } });
    await h.press('a', 'w');
    await h.waitFor('Files to write');
    await h.press(KEY.ctrlC);
    expect(await h.exited).toBe(0);
    expect(h.writes).toEqual([]);
    expect(snapshot(root)).toEqual(before);
  });

  it('n on the review screen goes back to the list', async () => {
    const { root, entries } = basic();
    const h = await start(root, { options: { entries } });
    await h.press('y', 'w');
    await h.waitFor('Files to write');
    await h.press('n');
    expect(h.frame()).toContain('› · warning  risky-y');
    expect(h.writes).toEqual([]);
    h.unmount();
  });

  it('writes exactly the accepted fixes of the real rules', async () => {
    const root = twoServiceRepo();
    const before = snapshot(root);
    const h = await start(root, { options: { only: ['compose-version', 'dockerignore-missing'] }, columns: 120 });
    expect(h.frame()).toContain('2 findings · 2 fixable');
    await h.press('n', 'y', 'w');
    const review = await h.waitFor('Files to write');
    expect(review).toContain('  create b/.dockerignore');
    expect(review).not.toContain('modify b/compose.yaml');
    expect(review).toMatch(/Skipped \(1\):\n {2}✘ compose-version/);
    await h.press('y');
    expect(await h.exited).toBe(0);
    const after = snapshot(root);
    expect(after['b/compose.yaml']).toBe(before['b/compose.yaml']);
    expect(after['b/.dockerignore']).toContain('**/__pycache__');
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'b/.dockerignore'].sort());
    expect(h.frame()).toContain('1 finding remains (1 warning).');
  });

  it('on the netra example: accept all safe, review, write — disk holds the reviewed plan and nothing unsafe', async () => {
    const root = copyFixture('netra');
    const before = snapshot(root);
    const h = await start(root, { columns: 120, rows: 40 });
    await h.press('a', 'w');
    await h.waitFor(/Files to write|Nothing to write/);
    await h.press('y');
    expect(await h.exited).toBe(0);
    const after = snapshot(root);
    const written = h.writes[0]?.files ?? [];
    for (const file of written) expect(after[file.path]).toBe(file.after);
    for (const [path, text] of Object.entries(before)) if (!written.some((f) => f.path === path)) expect(after[path]).toBe(text);
    expect(Object.keys(after).length).toBe(Object.keys(before).length + written.filter((f) => f.before === null).length);
    // Exactly the engine's plan for the findings whose default fix is safe: no unsafe fix.
    const ref = copyFixture('netra');
    const safe = new Set(detect(openSession(ref)).findings.filter((f) => f.fixes[0]?.applicability === 'safe').map(findingKey));
    expect(written).toEqual(plan(openSession(ref), { select: (f) => (safe.has(findingKey(f)) ? 0 : null) }).files);
  });

  it('a file that cannot be written is reported, with exit code 2', async () => {
    const { root, entries } = basic();
    const h = await start(root, { options: { entries }, write: (_r, files) => ({ written: [], skipped: files.map((f) => ({ path: f.path, reason: 'file changed on disk since the scan; not overwritten' })) }) });
    await h.press('y', 'w');
    await h.waitFor('Files to write');
    await h.press('y');
    expect(await h.exited).toBe(2);
    expect(h.frame()).toContain('Not written (1):');
    expect(h.frame()).toContain('a.txt: file changed on disk since the scan');
  });

  it('? opens the help overlay listing every key, and closes it', async () => {
    const { root, entries } = basic();
    const h = await start(root, { options: { entries }, rows: 24 });
    await h.press('?');
    const f = h.frame();
    for (const k of ['↑/↓  j/k', 'enter', 'y ', 'n ', 'space', 'a ', '1–9', 'w ', 'y / n (review)', 'q  Ctrl-C', '?  esc']) expect(f).toContain(k);
    expect(f).toContain('never unsafe ones');
    await h.press('y');
    expect(h.frame()).toContain('Keys'); // keys do nothing under the overlay
    await h.press('?');
    expect(h.frame()).toContain('› · warning  swap-x');
    h.unmount();
  });

  it('shows control characters in names and messages escaped, never raw', async () => {
    const evil = 'evil\u001b[2J\u001b]0;pwned\u0007.txt';
    const root = tree({ [evil]: 'x\u001b[31m\n' });
    const entries = [tokenRule('esc', evil, 'x', [{ text: 'x\u001b[31m', title: 'title \u001b[1m' }], () => 'message \u001b[5m\r')];
    const h = await start(root, { options: { entries }, columns: 120 });
    await h.press(KEY.enter);
    const raw = h.raw();
    expect(raw).not.toContain('\u001b');
    expect(raw).not.toContain('\u0007');
    expect(raw).not.toContain('\r');
    expect(raw).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07.txt');
    expect(raw).toContain('message \\x1b[5m\\x0d');
    expect(raw).toContain('+x\\x1b[31m\\x1b[31m');
    h.unmount();
  });

  it('cuts long lines at the terminal width with …, and follows a resize', async () => {
    const root = tree({ 'a.txt': 'x\n' });
    const entries = [tokenRule('long', 'a.txt', 'x', [{ text: 'L'.repeat(200) }])];
    const h = await start(root, { options: { entries }, columns: 60, rows: 16 });
    await h.press(KEY.enter);
    let ls = lines(h.frame());
    expect(Math.max(...ls.map((l) => [...l].length))).toBeLessThanOrEqual(60);
    expect(ls).toContain(`+${'L'.repeat(58)}…`);
    await h.resize(40, 16);
    ls = lines(h.frame());
    expect(Math.max(...ls.map((l) => [...l].length))).toBeLessThanOrEqual(40);
    expect(ls).toContain(`+${'L'.repeat(38)}…`);
    h.unmount();
  });

  it('scrolls a detail longer than the screen', async () => {
    const root = tree({ 'a.txt': 'x\n' });
    const body = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    const entries = [tokenRule('big', 'a.txt', 'x', [{ text: body }])];
    const h = await start(root, { options: { entries }, columns: 60, rows: 12 });
    await h.press(KEY.enter);
    expect(h.frame()).toMatch(/lines 1–8 of 4\d/);
    await h.press(KEY.down, 'j');
    expect(h.frame()).toMatch(/lines 3–10 of 4\d/);
    await h.press('G');
    const f = h.frame();
    expect(f).toContain('+line 40');
    await h.press(KEY.down);
    expect(h.frame()).toBe(f);
    h.unmount();
  });

  it('windows a list longer than the screen around the cursor', async () => {
    const root = tree({ 'a.txt': 'x '.repeat(30) });
    const entries = [tokenRule('many', 'a.txt', 'x', [{ text: 'X' }])];
    const h = await start(root, { options: { entries }, columns: 60, rows: 10 });
    await h.press('G');
    const f = h.frame();
    expect(f).toContain('30/30');
    expect(f).toContain('› · warning  many  1:59');
    expect(lines(f)).toHaveLength(9);
    h.unmount();
  });

  it('a long message gives way so that the fix title shows', async () => {
    const root = tree({ 'a.txt': 'x\n' });
    const entries = [tokenRule('wordy', 'a.txt', 'x', [{ text: 'X', title: 'Make it X' }], () => `this message is long: ${'blah '.repeat(30)}`)];
    const h = await start(root, { options: { entries }, columns: 90 });
    const row = lines(h.frame()).find((l) => l.includes('wordy'))!;
    expect(row).toMatch(/ {2}this message is long: (blah )+bla?h?…? {2}→ Make it X$/);
    expect([...row].length).toBeLessThanOrEqual(90);
    h.unmount();
  });

  it('takes keys that arrive in one read one by one', async () => {
    const { root, entries } = basic();
    const h = await start(root, { options: { entries } });
    await h.press('jjj');
    expect(h.frame()).toContain('› · warning  swap-bx');
    await h.press('y\r');
    expect(h.frame()).toContain('b.txt:1:1  warning  swap-bx  ✔');
    h.unmount();
  });

  it('ends at once when there is nothing to fix', async () => {
    const root = tree({ 'README.md': 'hi\n' });
    const h = await start(root);
    expect(await h.exited).toBe(0);
    expect(h.frame()).toContain('No problems found.');
  });
});

describe('colour', () => {
  it('paints nothing when colour is off (NO_COLOR)', async () => {
    const { root, entries } = basic();
    mkdirSync(join(root, 'c'));
    writeFileSync(join(root, 'c/x'), '');
    const h = await start(root, { options: { entries }, color: false });
    await h.press('y', KEY.enter);
    expect(h.raw()).not.toContain('\u001b');
    h.unmount();
  });
});
