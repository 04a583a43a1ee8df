// compose-env-drift (#16): alternative stacks are not compared; a key the service's copied-in
// application code reads by name makes the drift a warning.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alternativeStacks, readerOfKey, relatedGroups, type Reader } from '../src/compose/drift.js';
import { detect, openSession } from '../src/fix/engine.js';
import { copyDir, tree } from './helpers.js';

const RULES = join(import.meta.dirname, '..', 'fixtures', 'rules', 'compose-env-drift');
const drift = (root: string) =>
  detect(openSession(root), { only: ['compose-env-drift'] }).findings.map((f) => [f.location.file, f.line, f.severity]);

describe('reading a key by name in application code', () => {
  const reads = (text: string, key = 'REDIS_URL') => readerOfKey([{ kind: 'code', where: 'x', text } satisfies Reader], key) !== null;
  it.each([
    ['os.environ["REDIS_URL"]'],
    ["os.environ.get('REDIS_URL', 'redis://localhost')"],
    ['os.getenv("REDIS_URL")'],
    ['$url = getenv("REDIS_URL");'],
    ['char *u = getenv("REDIS_URL");'],
    ['String u = System.getenv("REDIS_URL");'],
    ['u := os.Getenv("REDIS_URL")'],
    ['url = ENV["REDIS_URL"]'],
    ["url = ENV.fetch('REDIS_URL')"],
    ['const u = process.env.REDIS_URL;'],
    ['const u = process.env["REDIS_URL"];'],
    ['const u = process.env[`REDIS_URL`];'],
  ])('%s', (text) => expect(reads(text)).toBe(true));
  it.each([
    ['# set REDIS_URL to use a cache'],
    ['print("REDIS_URL is not set")'],
    ['os.environ.get("REDIS_URL_FALLBACK")'],
    ['const u = process.env.REDIS_URL_FALLBACK;'],
    ['os.environ.get(NAME)'],
    ['getenv("MY_REDIS_URL")'],
  ])('near miss: %s', (text) => expect(reads(text)).toBe(false));
  it('a Dockerfile reads $KEY, an entrypoint script names the key', () => {
    expect(readerOfKey([{ kind: 'ref', where: 'Dockerfile', text: 'RUN echo ${TOKEN}' }], 'TOKEN')?.where).toBe('Dockerfile');
    expect(readerOfKey([{ kind: 'ref', where: 'Dockerfile', text: 'RUN echo TOKEN' }], 'TOKEN')).toBeNull();
    expect(readerOfKey([{ kind: 'word', where: 'run.sh', text: ': "${TOKEN:?}"' }], 'TOKEN')?.where).toBe('run.sh');
  });
});

