// Command lines found in the repository, as the project model and the scan use them.
import { describe, expect, it } from 'vitest';
import { detect, openSession } from '../src/fix/engine.js';
import { buildProject } from '../src/project/project.js';
import { SourceStore } from '../src/project/sources.js';
import { walkTree } from '../src/project/walk.js';
import { cli, tree } from './helpers.js';

const load = (files: Record<string, string>) => {
  const root = tree(files);
  return buildProject(walkTree(root), new SourceStore(root));
};

const base = 'services:\n  db:\n    image: postgres:16\n';
const overlay = 'services:\n  app:\n    image: app\n    depends_on:\n      - db\n';

describe('-f sets from command lines', () => {
  it("a Makefile's `docker compose -f a.yml -f b.yml` is one project; b is not judged alone", () => {
    const files = { 'a.yml': base, 'b.yml': overlay, Makefile: 'up:\n\tdocker compose -f a.yml -f b.yml up -d\n' };
    const p = load(files);
    expect(p.composeProjects.map((c) => ({ files: c.files, dir: c.projectDir, origin: c.origin }))).toEqual([
      { files: ['a.yml', 'b.yml'], dir: '', origin: { kind: 'invocation', file: 'Makefile', line: 2, command: 'docker compose -f a.yml -f b.yml up -d' } },
    ]);
    // b.yml's depends_on db resolves in the merged project: no compose-unknown-service.
    const { findings } = detect(openSession(tree(files)), { only: ['compose-unknown-service'] });
    expect(findings).toEqual([]);
  });

  it('near miss: a line with an unresolvable $(VAR) is skipped: the projects are those found without it', () => {
    const files = { 'a.yml': base, 'b.yml': overlay, Makefile: 'up:\n\tdocker compose -f a.yml -f $(OVERLAY) up -d\n' };
    const { Makefile: _, ...without } = files;
    const strip = (ps: ReturnType<typeof load>['composeProjects']) => ps.map((c) => ({ files: c.files, dir: c.projectDir, origin: c.origin }));
    expect(strip(load(files).composeProjects)).toEqual(strip(load(without).composeProjects));
    expect(load(files).composeProjects.some((c) => c.origin?.kind === 'invocation')).toBe(false);
  });

  it('near miss: a -f path that does not exist makes no set', () => {
    const p = load({ 'a.yml': base, 'b.yml': overlay, Makefile: 'up:\n\tdocker compose -f a.yml -f c.yml up -d\n' });
    // a.yml and b.yml are read by their content (b.yml as an overlay of a.yml), never as the command line's set.
    expect(p.composeProjects.map((c) => c.origin?.kind)).toEqual(['file', 'overlay']);
  });

  it('a one-file set of a file found by name changes nothing; `docker compose` without -f makes no set', () => {
    const p = load({ 'docker-compose.yml': base, 'docker-compose.override.yml': overlay, 'run.sh': 'docker compose -f docker-compose.yml up\ndocker compose up\n' });
    expect(p.composeProjects.map((c) => [c.files, c.origin])).toEqual([[['docker-compose.yml', 'docker-compose.override.yml'], { kind: 'default' }]]);
  });

  it('the set comes after the configuration: a configured set with the same files keeps no origin', () => {
    const root = tree({ 'a.yml': base, 'b.yml': overlay, Makefile: 'up:\n\tdocker compose -f a.yml -f b.yml up\n' });
    const p = buildProject(walkTree(root), new SourceStore(root), { projects: [{ files: ['a.yml', 'b.yml'] }] });
    expect(p.composeProjects.map((c) => [c.files, c.origin])).toEqual([[['a.yml', 'b.yml'], { kind: 'config', index: 0 }]]);
  });

  it('the JSON output says where each project and build was found; --show-vars too', async () => {
    const root = tree({
      'a.yml': 'services:\n  db:\n    image: postgres:${PG:-16}\n',
      'b.yml': overlay,
      Makefile: 'up:\n\tdocker compose -f a.yml -f b.yml up -d\n',
      'docker/app.Dockerfile': 'FROM alpine\nCOPY src/ /app/\n',
      'src/main.sh': 'echo\n',
      'scripts/build.sh': 'cd "$(dirname "$0")/.."\ndocker build -f docker/app.Dockerfile -t app .\n',
    });
    // The default JSON report stays as it was; --show-vars adds the projects and builds read.
    expect(JSON.parse((await cli(['scan', '--format', 'json'], root)).stdout).projects).toBeUndefined();
    const r = await cli(['scan', '--format', 'json', '--show-vars'], root);
    const json = JSON.parse(r.stdout);
    expect(json.projects.map((p: { files: string[]; foundBy: unknown }) => [p.files, p.foundBy])).toEqual([[['a.yml', 'b.yml'], { kind: 'invocation', file: 'Makefile', line: 2, command: 'docker compose -f a.yml -f b.yml up -d' }]]);
    expect(json.builds).toEqual([{ source: 'command', dockerfile: 'docker/app.Dockerfile', context: '.', foundIn: { file: 'scripts/build.sh', line: 2, command: 'docker build -f docker/app.Dockerfile -t app .' } }]);
    const vars = await cli(['scan', '--show-vars'], root);
    expect(vars.stderr).toContain('a.yml (found in Makefile:2):');
  });
});

