// Inline suppressions: `# dockmend-ignore <ids> [-- reason]` and `# dockmend-ignore-file <ids>`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Suppressions, parseDirectives } from '../src/suppress.js';
import type { ResolvedFinding } from '../src/types.js';
import { cli, snapshot, tree } from './helpers.js';

const RULES = ['--rule', 'compose-version', '--rule', 'dockerignore-missing', '--rule', 'parse-error'];

function at(file: string, line: number, rule = 'r1'): ResolvedFinding {
  return { rule, severity: 'warning', location: { file, start: 0, end: 0 }, message: 'm', line, column: 1, endLine: line, endColumn: 1, fixes: [] };
}

function covers(file: string, text: string) {
  const s = new Suppressions(() => text);
  return (line: number, rule = 'r1') => s.match(at(file, line, rule)) !== null;
}

describe('parseDirectives', () => {
  it('reads ids, the reason and the scope', () => {
    const [d, f] = parseDirectives('Dockerfile', '# dockmend-ignore r1, r2 -- vendored, see #12\nFROM x\n#dockmend-ignore-file r3\n');
    expect(d).toMatchObject({ scope: 'next', rules: ['r1', 'r2'], reason: 'vendored, see #12', line: 1, from: 1, to: 2 });
    expect(f).toMatchObject({ scope: 'file', rules: ['r3'], from: 1, to: 4 });
    expect(parseDirectives('Dockerfile', '# dockmend-ignored r1\n# dockmend-ignore-files r1\nFROM x\n')).toEqual([]);
  });

  it('Dockerfile: covers the next instruction with its continuation lines, skipping comments and blanks', () => {
    const text = ['FROM a', '# dockmend-ignore r1', '', '# another comment', 'COPY a \\', '  # inner comment', '  b \\', '  /dst', 'RUN x'].join('\n');
    const c = covers('Dockerfile', text);
    expect([1, 2, 5, 7, 8, 9].map((l) => c(l))).toEqual([false, true, true, true, true, false]);
    expect(c(5, 'r2')).toBe(false);
  });

  it('Dockerfile: honours the escape parser directive', () => {
    const c = covers('Dockerfile', '# escape=`\nFROM a\n# dockmend-ignore r1\nRUN a `\n  b\nRUN c\n');
    expect([4, 5, 6].map((l) => c(l))).toEqual([true, true, false]);
  });

  it('YAML: covers the next key and its nested block', () => {
    const text = ['services:', '  # dockmend-ignore r1', '  web:', '    build:', '      context: .', '', '    image: x', '  db:', '    image: y'].join('\n');
    const c = covers('docker/compose.yaml', text);
    expect([1, 3, 4, 5, 7, 8, 9].map((l) => c(l))).toEqual([false, true, true, true, true, false, false]);
  });

  it('.dockerignore: a comment only with # in the first column; covers the next pattern line', () => {
    const text = ['# dockmend-ignore r1', '*.pyc', ' # dockmend-ignore r1', 'node_modules', '.git'].join('\n');
    const c = covers('app/.dockerignore', text);
    expect([2, 4, 5].map((l) => c(l))).toEqual([true, false, false]);
  });

  it('a file-level directive covers every line; a directive at the top covers a finding on its own line', () => {
    const c = covers('Dockerfile', 'FROM a\nRUN b\n# dockmend-ignore-file r1\n');
    expect([1, 2, 3].map((l) => c(l))).toEqual([true, true, true]);
    expect(covers('Dockerfile', '# dockmend-ignore r1\nFROM a\n')(1)).toBe(true);
  });
});

const suppressedInCompose = {
  'compose.yaml': 'version: "3.8"\nservices:\n  app:\n    # dockmend-ignore dockerignore-missing -- the image build copies only app.py\n    build: ./app\n',
  'docker/compose.ci.yaml': '# dockmend-ignore-file compose-version\nservices: {}\n',
  'app/Dockerfile': 'FROM python:3.11\nCOPY . /srv/\n',
  'app/app.py': 'print(1)\n',
  'app/__pycache__/app.cpython-311.pyc': 'x',
};

