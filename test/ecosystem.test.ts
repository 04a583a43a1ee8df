// The ecosystem check (scripts/ecosystem.mjs, scripts/ecosystem-lib.mjs): how a scan is compared
// with the reviewed lists, what --check and --update do. The end-to-end cases run the script on a
// corpus of one small repository made here, so they do not need ../shared/corpus.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareScan, entryProblems, precision, updatedEntries, type ReviewedEntry, type ScannedFinding } from '../scripts/ecosystem-lib.mjs';
import { PROJECT_ROOT } from './corpus-support.js';

const finding = (rule: string, file: string, line: number, severity: ScannedFinding['severity'] = 'warning'): ScannedFinding => ({ rule, file, line, severity, message: `${rule} at ${line}` });
const entry = (f: ScannedFinding, verdict: ReviewedEntry['verdict'], extra: Partial<ReviewedEntry> = {}): ReviewedEntry => ({
  rule: f.rule,
  file: f.file,
  line: f.line,
  severity: f.severity,
  verdict,
  review: verdict === 'unreviewed' ? '' : `${verdict}: checked`,
  ...(verdict === 'false' ? { bug: 'a bug' } : {}),
  ...extra,
});

describe('compareScan', () => {
  const a = finding('compose-undefined-variable', 'compose.yaml', 4);
  const b = finding('compose-invalid-port', 'compose.yaml', 9, 'error');
  const c = finding('copy-source-missing', 'Dockerfile', 3, 'error');

  it('matches reviewed entries by file, line, rule and severity', () => {
    const r = compareScan([a, b], [entry(a, 'true'), entry(b, 'false')]);
    expect(r.matched.map((m) => m.entry.verdict)).toEqual(['true', 'false']);
    expect(r.unreviewed).toEqual([]);
    expect(r.disappeared).toEqual([]);
  });

  it('a finding without an entry is new; an entry without a finding has disappeared', () => {
    const r = compareScan([a, c], [entry(a, 'true'), entry(b, 'true')]);
    expect(r.unreviewed.map((u) => [u.finding.rule, u.reason])).toEqual([['copy-source-missing', 'new']]);
    expect(r.disappeared.map((e) => e.rule)).toEqual(['compose-invalid-port']);
  });

  it('an entry reviewed at another severity does not count as reviewed', () => {
    const r = compareScan([{ ...b, severity: 'info' }], [entry(b, 'false', { bug: 'severity too high: should be info' })]);
    expect(r.matched).toEqual([]);
    expect(r.unreviewed.map((u) => [u.reason, u.entry?.severity])).toEqual([['severity', 'error']]);
    expect(r.disappeared).toEqual([]);
  });

  it('two findings with one key need two entries; the exact severity is matched first', () => {
    const twinInfo = { ...a, severity: 'info' as const };
    const r = compareScan([twinInfo, a], [entry(a, 'true'), entry(twinInfo, 'true')]);
    expect(r.matched).toHaveLength(2);
    const one = compareScan([a, a], [entry(a, 'true')]);
    expect(one.matched).toHaveLength(1);
    expect(one.unreviewed.map((u) => u.reason)).toEqual(['new']);
  });

  it('an entry waiting for its verdict is unreviewed, and gone without a trace once its finding goes', () => {
    expect(compareScan([a], [entry(a, 'unreviewed')]).unreviewed.map((u) => u.reason)).toEqual(['unreviewed']);
    expect(compareScan([], [entry(a, 'unreviewed')])).toEqual({ matched: [], unreviewed: [], disappeared: [] });
  });
});

describe('precision and updates', () => {
  const e1 = finding('compose-invalid-port', 'a.yml', 1, 'error');
  const e2 = finding('compose-invalid-port', 'a.yml', 2, 'error');
  const w1 = finding('compose-env-drift', 'a.yml', 3);
  const i1 = finding('context-inferred', 'Dockerfile', 1, 'info');

  it('counts reviewed true and false per severity, over every repository, not the unreviewed', () => {
    const one = compareScan([e1, e2, w1], [entry(e1, 'true'), entry(e2, 'false'), entry(w1, 'false')]);
    const two = compareScan([e1, i1], [entry(e1, 'true')]);
    expect(precision([one, two])).toEqual({ error: { tp: 2, fp: 1 }, warning: { tp: 0, fp: 1 }, info: { tp: 0, fp: 0 } });
  });

  it('--update adds new findings as unreviewed, keeps lost true findings, drops fixed false positives, never marks false', () => {
    const lostTrue = entry(e2, 'true');
    const fixedFalse = entry(w1, 'false');
    const r = compareScan([e1, i1, { ...finding('x', 'a.yml', 9, 'error') }], [entry(e1, 'true'), lostTrue, fixedFalse, entry(finding('x', 'a.yml', 9, 'warning'), 'false', { review: 'false: loud' })]);
    const updated = updatedEntries(r);
    expect(updated.map((u) => [u.file, u.line, u.rule, u.severity, u.verdict])).toEqual([
      ['Dockerfile', 1, 'context-inferred', 'info', 'unreviewed'],
      ['a.yml', 1, 'compose-invalid-port', 'error', 'true'],
      ['a.yml', 2, 'compose-invalid-port', 'error', 'true'],
      ['a.yml', 9, 'x', 'error', 'unreviewed'],
    ]);
    expect(updated.find((u) => u.rule === 'x')?.review).toMatch(/^was warning, reviewed false: false: loud/);
    expect(updated.some((u) => u.verdict === 'false')).toBe(false);
  });

  it('a list entry needs its verdict, severity, review, and a bug when false', () => {
    const ok = entry(e1, 'true');
    expect(entryProblems([ok])).toEqual([]);
    expect(entryProblems([{ ...ok, verdict: 'maybe' }])).toHaveLength(1);
    expect(entryProblems([{ ...ok, severity: 'fatal' }])).toHaveLength(1);
    expect(entryProblems([{ ...entry(e1, 'false'), bug: '' }])).toHaveLength(1);
    expect(entryProblems([{ ...ok, review: ' ' }])).toHaveLength(1);
    expect(entryProblems([entry(e1, 'unreviewed')])).toEqual([]);
    expect(entryProblems({})).toEqual(['not a JSON array']);
  });
});

