// Issue #16: severity follows certainty. An error means the documented build fails as the
// repository stands; guesses, templates and steps outside the repository lower it. The rule
// fixtures (fixtures/rules/<rule>/<case>) pin positions and diffs; this file pins severities,
// fix titles and applicability on the same cases.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setShellEnv } from '../src/compose/env.js';
import { detect, openSession, type RunOptions } from '../src/fix/engine.js';
import { isTemplateComposeName } from '../src/project/discover.js';
import { isGitIgnored } from '../src/project/gitignore.js';
import { copyDir, copyFixture, tree } from './helpers.js';

const RULES = join(import.meta.dirname, '..', 'fixtures', 'rules');

beforeAll(() => setShellEnv({}));
afterAll(() => setShellEnv(undefined));

function run(root: string, rule: string, options: RunOptions = {}) {
  return detect(openSession(root), { only: [rule], ...options }).findings.map((f) => ({
    file: f.location.file,
    line: f.line,
    severity: f.severity,
    fixes: f.fixes.map((x) => `${x.applicability}: ${x.title}`),
    message: f.message,
  }));
}
const fixture = (rule: string, name: string) => copyDir(join(RULES, rule, name, 'input'));

describe('guessed build contexts (point 9)', () => {
  const files = {
    'api/Dockerfile': 'FROM python:3.12\nCOPY requirements.txt /app/\n',
    'api/main.py': '',
  };
  it('a source missing from a context nobody names is a warning that says the context is a guess', () => {
    const [f, ...rest] = run(tree(files), 'copy-source-missing');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ file: 'api/Dockerfile', line: 2, severity: 'warning' });
    expect(f!.message).toContain("dockmend's guess");
  });
  it('stays an error when a compose file names the build', () => {
    const root = tree({ ...files, 'compose.yml': 'services:\n  api:\n    build: ./api\n' });
    expect(run(root, 'copy-source-missing').map((f) => [f.line, f.severity])).toEqual([[2, 'error']]);
  });
  it('stays an error when the configuration names the build', () => {
    const root = tree({ ...files, 'dockmend.config.json': '{}' });
    const findings = run(root, 'copy-source-missing', { contexts: [{ dockerfile: 'api/Dockerfile', context: 'api' }] });
    expect(findings.map((f) => [f.line, f.severity])).toEqual([[2, 'error']]);
  });
  it('an inferred context (sources resolve from an ancestor) is a guess too', () => {
    const root = tree({ 'dockerfiles/api.Dockerfile': 'FROM python:3.12\nCOPY api/main.py /app/\nCOPY api/missing.txt /app/\n', 'api/main.py': '' });
    expect(run(root, 'copy-source-missing').map((f) => [f.file, f.line, f.severity])).toEqual([['dockerfiles/api.Dockerfile', 3, 'warning']]);
  });
  it('copy-source-ignored against a guessed context is a warning, against a compose context an error', () => {
    const base = { 'app/Dockerfile': 'FROM node:22\nCOPY dist /app/dist\n', 'app/dist/index.js': '', 'app/.dockerignore': 'dist\n' };
    expect(run(tree(base), 'copy-source-ignored').map((f) => f.severity)).toEqual(['warning']);
    expect(run(tree({ ...base, 'compose.yml': 'services:\n  app:\n    build: app\n' }), 'copy-source-ignored').map((f) => f.severity)).toEqual(['error']);
  });
});