describe('application code in the build context', () => {
  it('the same stack in two environments: a key the copied-in code reads is a warning, one read nowhere copied is info', () => {
    expect(drift(copyDir(join(RULES, 'same-stack-two-environments', 'input')))).toEqual([
      ['compose.staging.yaml', 6, 'warning'],
      ['compose.staging.yaml', 8, 'info'],
    ]);
    const [api] = detect(openSession(copyDir(join(RULES, 'same-stack-two-environments', 'input'))), { only: ['compose-env-drift'] }).findings;
    expect(api!.message).toContain('reads REDIS_URL by name (src/settings.py)');
    expect(api!.message).not.toContain('reads REDIS_URL, SENTRY_DSN');
  });
  const base = {
    'compose.yaml': 'services:\n  api:\n    build: .\n    environment:\n      API_TOKEN: x\n',
    'compose.dev.yaml': 'services:\n  api:\n    build: .\n    environment:\n      DEBUG: "1"\n',
  };
  it('a file the Dockerfile copies in (COPY . .) reading the key', () => {
    const root = tree({ ...base, Dockerfile: 'FROM node:22\nCOPY . .\nCMD ["node", "server.js"]\n', 'server.js': 'const t = process.env.API_TOKEN;\n' });
    expect(drift(root)).toContainEqual(['compose.dev.yaml', 4, 'warning']);
  });
  it('near miss: the reading file is excluded by .dockerignore, or not copied', () => {
    const ignored = tree({ ...base, Dockerfile: 'FROM node:22\nCOPY . .\n', '.dockerignore': 'scripts\n', 'scripts/dev.js': 'process.env.API_TOKEN\n' });
    expect(drift(ignored)).toContainEqual(['compose.dev.yaml', 4, 'info']);
    const notCopied = tree({ ...base, Dockerfile: 'FROM node:22\nCOPY server.js .\n', 'server.js': '1\n', 'tools/dev.js': 'process.env.API_TOKEN\n' });
    expect(drift(notCopied)).toContainEqual(['compose.dev.yaml', 4, 'info']);
    const copiedFromStage = tree({ ...base, Dockerfile: 'FROM node:22 AS b\nFROM node:22\nCOPY --from=b /app .\n', 'app/x.js': 'process.env.API_TOKEN\n' });
    expect(drift(copiedFromStage)).toContainEqual(['compose.dev.yaml', 4, 'info']);
    const dependency = tree({ ...base, Dockerfile: 'FROM node:22\nCOPY . .\n', 'node_modules/lib/index.js': 'process.env.API_TOKEN\n' });
    expect(drift(dependency)).toContainEqual(['compose.dev.yaml', 4, 'info']);
  });
  it('a context below a directory named like a dependency folder is still read', () => {
    const root = tree({
      'vendor/app/compose.yaml': base['compose.yaml'],
      'vendor/app/compose.dev.yaml': base['compose.dev.yaml'],
      'vendor/app/Dockerfile': 'FROM node:22\nCOPY . .\n',
      'vendor/app/lib/token.js': 'module.exports = process.env["API_TOKEN"];\n',
    });
    expect(drift(root)).toContainEqual(['vendor/app/compose.dev.yaml', 4, 'warning']);
  });
  it('a service whose own Dockerfile is missing: the sources the same service copies elsewhere, in its own context', () => {
    const root = tree({
      'compose.yaml': 'services:\n  api:\n    build: {context: ., dockerfile: docker/api.Dockerfile}\n    environment:\n      API_TOKEN: x\n',
      'compose.staging.yaml': 'services:\n  api:\n    build: {context: ., dockerfile: docker/missing.Dockerfile}\n    environment:\n      DEBUG: "0"\n',
      'docker/api.Dockerfile': 'FROM python:3.12\nCOPY app /app\n',
      'app/settings.py': 'import os\nTOKEN = os.environ["API_TOKEN"]\n',
    });
    expect(drift(root)).toContainEqual(['compose.staging.yaml', 4, 'warning']);
  });
});

describe('alternative stacks', () => {
  it('a MySQL and a Postgres stack are related definitions, but alternatives: no finding, even for keys the code reads', () => {
    const root = copyDir(join(RULES, 'alternative-stacks', 'input'));
    const { project, findings } = detect(openSession(root), { only: ['compose-env-drift'] });
    const group = relatedGroups(project).find((g) => g.some((v) => v.name === 'server'))!;
    expect(group.map((v) => v.top.files[0]).sort()).toEqual(['compose.mysql.yaml', 'compose.postgres.yaml']);
    expect(alternativeStacks(project, group[0]!, group[1]!)).toBe(true);
    expect(findings).toEqual([]);
  });
  it('near miss: a stack that only drops a backing service is the same stack (the incident shape)', () => {
    const root = copyDir(join(RULES, 'same-stack-two-environments', 'input'));
    const { project } = detect(openSession(root), { only: ['compose-env-drift'] });
    const group = relatedGroups(project).find((g) => g.some((v) => v.name === 'api'))!;
    expect(alternativeStacks(project, group[0]!, group[1]!)).toBe(false);
  });
  it('a plain and a TLS stack: the TLS keys of the shared image are not required of the plain one', () => {
    const root = tree({
      'docker-compose.yml': 'services:\n  search:\n    image: elasticsearch:8\n    environment:\n      - discovery.type=single-node\n  server:\n    image: acme/server:1\n',
      'docker-compose-tls.yml':
        'services:\n  search:\n    image: elasticsearch:8\n    environment:\n      - discovery.type=single-node\n      - xpack.security.http.ssl.enabled=true\n  server:\n    build: tls\n    image: acme/server-tls:1\n',
      'tls/Dockerfile': 'FROM acme/server:1\n',
    });
    expect(drift(root)).toEqual([]);
    // Near miss: the same server image in both: one stack, the TLS keys are drift (info).
    const same = tree({
      'docker-compose.yml': 'services:\n  search:\n    image: elasticsearch:8\n    environment:\n      - discovery.type=single-node\n  server:\n    image: acme/server:1\n',
      'docker-compose-tls.yml':
        'services:\n  search:\n    image: elasticsearch:8\n    environment:\n      - discovery.type=single-node\n      - xpack.security.http.ssl.enabled=true\n  server:\n    image: acme/server:1\n',
    });
    expect(drift(same)).toEqual([['docker-compose.yml', 4, 'info']]);
  });
});