describe('npm run ecosystem on a corpus of its own', () => {
  // A corpus as ../shared/corpus lays it out: materialize.mjs and one folder per repository with a
  // paths.tsv and files/. This materialize.mjs copies files/ as it is.
  function makeCorpus(): { corpus: string; expected: string; tmp: string } {
    const base = mkdtempSync(join(tmpdir(), 'dockmend-eco-'));
    const corpus = join(base, 'corpus');
    mkdirSync(join(corpus, 'tiny', 'files'), { recursive: true });
    writeFileSync(join(corpus, 'materialize.mjs'), "import { cpSync } from 'node:fs'; import { join } from 'node:path';\nconst [name, dest] = process.argv.slice(2);\ncpSync(join(import.meta.dirname, name, 'files'), dest, { recursive: true });\n");
    writeFileSync(join(corpus, 'tiny', 'paths.tsv'), '100644\t60\tcompose.yaml\n');
    writeFileSync(join(corpus, 'tiny', 'files', 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    ports:\n      - "${WEB_PORT}:80"\n');
    const expected = join(base, 'expected');
    mkdirSync(expected);
    const tmp = join(base, 'tmp');
    mkdirSync(tmp);
    return { corpus, expected, tmp };
  }
  const run = (c: ReturnType<typeof makeCorpus>, args: string[]) =>
    spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'ecosystem.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, DOCKMEND_CORPUS: c.corpus, DOCKMEND_EXPECTED: c.expected, TMPDIR: c.tmp } });

  it('prints the table, the precision and the unreviewed findings; --check fails until --update and a review', () => {
    const c = makeCorpus();
    const first = run(c, ['--check']);
    expect(first.status).toBe(1);
    expect(first.stdout).toMatch(/^repository\s+errors\s+warnings\s+info\s+true\s+false\s+unreviewed\s+disappeared\s+time$/m);
    expect(first.stdout).toMatch(/^tiny\s+1\s+1\s+0\s+0\s+0\s+2\s+0\s+\d/m);
    expect(first.stdout).toMatch(/^ {2}\+ compose-invalid-port compose\.yaml:5 \[error\]/m);
    expect(first.stdout).toMatch(/^ {2}errors:\s+0 tp \/\s+0 fp/m);

    expect(run(c, ['--update']).status).toBe(0);
    const listed = JSON.parse(readFileSync(join(c.expected, 'tiny.json'), 'utf8')) as ReviewedEntry[];
    expect(listed.map((e) => [e.line, e.rule, e.verdict])).toEqual([
      [5, 'compose-invalid-port', 'unreviewed'],
      [5, 'compose-undefined-variable', 'unreviewed'],
    ]);
    expect(run(c, ['--check']).status).toBe(1);

    // A person reviews them: one true, one false.
    listed[0] = { ...listed[0], verdict: 'false', bug: 'severity too high: should be warning', review: 'false: Compose picks a random port' };
    listed[1] = { ...listed[1], verdict: 'true', review: 'true: no .env' };
    writeFileSync(join(c.expected, 'tiny.json'), JSON.stringify(listed));
    const clean = run(c, ['--check']);
    expect(clean.status).toBe(0);
    expect(clean.stdout).toMatch(/^ {2}errors:\s+0 tp \/\s+1 fp/m);
    expect(clean.stdout).toMatch(/^ {2}warnings:\s+1 tp \/\s+0 fp/m);
    expect(clean.stdout).toMatch(/^\s+1\s+severity too high: should be warning$/m);
    // --markdown: the table docs/ecosystem.md shows.
    expect(run(c, ['--markdown']).stdout).toMatch(/^\| tiny \| 1 \| 1 \| 0 \| 1 \| 1 \|$/m);

    // The repository changes: the port gets a default, so both findings disappear.
    writeFileSync(join(c.corpus, 'tiny', 'files', 'compose.yaml'), 'services:\n  web:\n    image: nginx\n    ports:\n      - "${WEB_PORT:-8080}:80"\n');
    const changed = run(c, ['--check']);
    expect(changed.status).toBe(1);
    expect(changed.stdout).toMatch(/^ {2}- compose-undefined-variable compose\.yaml:5 \[warning\] \(reviewed true\)$/m);
    expect(run(c, ['--update']).status).toBe(0);
    // The fixed false positive is dropped; the lost true finding stays for a person to judge.
    expect((JSON.parse(readFileSync(join(c.expected, 'tiny.json'), 'utf8')) as ReviewedEntry[]).map((e) => [e.rule, e.verdict])).toEqual([['compose-undefined-variable', 'true']]);
  }, 60_000);

  it('says what is wrong and exits 2 for an unknown repository, conflicting options or no corpus', () => {
    const c = makeCorpus();
    const unknown = run(c, ['nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^ecosystem: not in the corpus: nope/);
    expect(run(c, ['--check', '--update']).status).toBe(2);
    const none = spawnSync(process.execPath, [join(PROJECT_ROOT, 'scripts', 'ecosystem.mjs')], { encoding: 'utf8', env: { ...process.env, DOCKMEND_CORPUS: join(c.tmp, 'absent') } });
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/^ecosystem: no corpus at /);
  });
});
