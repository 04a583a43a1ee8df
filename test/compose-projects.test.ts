// Which files form a compose project, with which project directory and variables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeAnalysis } from '../src/compose/analysis.js';
import { setShellEnv } from '../src/compose/env.js';
import { groupProjects } from '../src/compose/projects.js';
import { buildProject, groupComposeProjects, type ComposeProject } from '../src/project/project.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { tree } from './helpers.js';

function load(files: Record<string, string>) {
  const root = tree(files);
  return buildProject(walkTree(root), new SourceStore(root));
}

const shape = (p: ComposeProject): Record<string, unknown> => ({ files: p.files, projectDir: p.projectDir, ...(p.includes ? { includes: p.includes.map(shape) } : {}), ...(p.extendsFiles ? { extendsFiles: p.extendsFiles } : {}), ...(p.extensionFiles ? { extensionFiles: p.extensionFiles } : {}) });

beforeEach(() => setShellEnv({ FROM_SHELL: 'shell', SHARED: 'shell wins' }));
afterEach(() => setShellEnv(undefined));

describe('grouping compose files into projects', () => {
  it('pairs override twins; standalone siblings are separate projects sharing the folder .env', () => {
    const p = load({
      'docker-compose.yml': 'services:\n  a:\n    image: a\n',
      'docker-compose.override.yml': 'services:\n  a:\n    ports: ["80:80"]\n',
      'docker-compose.staging.yml': 'services:\n  a:\n    image: a\n',
      '.env': 'SHARED=dotenv\nONLY_DOTENV=yes\n',
    });
    expect(p.composeProjects.map(shape)).toEqual([
      { files: ['docker-compose.staging.yml'], projectDir: '' },
      { files: ['docker-compose.yml', 'docker-compose.override.yml'], projectDir: '' },
    ]);
    for (const cp of p.composeProjects) {
      expect(cp.env.get('ONLY_DOTENV')).toBe('yes');
      expect(cp.env.get('SHARED')).toBe('shell wins');
      expect(cp.env.get('FROM_SHELL')).toBe('shell');
    }
  });

  it('keeps env out of serialisation (shell values may be secrets)', () => {
    const p = load({ 'compose.yaml': 'services: {}\n' });
    expect(JSON.stringify(p.composeProjects)).not.toContain('shell');
    expect(Object.keys(p.composeProjects[0]!)).toEqual(['files', 'projectDir']);
  });

  it('include: the included file is not standalone and has its own project directory and .env', () => {
    const p = load({
      'compose.yaml': 'include:\n  - path: infra/compose.yaml\n  - other/db.yml\nservices:\n  web:\n    image: web\n    depends_on: [db, cache]\n',
      'infra/compose.yaml': 'services:\n  cache:\n    image: redis:${REDIS_TAG}\n',
      'infra/.env': 'REDIS_TAG=7\nSHARED=infra\n',
      'other/db.yml': 'services:\n  db:\n    image: postgres\n',
      '.env': 'SHARED=root\n',
    });
    expect(p.composeProjects.map(shape)).toEqual([
      { files: ['compose.yaml'], projectDir: '', includes: [{ files: ['infra/compose.yaml'], projectDir: 'infra' }, { files: ['other/db.yml'], projectDir: 'other' }] },
    ]);
    const inc = p.composeProjects[0]!.includes![0]!;
    expect(inc.env.get('REDIS_TAG')).toBe('7');
    // The including project's values are not overridden by the included .env.
    expect(inc.env.get('SHARED')).toBe('shell wins');
    const services = [...composeAnalysis(p).services(p.composeProjects[0]!).keys()].sort();
    expect(services).toEqual(['cache', 'db', 'web']);
  });

  it('extends.file: the extended file provides definitions and does not stand alone', () => {
    const p = load({
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: common/compose.base.yaml\n      service: base\n',
      'common/compose.base.yaml': 'services:\n  base:\n    image: base\n    depends_on: [not-here]\n',
    });
    expect(p.composeProjects.map(shape)).toEqual([{ files: ['compose.yaml'], projectDir: '', extendsFiles: ['common/compose.base.yaml'] }]);
  });

  it('a lone file whose references only resolve in an enclosing project joins it as an extra -f file', () => {
    const p = load({
      'docker-compose.yml': 'services:\n  elasticsearch:\n    image: es\n  kibana:\n    image: kb\n',
      'extensions/fleet/compose.fleet.yml': 'services:\n  fleet-server:\n    build:\n      context: extensions/fleet/\n    depends_on: [elasticsearch, kibana]\n',
      'extensions/fleet/Dockerfile': 'FROM scratch\n',
      'tools/compose.tools.yml': 'services:\n  tool:\n    image: t\n    depends_on: [nowhere]\n',
    });
    expect(p.composeProjects.map(shape)).toEqual([
      { files: ['docker-compose.yml', 'extensions/fleet/compose.fleet.yml'], projectDir: '', extensionFiles: ['extensions/fleet/compose.fleet.yml'] },
      { files: ['tools/compose.tools.yml'], projectDir: 'tools' },
    ]);
  });

  it('config projects sets are used as given, in -f order', () => {
    const files = ['a/compose.yaml', 'b/compose.extra.yaml', 'c/compose.yaml'];
    const root = tree({});
    const input = { files: [], tree: walkTree(root), sources: new SourceStore(root), projects: [{ files: ['a/compose.yaml', 'b/compose.extra.yaml'] }] };
    expect(groupProjects(files, input).map(shape)).toEqual([
      { files: ['a/compose.yaml', 'b/compose.extra.yaml'], projectDir: 'a' },
      { files: ['c/compose.yaml'], projectDir: 'c' },
    ]);
  });

  it('without the parsed files, grouping is by names only', () => {
    expect(groupComposeProjects(['x/compose.yaml', 'x/compose.override.yaml']).map(shape)).toEqual([{ files: ['x/compose.yaml', 'x/compose.override.yaml'], projectDir: 'x' }]);
  });

  it('a config set takes --project-directory and --env-file: paths and variables come from them', () => {
    const root = tree({
      'docker/base.yml': 'services:\n  api:\n    build: .\n    ports:\n      - "${API_PORT}:80"\n',
      '.env.ci': 'API_PORT=8080\n',
      '.env': 'API_PORT=1\n',
    });
    const input = { files: [], tree: walkTree(root), sources: new SourceStore(root), projects: [{ files: ['docker/base.yml'], projectDirectory: '', envFile: '.env.ci' }] };
    const [p] = groupProjects(['docker/base.yml'], input);
    expect(p.projectDir).toBe('');
    expect(p.env.get('API_PORT')).toBe('8080');
  });
});