describe('a source missing everywhere does not block the context fix (point 5)', () => {
  it('compose-dockerfile-missing offers the context its other sources resolve from, unsafe', () => {
    const [f] = run(fixture('compose-dockerfile-missing', 'source-missing-everywhere'), 'compose-dockerfile-missing');
    expect(f).toMatchObject({ severity: 'error', fixes: ["unsafe: Set dockerfile to 'dockerfiles/api.Dockerfile'"] });
    expect(f!.message).toContain("'alembic.ini'");
  });
  it('near miss: a source found in another directory tried is not "missing everywhere": no fix', () => {
    const [f] = run(fixture('compose-dockerfile-missing', 'source-found-in-other-dir'), 'compose-dockerfile-missing');
    expect(f).toMatchObject({ severity: 'error', fixes: [] });
  });
  it('copy-source-missing: the context fix for the others, candidates for the missing one', () => {
    const findings = run(fixture('copy-source-missing', 'one-source-missing-everywhere'), 'copy-source-missing');
    expect(findings.map((f) => [f.line, f.fixes])).toEqual([
      [3, ["unsafe: Set build context to '..' and dockerfile to 'Dockerfile'"]],
      [4, []],
    ]);
  });
  it('copy-source-missing near miss: every source resolves somewhere tried, no directory explains them', () => {
    const findings = run(fixture('copy-source-missing', 'every-source-somewhere'), 'copy-source-missing');
    expect(findings.map((f) => [f.line, f.fixes.some((x) => x.includes('context'))])).toEqual([[3, false]]);
  });
  it('fixtures/netra: the staging backend gets the dockerfile fix; alembic.ini keeps its own finding with its candidate', () => {
    const root = copyFixture('netra');
    const findings = detect(openSession(root), { only: ['compose-dockerfile-missing', 'copy-source-missing'] }).findings;
    const staging = findings.find((f) => f.location.file === 'docker/docker-compose.staging.alpine.yml');
    expect(staging?.fixes.map((x) => [x.applicability, x.title])).toEqual([['unsafe', "Set dockerfile to 'dockerfiles/backend.staging.alpine.Dockerfile'"]]);
    const alembic = findings.filter((f) => f.rule === 'copy-source-missing' && f.location.file === 'dockerfiles/backend.staging.alpine.Dockerfile');
    expect(alembic.map((f) => [f.line, f.severity, f.fixes.map((x) => x.title)])).toEqual([[15, 'warning', ["Change COPY source 'alembic.ini' to 'netra_backend/alembic.ini'"]]]);
  });
});

describe('minimal edit first (point 6)', () => {
  it('a Dockerfile without local sources: the dockerfile: path first, the context move second', () => {
    const [f] = run(fixture('compose-dockerfile-missing', 'no-sources-keeps-context'), 'compose-dockerfile-missing');
    expect(f!.fixes).toEqual(["unsafe: Set dockerfile to '../dockerfiles/proxy.Dockerfile'", "unsafe: Set build context to '..'"]);
  });
  it('near miss: with sources, the moved-compose-file context fix still comes first', () => {
    const [f] = run(fixture('compose-dockerfile-missing', 'compose-moved-to-subfolder'), 'compose-dockerfile-missing');
    expect(f!.fixes[0]).toBe("safe: Set build context to '..'");
  });
});