describe('suppressions in the CLI', () => {
  it('suppressed findings are not reported but counted', async () => {
    const root = tree(suppressedInCompose);
    const json = JSON.parse((await cli(['scan', '--format', 'json', ...RULES], root)).stdout);
    expect(json.findings).toEqual([]);
    expect(json.summary.suppressed).toBe(2);
    const text = await cli(['scan', ...RULES], root);
    expect(text.stdout).toMatch(/^No problems found\. \(2 suppressed\)\n/);
    const sarif = JSON.parse((await cli(['scan', '--format', 'sarif', ...RULES], root)).stdout);
    expect(sarif.runs[0].results).toEqual([]);
    expect(sarif.runs[0].properties.suppressed).toBe(2);
  });

  it('without the comments the same tree has the findings', async () => {
    const root = tree({
      ...suppressedInCompose,
      'compose.yaml': 'version: "3.8"\nservices:\n  app:\n    build: ./app\n',
      'docker/compose.ci.yaml': 'services: {}\n',
    });
    const json = JSON.parse((await cli(['scan', '--format', 'json', ...RULES], root)).stdout);
    expect(json.findings.map((f: { rule: string }) => f.rule).sort()).toEqual(['compose-version', 'dockerignore-missing']);
  });

  it("a suppressed finding's fix is never applied, also in later passes", async () => {
    // The version fix inserts a line above the directive; the suppression still holds after it.
    const root = tree({ ...suppressedInCompose, 'compose.yaml': 'services:\n  app:\n    # dockmend-ignore dockerignore-missing\n    build: ./app\n', 'compose.ci.yaml': 'version: "3.8"\nservices: {}\n' });
    const dry = await cli(['fix', '--dry-run', ...RULES], root);
    expect(dry.stdout).toBe('--- a/compose.yaml\n+++ b/compose.yaml\n@@ -1,4 +1,5 @@\n+version: "3.8"\n services:\n   app:\n     # dockmend-ignore dockerignore-missing\n     build: ./app\n');
    const before = snapshot(root);
    const w = await cli(['fix', '--write', ...RULES], root);
    expect(w.code).toBe(0);
    expect(existsSync(join(root, 'app/.dockerignore'))).toBe(false);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8')).toBe(`version: "3.8"\n${before['compose.yaml']}`);
  });

  it('a lone Dockerfile can suppress a finding reported on its first line', async () => {
    const root = tree({ 'Dockerfile': '# dockmend-ignore dockerignore-missing\nFROM python:3.11\nCOPY . /srv\n', 'app.py': '', '__pycache__/app.cpython-311.pyc': 'x' });
    const json = JSON.parse((await cli(['scan', '--format', 'json', ...RULES], root)).stdout);
    expect(json.findings).toEqual([]);
    expect(json.summary.suppressed).toBe(1);
  });
});

describe('--report-unused-suppressions', () => {
  const root = () =>
    tree({
      'compose.yaml': [
        'version: "3.8"',
        '# dockmend-ignore compose-version',
        'services:',
        '  app:',
        '    # dockmend-ignore dockerignore-missing, no-such-rule',
        '    build: ./app',
        '',
      ].join('\n'),
      'docker/compose.ci.yaml': '# dockmend-ignore compose-version\nservices: {}\n',
      'app/Dockerfile': '# dockmend-ignore-file\nFROM x\n',
      'app/.dockerignore': '# dockmend-ignore dockerignore-missing\n*.pyc\n',
    });

  it('reports directives that matched nothing as unused-suppression findings', async () => {
    const r = await cli(['scan', '--format', 'json', '--report-unused-suppressions', ...RULES], root());
    const json = JSON.parse(r.stdout);
    expect(json.summary.suppressed).toBe(1);
    expect(json.findings.map((f: { file: string; line: number; rule: string; message: string; severity: string }) => [f.file, f.line, f.rule, f.severity, f.message])).toEqual([
      ['app/.dockerignore', 1, 'unused-suppression', 'warning', "suppression of 'dockerignore-missing' matches nothing on the next instruction or key"],
      ['app/Dockerfile', 1, 'unused-suppression', 'warning', '`dockmend-ignore-file` names no rule'],
      ['compose.yaml', 2, 'unused-suppression', 'warning', "suppression of 'compose-version' matches nothing on the next instruction or key"],
      ['compose.yaml', 5, 'unused-suppression', 'warning', "suppression of 'dockerignore-missing' matches nothing on the next instruction or key"],
      ['compose.yaml', 5, 'unused-suppression', 'warning', "unknown rule 'no-such-rule' in a suppression"],
    ]);
    expect(r.code).toBe(0);
    expect((await cli(['scan', '--report-unused-suppressions', '--fail-on', 'warning', ...RULES], root())).code).toBe(1);
  });

  it('does not judge suppressions of rules that did not run', async () => {
    const json = JSON.parse((await cli(['scan', '--format', 'json', '--report-unused-suppressions', '--rule', 'parse-error'], root())).stdout);
    expect(json.findings.map((f: { message: string }) => f.message)).toEqual(['`dockmend-ignore-file` names no rule', "unknown rule 'no-such-rule' in a suppression"]);
  });

  it('is listed as a rule in SARIF', async () => {
    const log = JSON.parse((await cli(['scan', '--format', 'sarif', '--report-unused-suppressions', ...RULES], root())).stdout);
    const rules = log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(rules).toContain('unused-suppression');
    expect(log.runs[0].results.every((x: { ruleIndex: number; ruleId: string }) => rules[x.ruleIndex] === x.ruleId)).toBe(true);
  });

  it('is a scan option only', async () => {
    const r = await cli(['fix', '--dry-run', '--report-unused-suppressions'], root());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--report-unused-suppressions cannot be used with 'fix'/);
  });
});
