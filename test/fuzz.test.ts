// Property tests over generated repositories (Dockerfiles, compose files, .dockerignore files
// and the files around them): detection never throws; every planned fix re-parses; applying
// the plan and planning again finds nothing (idempotence); edits never overlap and change no
// byte outside their spans. Deterministic by default (fixed seed) and bounded in time;
// DOCKMEND_FUZZ_SEED and DOCKMEND_FUZZ_RUNS explore further.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_ALIAS_COUNT, parseYaml } from '../src/compose/model.js';
import { setShellEnv } from '../src/compose/env.js';
import { parseDockerfile } from '../src/dockerfile/model.js';
import { writePlan } from '../src/apply/write.js';
import { detect, openSession, plan, type Plan } from '../src/fix/engine.js';
import { isComposeName, isDockerfileName } from '../src/project/discover.js';
import { basenameOf } from '../src/project/paths.js';
import { planProblems } from './corpus-support.js';
import { cli } from './helpers.js';
import { repository } from './fuzz-arbitraries.js';

const SEED = Number(process.env.DOCKMEND_FUZZ_SEED ?? 20_261_124);
const RUNS = Number(process.env.DOCKMEND_FUZZ_RUNS ?? 200);
/** Per property; the file as a whole stays well under 20 s on two cores. */
const TIME_LIMIT_MS = Number(process.env.DOCKMEND_FUZZ_TIME_MS ?? 3_000);

const scratch = mkdtempSync(join(tmpdir(), 'dockmend-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

function materialize(files: Record<string, string>): string {
  const root = join(scratch, String(counter++));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  mkdirSync(root, { recursive: true });
  return root;
}

// ---------------------------------------------------------------------------------------
// Checks

const yamlName = (path: string) => isComposeName(basenameOf(path)) || /\.ya?ml$/.test(path);

/** Every planned file re-parses: YAML that parsed still does; a Dockerfile keeps its instructions. */
function reparseProblems(p: Plan): string[] {
  const problems: string[] = [];
  for (const f of p.files) {
    if (f.deleted) continue;
    if (yamlName(f.path)) {
      const before = f.before === null ? [] : parseYaml(f.before).errors;
      const after = parseYaml(f.after).errors;
      if (before.length === 0 && after.length > 0) problems.push(`${f.path}: no longer parses: ${after[0].message}`);
    }
    if (isDockerfileName(basenameOf(f.path)) && f.before !== null && parseDockerfile(f.after).instructionCount < parseDockerfile(f.before).instructionCount) {
      problems.push(`${f.path}: instructions lost`);
    }
  }
  return problems;
}

/** Fixed seed, bounded runs, stopped after the time limit (the runs done so far count). */
const options = () => ({ seed: SEED, numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)], endOnFailure: true });