describe('docker build lines', () => {
  const repo = (script: string) => ({
    'docker/app.Dockerfile': 'FROM alpine\nCOPY src/ /app/\n',
    'src/main.sh': 'echo\n',
    'scripts/build.sh': script,
  });

  it("a script's docker build gives the Dockerfile its context: no inference, no context-inferred", () => {
    const files = repo('#!/bin/sh\ncd "$(dirname "$0")/.."\ndocker build -f docker/app.Dockerfile --build-arg V=1 -t app .\n');
    const p = load(files);
    expect(p.contexts.map((c) => ({ dir: c.dir, dockerfile: c.dockerfile, origin: c.origin, args: c.args }))).toEqual([
      { dir: '', dockerfile: 'docker/app.Dockerfile', origin: { kind: 'directory', dockerfile: 'docker/app.Dockerfile', invocation: { kind: 'invocation', file: 'scripts/build.sh', line: 3, command: 'docker build -f docker/app.Dockerfile --build-arg V=1 -t app .' } }, args: { V: '1' } },
    ]);
    const { findings } = detect(openSession(tree(files)), { only: ['context-inferred', 'copy-source-missing'] });
    expect(findings).toEqual([]);
  });

  it('near miss: a context from an unassigned variable is skipped, so the context is inferred as before', () => {
    const files = repo('docker build -f docker/app.Dockerfile "$CONTEXT"\n');
    const { findings } = detect(openSession(tree(files)), { only: ['context-inferred'] });
    expect(findings.map((f) => [f.rule, f.location.file, f.line])).toEqual([['context-inferred', 'docker/app.Dockerfile', 1]]);
  });

  it('a script building from the wrong folder is checked as written: the COPY source is missing there', () => {
    const files = repo('docker build -f docker/app.Dockerfile docker\n');
    const { findings } = detect(openSession(tree(files)), { only: ['context-inferred', 'copy-source-missing'] });
    // The repository's own command line names the context: no guess, so the missing source is an error.
    expect(findings.map((f) => [f.rule, f.location.file, f.line, f.context, f.severity])).toEqual([['copy-source-missing', 'docker/app.Dockerfile', 2, 'docker', 'error']]);
  });

  it('a build a compose file already defines is not added twice', () => {
    const p = load({ 'app/Dockerfile': 'FROM alpine\n', 'compose.yaml': 'services:\n  app:\n    build: app\n', 'build.sh': 'docker build app\n' });
    expect(p.contexts.map((c) => [c.dir, c.origin.kind])).toEqual([['app', 'compose']]);
  });
});

describe('--env-file outside the repository (`~/gitops/x.env`)', () => {
  const files = {
    'compose.yaml': 'services:\n  web:\n    image: web:${TAG}\n',
    'overrides/proxy.yaml': 'services:\n  web:\n    labels:\n      - router=${ROUTER}\n',
    'docs/deploy.md': '```sh\ndocker compose --project-name one \\\n  --env-file ~/gitops/one.env \\\n  -f compose.yaml -f overrides/proxy.yaml up -d\n```\n',
  };

  it('the set is a project that reads no env file of the tree; its variables may come from the outside file', () => {
    const p = load({ ...files, '.env': 'ROUTER=from-dotenv\n' });
    const set = p.composeProjects.find((c) => c.origin?.kind === 'invocation')!;
    expect(set.files).toEqual(['compose.yaml', 'overrides/proxy.yaml']);
    // `--env-file` replaces `<project dir>/.env`: .env's ROUTER is not this project's.
    expect(set.env.has('ROUTER')).toBe(false);
    expect(set.externalEnvFile).toEqual({ path: '~/gitops/one.env', target: '~/gitops/one.env', problem: 'external', origin: { file: 'docs/deploy.md', line: 2 } });
  });

  it("a variable only that project uses is info; one the default project also uses is still a warning there", () => {
    const { findings } = detect(openSession(tree(files)), { only: ['compose-undefined-variable'] });
    expect(findings.map((f) => [f.rule, f.location.file, f.line, f.severity])).toEqual([
      // compose.yaml is also run alone (`docker compose up`), with no env file: TAG is undefined there.
      ['compose-undefined-variable', 'compose.yaml', 3, 'warning'],
      ['compose-undefined-variable', 'overrides/proxy.yaml', 4, 'info'],
    ]);
    expect(findings[1]!.message).toContain('~/gitops/one.env (docs/deploy.md:2)');
    expect(findings[1]!.fixes ?? []).toEqual([]);
  });

  it('near miss: the same line with an --env-file of the repository that does not set the variable warns', () => {
    const inRepo = { ...files, 'deploy/one.env': 'OTHER=1\n', 'docs/deploy.md': files['docs/deploy.md'].replace('~/gitops/one.env', 'deploy/one.env') };
    const { findings } = detect(openSession(tree(inRepo)), { only: ['compose-undefined-variable'] });
    expect(findings.map((f) => [f.location.file, f.line, f.severity])).toEqual([
      ['compose.yaml', 3, 'warning'],
      ['overrides/proxy.yaml', 4, 'warning'],
    ]);
  });

  it('a port from a variable only the outside env file may set is no compose-invalid-port; the same file run alone still is', () => {
    const ports = {
      'compose.yaml': 'services:\n  web:\n    image: web\n    ports:\n      - "${WEB_PORT}:80"\n',
      'overrides/proxy.yaml': 'services:\n  proxy:\n    image: traefik\n    ports:\n      - "${PROXY_PORT}:80"\n',
      'docs/deploy.md': files['docs/deploy.md'],
    };
    const { findings } = detect(openSession(tree(ports)), { only: ['compose-invalid-port'] });
    expect(findings.map((f) => [f.rule, f.location.file, f.line])).toEqual([['compose-invalid-port', 'compose.yaml', 5]]);
  });

  it('--show-vars names the outside env file', async () => {
    const r = await cli(['scan', '--format', 'json', '--show-vars'], tree(files));
    const json = JSON.parse(r.stdout);
    expect(json.projects.find((p: { foundBy: { kind: string } }) => p.foundBy.kind === 'invocation').externalEnvFile).toBe('~/gitops/one.env');
  });
});