describe('missing env files (points 10, 11)', () => {
  it('git-ignored with a template next to it: a warning, fixed by creating it from the template (never the interpolation .env)', () => {
    const findings = run(fixture('compose-env-file-missing', 'gitignored-with-template'), 'compose-env-file-missing');
    expect(findings.map((f) => [f.file, f.severity, f.fixes])).toEqual([
      // The project's .env also feeds interpolation: the message says to copy the template, no fix.
      ['compose.yml', 'warning', []],
      ['worker/compose.yml', 'warning', ['unsafe: Create worker/worker.local.env from worker/worker.local.env.example']],
    ]);
    expect(findings[0]!.message).toContain('create .env from .env.example');
  });
  it('the interpolation .env with a template: no create fix, no optional fix', () => {
    const [f] = run(fixture('compose-env-file-missing', 'interpolation-env-with-template'), 'compose-env-file-missing');
    expect(f).toMatchObject({ file: 'compose.yml', severity: 'warning', fixes: [] });
  });
  it('an env_file path that is a directory: an error saying so, with no fix (not "does not exist", not a create)', () => {
    const findings = run(fixture('compose-env-file-missing', 'env-file-is-directory'), 'compose-env-file-missing');
    expect(findings.map((f) => [f.line, f.severity, f.fixes])).toEqual([
      [5, 'error', []],
      [6, 'error', []],
    ]);
    for (const f of findings) {
      expect(f.message).toContain('is a directory');
      expect(f.message).not.toContain('does not exist');
    }
  });
  it('an excluded directory cannot be re-included: the file under it is git-ignored', () => {
    const [f] = run(fixture('compose-env-file-missing', 'ignored-dir-negation'), 'compose-env-file-missing');
    expect(f).toMatchObject({ severity: 'warning', fixes: ['unsafe: Create config/app.env from config/app.env.example'] });
  });
  it('near miss: a template but the file is not git-ignored stays an error', () => {
    const [f] = run(fixture('compose-env-file-missing', 'template-not-gitignored'), 'compose-env-file-missing');
    expect(f!.severity).toBe('error');
    expect(f!.fixes.some((x) => x.includes('.env.example'))).toBe(false);
  });
  it('negative: git-ignored without a template stays an error', () => {
    const [f] = run(fixture('compose-env-file-missing', 'gitignored-no-template'), 'compose-env-file-missing');
    expect(f!.severity).toBe('error');
  });
  it('a compose file named as a template: its missing env file is info', () => {
    const [f] = run(fixture('compose-env-file-missing', 'template-compose-file'), 'compose-env-file-missing');
    expect(f).toMatchObject({ file: 'docker-compose.override.example.yml', severity: 'info' });
  });
  it('a compose file named as a template: its missing paths are info', () => {
    const root = tree({
      'docker-compose.sample.yml': 'services:\n  api:\n    build:\n      context: ./api\n  web:\n    build:\n      context: .\n      dockerfile: web.Dockerfile\n',
    });
    expect(run(root, 'compose-build-context-missing').map((f) => f.severity)).toEqual(['info']);
    expect(run(root, 'compose-dockerfile-missing').map((f) => f.severity)).toEqual(['info']);
  });
  it('template names', () => {
    for (const n of ['docker-compose.override.example.yml', 'compose.sample.yaml', 'docker/docker-compose.template.yml', 'compose.dist.yaml', 'docker-compose.prod-example.yml'])
      expect(isTemplateComposeName(n), n).toBe(true);
    for (const n of ['docker-compose.yml', 'compose.override.yaml', 'docker-compose.examples-api.yml', 'compose.distributed.yml', 'examples/compose.yaml'])
      expect(isTemplateComposeName(n), n).toBe(false);
  });
});

describe('isGitIgnored (gitignore(5))', () => {
  const ignored = (files: Record<string, string>, path: string, isDir = false) => {
    const session = openSession(tree(files));
    return isGitIgnored(session.tree, session.sources, path, isDir);
  };
  it('an unanchored name matches at any depth; an anchored one only below its .gitignore', () => {
    expect(ignored({ '.gitignore': '.env\n' }, 'deep/dir/.env')).toBe(true);
    expect(ignored({ '.gitignore': '/.env\n' }, 'deep/.env')).toBe(false);
    expect(ignored({ '.gitignore': '/.env\n' }, '.env')).toBe(true);
    expect(ignored({ 'app/.gitignore': 'conf/local.env\n' }, 'app/conf/local.env')).toBe(true);
    expect(ignored({ 'app/.gitignore': 'conf/local.env\n' }, 'app/x/conf/local.env')).toBe(false);
  });
  it('last match wins, deeper files override, negation cannot re-include below an excluded directory', () => {
    expect(ignored({ '.gitignore': '*.env\n!keep.env\n' }, 'keep.env')).toBe(false);
    expect(ignored({ '.gitignore': '*.env\n', 'sub/.gitignore': '!a.env\n' }, 'sub/a.env')).toBe(false);
    expect(ignored({ '.gitignore': 'secrets/\n!secrets/a.env\n' }, 'secrets/a.env')).toBe(true);
    expect(ignored({ '.gitignore': 'secrets/*\n!secrets/a.env\n' }, 'secrets/a.env')).toBe(false);
  });
  it('dir-only patterns, ** forms, comments, escapes and character classes', () => {
    expect(ignored({ '.gitignore': 'build/\n' }, 'build')).toBe(false);
    expect(ignored({ '.gitignore': 'build/\n' }, 'build/out.txt')).toBe(true);
    expect(ignored({ '.gitignore': '**/cfg/*.env\n' }, 'a/b/cfg/x.env')).toBe(true);
    expect(ignored({ '.gitignore': 'a/**/x.env\n' }, 'a/x.env')).toBe(true);
    expect(ignored({ '.gitignore': 'a/**\n' }, 'a/b/c')).toBe(true);
    expect(ignored({ '.gitignore': '# .env\n\\#x\n' }, '.env')).toBe(false);
    expect(ignored({ '.gitignore': '# .env\n\\#x\n' }, '#x')).toBe(true);
    expect(ignored({ '.gitignore': '.env.[ab]\n' }, '.env.a')).toBe(true);
    expect(ignored({ '.gitignore': '.env.[!ab]\n' }, '.env.a')).toBe(false);
    expect(ignored({ '.gitignore': '*.env\n' }, 'a/b.env/c')).toBe(true);
    expect(ignored({}, '.env')).toBe(false);
  });
});