describe('fuzz: generated repositories', () => {
  it('detection never throws, in any rule, with or without the shell environment', () => {
    const prop = fc.property(repository, (files) => {
      const root = materialize(files);
      setShellEnv({});
      expect(() => detect(openSession(root))).not.toThrow();
      setShellEnv({ A: '1', CTX: 'app', PORT: '80', USER: 'app' });
      expect(() => detect(openSession(root))).not.toThrow();
      setShellEnv({});
      rmSync(root, { recursive: true, force: true });
    });
    fc.assert(prop, options());
  });

  it('planned fixes re-parse, never overlap, and change no byte outside their edits', () => {
    const prop = fc.property(repository, (files) => {
      const root = materialize(files);
      for (const unsafe of [false, true]) {
        const p = plan(openSession(root), { unsafe });
        expect(planProblems(p)).toEqual([]);
        expect(reparseProblems(p)).toEqual([]);
      }
      rmSync(root, { recursive: true, force: true });
    });
    fc.assert(prop, options());
  });

  it('re-running only the rules a pass can affect plans what a full re-detection plans', () => {
    const shown = (p: Plan) => ({
      files: p.files,
      passes: p.passes,
      stopped: p.stopped,
      applied: p.applied.map((a) => [a.pass, a.finding.rule, a.finding.location, a.fix.title, a.fix.changes]),
      rejected: p.rejected.map((r) => [r.finding.rule, r.fix.title, r.reason]),
      remaining: p.remaining.map((f) => [f.rule, f.severity, f.location, f.line, f.column, f.endLine, f.endColumn, f.message, f.fixes]),
    });
    const prop = fc.property(repository, (files) => {
      const root = materialize(files);
      for (const unsafe of [false, true]) {
        const incremental = plan(openSession(root), { unsafe });
        process.env.DOCKMEND_FULL_REDETECT = '1';
        try {
          expect(shown(incremental)).toEqual(shown(plan(openSession(root), { unsafe })));
        } finally {
          delete process.env.DOCKMEND_FULL_REDETECT;
        }
      }
      rmSync(root, { recursive: true, force: true });
    });
    fc.assert(prop, options());
  });

  it('fix is idempotent: after writing the plan, nothing is left to fix', () => {
    const prop = fc.property(repository, (files) => {
      const root = materialize(files);
      const first = plan(openSession(root), { unsafe: true });
      const outcome = writePlan(root, first.files);
      expect(outcome.skipped).toEqual([]);
      const second = plan(openSession(root), { unsafe: true });
      expect(second.files.map((f) => f.path)).toEqual([]);
      rmSync(root, { recursive: true, force: true });
    });
    fc.assert(prop, options());
  });

  it('arbitrary bytes and text named like Docker files: parsers and detection never throw', () => {
    const content = fc.oneof(fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)), fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-ascii', maxLength: 200 }));
    const prop = fc.property(fc.tuple(content, content, content, content), ([a, b, c, d]) => {
      for (const x of [a, b, c, d]) {
        const text = typeof x === 'string' ? x : x.toString('utf8');
        expect(() => parseYaml(text)).not.toThrow();
        expect(() => parseDockerfile(text)).not.toThrow();
      }
      const root = join(scratch, String(counter++));
      mkdirSync(join(root, 'sub'), { recursive: true });
      writeFileSync(join(root, 'Dockerfile'), a);
      writeFileSync(join(root, 'compose.yaml'), b);
      writeFileSync(join(root, '.dockerignore'), c);
      writeFileSync(join(root, 'sub/docker-compose.yml'), d);
      writeFileSync(join(root, '.env'), c);
      const p = plan(openSession(root), { unsafe: true });
      expect(planProblems(p)).toEqual([]);
      rmSync(root, { recursive: true, force: true });
    });
    fc.assert(prop, options());
  });

  it("duplicate keys: the linear check agrees with yaml's own uniqueKeys on every document", () => {
    const key = fc.constantFrom('a', 'b', '"a"', "'b'", '1', '01', '1.0', 'true', 'null', '~', '<<', '? a', '[x]', '.nan');
    const value = fc.constantFrom('1', 'x', '*anc', '&anc v', '{a: 1, a: 2}', '{a: 1, b: 2}', '[1, 1]', '', '{<<: *anc, a: 1}');
    const doc = fc.array(fc.tuple(fc.nat({ max: 2 }), key, value), { minLength: 1, maxLength: 8 }).map((entries) =>
      entries.map(([depth, k, v]) => `${'  '.repeat(Math.min(depth, 1))}${k}: ${v}`).join('\n'),
    );
    const prop = fc.property(doc, (text) => {
      const reference = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: true });
      const plain = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: false });
      if (plain.errors.length > 0) return; // a syntax error: both report it, duplicates aside
      // The same duplicates (yaml places some, e.g. a repeated `~`, at the end of the line before).
      const ours = parseYaml(text).errors.filter((e) => e.message === 'Map keys must be unique');
      const theirs = reference.errors.filter((e) => e.code === 'DUPLICATE_KEY');
      expect(ours.length).toBe(theirs.length);
    });
    fc.assert(prop, options());
  });

  it('aliases and merge keys: parseYaml reports exactly what yaml\'s toJS throws', () => {
    const value = fc.constantFrom('1', 'x', '*anc', '*two', '&anc {a: 1}', '&anc [1, 2]', '&two {b: *anc}', '&anc v', '{<<: *anc, a: 1}', '{<<: [*anc, *two]}', '{<<: 5}', '{<<: [*anc, 3]}', '{<<: {c: 1}}', '[*anc, *anc]', '&two [*anc]');
    const doc = fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e'), value), { minLength: 1, maxLength: 8 }).map((entries) => entries.map(([k, v], i) => `${k}${i}: ${v}`).join('\n'));
    const prop = fc.property(doc, (text) => {
      const plain = parseDocument(text, { merge: true, prettyErrors: false, uniqueKeys: false });
      if (plain.errors.length > 0) return;
      const ours = parseYaml(text).errors.map((e) => e.message);
      if (ours.some((m) => m.startsWith('Unresolved alias'))) return; // found before any data is read
      let expected: string[] = [];
      try {
        plain.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (err) {
        expected = [err instanceof ReferenceError && /alias count/i.test(err.message) ? ours[0] ?? 'alias count' : (err as Error).message.split('\n')[0]];
      }
      expect(ours).toEqual(expected);
    });
    fc.assert(prop, options());
  });

  it('the CLI never ends in an internal error (exit 2) on generated repositories', async () => {
    const prop = fc.asyncProperty(repository, async (files) => {
      const root = materialize(files);
      for (const args of [['scan', '--format', 'json'], ['fix', '--dry-run', '--unsafe']]) {
        const r = await cli(args, root);
        expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
      }
      rmSync(root, { recursive: true, force: true });
    });
    await fc.assert(prop, { seed: SEED, numRuns: Math.ceil(RUNS / 3), plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS / 2)], endOnFailure: true });
  });
});
