// Which files form a compose project, with which project directory and variables.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeAnalysis } from '../src/compose/analysis.js';
import { setShellEnv } from '../src/compose/env.js';
import { groupProjects } from '../src/compose/projects.js';
import { buildProject, groupComposeProjects, type ComposeProject } from '../src/project/project.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { tree } from './helpers.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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

  it('a lone file whose references only resolve in an enclosing project is an overlay: base + it, and the base stands alone too', () => {
    const p = load({
      'docker-compose.yml': 'services:\n  elasticsearch:\n    image: es\n  kibana:\n    image: kb\n',
      'extensions/fleet/compose.fleet.yml': 'services:\n  fleet-server:\n    build:\n      context: extensions/fleet/\n    depends_on: [elasticsearch, kibana]\n',
      'extensions/fleet/Dockerfile': 'FROM scratch\n',
      'tools/compose.tools.yml': 'services:\n  tool:\n    image: t\n    depends_on: [nowhere]\n',
    });
    expect(p.composeProjects.map(shape)).toEqual([
      { files: ['docker-compose.yml'], projectDir: '' },
      { files: ['tools/compose.tools.yml'], projectDir: 'tools' },
      { files: ['docker-compose.yml', 'extensions/fleet/compose.fleet.yml'], projectDir: '', extensionFiles: ['extensions/fleet/compose.fleet.yml'] },
    ]);
    expect(p.composeProjects.map((q) => q.origin?.kind)).toEqual(['default', 'file', 'overlay']);
    // The overlay's build resolves against the base's project directory.
    expect(p.contexts.filter((c) => c.origin.kind === 'compose').map((c) => c.dir)).toEqual(['extensions/fleet']);
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

describe('a set run with an --env-file outside the repository', () => {
  it('reads no env file of the tree; the project and its includes know the outside file, and their variables treat it as able to set anything', () => {
    const root = tree({
      'compose.yaml': 'include:\n  - db/compose.yaml\nservices:\n  web:\n    image: web:${TAG}\n',
      'db/compose.yaml': 'services:\n  db:\n    image: postgres:${PG}\n',
      'extra.yaml': 'services:\n  web:\n    labels: [x]\n',
      '.env': 'TAG=from-dotenv\n',
    });
    const origin = { kind: 'invocation' as const, file: 'README.md', line: 4, command: 'docker compose --env-file ~/site.env -f compose.yaml -f extra.yaml up' };
    const p = buildProject(walkTree(root), new SourceStore(root), { projects: [{ files: ['compose.yaml', 'extra.yaml'], externalEnvFile: '~/site.env', origin }] });
    const set = p.composeProjects.find((c) => c.origin?.kind === 'invocation')!;
    const link = { path: '~/site.env', target: '~/site.env', problem: 'external', origin: { file: 'README.md', line: 4 } };
    expect(set.externalEnvFile).toEqual(link);
    expect(set.env.get('TAG')).toBeUndefined();
    expect(set.envFiles).toEqual([]);
    expect(set.includes![0]!.externalEnvFile).toEqual(link);
    const a = composeAnalysis(p);
    expect(a.varsFor(set).envLink).toEqual(link);
    expect(a.varsFor(set).envFiles).toEqual(['~/site.env']);
    expect(a.varsFor(set.includes![0]!).envLink).toEqual(link);
    // Near miss: the default project of the same file reads .env and knows nothing of the outside file.
    const alone = p.composeProjects.find((c) => c.origin?.kind === 'default')!;
    expect(alone.env.get('TAG')).toBe('from-dotenv');
    expect(a.varsFor(alone).envLink).toBeNull();
  });
});

describe('include: as compose-go loads it', () => {
  it('long syntax: env_file list (relative to the including project), project_directory, the including environment wins', () => {
    const p = load({
      'docker-compose.yml':
        'include:\n  - path: nginx/compose.yml\n    project_directory: .\n    env_file: [nginx/defaults.env, nginx/local.env]\n  - path: [db/compose.yml, db/compose.extra.yml]\nservices: {}\n',
      'nginx/compose.yml': 'services:\n  nginx:\n    build:\n      context: ./nginx\n      dockerfile: ${NGINX_DOCKERFILE}\n    ports: ["${NGINX_PORT}:80"]\n',
      'nginx/Dockerfile.prod': 'FROM nginx\n',
      'nginx/defaults.env': 'NGINX_PORT=80\nNGINX_DOCKERFILE=Dockerfile.dev\nSHARED=defaults\n',
      'nginx/local.env': 'NGINX_DOCKERFILE=Dockerfile.prod\n',
      'db/compose.yml': 'services:\n  db:\n    image: postgres:${PG}\n',
      'db/compose.extra.yml': 'services:\n  db:\n    environment: [X=1]\n',
      'db/.env': 'PG=16\n',
      '.env': 'SHARED=root\n',
    });
    const [top] = p.composeProjects;
    expect(p.composeProjects).toHaveLength(1);
    const [nginx, db] = top!.includes!;
    expect(shape(nginx!)).toEqual({ files: ['nginx/compose.yml'], projectDir: '' });
    expect(nginx!.envFiles).toEqual(['nginx/defaults.env', 'nginx/local.env']);
    expect(nginx!.env.get('NGINX_PORT')).toBe('80');
    // A later env file overrides an earlier one; the including project's value wins over both.
    expect(nginx!.env.get('NGINX_DOCKERFILE')).toBe('Dockerfile.prod');
    expect(nginx!.env.get('SHARED')).toBe('shell wins');
    expect(nginx!.origin).toMatchObject({ kind: 'include', file: 'docker-compose.yml' });
    // No env_file: `<project_directory>/.env`.
    expect(shape(db!)).toEqual({ files: ['db/compose.yml', 'db/compose.extra.yml'], projectDir: 'db' });
    expect(db!.env.get('PG')).toBe('16');
    // The included build is checked, against the include's project directory, with its variables.
    const ctx = p.contexts.find((c) => c.origin.kind === 'compose');
    expect(ctx).toMatchObject({ dir: 'nginx', dockerfile: 'nginx/Dockerfile.prod', dockerfileExists: true });
  });

  it('nested includes get the including environment; an include cycle is not followed twice', () => {
    const p = load({
      'compose.yaml': 'include:\n  - a/compose.yaml\nservices:\n  web:\n    image: web\n',
      'a/compose.yaml': 'include:\n  - ../b/compose.yaml\nservices:\n  a:\n    image: a\n',
      'a/.env': 'FROM_A=a\n',
      'b/compose.yaml': 'include:\n  - ../a/compose.yaml\nservices:\n  b:\n    image: b:${FROM_A}\n',
    });
    expect(p.composeProjects.map((q) => q.files)).toEqual([['compose.yaml']]);
    const a = p.composeProjects[0]!.includes![0]!;
    const b = a.includes![0]!;
    expect(b.files).toEqual(['b/compose.yaml']);
    expect(b.env.get('FROM_A')).toBe('a');
    expect(b.includes).toBeUndefined();
    expect([...composeAnalysis(p).services(p.composeProjects[0]!).keys()].sort()).toEqual(['a', 'b', 'web']);
  });

  it('include paths are interpolated with the including project variables', () => {
    const p = load({
      'compose.yaml': 'include:\n  - path: ${STACK}/compose.yaml\nservices: {}\n',
      '.env': 'STACK=infra\n',
      'infra/compose.yaml': 'services:\n  cache:\n    image: redis\n',
    });
    expect(p.composeProjects.map(shape)).toEqual([{ files: ['compose.yaml'], projectDir: '', includes: [{ files: ['infra/compose.yaml'], projectDir: 'infra' }] }]);
  });

  it('an include whose file or env_file is missing is a load problem (Compose fails)', () => {
    const p = load({
      'compose.yaml': 'include:\n  - path: gone/compose.yaml\n  - path: there/compose.yaml\n    env_file: there/missing.env\nservices: {}\n',
      'there/compose.yaml': 'services:\n  x:\n    image: x\n',
    });
    expect(p.composeProjects[0]!.problems!.map((x) => [x.kind, x.resolved])).toEqual([
      ['include-missing', 'gone/compose.yaml'],
      ['include-env-file-missing', 'there/missing.env'],
    ]);
  });
});

describe('include paths Compose resolves outside the tree', () => {
  it('a remote include or an absolute path outside the repository is not checked; /dev/null as env_file is skipped', () => {
    const p = load({
      'compose.yaml':
        'include:\n  - oci://docker.io/x/stack:latest\n  - https://github.com/x/r.git#main:compose.yaml\n  - git@github.com:x/r.git\n  - /etc/shared/compose.yaml\n  - path: ./sub/compose.yaml\n    env_file: /etc/app.env\n  - path: ./other/compose.yaml\n    env_file: /dev/null\nservices:\n  web:\n    image: nginx\n',
      'sub/compose.yaml': 'services:\n  s:\n    image: s\n',
      'other/compose.yaml': 'services:\n  o:\n    image: o\n',
    });
    expect(p.composeProjects[0]!.problems).toBeUndefined();
    expect(p.composeProjects.map(shape)).toEqual([{ files: ['compose.yaml'], projectDir: '', includes: [{ files: ['other/compose.yaml'], projectDir: 'other' }] },
      // Its variables come from an env file dockmend cannot read: not followed, judged alone.
      { files: ['sub/compose.yaml'], projectDir: 'sub' },
    ]);
  });

  it('an absolute include path inside the repository resolves to its file; a missing one there is still an error', () => {
    const root = tree({ 'sub/compose.yaml': 'services:\n  s:\n    image: s\n' });
    writeFileSync(join(root, 'compose.yaml'), `include:\n  - ${join(root, 'sub/compose.yaml')}\n  - ${join(root, 'gone/compose.yaml')}\nservices: {}\n`);
    const p = buildProject(walkTree(root), new SourceStore(root));
    expect(p.composeProjects.map(shape)).toEqual([{ files: ['compose.yaml'], projectDir: '', includes: [{ files: ['sub/compose.yaml'], projectDir: 'sub' }] }]);
    expect(p.composeProjects[0]!.problems!.map((x) => [x.kind, x.resolved])).toEqual([['include-missing', 'gone/compose.yaml']]);
  });
});

describe('an include graph where each level includes the next level twice', () => {
  it('loads each sub-project once (shared), so the work stays linear; every service is still reached', () => {
    const files: Record<string, string> = { 'compose.yaml': 'include:\n  - l0a.yaml\n  - l0b.yaml\nservices:\n  top:\n    image: x\n' };
    const levels = 17;
    for (let i = 0; i < levels; i++)
      for (const s of ['a', 'b']) files[`l${i}${s}.yaml`] = `${i < levels - 1 ? `include:\n  - l${i + 1}a.yaml\n  - l${i + 1}b.yaml\n` : ''}services:\n  s${i}${s}:\n    image: x\n`;
    const started = Date.now();
    const p = load(files);
    const [a, b] = p.composeProjects[0]!.includes!;
    expect([a!.files, b!.files]).toEqual([['l0a.yaml'], ['l0b.yaml']]);
    expect(b!.includes![0]).toBe(a!.includes![0]);
    expect(a!.includes!.map((q) => q.files)).toEqual([['l1a.yaml'], ['l1b.yaml']]);
    expect(p.composeProjects.map((q) => q.files)).toEqual([['compose.yaml']]);
    expect([...composeAnalysis(p).services(p.composeProjects[0]!).keys()].sort()).toEqual(['top', ...Array.from({ length: levels }, (_, i) => [`s${i}a`, `s${i}b`]).flat()].sort());
    expect(Date.now() - started).toBeLessThan(15000);
  }, 30000);
});

describe('overlays without a command line', () => {
  const base = 'services:\n  backend:\n    image: app\n  frontend:\n    image: web\n    depends_on: [backend]\n';
  it('each overlay is its own project with the base; the base stands alone', () => {
    const p = load({
      'compose.yaml': base,
      'overrides/compose.mariadb.yaml': 'services:\n  backend:\n    depends_on: [db]\n  db:\n    image: mariadb\n',
      'overrides/compose.postgres.yaml': 'services:\n  backend:\n    depends_on: [db]\n  db:\n    image: postgres\n',
    });
    expect(p.composeProjects.map((q) => [q.files, q.projectDir, q.origin?.kind])).toEqual([
      [['compose.yaml'], '', 'default'],
      [['compose.yaml', 'overrides/compose.mariadb.yaml'], '', 'overlay'],
      [['compose.yaml', 'overrides/compose.postgres.yaml'], '', 'overlay'],
    ]);
  });

  it('near misses: a standalone file with its own services, and an overlay whose names no base defines, stay alone', () => {
    const p = load({
      'compose.yaml': base,
      'tools/compose.tools.yaml': 'services:\n  tool:\n    image: t\n    depends_on: [helper]\n  helper:\n    image: h\n',
      'other/compose.x.yaml': 'services:\n  backend:\n    depends_on: [nowhere]\n',
    });
    expect(p.composeProjects.map((q) => q.origin?.kind)).toEqual(['default', 'file', 'file']);
  });

  describe('a file that loads alone but only narrows a base in an ancestor folder', () => {
    const app =
      'x-image: &img\n  image: app:${TAG:-1}\n  restart: always\nservices:\n  backend:\n    <<: *img\n    command: serve\n    volumes: [data:/data]\n  worker:\n    <<: *img\n    command: work\nvolumes:\n  data:\n';
    it('is an overlay of it: each service sets only keys the base sets (after << merges), and fewer', () => {
      const p = load({ 'compose.yaml': app, 'tests/compose.ci.yaml': 'services:\n  backend:\n    image: localhost/app:${TAG}\n  worker:\n    image: localhost/app:${TAG}\n' });
      expect(p.composeProjects.map((q) => [q.files, q.origin])).toEqual([
        [['compose.yaml'], { kind: 'default' }],
        [['compose.yaml', 'tests/compose.ci.yaml'], { kind: 'overlay', base: ['compose.yaml'], overlay: 'tests/compose.ci.yaml', narrows: true }],
      ]);
    });

    it('near misses stay alone: a key the base lacks, every key restated, a service the base lacks, the base in the same folder, a default name', () => {
      const p = load({
        'compose.yaml': app,
        // `ports` is not in the base's backend: a stack of its own.
        'adds/compose.adds.yaml': 'services:\n  backend:\n    image: other\n    ports: ["80:80"]\n',
        // worker restates image, restart and command: complete on its own.
        'full/compose.full.yaml': 'services:\n  worker:\n    image: other\n    restart: always\n    command: work\n',
        'extra/compose.extra.yaml': 'services:\n  backend:\n    image: other\n  cache:\n    image: redis\n',
        'compose.ci.yaml': 'services:\n  backend:\n    image: localhost/app\n',
        // A sample reusing the service name under a default name (awesome-compose): a project of its own.
        'sample/compose.yaml': 'services:\n  backend:\n    image: sample\n',
      });
      expect(p.composeProjects.map((q) => [q.files, q.origin?.kind])).toEqual([
        [['adds/compose.adds.yaml'], 'file'],
        [['compose.ci.yaml'], 'file'],
        [['compose.yaml'], 'default'],
        [['extra/compose.extra.yaml'], 'file'],
        [['full/compose.full.yaml'], 'file'],
        [['sample/compose.yaml'], 'default'],
      ]);
    });
  });

  it('an overlay of an overlay stacks on it (-f base -f fleet -f agent)', () => {
    const p = load({
      'docker-compose.yml': 'services:\n  elasticsearch:\n    image: es\n  kibana:\n    image: kb\n',
      'extensions/fleet/fleet-compose.yml': 'services:\n  fleet-server:\n    image: fleet\n    depends_on: [elasticsearch, kibana]\n',
      'extensions/fleet/agent-compose.yml': 'services:\n  apm:\n    image: apm\n    depends_on: [elasticsearch, fleet-server]\n',
    });
    expect(p.composeProjects.map((q) => q.files)).toEqual([
      ['docker-compose.yml'],
      ['docker-compose.yml', 'extensions/fleet/fleet-compose.yml'],
      ['docker-compose.yml', 'extensions/fleet/fleet-compose.yml', 'extensions/fleet/agent-compose.yml'],
    ]);
    expect(p.composeProjects[2]!.origin).toEqual({ kind: 'overlay', base: ['docker-compose.yml', 'extensions/fleet/fleet-compose.yml'], overlay: 'extensions/fleet/agent-compose.yml' });
  });

  it('a file a config set names is never inferred as an overlay', () => {
    const root = tree({ 'compose.yaml': base, 'overrides/compose.https.yaml': 'services:\n  frontend:\n    ports: ["443:443"]\n' });
    const p = buildProject(walkTree(root), new SourceStore(root), { projects: [{ files: ['compose.yaml', 'overrides/compose.https.yaml'] }] });
    expect(p.composeProjects.map((q) => [q.files, q.origin?.kind])).toEqual([[['compose.yaml', 'overrides/compose.https.yaml'], 'config']]);
  });

  it('a set found on a command line keeps its origin and --env-files (later files win, the shell over all)', () => {
    const root = tree({ 'compose.yaml': 'services:\n  web:\n    image: web:${TAG}\n', 'ci/a.env': 'TAG=a\nSHARED=a\n', 'ci/b.env': 'TAG=b\n' });
    const origin = { kind: 'invocation' as const, file: 'Makefile', line: 3, command: 'docker compose --env-file ci/a.env --env-file ci/b.env up' };
    const p = buildProject(walkTree(root), new SourceStore(root), { projects: [{ files: ['compose.yaml'], envFiles: ['ci/a.env', 'ci/b.env'], origin }] });
    const [set] = p.composeProjects;
    expect(set!.origin).toEqual(origin);
    expect(set!.envFiles).toEqual(['ci/a.env', 'ci/b.env']);
    expect(set!.env.get('TAG')).toBe('b');
    expect(set!.env.get('SHARED')).toBe('shell wins');
  });

  it('several bases at one depth: the default-named one is chosen; with -f the .override twin is not loaded', () => {
    const p = load({
      'docker-compose.yml': base,
      'docker-compose.override.yml': 'services:\n  backend:\n    ports: ["80:80"]\n',
      'docker-compose.prod.yml': base,
      'deploy/compose.ssl.yml': 'services:\n  frontend:\n    ports: ["443:443"]\n',
    });
    const overlay = p.composeProjects.find((q) => q.origin?.kind === 'overlay');
    expect(overlay?.files).toEqual(['docker-compose.yml', 'deploy/compose.ssl.yml']);
  });
});

describe('interpolated paths', () => {
  it('build.context and dockerfile are resolved with the project variables; an unset one is not checked', () => {
    const p = load({
      'compose.yaml': 'services:\n  api:\n    build:\n      context: ${API_DIR}\n      dockerfile: ${API_DOCKERFILE}\n  other:\n    build: ${UNSET_DIR}\n',
      '.env': 'API_DIR=./api\nAPI_DOCKERFILE=prod.Dockerfile\n',
      'api/prod.Dockerfile': 'FROM scratch\n',
    });
    expect(p.contexts.filter((c) => c.origin.kind === 'compose').map((c) => [c.dir, c.dockerfile, c.dockerfileExists])).toEqual([['api', 'api/prod.Dockerfile', true]]);
  });

  it('extends.file is interpolated', () => {
    const p = load({
      'compose.yaml': 'services:\n  web:\n    extends:\n      file: ${COMMON}/base.yml\n      service: base\n',
      '.env': 'COMMON=common\n',
      'common/base.yml': 'services:\n  base:\n    image: base\n',
    });
    expect(p.composeProjects.map(shape)).toEqual([{ files: ['compose.yaml'], projectDir: '', extendsFiles: ['common/base.yml'] }]);
  });
});
