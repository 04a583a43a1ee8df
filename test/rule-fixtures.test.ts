// Golden cases for every rule: fixtures/rules/<rule-id>/<case>/ holds
//   input/         the repository tree
//   case.json      optional: { "options": {...}, "unsafe": true, "clutter": true, "projects": [...] }
//                  (`projects`: compose file sets as the config's `projects` or a command line gives them)
//   expected.json  the rule's findings as [{ file, line, column }] (an empty list for near misses)
//   fix.diff       the dry-run diff (absent when nothing is fixed)
// Each case is scanned, fixed, and fixed again: the second pass must change nothing.
// Set UPDATE_GOLDEN=1 to rewrite expected files after reviewing the change.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addClutter } from '../scripts/fixture.mjs';
import { detect, openSession, plan, type RunOptions } from '../src/fix/engine.js';
import { planDiff } from '../src/report/diff.js';
import { registry } from '../src/rules/registry.js';
import { copyDir, fixOnce } from './helpers.js';

const RULES_DIR = join(import.meta.dirname, '..', 'fixtures', 'rules');
const update = process.env.UPDATE_GOLDEN === '1';

interface CaseConfig {
  options?: Record<string, unknown>;
  unsafe?: boolean;
  clutter?: boolean;
  projects?: RunOptions['projects'];
}

for (const rule of readdirSync(RULES_DIR).sort()) {
  describe(rule, () => {
    for (const name of readdirSync(join(RULES_DIR, rule)).sort()) {
      const dir = join(RULES_DIR, rule, name);
      const config: CaseConfig = existsSync(join(dir, 'case.json')) ? JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) : {};
      const options: RunOptions = { only: [rule], unsafe: config.unsafe ?? false, rules: config.options ? { [rule]: { options: config.options } } : {}, ...(config.projects ? { projects: config.projects } : {}) };
      const prepare = () => {
        const root = copyDir(join(dir, 'input'));
        if (config.clutter) addClutter(root);
        return root;
      };

      it(`${name}: findings`, () => {
        const root = prepare();
        const { findings } = detect(openSession(root), options);
        // A severity other than the rule's default is part of the expectation (severity follows certainty).
        const defaultSeverity = registry.find((e) => e.detector.meta.id === rule)?.detector.meta.severity;
        const actual = findings.map((f) => ({
          file: f.location.file,
          line: f.line,
          column: f.column,
          ...(f.context !== undefined ? { context: f.context } : {}),
          ...(f.severity !== defaultSeverity ? { severity: f.severity } : {}),
        }));
        const expectedPath = join(dir, 'expected.json');
        if (update) writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
        expect(actual).toEqual(JSON.parse(readFileSync(expectedPath, 'utf8')));
        for (const f of findings) expect(f.rule).toBe(rule);
      });

      it(`${name}: fix diff, then idempotent`, () => {
        const root = prepare();
        const first = plan(openSession(root), options);
        const diffPath = join(dir, 'fix.diff');
        const diff = planDiff(first.files);
        if (update) {
          if (diff) writeFileSync(diffPath, diff);
        }
        expect(diff).toBe(existsSync(diffPath) ? readFileSync(diffPath, 'utf8') : '');
        fixOnce(root, options);
        const second = plan(openSession(root), options);
        expect(second.files).toEqual([]);
        // Every finding that had a fix applied is gone.
        const fixedRules = second.remaining.filter((f) => f.fixes.some((x) => x.applicability === 'safe' || options.unsafe));
        expect(fixedRules).toEqual([]);
      });
    }
  });
}

// Fixture inputs hold .gitignore files of their own, which git applies to the project too: a
// fixture file they match would pass here and be missing from every clone (CI included). In a
// work tree, no fixture file may be ignored (add it with `git add -f`).
describe('fixtures are all in git', () => {
  const inWorkTree = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: RULES_DIR, encoding: 'utf8' }).stdout.trim() === 'true';
  it.skipIf(!inWorkTree)('no fixture file is hidden from git by an ignore file', () => {
    const r = spawnSync('git', ['ls-files', '--others', '--ignored', '--exclude-standard', '--', '.'], { cwd: join(RULES_DIR, '..'), encoding: 'utf8' });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([]);
  });
});
