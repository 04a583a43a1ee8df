// Variable sources (shell, then <project dir>/.env; templates document), the env stub
// transform, and the --show-vars table.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assumedVariables } from '../src/compose/analysis.js';
import { ProjectVariables, interpolationEnv, setShellEnv } from '../src/compose/env.js';
import { buildProject } from '../src/project/project.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { envStubChange } from '../transforms/env-stub.js';
import { tree } from './helpers.js';

beforeEach(() => setShellEnv({ TAG: 'from-shell', HOME_DIR: '/home/me' }));
afterEach(() => setShellEnv(undefined));

function session(files: Record<string, string>) {
  const root = tree(files);
  return { tree: walkTree(root), sources: new SourceStore(root) };
}

describe('interpolation variables', () => {
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