describe('env drift compares only the same service (point 4)', () => {
  const drift = (name: string) => run(fixture('compose-env-drift', name), 'compose-env-drift').map((f) => [f.file, f.line, f.severity]);
  it('a key the service reads by name (entrypoint script) is a warning; others are info', () => {
    expect(drift('read-by-entrypoint')).toEqual([
      ['docker-compose.prod.yml', 5, 'warning'],
      ['docker-compose.yml', 4, 'info'],
    ]);
    const [prod] = run(fixture('compose-env-drift', 'read-by-entrypoint'), 'compose-env-drift');
    expect(prod!.message).toContain('reads API_KEY by name');
  });
  it('a $KEY in the Dockerfile or $$KEY in the compose command counts as reading it', () => {
    const root = tree({
      'docker-compose.yml': 'services:\n  web:\n    build: .\n    command: ["sh", "-c", "serve --port $$PORT"]\n    environment:\n      PORT: "80"\n      TOKEN: x\n',
      'docker-compose.dev.yml': 'services:\n  web:\n    build: .\n    environment:\n      DEBUG: "1"\n',
      'Dockerfile': 'FROM node:22\n# TOKEN is read at start\nRUN echo ${TOKEN}\n',
    });
    const [dev] = run(root, 'compose-env-drift').filter((f) => f.file === 'docker-compose.dev.yml');
    expect(dev).toMatchObject({ severity: 'warning' });
    expect(dev!.message).toContain('reads TOKEN by name');
  });
  it('the same image repository with another tag or registry prefix is the same service (info)', () => {
    expect(drift('same-image-other-tag')).toEqual([
      ['docker-compose.ci.yml', 4, 'info'],
      ['docker-compose.yml', 4, 'info'],
    ]);
  });
  it('negative: different images (mariadb vs postgres), overlay fragments, a build file and a run file', () => {
    expect(drift('different-images')).toEqual([]);
    expect(drift('overlay-fragments')).toEqual([]);
    expect(drift('build-file-and-run-file')).toEqual([]);
  });
  it('projects sharing a base file (base + different overlays) are never compared', () => {
    const root = tree({
      'compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n',
      'compose.tls.yaml': 'services:\n  web:\n    environment:\n      CERT: /certs/a.pem\n',
      'dockmend.config.json': '{}',
    });
    const findings = detect(openSession(root), {
      only: ['compose-env-drift'],
      projects: [{ files: ['compose.yaml'] }, { files: ['compose.yaml', 'compose.tls.yaml'] }],
    }).findings;
    expect(findings).toEqual([]);
  });
  it('fixtures/netra: the drift is reported, as warnings (the backend settings module reads the keys)', () => {
    const findings = detect(openSession(copyFixture('netra')), { only: ['compose-env-drift'] }).findings;
    expect(findings.map((f) => [f.location.file, f.line, f.severity])).toEqual([
      ['docker-compose.yml', 11, 'warning'],
      ['docker/docker-compose.minimal-test.yml', 6, 'warning'],
      ['docker/docker-compose.staging.alpine.yml', 13, 'warning'],
    ]);
    for (const f of findings) expect(f.message).toContain('netra_backend/app/config.py');
  });
});
