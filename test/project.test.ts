import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isComposeName, isDockerfileName, isIgnoreFileName } from '../src/project/discover.js';
import { buildProject, groupComposeProjects } from '../src/project/project.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { detect, openSession } from '../src/fix/engine.js';
import { tree } from './helpers.js';

const load = (files: Record<string, string>) => {
  const root = tree(files);
  return buildProject(walkTree(root), new SourceStore(root));
};

describe('discovery', () => {
  it.each([
    ['Dockerfile', true],
    ['Dockerfile.dev', true],
    ['backend.alpine.Dockerfile', true],
    ['api.dockerfile', true],
    ['Containerfile', true],
    ['Dockerfile.dockerignore', false],
    ['Dockerfiles', false],
    ['dockerfile.md', false],
    ['Dockerfile-alpine', true],
    ['Dockerfile_prod', true],
    // Templates rendered into a Dockerfile by a build step are not Dockerfiles.
    ['Dockerfile.j2', false],
    ['Dockerfile.in', false],
    ['Dockerfile.template', false],
    ['Dockerfile-dev.tmpl', false],
    ['api.Dockerfile.j2', false],
  ])('Dockerfile name %s → %s', (name, expected) => expect(isDockerfileName(name)).toBe(expected));

  it.each([
    ['compose.yaml', true],
    ['compose.yml', true],
    ['docker-compose.yml', true],
    ['docker-compose.staging.alpine.yml', true],
    ['compose.override.yaml', true],
    ['docker-compose.json', false],
    ['my-compose.yml', true],
    ['docker-compose-postgres.yml', true],
    ['docker-compose_v3.yaml', true],
    ['compose_db.yaml', true],
    ['stack.compose.yaml', true],
    ['compose.yml.j2', false],
    ['composer.yml', false],
    ['stack.yml', false],
    ['jibri.yml', false],
  ])('compose name %s → %s', (name, expected) => expect(isComposeName(name)).toBe(expected));

  it('finds compose files by content: Compose top-level keys only, and a service with image/build/extends', () => {
    const p = load({
      'jibri.yml': 'version: "3.5"\nservices:\n  jibri:\n    image: jitsi/jibri\n    depends_on: [jicofo]\nx-common: &c {}\n',
      'stack.yml': '# Swarm stack\nservices:\n  web:\n    image: nginx\n    deploy:\n      replicas: 2\n',
      // Near misses: CI files with `services:`, a manifest, a services list of names.
      '.gitlab-ci.yml': 'image: node:20\nservices:\n  - postgres\nstages: [test]\ntest:\n  script: npm test\n',
      '.woodpecker.yml': 'steps:\n  test:\n    image: node\nservices:\n  db:\n    image: postgres\n',
      'k8s/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\n',
      'config/app.yml': 'services:\n  mail:\n    host: smtp\n',
      'node_modules/x/docker.yml': 'services:\n  a:\n    image: a\n',
    });
    expect(p.composeFiles.map((f) => f.path)).toEqual(['jibri.yml', 'stack.yml']);
  });

  it('a wider compose-like name must read like Compose; a classic name is read whatever its content', () => {
    const workflow = 'name: ci\non:\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    services:\n      db:\n        image: postgres\n';
    const p = load({
      '.github/workflows/docker-compose-ci.yml': workflow,
      'ci/stack-compose.yaml': 'stages: [build]\nbuild:\n  script: make\n',
      // A compose file with a typo'd top-level key: it has `services:`, its error is reported.
      'docker-compose-dev.yml': 'services:\n  web:\n    image: nginx\nvolumes_typo:\n  data:\n',
      // Only Compose keys (an overlay without services), and broken YAML: both read.
      'compose_net.yaml': 'networks:\n  front: {}\n',
      'compose-broken.yml': 'services:\n  web: [\n',
      // Classic names: read even when their content is not Compose's.
      'docker-compose.yml': workflow,
      'deploy/compose.prod.yaml': 'jobs: {}\n',
    });
    expect(p.composeFiles.map((f) => f.path).sort()).toEqual(['compose-broken.yml', 'compose_net.yaml', 'deploy/compose.prod.yaml', 'docker-compose-dev.yml', 'docker-compose.yml']);
  });

  it('a wider compose-like name a command line names is read whatever its content', () => {
    const p = load({
      'Makefile': 'up:\n\tdocker compose -f docker-compose.yml -f ops/docker-compose-ci.yml up -d\n',
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
      'ops/docker-compose-ci.yml': 'on: push\n',
    });
    expect(p.composeFiles.map((f) => f.path).sort()).toEqual(['docker-compose.yml', 'ops/docker-compose-ci.yml']);
  });

  it('a compose-named link inside the root is read once, as the file it points to', () => {
    const root = tree({ 'deploy/stack.yml': 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n', 'docker-compose.yml': 'services:\n  db:\n    image: postgres\n' });
    symlinkSync('deploy/stack.yml', join(root, 'compose.yaml'));
    symlinkSync('docker-compose.yml', join(root, 'compose.yml'));
    const p = buildProject(walkTree(root), new SourceStore(root));
    expect(p.composeFiles.map((f) => f.path)).toEqual(['deploy/stack.yml', 'docker-compose.yml']);
    const stack = p.composeProjects.find((q) => q.files[0] === 'deploy/stack.yml')!;
    expect(stack.links).toEqual({ 'compose.yaml': 'deploy/stack.yml' });
    expect(stack.origin).toEqual({ kind: 'default' });
    expect(p.composeProjects.find((q) => q.files[0] === 'docker-compose.yml')!.links).toEqual({ 'compose.yml': 'docker-compose.yml' });
  });

  it('a file reached by a default-named link in another folder takes the link folder as project directory', () => {
    const root = tree({ 'deploy/app.yml': 'services:\n  api:\n    build: ./api\n', 'api/Dockerfile': 'FROM alpine\n' });
    symlinkSync('deploy/app.yml', join(root, 'compose.yaml'));
    const p = buildProject(walkTree(root), new SourceStore(root));
    expect(p.composeProjects.map((q) => [q.files, q.projectDir, q.origin?.kind])).toEqual([[['deploy/app.yml'], '', 'default']]);
    expect(p.contexts.map((c) => [c.dir, c.dockerfile])).toEqual([['api', 'api/Dockerfile']]);
    expect(detect(openSession(root), { only: ['compose-build-context-missing'] }).findings).toEqual([]);
  });

  it('near miss: a link target that is a compose file by its own name is also its own project in its own folder', () => {
    const root = tree({ 'deploy/compose.yaml': 'services:\n  api:\n    build: ./api\n', 'deploy/api/Dockerfile': 'FROM alpine\n' });
    symlinkSync('deploy/compose.yaml', join(root, 'compose.yaml'));
    const p = buildProject(walkTree(root), new SourceStore(root));
    expect(p.composeProjects.map((q) => [q.files, q.projectDir])).toEqual([
      [['deploy/compose.yaml'], 'deploy'],
      [['deploy/compose.yaml'], ''],
    ]);
    // Run through the link, `./api` is the root's api/, which is missing: that run fails.
    expect(detect(openSession(root), { only: ['compose-build-context-missing'] }).findings.map((f) => [f.rule, f.location.file])).toEqual([['compose-build-context-missing', 'deploy/compose.yaml']]);
  });

  it('a Dockerfile template is not read as a Dockerfile', () => {
    const p = load({ 'Dockerfile.j2': 'FROM {{ base }}\nCOPY missing /x\n', 'Dockerfile-dev': 'FROM a\n' });
    expect(p.dockerfiles).toEqual(['Dockerfile-dev']);
  });

  it('recognises ignore files', () => {
    expect(isIgnoreFileName('.dockerignore')).toBe(true);
    expect(isIgnoreFileName('api.Dockerfile.dockerignore')).toBe(true);
    expect(isIgnoreFileName('.gitignore')).toBe(false);
  });

  it('does not discover inside .git or node_modules, but records them', () => {
    const p = load({ 'node_modules/x/Dockerfile': 'FROM a\n', '.git/compose.yaml': 'x: 1\n', 'Dockerfile': 'FROM a\n' });
    expect(p.dockerfiles).toEqual(['Dockerfile']);
    expect(p.composeFiles).toEqual([]);
    expect(p.tree.get('node_modules')?.opaque).toBe(true);
  });
});

describe('compose projects and build contexts', () => {
  it('pairs X.yml with X.override.yml; other siblings stand alone', () => {
    expect(groupComposeProjects(['docker-compose.override.yml', 'docker-compose.staging.yml', 'docker-compose.yml', 'd/compose.override.yaml'])).toEqual([
      { files: ['docker-compose.staging.yml'], projectDir: '' },
      { files: ['docker-compose.yml', 'docker-compose.override.yml'], projectDir: '' },
      { files: ['d/compose.override.yaml'], projectDir: 'd' },
    ]);
  });

  it('resolves context against the project directory and dockerfile against the context', () => {
    const p = load({
      'docker/compose.yaml': [
        'services:',
        '  short:',
        '    build: ../api',
        '  long:',
        '    build:',
        '      context: ..',
        '      dockerfile: dockerfiles/web.Dockerfile',
        '  inline:',
        '    build:',
        '      context: .',
        '      dockerfile_inline: "FROM alpine"',
        '  remote:',
        '    build: https://github.com/docker/app.git#main',
        '  outside:',
        '    build: ../..',
        '',
      ].join('\n'),
      'api/Dockerfile': 'FROM a\n',
      'dockerfiles/web.Dockerfile': 'FROM a\n',
    });
    const summary = p.contexts.map((c) => [c.origin.kind === 'compose' ? c.origin.service : c.origin.kind, c.dir, c.dockerfile, c.dockerfileExists]);
    expect(summary).toEqual([
      ['short', 'api', 'api/Dockerfile', true],
      ['long', '', 'dockerfiles/web.Dockerfile', true],
      ['inline', 'docker', null, false],
    ]);
  });

  it('merges an override file over its base; paths resolve against the first file', () => {
    const p = load({
      'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n',
      'compose.override.yaml': 'services:\n  app:\n    build:\n      dockerfile: Dockerfile.dev\n',
      'app/Dockerfile.dev': 'FROM a\n',
    });
    expect(p.contexts.map((c) => [c.dir, c.dockerfile, c.dockerfileExists])).toEqual([['app', 'app/Dockerfile.dev', true]]);
  });

  it('follows << merge keys for build settings', () => {
    const p = load({
      'compose.yaml': 'x-build: &b\n  context: svc\nservices:\n  a:\n    build:\n      <<: *b\n      dockerfile: a.Dockerfile\n',
      'svc/a.Dockerfile': 'FROM a\n',
    });
    expect(p.contexts.map((c) => [c.dir, c.dockerfile])).toEqual([['svc', 'svc/a.Dockerfile']]);
  });

  it('gives a Dockerfile no compose file names its own directory as context', () => {
    const p = load({ 'tools/Dockerfile': 'FROM a\n', 'compose.yaml': 'services:\n  a:\n    build: .\n', 'Dockerfile': 'FROM b\n' });
    expect(p.contexts.map((c) => [c.origin.kind, c.dir, c.dockerfile])).toEqual([
      ['compose', '', 'Dockerfile'],
      ['directory', 'tools', 'tools/Dockerfile'],
    ]);
  });

  it('prefers <Dockerfile>.dockerignore over the context root .dockerignore', () => {
    const p = load({
      'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      dockerfile: d/a.Dockerfile\n  b:\n    build:\n      context: .\n      dockerfile: d/b.Dockerfile\n',
      'd/a.Dockerfile': 'FROM a\n',
      'd/a.Dockerfile.dockerignore': 'x\n',
      'd/b.Dockerfile': 'FROM a\n',
      '.dockerignore': 'y\n',
    });
    expect(p.contexts.map((c) => c.ignoreFile)).toEqual(['d/a.Dockerfile.dockerignore', '.dockerignore']);
  });
});

describe('configuration in the project model', () => {
  it('checks a configured docker build as declared, without inference', () => {
    const root = tree({ 'build/app.Dockerfile': 'FROM alpine\nCOPY src /src\n', 'src/main.sh': 'echo\n' });
    const p = buildProject(walkTree(root), new SourceStore(root), { contexts: [{ dockerfile: 'build/app.Dockerfile', context: '.' }] });
    expect(p.contexts.map((c) => [c.dir, c.dockerfile, c.origin.kind === 'directory' && c.origin.configured])).toEqual([['', 'build/app.Dockerfile', true]]);
  });

  it('does not discover files under ignorePaths', () => {
    const root = tree({ 'vendor/x/Dockerfile': 'FROM a\n', 'Dockerfile': 'FROM b\n' });
    const p = buildProject(walkTree(root), new SourceStore(root), { ignorePaths: { matches: (path) => path.startsWith('vendor/') } });
    expect(p.dockerfiles).toEqual(['Dockerfile']);
  });

  it('groups configured compose sets, reads files they name whatever their name, and honours projectDirectory', () => {
    const root = tree({
      'docker/base.yml': 'services:\n  api:\n    build: .\n',
      'docker/ci.yml': 'services:\n  api:\n    build:\n      dockerfile: ci.Dockerfile\n',
      'ci.Dockerfile': 'FROM a\n',
    });
    const p = buildProject(walkTree(root), new SourceStore(root), { projects: [{ files: ['docker/base.yml', 'docker/ci.yml'], projectDirectory: '.' }] });
    expect(p.composeProjects.map((c) => [c.files, c.projectDir])).toEqual([[['docker/base.yml', 'docker/ci.yml'], '']]);
    expect(p.contexts.map((c) => [c.dir, c.dockerfile, c.dockerfileExists])).toEqual([['', 'ci.Dockerfile', true]]);
  });

  it('follows a Dockerfile that is a link inside the root, and never one that leaves it', () => {
    const root = tree({ 'docker/Dockerfile.prod': 'FROM a\n', 'compose.yaml': 'services:\n  web:\n    build: .\n  api:\n    build: ./api\n' });
    symlinkSync('docker/Dockerfile.prod', join(root, 'Dockerfile'));
    mkdirSync(join(root, 'api'));
    symlinkSync('/etc/hostname', join(root, 'api/Dockerfile'));
    const p = buildProject(walkTree(root), new SourceStore(root));
    expect(p.contexts.map((c) => [c.dir, c.dockerfile, c.dockerfileExists])).toEqual([
      ['', 'docker/Dockerfile.prod', true],
      ['api', 'api/Dockerfile', false],
    ]);
  });
});
