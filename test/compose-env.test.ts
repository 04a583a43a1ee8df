// Variable sources (shell, then <project dir>/.env; templates document), the env stub
// transform, and the --show-vars table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assumedVariables } from '../src/compose/analysis.js';
import { ProjectVariables, interpolationEnv, setShellEnv } from '../src/compose/env.js';
import { buildProject } from '../src/project/project.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { envStubChange } from '../transforms/env-stub.js';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { detect, openSession } from '../src/fix/engine.js';
import { tree } from './helpers.js';

beforeEach(() => setShellEnv({ TAG: 'from-shell', HOME_DIR: '/home/me' }));
afterEach(() => setShellEnv(undefined));

function session(files: Record<string, string>) {
  const root = tree(files);
  return { tree: walkTree(root), sources: new SourceStore(root) };
}

describe('interpolation variables', () => {
  it('--env-file replaces .env; several are read in order, a later one overriding, each seeing the keys before it', () => {
    const s = session({ '.env': 'FROM_DOTENV=1\n', 'a.env': 'A=1\nX=a\n', 'b.env': 'X=b\nAB=${A}-b\nTAG=file\n' });
    const env = interpolationEnv(s.tree, s.sources, '', undefined, ['a.env', 'b.env']).env;
    expect([env.get('A'), env.get('X'), env.get('AB'), env.get('TAG'), env.has('FROM_DOTENV')]).toEqual(['1', 'b', '1-b', 'from-shell', false]);
    const vars = new ProjectVariables('', env, s.tree, s.sources, ['a.env', 'b.env', 'missing.env']);
    expect([vars.dotenvPath, vars.envFiles]).toEqual(['b.env', ['a.env', 'b.env', 'missing.env']]);
  });

  it('templates without a leading dot (env.example, example.env, defaults.env) are read; the first in ENV_TEMPLATE_NAMES order gets the stubs', () => {
    const s = session({ 'env.example': 'HTTP_PORT=8000\n', 'defaults.env': 'LEVEL=info\n', '.env.dist': 'DIST=1\n' });
    const vars = new ProjectVariables('', interpolationEnv(s.tree, s.sources, '').env, s.tree, s.sources);
    expect(vars.templates.map((t) => t.path)).toEqual(['.env.dist', 'env.example', 'defaults.env']);
    expect([vars.assumed('HTTP_PORT'), vars.listed('LEVEL'), vars.listed('NOPE')]).toEqual(['8000', true, false]);
    expect(vars.stubFile()).toEqual({ path: '.env.dist', exists: true });
  });

  it('a .env that is a dangling link: one compose-dotenv-absent info naming the target, no parse error, no undefined variable', () => {
    const root = tree({ 'compose.yaml': 'services:\n  web:\n    image: "nginx:${TAG2}"\n    ports:\n      - "${PORT2}:80"\n' });
    symlinkSync('../secrets/app.env', join(root, '.env'));
    const { findings } = detect(openSession(root), {});
    expect(findings.map((f) => [f.rule, f.severity, f.location.file])).toEqual([['compose-dotenv-absent', 'info', '.env']]);
    expect(findings[0]!.message).toContain('../secrets/app.env');
  });

  it('a .env.* link in a loop is still a parse error', () => {
    const root = tree({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n' });
    symlinkSync('.env.b', join(root, '.env.a'));
    symlinkSync('.env.a', join(root, '.env.b'));
    const { findings } = detect(openSession(root), {});
    expect(findings.map((f) => [f.rule, f.location.file])).toEqual([['parse-error', '.env.a'], ['parse-error', '.env.b']]);
  });

  it('shell first, then .env (with its own expansion of shell and earlier keys)', () => {
    const s = session({ 'app/.env': 'TAG=from-file\nexport BASE=/srv\nDATA="${BASE}/data"\nHOME_COPY=${HOME_DIR}\n' });
    const env = interpolationEnv(s.tree, s.sources, 'app').env;
    expect(env.get('TAG')).toBe('from-shell');
    expect(env.get('DATA')).toBe('/srv/data');
    expect(env.get('HOME_COPY')).toBe('/home/me');
    expect(interpolationEnv(s.tree, s.sources, '').env.has('BASE')).toBe(false);
  });

  it('templates document variables; their example values are assumed, empty ones are unknown', () => {
    const s = session({ '.env.example': 'PORT=8080\nTOKEN=\nBARE\n', '.env.template': 'OTHER=x\n' });
    const vars = new ProjectVariables('', interpolationEnv(s.tree, s.sources, '').env, s.tree, s.sources);
    expect(vars.listed('PORT') && vars.listed('TOKEN') && vars.listed('BARE') && vars.listed('OTHER')).toBe(true);
    expect(vars.lookup('PORT')).toBeUndefined();
    expect(vars.assumed('PORT')).toBe('8080');
    expect(vars.assumed('TOKEN')).toBeUndefined();
    expect(vars.stubFile()).toEqual({ path: '.env.example', exists: true });
    expect(vars.info('TAG')).toEqual({ name: 'TAG', source: 'shell', value: 'from-shell' });
    expect(vars.info('PORT')).toEqual({ name: 'PORT', source: 'template', value: '8080', file: '.env.example' });
  });
});

describe('env stub', () => {
  const stubs = [{ name: 'A', comment: 'A: used by compose.yaml (service web)' }, { name: 'B', comment: 'B: used by compose.yaml (service web)' }];
  it('appends after a missing final newline with the file EOL, one comment per distinct comment', () => {
    expect(envStubChange({ file: '.env.example', append: { at: 9, eol: '\r\n', endsWithNewline: false }, stubs })).toEqual({
      kind: 'edit',
      file: '.env.example',
      start: 9,
      end: 9,
      text: '\r\n\r\n# A: used by compose.yaml (service web)\r\nA=\r\n# B: used by compose.yaml (service web)\r\nB=\r\n',
    });
  });
  it('creates the template with a header; nothing to add gives no change', () => {
    const c = envStubChange({ file: 'd/.env.example', append: null, stubs: stubs.slice(0, 1) });
    expect(c).toEqual({ kind: 'create', file: 'd/.env.example', text: '# Variables the compose files here interpolate. Copy this file to .env and set the values.\n\n# A: used by compose.yaml (service web)\nA=\n' });
    expect(envStubChange({ file: 'x', append: null, stubs: [] })).toBeNull();
  });
});

describe('assumedVariables (scan --show-vars)', () => {
  it('lists each variable a project uses, where its value comes from, secrets masked', () => {
    const s = session({
      'compose.yaml': 'services:\n  web:\n    image: "web:${TAG}"\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD}\n      PORT: ${PORT:-80}\n      MISSING: $MISSING\n',
      '.env': 'DB_PASSWORD=hunter2\n',
      '.env.example': 'PORT=8080\n',
    });
    const project = buildProject(s.tree, s.sources);
    expect(assumedVariables(project).map((r) => [r.name, r.source, r.value])).toEqual([
      ['DB_PASSWORD', '.env', '***'],
      ['MISSING', 'unset', ''],
      ['PORT', 'template', '8080'],
      ['TAG', 'shell', 'from-shell'],
    ]);
  });
});
