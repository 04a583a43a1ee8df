// Unit-level checks of the build-context rules that golden cases cannot express: messages
// (what is wrong and where dockmend looked), fix titles and the order of alternatives, the
// resolution helpers, and the image-user table.
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveSource } from '../src/analysis/context-sources.js';
import { distroOf, imageHasGroup, imageHasUser } from '../src/dockerfile/image-users.js';
import { detect, openSession, plan } from '../src/fix/engine.js';
import { IgnoreMatcher } from '../src/ignore/matcher.js';
import { walkTree } from '../src/project/walk.js';
import type { ResolvedFinding } from '../src/types.js';
import { copyDir, tree } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

function findings(root: string, rule: string): ResolvedFinding[] {
  return detect(openSession(root), { only: [rule] }).findings;
}

function fixtureFindings(rule: string, name: string, only = rule): ResolvedFinding[] {
  return findings(copyDir(join(FIXTURES, rule, name, 'input')), only);
}

describe('copy-source-missing', () => {
  it('says what it looked for and where, and blames the context when every source is elsewhere', () => {
    const [first, second] = fixtureFindings('copy-source-missing', 'compose-subfolder-context-dot');
    expect(first.message).toBe(
      "Source 'requirements.txt' is not in the build context 'docker' (docker/docker-compose.yml, service api): docker/requirements.txt does not exist; every source of docker/Dockerfile is in '.', so the build context is probably wrong.",
    );
    expect(second.message).toContain('docker/app does not exist');
  });

  it('offers the context fix first (safe) and a path rewrite only as an unsafe alternative', () => {
    const [first] = fixtureFindings('copy-source-missing', 'compose-subfolder-context-dot');
    expect(first.fixes.map((f) => [f.title, f.applicability])).toEqual([
      ["Set build context to '..' and dockerfile to 'docker/Dockerfile'", 'safe'],
      ["Change COPY source 'requirements.txt' to 'legacy/requirements.txt'", 'unsafe'],
    ]);
    // The same context edit is the default of every finding of the Dockerfile: one edit fixes all.
    const all = fixtureFindings('copy-source-missing', 'compose-subfolder-context-dot');
    expect(new Set(all.map((f) => JSON.stringify(f.fixes[0].changes))).size).toBe(1);
  });

  it('reports a Dockerfile shared by two services once, against the bad context only', () => {
    const found = fixtureFindings('copy-source-missing', 'two-services-one-bad-context');
    expect(found).toHaveLength(1);
    expect(found[0].context).toBe('services/api');
    expect(found[0].message).toContain("build context 'services/api' (compose.yml, service api-debug)");
    expect(found[0].message).not.toContain('service api)');
  });

  it('never reports a flag, a --from source, a heredoc, a URL or a git ref as a source', () => {
    for (const name of ['incident-copy-lines', 'from-builder-absolute-source', 'heredoc', 'flags-before-sources']) {
      const root = copyDir(join(FIXTURES, 'copy-source-missing', name, 'input'));
      const all = detect(openSession(root), {}).findings.filter((f) => f.rule.startsWith('copy-source') || f.rule === 'copy-wildcard-empty');
      for (const f of all) expect(f.message, `${name}: ${f.message}`).not.toMatch(/'--|<<|https:|git@|\/root\/\.local|missing-inside-heredoc|not-a-source/);
    }
    const flags = fixtureFindings('copy-source-missing', 'flags-before-sources');
    expect(flags).toHaveLength(1);
    expect(flags[0].message).toMatch(/^Source 'config\/Nginx\.conf' is not in the build context '\.'/);
  });

  it('shows the value of a path built from variables and does not rewrite it', () => {
    const [f] = fixtureFindings('copy-source-missing', 'arg-global-redeclared');
    expect(f.message).toBe(
      "Source '${SERVICE}/requirements.txt' (= backend/requirements.txt) is not in the build context '.': backend/requirements.txt does not exist; it is probably api/requirements.txt. The path is built from variables, so dockmend does not rewrite it.",
    );
    expect(f.fixes).toEqual([]);
  });

  it('lists where it looked when nothing fits', () => {
    const [f] = fixtureFindings('copy-source-missing', 'nothing-similar');
    expect(f.message).toBe(
      "Source 'vendor/wheels' is not in the build context '.': vendor/wheels does not exist, and nothing named 'wheels' elsewhere in the context (nor a similar name in 'vendor') could replace it.",
    );
    expect(f.fixes).toEqual([]);
  });

  it('offers several candidates as unsafe alternatives, shallowest first', () => {
    const [f] = fixtureFindings('copy-source-missing', 'same-name-several-places');
    expect(f.fixes.map((x) => [x.title, x.applicability])).toEqual([
      ["Change COPY source 'settings.toml' to 'config/dev/settings.toml'", 'unsafe'],
      ["Change COPY source 'settings.toml' to 'config/prod/settings.toml'", 'unsafe'],
    ]);
  });

  it('offers a context that explains most sources as an unsafe fix', () => {
    const found = fixtureFindings('copy-source-missing', 'context-mostly-elsewhere');
    expect(found[0].message).toContain("most sources of docker/api.Dockerfile are in '.'");
    expect(found[0].fixes[0].applicability).toBe('unsafe');
  });

  it('keeps a JSON-form source in JSON form and names ADD as ADD', () => {
    const root = tree({ Dockerfile: 'FROM alpine\nADD ["a b/c d.txt", "/x/"]\n', 'a b/e/c d.txt': 'x' });
    const [f] = findings(root, 'copy-source-missing');
    expect(f.fixes.map((x) => x.title)).toEqual(["Change ADD source 'a b/c d.txt' to 'a b/e/c d.txt'"]);
    expect(f.fixes[0].changes).toMatchObject([{ text: '"a b/e/c d.txt"' }]);
  });

  it('never writes a candidate that Docker would read differently', () => {
    // Shell form cannot hold a space; `$` would be expanded.
    const root = tree({ Dockerfile: 'FROM alpine\nCOPY report.txt /x/\nCOPY price.txt /y/\n', 'a b/report.txt': 'x', '$HOME/price.txt': 'y' });
    for (const f of findings(root, 'copy-source-missing')) expect(f.fixes).toEqual([]);
  });

  it('does not rewrite a shared Dockerfile in a way that breaks another build of it', () => {
    const root = tree({
      'compose.yml': 'services:\n  a:\n    build:\n      context: ./a\n      dockerfile: ../d/Dockerfile\n  b:\n    build:\n      context: ./b\n      dockerfile: ../d/Dockerfile\n',
      'd/Dockerfile': 'FROM alpine\nCOPY conf/app.yml /etc/\nCOPY only-b.txt /x\n',
      'a/conf/app.yml': 'a',
      'b/cfg/app.yml': 'b',
      'b/only-b.txt': 'x',
    });
    const [f] = findings(root, 'copy-source-missing');
    expect(f.context).toBe('b');
    expect(f.fixes).toEqual([]);
    expect(f.message).toContain('b/cfg/app.yml would fit, but d/Dockerfile is also built from other contexts where that path does not resolve');
  });

  it('checks an inferred context, never the Dockerfile folder that explains nothing', () => {
    const root = copyDir(join(FIXTURES, 'context-inferred', 'dockerfiles-folder', 'input'));
    expect(findings(root, 'copy-source-missing')).toEqual([]);
    const [inferred] = findings(root, 'context-inferred');
    expect(inferred.message).toContain('docker build -f dockerfiles/api.Dockerfile .');
  });
});

describe('copy-source-ignored', () => {
  it('names the ignore file and the excluding pattern, and keeps CRLF when appending', () => {
    const root = copyDir(join(FIXTURES, 'copy-source-ignored', 'crlf-ignore-file', 'input'));
    const [f] = findings(root, 'copy-source-ignored');
    expect(f.message).toBe(
      "Source '.env.production' exists but .dockerignore excludes it (pattern '.env*' on line 2), so it is not sent to the build context '.' and the COPY fails as if it were missing.",
    );
    expect(f.fixes[0].title).toBe('Add !.env.production to .dockerignore');
    const p = plan(openSession(root), { only: ['copy-source-ignored'] });
    expect(p.files[0].after).toBe('node_modules\r\n.env*\r\n\r\n# Needed by Dockerfile line 2; re-included by dockmend\r\n!.env.production\r\n');
  });

  it('re-includes every source one ignore file excludes in one block, in one pass (12 sources, more than the pass limit)', () => {
    const names = Array.from({ length: 12 }, (_, i) => `data${i}.json`);
    const files: Record<string, string> = { '.dockerignore': '*.json\n', Dockerfile: `FROM alpine\n${names.map((n) => `COPY ${n} /app/\n`).join('')}` };
    for (const n of names) files[n] = '{}\n';
    const root = tree(files);
    const p = plan(openSession(root), { only: ['copy-source-ignored'] });
    expect(p.stopped).toBeUndefined();
    expect(p.remaining).toEqual([]);
    expect(p.applied).toHaveLength(1);
    expect(p.files[0].after).toBe(`*.json\n\n# Needed by ${names.map((_, i) => `Dockerfile line ${i + 2}`).join(', ')}; re-included by dockmend\n${names.map((n) => `!${n}`).join('\n')}\n`);
  });
});
